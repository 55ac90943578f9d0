// The JSON objects the core sends to JS (lifecycle results, getStats), written straight into a
// string: nlohmann's initializer-list DOM cost wasm bytes for a handful of fixed shapes. The
// text is what nlohmann's dump() wrote, byte for byte: web/ parses it, and callers list keys in
// the order dump() sorted them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wxs {

class JsonObjectWriter {
 public:
  JsonObjectWriter& Number(std::string_view key, double value);  // 12.5, 0.0; null if not finite
  JsonObjectWriter& Signed(std::string_view key, long long value);
  JsonObjectWriter& Unsigned(std::string_view key, std::uint64_t value);
  // Invalid UTF-8 (a server's close reason may be any bytes) becomes U+FFFD.
  JsonObjectWriter& Text(std::string_view key, std::string_view value);
  JsonObjectWriter& Open(std::string_view key);  // a nested object, until Close()
  JsonObjectWriter& Close();
  // The text once every Open() is closed.
  std::string Finish();

 private:
  void Key(std::string_view key);
  void Digits(std::uint64_t value);

  std::string text_ = "{";
};

}  // namespace wxs
