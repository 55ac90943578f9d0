#include "send_queue.h"

#include <algorithm>

#include "err_msg.h"

namespace wxs {
namespace {

// Written into a connection that then dropped before the server answered a ping sent after it.
constexpr std::string_view kSucceeded = {};  // Settle's detail for success
constexpr std::string_view kMaybeReceived =
    "the connection dropped before the server confirmed the message (it may have arrived)";
// A run's settled entries held at most (16 KiB).
constexpr std::size_t kRunEntriesKept = 4096;

}  // namespace

SendQueue::SendQueue(const QueueOptions& options, Timers& timers, const Clock& clock,
                     const std::uint64_t& stream_bytes, OutcomeFn outcome, ExpiredFn expired)
    : options_(options),
      clock_(clock),
      stream_bytes_(stream_bytes),
      outcome_(std::move(outcome)),
      after_expiry_(std::move(expired)),
      expiry_(timers) {}

SendQueue::PushResult SendQueue::Push(Payload message) {
  const std::size_t size = message.size();
  if (size > options_.max_bytes) {
    return {0, FailMsg(api::kSendSocketMessage, "message of " + std::to_string(size) +
                                                    " bytes is larger than queue.maxBytes " +
                                                    std::to_string(options_.max_bytes))};
  }
  const auto full = [&] {
    return waiting_.size() >= options_.max_messages || waiting_bytes_ + size > options_.max_bytes;
  };
  if (full() && options_.overflow == QueueOptions::Overflow::kRejectNewest) {
    return {0, FailMsg(api::kSendSocketMessage,
                       "queue is full (" + std::to_string(waiting_.size()) + " messages, " +
                           std::to_string(waiting_bytes_) + " bytes); overflow is reject-newest")};
  }
  // Messages a dropped connection returned may hold the line over its bounds: the waiting line
  // can empty before the new message fits.
  while (full() && !waiting_.empty()) {
    ++dropped_;
    PopReporting(
        waiting_, waiting_bytes_,
        FailMsg(api::kSendSocketMessage, "dropped from a full queue (overflow is drop-oldest)"));
  }
  waiting_.push_back(NewMessage(next_id_, message, size, 0));
  waiting_bytes_ += size;
  if (!expiry_.pending()) ArmExpiry();
  return {next_id_++, {}};
}

void SendQueue::TakeHandedOver(std::uint32_t size_and_kind) {
  const std::uint32_t size = size_and_kind & ~kTextBit;
  // A run's sizes add up to its offsets only while nothing else enters the stream between its
  // messages (a ping does). Settled entries stay at the front until the run empties; a run that
  // never does (a stream the browser stays behind) gets entries instead past this many.
  if (run_head_ >= kRunEntriesKept || stream_bytes_ - size != run_end_) EndRun();
  if (run_head_ == run_.size()) {
    run_.clear();
    run_head_ = 0;
    run_first_id_ = next_id_;
    run_start_ = stream_bytes_ - size;
  }
  run_end_ = stream_bytes_;
  run_.push_back(size_and_kind);
  unwritten_bytes_ += size;
  ++next_id_;
  // An entry's expiry counts from its send, which a run does not keep.
  if (options_.ttl_ms > 0) EndRun();
}

MessageId SendQueue::HandOver(Payload message, const HandOverFn& hand_over) {
  // The caller's payload goes to the socket, not what is kept for a resend.
  const std::size_t size = hand_over(message);
  if (size == Transport::kRefused) return 0;
  if (message.kept && !message.outcome_awaited && size < kTextBit) {
    // Joins the run: nobody awaits it either.
    TakeHandedOver(static_cast<std::uint32_t>(size) |
                   (message.kind == PayloadKind::kText ? kTextBit : 0));
    return next_id_ - 1;
  }
  EndRun();
  unwritten_.push_back(NewMessage(next_id_, message, size, stream_bytes_));
  unwritten_bytes_ += size;
  unwritten_awaited_ += message.outcome_awaited;
  return next_id_++;
}

void SendQueue::Flush(const HandOverFn& hand_over) {
  if (waiting_.empty()) return;
  ExpireDue();
  EndRun();
  while (!waiting_.empty() && HasRoomFor(waiting_.front().size) &&
         Send(waiting_.front(), hand_over)) {
    unwritten_bytes_ += waiting_.front().size;
    unwritten_awaited_ += waiting_.front().outcome_awaited;
    waiting_bytes_ -= waiting_.front().size;
    unwritten_.splice(unwritten_.end(), waiting_, waiting_.begin());
  }
  ArmExpiry();
}

void SendQueue::AwaitServerAnswers(bool await) {
  await_answers_ = await;
  if (!await) ConfirmReceived(UINT64_MAX);
}

void SendQueue::ConfirmWritten(std::uint64_t written) {
  while (!unwritten_.empty() && unwritten_.front().end_offset <= written) {
    const Message& message = unwritten_.front();
    unwritten_awaited_ -= message.outcome_awaited;
    // Nobody hears a later success, or no answer is awaited: written is enough.
    if (!message.outcome_awaited || !await_answers_) {
      PopReporting(unwritten_, unwritten_bytes_, ok_msg_);
      continue;
    }
    unwritten_bytes_ -= message.size;
    unconfirmed_bytes_ += message.size;
    unconfirmed_.splice(unconfirmed_.end(), unwritten_, unwritten_.begin());
  }
  // The run follows the entries: nobody awaits its messages, so written is enough.
  if (!unwritten_.empty()) return;
  for (; run_head_ < run_.size(); ++run_head_, ++run_first_id_) {
    const std::uint32_t size = run_[run_head_] & ~kTextBit;
    if (run_start_ + size > written) break;
    run_start_ += size;
    unwritten_bytes_ -= size;
  }
}

void SendQueue::ConfirmReceived(std::uint64_t received) {
  Settle(unconfirmed_, unconfirmed_bytes_, received, kSucceeded);
}

void SendQueue::ReturnUnwritten(std::uint64_t written) {
  ConfirmWritten(written);
  Settle(unconfirmed_, unconfirmed_bytes_, UINT64_MAX, kMaybeReceived);
  EndRun();  // after the reports: what their listeners send goes back too
  waiting_bytes_ += unwritten_bytes_;
  waiting_.splice(waiting_.begin(), unwritten_);
  unwritten_bytes_ = 0;
  unwritten_awaited_ = 0;
  ArmExpiry();
}

void SendQueue::FailAll(std::string_view detail) {
  expiry_.Stop();
  Settle(unconfirmed_, unconfirmed_bytes_, UINT64_MAX, detail);
  EndRun();
  Settle(unwritten_, unwritten_bytes_, UINT64_MAX, detail);
  unwritten_awaited_ = 0;
  Settle(waiting_, waiting_bytes_, UINT64_MAX, detail);
}

void SendQueue::Settle(std::list<Message>& line, std::size_t& line_bytes, std::uint64_t end,
                       std::string_view fail_detail) {
  // Runs on every send and inbound message: the errMsg is built only when something settles.
  if (line.empty() || line.front().end_offset > end) return;
  const std::string err_msg =
      fail_detail.empty() ? ok_msg_ : FailMsg(api::kSendSocketMessage, fail_detail);
  while (!line.empty() && line.front().end_offset <= end) PopReporting(line, line_bytes, err_msg);
}

void SendQueue::PopReporting(std::list<Message>& line, std::size_t& line_bytes,
                             std::string_view err_msg) {
  const MessageId id = line.front().id;
  const bool reported = Reported(line.front());
  line_bytes -= line.front().size;
  line.pop_front();
  if (reported) outcome_(id, err_msg);
}

SendQueue::Message SendQueue::NewMessage(MessageId id, Payload payload, std::size_t size,
                                         std::uint64_t end_offset) const {
  const double expires = options_.ttl_ms > 0 ? clock_.NowMs() + options_.ttl_ms : 0;
  // A kept payload stays with the platform under this message's id: nothing to copy.
  return Message{id,      payload.kind, payload.kept,           size, std::string(payload.bytes),
                 expires, end_offset,   payload.outcome_awaited};
}

bool SendQueue::HasRoomFor(std::size_t size) const {
  return unwritten_.empty() || unwritten_bytes_ + size <= options_.high_water_mark;
}

bool SendQueue::Send(Message& message, const HandOverFn& hand_over) {
  const Payload payload = message.kept ? Payload::Kept(message.kind, message.size, message.id)
                                       : Payload{message.kind, message.bytes};
  if (hand_over(payload) == Transport::kRefused) return false;
  message.end_offset = stream_bytes_;
  return true;
}

void SendQueue::EndRun() {
  for (; run_head_ < run_.size(); ++run_head_) {
    const std::uint32_t entry = run_[run_head_];
    const std::uint32_t size = entry & ~kTextBit;
    Payload message =
        Payload::Kept((entry & kTextBit) != 0 ? PayloadKind::kText : PayloadKind::kBinary, size);
    message.outcome_awaited = false;
    unwritten_.push_back(NewMessage(run_first_id_++, message, size, run_start_ += size));
  }
}

MessageId SendQueue::oldest_unsettled_id() const {
  // Each line holds its messages in id order; the run follows the unwritten entries.
  MessageId oldest = run_head_ < run_.size() ? run_first_id_ : next_id_;
  for (const std::list<Message>* line : {&unconfirmed_, &unwritten_, &waiting_}) {
    if (!line->empty()) oldest = std::min(oldest, line->front().id);
  }
  return oldest;
}

void SendQueue::ExpireDue() {
  if (options_.ttl_ms <= 0) return;  // no clock read per flush for a queue without a TTL
  const double now = clock_.NowMs();
  // All messages share one TTL, so they expire in queue order (returned ones are the oldest).
  while (!waiting_.empty() && waiting_.front().expires_at_ms > 0 &&
         waiting_.front().expires_at_ms <= now) {
    ++expired_;
    PopReporting(waiting_, waiting_bytes_,
                 FailMsg(api::kSendSocketMessage,
                         "expired in the queue after " +
                             std::to_string(static_cast<std::size_t>(options_.ttl_ms)) + " ms"));
  }
}

void SendQueue::ArmExpiry() {
  if (options_.ttl_ms <= 0) return;
  expiry_.Stop();
  if (waiting_.empty() || waiting_.front().expires_at_ms <= 0) return;
  expiry_.Start(waiting_.front().expires_at_ms - clock_.NowMs(), [this] {
    ExpireDue();
    ArmExpiry();
    after_expiry_();
  });
}

}  // namespace wxs
