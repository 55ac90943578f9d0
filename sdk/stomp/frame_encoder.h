// The STOMP 1.2 frame encoder: a frame to the octets of one WebSocket message.
//
// Header names and values are escaped (\r \n \c \\) except in CONNECT and CONNECTED, where a
// line break (or a colon in a name) cannot be written and is refused. A non-empty body gets a
// content-length in octets unless the frame has one, which must then match the body. The frame
// ends with its NUL; a heart-beat is a lone "\n" and needs no encoder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stomp/frame.h"

namespace wxs::stomp {

struct Encoded {
  std::string bytes;  // the whole frame, NUL included; empty on error
  std::string error;  // empty unless the frame cannot be written
};

Encoded Encode(const Frame& frame);

// Encode() header by header, for a caller whose headers sit in more than one place (the
// session's own, then the app's): no Frame is put together and no header copied into one.
// Past the first header it refuses, Add() does nothing; Finish() reports that refusal.
class FrameWriter {
 public:
  explicit FrameWriter(Command command);
  void Add(std::string_view name, std::string_view value);
  void Add(const std::vector<Header>& headers);
  // The whole frame with `body`, or (bytes empty) the first thing that could not be written.
  Encoded Finish(std::string_view body);

 private:
  const Command command_;
  std::string bytes_;
  std::string error_;
  std::optional<std::string> content_length_;  // the first content-length header's value
};

}  // namespace wxs::stomp
