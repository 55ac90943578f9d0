// STOMP 1.2 heart-beat negotiation. The client asks `heart-beat:cx,cy` (cx: it can send every cx
// ms, cy: it wants to hear every cy ms), the server answers `sx,sy` in CONNECTED (absent: 0,0).
// Client to server: every max(cx, sy) ms unless either is 0. Server to client: every max(sx, cy)
// ms unless either is 0. The link is declared dead after kSilenceMargin times the agreed
// incoming interval with nothing inbound (stompjs allows 2x, Spring 3x, RabbitMQ 2-3x).
#pragma once

#include <string>

namespace wxs::stomp {

inline constexpr double kSilenceMargin = 2;

struct HeartBeat {
  double outgoing_ms = 0;  // cx, or sx from the server
  double incoming_ms = 0;  // cy, or sy from the server
};

struct AgreedHeartBeat {
  double ping_every_ms = 0;     // 0: the client sends no heart-beats
  double silence_limit_ms = 0;  // 0: the server's silence is never taken for a dead link
};

// The CONNECT header value, "cx,cy" in whole milliseconds.
std::string HeartBeatHeader(const HeartBeat& wish);

// `server_header` is CONNECTED's heart-beat value, or nullptr. A malformed value counts as
// 0,0, and intervals are capped at a day, so a peer cannot make a timer misbehave.
AgreedHeartBeat NegotiateHeartBeat(const HeartBeat& wish, const std::string* server_header);

}  // namespace wxs::stomp
