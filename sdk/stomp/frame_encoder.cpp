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
  FrameWriter writer(frame.command);
  writer.Add(frame.headers);
  return writer.Finish(frame.body);
}

FrameWriter::FrameWriter(Command command) : command_(command), bytes_(CommandName(command)) {
  bytes_ += '\n';
}

void FrameWriter::Add(std::string_view name, std::string_view value) {
  if (!error_.empty()) return;
  const std::string_view command = CommandName(command_);
  if (name.empty()) {
    error_ = "a " + std::string(command) + " header has an empty name";
  } else if (HeadersAreEscaped(command_)) {
    AppendEscaped(bytes_, name);
    bytes_ += ':';
    AppendEscaped(bytes_, value);
  } else if (name.find_first_of("\r\n:") != std::string_view::npos ||
             value.find_first_of("\r\n") != std::string_view::npos) {
    error_ = std::string(command) + " header " + QuoteForError(name) +
             " holds a line break (or a colon in its name), which " + std::string(command) +
             " cannot escape";
  } else {
    bytes_ += name;
    bytes_ += ':';
    bytes_ += value;
  }
  if (!error_.empty()) return;
  bytes_ += '\n';
  if (!content_length_ && name == "content-length") content_length_.emplace(value);
}

void FrameWriter::Add(const std::vector<Header>& headers) {
  for (const Header& header : headers) Add(header.name, header.value);
}

Encoded FrameWriter::Finish(std::string_view body) {
  if (!error_.empty()) return Refused(std::move(error_));
  if (!content_length_ && !body.empty()) {
    bytes_ += "content-length:" + std::to_string(body.size()) + "\n";
  } else if (content_length_ && ParseContentLength(*content_length_) != body.size()) {
    return Refused("content-length " + QuoteForError(*content_length_) +
                   " does not match the body of " + std::to_string(body.size()) + " bytes");
  }
  bytes_ += '\n';
  bytes_ += body;
  bytes_ += '\0';
  return Encoded{std::move(bytes_), {}};
}

}  // namespace wxs::stomp
