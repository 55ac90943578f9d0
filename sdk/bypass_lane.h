// The way around the core for messages no rule of it reads (docs/ARCHITECTURE.md, "Bypass
// lane"). A task publishes here, in memory its transport adapter reads on every message,
// whether an inbound message the adapter passes without its bytes (Payload::Kept) may go
// straight to the app, and whether the app's payloads may go straight to the socket. The core
// still decides: it holds a direction shut whenever a rule of it must see each message (the
// task is not open, the queue has work, the heartbeat waits for a sign of life). The adapter
// counts what it passed here, and the task adds that to its figures.
#pragma once

#include <cstddef>
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
  // A task with a queue: the adapter logs each message it sent around the core, a send nobody
  // awaits, as its size (kTextBit set for a text), and keeps the payload under the message id it
  // gets (next_message_id, then one more for each entry before it). The adapter stops when the
  // log is full or handed_bytes_left is spent: the task takes the log into its queue before it
  // next reads or writes the connection's byte stream (a message passed around the core is not
  // read by it), so those messages are written, resent after a drop and settled by the queue's
  // rules.
  static constexpr std::uint32_t kTextBit = 0x80000000;
  static constexpr std::uint32_t kLogCapacity = 32;
  double handed_bytes_left = 0;
  std::uint32_t handed_count = 0;
  std::uint32_t handed_capacity = 0;  // kLogCapacity with a queue; 0: nothing is logged
  std::uint32_t next_message_id = 0;
  std::uint32_t handed_log[kLogCapacity] = {};
};

// The adapter reads the lane by these offsets (bindings/browser_socket_library.js).
static_assert(offsetof(BypassLane, bytes_out) == 32 &&
                  offsetof(BypassLane, handed_bytes_left) == 40 &&
                  offsetof(BypassLane, handed_count) == 48 &&
                  offsetof(BypassLane, next_message_id) == 56 &&
                  offsetof(BypassLane, handed_log) == 60,
              "the lane's layout is read by the browser adapter");

}  // namespace wxs
