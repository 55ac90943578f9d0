#include "stomp/stomp_options.h"

#include <limits>

#include "params.h"
#include "timers.h"

namespace wxs::stomp {
namespace {

void ReadConnectHeaders(Params& params, std::vector<Header>& into) {
  into.push_back({"host", "/"});
  if (!params.Object("connectHeaders")) return;
  for (const auto& [name, value] : params.Raw("connectHeaders")->items()) {
    const std::string key = "connectHeaders." + name;
    if (name == "accept-version" || name == "heart-beat") {
      params.Reject(key, "is set by the SDK (use the heartbeat option for heart-beat)");
    } else if (name.empty() || name.find_first_of(":\r\n") != std::string::npos) {
      params.Reject("connectHeaders", "has a header name CONNECT cannot carry: \"" + name + "\"");
    } else if (auto text = params.String(key)) {
      if (text->find_first_of("\r\n") != std::string::npos) {
        params.Reject(key, "should not hold a line break (CONNECT cannot escape it)");
      } else if (name == "host") {
        into.front().value = *text;
      } else {
        into.push_back({name, *text});
      }
    } else {
      params.RejectType(key, "String");
    }
  }
}

void ReadHeartBeat(Params& params, HeartBeat& into) {
  const std::string type = params.TypeOf("heartbeat");
  if (type == "Boolean") {
    if (!*params.Boolean("heartbeat")) into = HeartBeat{};
    return;
  }
  if (type == "Undefined" || !params.Object("heartbeat")) return;
  for (auto [name, field] : {std::pair{"heartbeat.outgoingMs", &into.outgoing_ms},
                             std::pair{"heartbeat.incomingMs", &into.incoming_ms}}) {
    if (auto ms = params.NumberIn(name, 0, kMaxDurationMs,
                                  "a number of milliseconds (0: none), at most 86400000")) {
      *field = *ms;
    }
  }
}

}  // namespace

ParsedStomp ParseStompOptions(std::string_view wire_json, const WxConfig& config) {
  ParsedStomp parsed;
  StompOptions& options = parsed.options;
  ParsedConnect connect = ParseConnectOptions(wire_json, config);
  if (!connect.error.empty()) {
    parsed.error = std::move(connect.error);
    return parsed;
  }
  options.connect = std::move(connect.options);
  Params params = Params::FromWire(wire_json);
  ResilienceOptions& resilience = options.connect.resilience;
  if (params.TypeOf("queue") == "Undefined") resilience.queue.enabled = true;
  if (params.TypeOf("reconnect") == "Undefined") resilience.reconnect.enabled = true;

  ReadConnectHeaders(params, options.connect_headers);
  ReadHeartBeat(params, options.heart_beat);
  if (auto receipts = params.Boolean("receipts")) options.receipts = *receipts;
  if (auto timeout = params.TimeoutMs("receiptTimeoutMs")) options.receipt_timeout_ms = *timeout;
  if (auto bytes = params.NumberIn("maxFrameBytes", 64, std::numeric_limits<int>::max(),
                                   "a number of bytes from 64 to 2147483647")) {
    options.max_frame_bytes = static_cast<std::size_t>(*bytes);
  }
  // STOMP's heart-beats replace connectSocket's: an EOL is the ping, and nothing is a pong.
  HeartbeatOptions& heartbeat = resilience.heartbeat;
  heartbeat = HeartbeatOptions{};
  heartbeat.enabled = options.heart_beat.outgoing_ms > 0 || options.heart_beat.incoming_ms > 0;
  heartbeat.ping = "\n";
  parsed.error = params.error();
  return parsed;
}

}  // namespace wxs::stomp
