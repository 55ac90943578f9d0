// Reads a fuzz input as a stream of small decisions. Past the end every read is 0, so any
// input is a complete run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wxs::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return at_ == size_; }
  std::uint8_t Byte() { return empty() ? 0 : data_[at_++]; }
  std::uint16_t Word() { return static_cast<std::uint16_t>(Byte() << 8 | Byte()); }
  // A number in [0, n), n > 0.
  std::size_t Below(std::size_t n) { return Byte() % n; }
  bool Bit() { return (Byte() & 1) != 0; }
  // Up to `max` bytes of the input itself, for payloads and free text.
  std::string_view Bytes(std::size_t max) {
    const std::size_t want = Byte() % (max + 1);
    const std::size_t take = want < size_ - at_ ? want : size_ - at_;
    const std::string_view bytes(reinterpret_cast<const char*>(data_ + at_), take);
    at_ += take;
    return bytes;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

}  // namespace wxs::fuzz
