#include "stomp/frame_encoder.h"

namespace wxs::stomp {
namespace {

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case ':':
        out += "\\c";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
}

Encoded Refused(std::string error) { return Encoded{{}, std::move(error)}; }

}  // namespace

Encoded Encode(const Frame& frame) {
  const std::string_view command = CommandName(frame.command);
  const bool escaped = HeadersAreEscaped(frame.command);
  std::string bytes(command);
  bytes += '\n';
  for (const Header& header : frame.headers) {
    if (header.name.empty())
      return Refused("a " + std::string(command) + " header has an empty name");
    if (escaped) {
      AppendEscaped(bytes, header.name);
      bytes += ':';
      AppendEscaped(bytes, header.value);
    } else if (header.name.find_first_of("\r\n:") != std::string::npos ||
               header.value.find_first_of("\r\n") != std::string::npos) {
      return Refused(std::string(command) + " header " + QuoteForError(header.name) +
                     " holds a line break (or a colon in its name), which " + std::string(command) +
                     " cannot escape");
    } else {
      bytes += header.name;
      bytes += ':';
      bytes += header.value;
    }
    bytes += '\n';
  }
  const std::string* length = frame.Find("content-length");
  if (length == nullptr && !frame.body.empty()) {
    bytes += "content-length:" + std::to_string(frame.body.size()) + "\n";
  } else if (length != nullptr && ParseContentLength(*length) != frame.body.size()) {
    return Refused("content-length " + QuoteForError(*length) + " does not match the body of " +
                   std::to_string(frame.body.size()) + " bytes");
  }
  bytes += '\n';
  bytes += frame.body;
  bytes += '\0';
  return Encoded{std::move(bytes), {}};
}

}  // namespace wxs::stomp
