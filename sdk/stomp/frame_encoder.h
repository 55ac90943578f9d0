// The STOMP 1.2 frame encoder: a frame to the octets of one WebSocket message.
//
// Header names and values are escaped (\r \n \c \\) except in CONNECT and CONNECTED, where a
// line break (or a colon in a name) cannot be written and is refused. A non-empty body gets a
// content-length in octets unless the frame has one, which must then match the body. The frame
// ends with its NUL; a heart-beat is a lone "\n" and needs no encoder.
#pragma once

#include <string>

#include "stomp/frame.h"

namespace wxs::stomp {

struct Encoded {
  std::string bytes;  // the whole frame, NUL included; empty on error
  std::string error;  // empty unless the frame cannot be written
};

Encoded Encode(const Frame& frame);

}  // namespace wxs::stomp
