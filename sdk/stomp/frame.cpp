#include "stomp/frame.h"

#include <array>
#include <limits>

namespace wxs::stomp {

std::string_view CommandName(Command command) {
  static constexpr std::array<std::string_view, 15> kNames = {
      // in Command's order
      "CONNECT", "STOMP", "SEND",       "SUBSCRIBE", "UNSUBSCRIBE", "ACK",     "NACK",  "BEGIN",
      "COMMIT",  "ABORT", "DISCONNECT", "CONNECTED", "MESSAGE",     "RECEIPT", "ERROR",
  };
  return kNames[static_cast<std::size_t>(command)];
}

bool HeadersAreEscaped(Command command) {
  return command != Command::kConnect && command != Command::kConnected;
}

const std::string* Frame::Find(std::string_view name) const {
  for (const Header& header : headers) {
    if (header.name == name) return &header.value;
  }
  return nullptr;
}

bool operator==(const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; }

bool operator==(const Frame& a, const Frame& b) {
  return a.command == b.command && a.headers == b.headers && a.body == b.body;
}

std::optional<std::size_t> ParseContentLength(std::string_view value) {
  if (value.empty()) return std::nullopt;
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  std::size_t length = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::size_t digit = static_cast<std::size_t>(c - '0');
    length = length > (kMax - digit) / 10 ? kMax : length * 10 + digit;
  }
  return length;
}

std::string QuoteForError(std::string_view text) {
  constexpr std::size_t kShown = 32;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string quoted = "\"";
  for (unsigned char c : text.substr(0, kShown)) {
    if (c >= 0x20 && c < 0x7f) {
      quoted += static_cast<char>(c);
    } else {
      quoted += "\\x";
      quoted += kHex[c >> 4];
      quoted += kHex[c & 0xf];
    }
  }
  quoted += text.size() > kShown ? "\"..." : "\"";
  return quoted;
}

}  // namespace wxs::stomp
