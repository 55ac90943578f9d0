#include "stomp/outbox.h"

#include <algorithm>

#include "err_msg.h"
#include "stomp/err_msgs.h"

namespace wxs::stomp {

Outbox::Outbox(bool receipts, double receipt_timeout_ms, const Clock& clock, Timers& timers,
               SessionEvents& events)
    : receipts_(receipts),
      receipt_timeout_ms_(receipt_timeout_ms),
      clock_(clock),
      events_(events),
      timer_(timers) {}

void Outbox::Track(SendId id, MessageId queued, Payload frame) {
  entries_.push_back(Entry{id, queued, State::kQueued, frame.kind,
                           receipts_ ? std::string(frame.bytes) : std::string(), 0});
  if (queued == 0) Written(entries_.back());
}

void Outbox::OnQueueOutcome(MessageId queued, std::string_view err_msg) {
  const auto entry = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
    return e.state == State::kQueued && e.queued == queued;
  });
  if (entry == entries_.end()) return;  // its RECEIPT came first
  if (!IsOkMsg(err_msg) || !receipts_) {
    return Settle(entry, UnderApi(api::kSend, err_msg));
  }
  Written(*entry);
}

bool Outbox::OnReceipt(std::string_view receipt_id) {
  const Iterator entry = FindReceipt(receipt_id);
  if (entry == entries_.end()) return false;
  Settle(entry, OkMsg(api::kSend));
  return true;
}

bool Outbox::OnError(std::string_view receipt_id, std::string_view detail) {
  const Iterator entry = FindReceipt(receipt_id);
  if (entry == entries_.end()) return false;
  Settle(entry, FailMsg(api::kSend, "ERROR " + std::string(detail)));
  return true;
}

void Outbox::OnDrop() {
  timer_.Stop();
  for (Entry& entry : entries_) {
    if (entry.state == State::kWritten) entry.state = State::kToResend;
  }
}

void Outbox::Resend(SocketTask& task) {
  for (Entry& entry : entries_) {
    if (entry.state != State::kToResend) continue;
    if (!task.SendControl(Payload{entry.kind, entry.frame})) return;
    Written(entry);
  }
}

void Outbox::FailAll(std::string_view detail) {
  timer_.Stop();
  while (!entries_.empty()) Settle(entries_.begin(), FailMsg(api::kSend, detail));
}

void Outbox::Written(Entry& entry) {
  entry.state = State::kWritten;
  entry.deadline_ms = clock_.NowMs() + receipt_timeout_ms_;
  if (!timer_.pending()) ArmTimer();
}

Outbox::Iterator Outbox::FindReceipt(std::string_view receipt_id) {
  const std::optional<std::size_t> id = ParseContentLength(receipt_id);  // digits only
  return std::find_if(entries_.begin(), entries_.end(),
                      [&](const Entry& e) { return id && e.id == *id; });
}

void Outbox::Settle(Iterator entry, std::string_view err_msg) {
  const SendId id = entry->id;
  entries_.erase(entry);
  events_.OnStompSendOutcome(id, err_msg);
}

void Outbox::ArmTimer() {
  double earliest = -1;
  for (const Entry& entry : entries_) {
    if (entry.state == State::kWritten && (earliest < 0 || entry.deadline_ms < earliest)) {
      earliest = entry.deadline_ms;
    }
  }
  if (earliest < 0) return timer_.Stop();
  timer_.Start(std::max(0.0, earliest - clock_.NowMs()), [this] { OnTimer(); });
}

void Outbox::OnTimer() {
  const double now = clock_.NowMs();
  const std::string err_msg = FailMsg(
      api::kSend,
      "no RECEIPT within " + std::to_string(static_cast<std::size_t>(receipt_timeout_ms_)) + " ms");
  for (Iterator entry = entries_.begin(); entry != entries_.end();) {
    const Iterator next = std::next(entry);
    if (entry->state == State::kWritten && entry->deadline_ms <= now) Settle(entry, err_msg);
    entry = next;
  }
  ArmTimer();
}

}  // namespace wxs::stomp
