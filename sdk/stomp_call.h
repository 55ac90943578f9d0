// The argument of client.subscribe and client.send as the web layer passes it (wire JSON,
// web/wire.mjs): {destination: String, headers?: {name: String}}, with WeChat's parameter
// errors. The body of a SEND goes as bytes (web/stomp-client.mjs); only a body the web layer
// could not send (neither text nor bytes) is passed here, to be named in the error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stomp/frame.h"

namespace wxs {

struct StompCall {
  std::string destination;
  std::vector<stomp::Header> headers;  // sorted by name (an object has no repeats)
  std::string error;                   // "parameter error: ...;" or empty
};

StompCall ParseStompCall(std::string_view wire_json);

}  // namespace wxs
