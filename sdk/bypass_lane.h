// The way around the core for messages no rule of it reads (docs/ARCHITECTURE.md, "Bypass
// lane"). A task publishes here, in memory its transport adapter reads on every message,
// whether an inbound message the adapter passes without its bytes (Payload::Kept) may go
// straight to the app, and whether the app's payloads may go straight to the socket. The core
// still decides: it holds a direction shut whenever a rule of it must see each message (the
// task is not open, the queue has work, the heartbeat waits for a sign of life). The adapter
// counts what it passed here, and the task adds that to its figures.
#pragma once

#include <cstdint>

namespace wxs {

struct BypassLane {
  // Each direction's word, read by the adapter as 32 bits: 0 open, 1 held. Outbound may also be
  // held only while the platform's timers may lag (a hidden page): a heartbeat task's send then
  // checks the heartbeat's deadlines by the clock, which timers on time have checked already.
  static constexpr std::uint32_t kOpen = 0;
  static constexpr std::uint32_t kHeld = 1;
  static constexpr std::uint32_t kHeldIfTimersLag = 2;
  std::uint32_t inbound_held = kHeld;
  std::uint32_t outbound_held = kHeld;
  // Counted by the adapter, as doubles (exact to 2^53): what it passed each way.
  double messages_in = 0;
  double bytes_in = 0;
  double messages_out = 0;
  double bytes_out = 0;
};

}  // namespace wxs
