#include "stomp/heart_beat.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "stomp/frame.h"
#include "timers.h"

namespace wxs::stomp {
namespace {

// The server's heart-beat value; a malformed one counts as 0,0 (none either way).
HeartBeat ParseHeartBeat(std::string_view value) {
  const std::size_t comma = value.find(',');
  if (comma == std::string_view::npos) return {};
  const auto sx = ParseContentLength(value.substr(0, comma));  // the same digits-only rule
  const auto sy = ParseContentLength(value.substr(comma + 1));
  if (!sx || !sy) return {};
  const auto capped = [](std::size_t ms) {
    return std::min(static_cast<double>(ms), kMaxDurationMs);
  };
  return HeartBeat{capped(*sx), capped(*sy)};
}

double Agree(double mine, double theirs) {
  return mine <= 0 || theirs <= 0 ? 0 : std::max(mine, theirs);
}

}  // namespace

std::string HeartBeatHeader(const HeartBeat& wish) {
  return std::to_string(static_cast<std::size_t>(wish.outgoing_ms)) + "," +
         std::to_string(static_cast<std::size_t>(wish.incoming_ms));
}

AgreedHeartBeat NegotiateHeartBeat(const HeartBeat& wish, const std::string* server_header) {
  const HeartBeat server = server_header == nullptr ? HeartBeat{} : ParseHeartBeat(*server_header);
  return AgreedHeartBeat{Agree(wish.outgoing_ms, server.incoming_ms),
                         kSilenceMargin * Agree(server.outgoing_ms, wish.incoming_ms)};
}

}  // namespace wxs::stomp
