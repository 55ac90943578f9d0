// connectStomp's argument: connectSocket's options (url, protocols, timeout, queue, reconnect),
// with queue and reconnect on unless the call says false, and the STOMP fields:
//   connectHeaders  {name: String}: login, passcode, host ("/" unless given: RabbitMQ's default
//                   vhost; Spring ignores it), or any other CONNECT header. accept-version and
//                   heart-beat are the SDK's.
//   heartbeat       {outgoingMs, incomingMs} (0 turns a side off; default 10000 each), true for
//                   the default, false for none. It replaces connectSocket's ping/pong heartbeat.
//   receipts        true (default): a SEND succeeds on its RECEIPT. false, for brokers that never
//                   receipt SEND (Spring's simple broker): it succeeds once written to the socket.
//   receiptTimeoutMs  a written SEND without RECEIPT fails after this (default 30000); also the
//                   bound on DISCONNECT's RECEIPT.
//   maxFrameBytes   the largest frame either side may send (default 1 MiB): a bigger server
//                   frame is a protocol error, a bigger SEND fails at once (a broker would drop
//                   the connection over it, and a resend would do so again).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "connect_options.h"
#include "stomp/frame.h"
#include "stomp/heart_beat.h"

namespace wxs::stomp {

struct StompOptions {
  ConnectOptions connect;
  std::vector<Header> connect_headers;  // host first
  HeartBeat heart_beat{10000, 10000};
  bool receipts = true;
  double receipt_timeout_ms = 30000;
  std::size_t max_frame_bytes = 1 << 20;
};

struct ParsedStomp {
  StompOptions options;
  std::string error;  // the detail after "connectStomp:fail ", empty when valid
};

ParsedStomp ParseStompOptions(std::string_view wire_json, const WxConfig& config);

}  // namespace wxs::stomp
