#include "stomp/frame_decoder.h"

#include <algorithm>
#include <optional>

namespace wxs::stomp {
namespace {

// The command written as `name`, if there is one (names are case-sensitive).
std::optional<Command> CommandNamed(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Command::kError); ++i) {
    if (CommandName(static_cast<Command>(i)) == name) return static_cast<Command>(i);
  }
  return std::nullopt;
}

// Appends `text` with its STOMP escapes resolved to `out`; returns what was wrong, or "".
std::string Unescape(std::string_view text, std::string& out) {
  for (;;) {
    const std::size_t backslash = text.find('\\');
    out.append(text.substr(0, backslash));
    if (backslash == std::string_view::npos) return {};
    if (backslash + 1 == text.size()) return "escape \\ with no character after it";
    switch (text[backslash + 1]) {
      case 'r':
        out += '\r';
        break;
      case 'n':
        out += '\n';
        break;
      case 'c':
        out += ':';
        break;
      case '\\':
        out += '\\';
        break;
      default:
        return "undefined escape " + QuoteForError(text.substr(backslash, 2));
    }
    text.remove_prefix(backslash + 2);
  }
}

}  // namespace

Decoder::Decoder(Sender sender, std::size_t max_frame_bytes)
    : sender_(sender), max_frame_bytes_(max_frame_bytes) {}

Decoded Decoder::Feed(std::string_view bytes) {
  Decoded out;
  while (error_.empty() && !bytes.empty()) {
    switch (state_) {
      case State::kBetweenFrames:
        if (bytes.front() == '\n') {
          ++out.heart_beats;
          bytes.remove_prefix(1);
        } else if (bytes.front() == '\r') {
          state_ = State::kAfterCr;
          bytes.remove_prefix(1);
        } else {
          state_ = State::kCommandLine;
        }
        break;
      case State::kAfterCr:
        if (bytes.front() != '\n') {
          Fail("CR not followed by LF between frames");
          break;
        }
        ++out.heart_beats;
        bytes.remove_prefix(1);
        state_ = State::kBetweenFrames;
        break;
      case State::kCommandLine:
      case State::kHeaderLine:
        ReadLine(bytes);
        break;
      case State::kCountedBody:
        ReadCountedBody(bytes, out);
        break;
      case State::kBodyToNul:
        ReadBodyToNul(bytes, out);
        break;
    }
  }
  out.error = error_;
  return out;
}

std::size_t Decoder::buffered_bytes() const {
  std::size_t held = line_.size() + frame_.body.size();
  for (const Header& header : frame_.headers) held += header.name.size() + header.value.size();
  return held;
}

bool Decoder::Count(std::size_t octets) {
  if (octets > max_frame_bytes_ - frame_bytes_) {
    Fail("STOMP frame exceeds " + std::to_string(max_frame_bytes_) + " bytes");
    return false;
  }
  frame_bytes_ += octets;
  return true;
}

void Decoder::ReadLine(std::string_view& bytes) {
  const std::size_t lf = bytes.find('\n');
  const bool complete = lf != std::string_view::npos;
  const std::size_t taken = complete ? lf + 1 : bytes.size();
  if (!Count(taken)) return;
  line_.append(bytes.substr(0, complete ? lf : taken));
  bytes.remove_prefix(taken);
  if (!complete) return;

  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\r') != std::string_view::npos) {
    Fail(state_ == State::kCommandLine ? "CR not followed by LF in the command line"
                                       : "CR not followed by LF in a header line");
  } else if (state_ == State::kCommandLine) {
    OnCommand(line);
  } else if (line.empty()) {
    OnHeadersEnd();
  } else {
    OnHeader(line);
  }
  line_.clear();
}

void Decoder::OnCommand(std::string_view line) {
  const std::optional<Command> command = CommandNamed(line);
  if (!command) return Fail("unknown STOMP command " + QuoteForError(line));
  if (IsServerCommand(*command) != (sender_ == Sender::kServer)) {
    return Fail(std::string(CommandName(*command)) + " is not a frame a STOMP " +
                (sender_ == Sender::kServer ? "server" : "client") + " sends");
  }
  frame_.command = *command;
  state_ = State::kHeaderLine;
}

void Decoder::OnHeader(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos)
    return Fail("header line without a colon: " + QuoteForError(line));
  if (colon == 0) return Fail("header with an empty name: " + QuoteForError(line));
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = line.substr(colon + 1);
  // push_back, as the options reader does: one instantiation of the growth code in the wasm.
  frame_.headers.push_back(Header{});
  Header& header = frame_.headers.back();
  if (!HeadersAreEscaped(frame_.command)) {
    header.name = name;
    header.value = value;
    return;
  }
  std::string problem = Unescape(name, header.name);
  if (problem.empty()) problem = Unescape(value, header.value);
  if (!problem.empty()) {
    Fail(problem + " in a " + std::string(CommandName(frame_.command)) +
         " header: " + QuoteForError(line));
  }
}

void Decoder::OnHeadersEnd() {
  const std::string* length_text = frame_.Find("content-length");
  if (length_text == nullptr) {
    state_ = State::kBodyToNul;
    return;
  }
  const std::optional<std::size_t> length = ParseContentLength(*length_text);
  if (!length) return Fail("content-length is not a number: " + QuoteForError(*length_text));
  // The body and its NUL must fit in what the bound leaves: refused before any byte is held.
  if (*length >= max_frame_bytes_ - frame_bytes_) {
    return Fail("STOMP frame exceeds " + std::to_string(max_frame_bytes_) +
                " bytes: content-length " + QuoteForError(*length_text));
  }
  frame_bytes_ += *length + 1;
  frame_.body.reserve(*length);
  body_remaining_ = *length;
  state_ = State::kCountedBody;
}

void Decoder::ReadCountedBody(std::string_view& bytes, Decoded& out) {
  const std::size_t taken = std::min(body_remaining_, bytes.size());
  frame_.body.append(bytes.substr(0, taken));
  bytes.remove_prefix(taken);
  body_remaining_ -= taken;
  if (body_remaining_ > 0 || bytes.empty()) return;
  if (bytes.front() != '\0') {
    return Fail("missing NUL after body of content-length " + std::to_string(frame_.body.size()));
  }
  bytes.remove_prefix(1);
  EmitFrame(out);
}

void Decoder::ReadBodyToNul(std::string_view& bytes, Decoded& out) {
  const std::size_t nul = bytes.find('\0');
  const bool complete = nul != std::string_view::npos;
  const std::size_t taken = complete ? nul + 1 : bytes.size();
  if (!Count(taken)) return;
  frame_.body.append(bytes.substr(0, complete ? nul : taken));
  bytes.remove_prefix(taken);
  if (complete) EmitFrame(out);
}

void Decoder::EmitFrame(Decoded& out) {
  out.frames.push_back(std::move(frame_));
  frame_ = Frame{};
  frame_bytes_ = 0;
  state_ = State::kBetweenFrames;
}

void Decoder::Fail(std::string message) {
  error_ = std::move(message);
  // Nothing more is decoded: let go of the unfinished frame now.
  frame_ = Frame{};
  line_ = std::string();
}

}  // namespace wxs::stomp
