// Messages sent while a task is not open, kept in order until it is. Bounded by count and bytes,
// with an overflow policy and an optional time-to-live. Every message ends with exactly one
// outcome: success when handed to an open socket, failure when rejected, dropped or expired.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

#include "clock.h"
#include "payload.h"
#include "resilience_options.h"
#include "timers.h"

namespace wxs {

using MessageId = std::uint32_t;

class SendQueue {
 public:
  // Reports a queued message's outcome: "sendSocketMessage:ok" or "sendSocketMessage:fail ...".
  using OutcomeFn = std::function<void(MessageId id, std::string_view err_msg)>;

  struct PushResult {
    MessageId id = 0;     // 0 when the message was refused
    std::string err_msg;  // why it was refused (no outcome follows for it)
  };

  SendQueue(const QueueOptions& options, Timers& timers, const Clock& clock, OutcomeFn outcome);

  PushResult Push(Payload message);
  // Hands queued messages, oldest first, to `send` until it refuses one (which stays queued).
  void Flush(const std::function<bool(Payload)>& send);
  // Fails every queued message with `detail` (the task closed for good).
  void FailAll(std::string_view detail);

  bool empty() const { return messages_.empty(); }
  std::size_t size() const { return messages_.size(); }
  std::size_t bytes() const { return bytes_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t expired() const { return expired_; }

 private:
  struct Queued {
    MessageId id;
    PayloadKind kind;
    std::string bytes;
    double expires_at_ms;
  };

  void PopFront();
  void ExpireDue();
  void ArmExpiry();

  const QueueOptions options_;
  const Clock& clock_;
  OutcomeFn outcome_;
  std::deque<Queued> messages_;
  std::size_t bytes_ = 0;
  MessageId next_id_ = 1;
  std::uint64_t dropped_ = 0;
  std::uint64_t expired_ = 0;
  Timer expiry_;
};

}  // namespace wxs
