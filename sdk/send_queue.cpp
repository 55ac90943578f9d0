#include "send_queue.h"

#include "err_msg.h"

namespace wxs {

SendQueue::SendQueue(const QueueOptions& options, Timers& timers, const Clock& clock,
                     OutcomeFn outcome)
    : options_(options), clock_(clock), outcome_(std::move(outcome)), expiry_(timers) {}

SendQueue::PushResult SendQueue::Push(Payload message) {
  if (message.bytes.size() > options_.max_bytes) {
    return {0,
            FailMsg(api::kSendSocketMessage, "message of " + std::to_string(message.bytes.size()) +
                                                 " bytes is larger than queue.maxBytes " +
                                                 std::to_string(options_.max_bytes))};
  }
  const auto full = [&] {
    return messages_.size() >= options_.max_messages ||
           bytes_ + message.bytes.size() > options_.max_bytes;
  };
  if (full() && options_.overflow == QueueOptions::Overflow::kRejectNewest) {
    return {0, FailMsg(api::kSendSocketMessage,
                       "queue is full (" + std::to_string(messages_.size()) + " messages, " +
                           std::to_string(bytes_) + " bytes); overflow is reject-newest")};
  }
  while (full()) {
    const MessageId oldest = messages_.front().id;
    PopFront();
    ++dropped_;
    outcome_(oldest, FailMsg(api::kSendSocketMessage,
                             "dropped from a full queue (overflow is drop-oldest)"));
  }
  const double expires = options_.ttl_ms > 0 ? clock_.NowMs() + options_.ttl_ms : 0;
  const MessageId id = next_id_++;
  messages_.push_back(Queued{id, message.kind, std::string(message.bytes), expires});
  bytes_ += message.bytes.size();
  if (!expiry_.pending()) ArmExpiry();
  return {id, {}};
}

void SendQueue::Flush(const std::function<bool(Payload)>& send) {
  ExpireDue();
  while (!messages_.empty()) {
    const Queued& head = messages_.front();
    if (!send(Payload{head.kind, head.bytes})) break;
    const MessageId id = head.id;
    PopFront();
    outcome_(id, OkMsg(api::kSendSocketMessage));
  }
  ArmExpiry();
}

void SendQueue::FailAll(std::string_view detail) {
  expiry_.Stop();
  while (!messages_.empty()) {
    const MessageId id = messages_.front().id;
    PopFront();
    outcome_(id, FailMsg(api::kSendSocketMessage, detail));
  }
}

void SendQueue::PopFront() {
  bytes_ -= messages_.front().bytes.size();
  messages_.pop_front();
}

void SendQueue::ExpireDue() {
  const double now = clock_.NowMs();
  // All messages share one TTL, so they expire in queue order.
  while (!messages_.empty() && messages_.front().expires_at_ms > 0 &&
         messages_.front().expires_at_ms <= now) {
    const MessageId id = messages_.front().id;
    PopFront();
    ++expired_;
    outcome_(id, FailMsg(api::kSendSocketMessage,
                         "expired in the queue after " +
                             std::to_string(static_cast<long long>(options_.ttl_ms)) + " ms"));
  }
}

void SendQueue::ArmExpiry() {
  expiry_.Stop();
  if (messages_.empty() || messages_.front().expires_at_ms <= 0) return;
  expiry_.Start(messages_.front().expires_at_ms - clock_.NowMs(), [this] {
    ExpireDue();
    ArmExpiry();
  });
}

}  // namespace wxs
