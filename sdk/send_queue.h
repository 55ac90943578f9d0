// The messages of a task with the queue option, from send() until they are safe. Each message is
// in one of three lines, in send order:
//  - waiting: not handed to a socket yet (the task is not open, or a backlog is draining).
//    Bounded by count and bytes, with an overflow policy and an optional time-to-live.
//  - unwritten: handed to the browser's socket, which has not written it to the network yet.
//    The browser tells how many bytes it still holds (bufferedAmount), so a message is written
//    once the bytes written on its connection reach its end offset in that connection's stream.
//  - unconfirmed (only while the task awaits server answers, i.e. with a ping/pong heartbeat):
//    written, but no pong has yet answered a ping sent after it. Written is not received: the
//    browser counts bytes as written once they enter its network process, and a cut loses
//    what is between there and the server. The server answers pings in order, after reading
//    everything sent before them, so a pong confirms every message that ends before its ping.
// Every message ends with exactly one outcome: success once written (or, awaiting answers, once
// confirmed); failure when refused, dropped, expired, or the task closed for good before that.
// The outcome is reported unless the message is kept (its payload stays with the platform) and
// nobody awaits it: the platform then lets payloads go by oldest_unsettled_id() instead, with no
// report per message.
// A connection that drops returns its unwritten messages to the head of the waiting line, in
// order, for the next one; its unconfirmed ones fail as maybe received (sending them again
// could deliver them twice).
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "err_msg.h"
#include "inline_function.h"
#include "payload.h"
#include "resilience_options.h"
#include "timers.h"
#include "transport.h"

namespace wxs {

using MessageId = std::uint32_t;  // also a kept payload's Payload::kept_id

class SendQueue {
 public:
  // Reports a message's outcome: "sendSocketMessage:ok" or "sendSocketMessage:fail ...".
  using OutcomeFn = InlineFunction<void(MessageId id, std::string_view err_msg)>;
  // Hands a message to the socket: its size, or Transport::kRefused.
  using HandOverFn = InlineFunction<std::size_t(Payload)>;
  // Runs after the TTL's own timer expired messages (their kept payloads may go, the waiting
  // line may be empty now).
  using ExpiredFn = InlineFunction<void()>;

  struct PushResult {
    MessageId id = 0;     // 0 when the message was refused
    std::string err_msg;  // why it was refused (no outcome follows for it)
  };

  // `stream_bytes` counts the bytes handed to the current connection, the queue's messages and
  // everything else (pings): the count after a hand-over is where that message ends.
  SendQueue(const QueueOptions& options, Timers& timers, const Clock& clock,
            const std::uint64_t& stream_bytes, OutcomeFn outcome, ExpiredFn expired);

  // Puts a message at the end of the waiting line.
  PushResult Push(Payload message);
  // A message handed over outside the queue, as the platform logs it: its size (below 2^31),
  // with this bit set for a text.
  static constexpr std::uint32_t kTextBit = 0x80000000;
  // Takes in, as the next id, such a message: the platform already handed it to the socket while
  // nothing waited (its bytes are counted in the stream), keeps its payload, and nobody awaits
  // its outcome. Unwritten, as HandOver's.
  void TakeHandedOver(std::uint32_t size_and_kind);
  // Hands a message over now (a send while nothing waits; it may be unmeasured). Returns its id,
  // or 0 when the socket refused it.
  MessageId HandOver(Payload message, const HandOverFn& hand_over);
  // Hands waiting messages over, oldest first, while the unwritten ones hold less than
  // highWaterMark bytes (one message always may go) and the socket accepts them.
  void Flush(const HandOverFn& hand_over);
  // Whether written messages wait for a server answer (a pong) before they succeed. Turning it
  // off lets the unconfirmed ones succeed as written.
  void AwaitServerAnswers(bool await);
  // The connection's first `written` bytes have left the browser: those messages succeed, or
  // become unconfirmed while awaiting answers.
  void ConfirmWritten(std::uint64_t written);
  // The server has read the connection's first `received` bytes: those messages succeed.
  void ConfirmReceived(std::uint64_t received);
  // The connection is gone after writing its first `written` bytes: those messages succeed (or
  // fail as maybe received, awaiting answers), and the rest go back to the head of the waiting
  // line, in order, with their ids.
  void ReturnUnwritten(std::uint64_t written);
  // Fails every message, unconfirmed, unwritten and waiting, with `detail` (the task closed for
  // good).
  void FailAll(std::string_view detail);

  bool empty() const { return waiting_.empty() && !has_unwritten() && unconfirmed_.empty(); }
  bool waiting() const { return !waiting_.empty(); }
  bool has_unwritten() const { return !unwritten_.empty() || run_head_ < run_.size(); }
  // Whether an unwritten message's sender awaits its outcome: only then is a server answer
  // worth a ping (the others succeed once written).
  bool has_unwritten_awaited() const { return unwritten_awaited_ > 0; }
  std::size_t waiting_size() const { return waiting_.size(); }
  std::size_t waiting_bytes() const { return waiting_bytes_; }
  std::size_t unwritten_size() const { return unwritten_.size() + run_.size() - run_head_; }
  std::size_t unwritten_bytes() const { return unwritten_bytes_; }
  bool has_unconfirmed() const { return !unconfirmed_.empty(); }
  std::size_t unconfirmed_size() const { return unconfirmed_.size(); }
  std::size_t unconfirmed_bytes() const { return unconfirmed_bytes_; }
  // The id the next message will get: the messages accepted are numbered one after another (JS
  // keeps their payloads in that order, web/kept-payloads.mjs).
  MessageId next_id() const { return next_id_; }
  // Every message older than this one has its outcome (next_id() when none is pending).
  MessageId oldest_unsettled_id() const;
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t expired() const { return expired_; }

 private:
  struct Message {
    MessageId id;
    PayloadKind kind;
    bool kept;  // the platform keeps the payload under `id` (Payload::kept_id)
    std::size_t size;
    std::string bytes;  // empty when kept
    double expires_at_ms;
    std::uint64_t end_offset;  // handed over: where it ends in its connection's stream
    bool outcome_awaited;      // see Payload::outcome_awaited
  };

  // Message `id`, which ends at `end_offset` in the stream once handed over.
  Message NewMessage(MessageId id, Payload payload, std::size_t size,
                     std::uint64_t end_offset) const;
  // Whether a message's outcome is reported: not for a kept one nobody awaits.
  static bool Reported(const Message& message) { return message.outcome_awaited || !message.kept; }
  bool HasRoomFor(std::size_t size) const;
  bool Send(Message& message, const HandOverFn& hand_over);
  // Gives the run's messages an entry each at the end of the unwritten line, before another
  // message joins it or the line goes back to waiting.
  void EndRun();
  // Takes the message at the head of `line` out, then reports `err_msg` as its outcome (if
  // Reported): the queue is consistent before the report runs platform code.
  void PopReporting(std::list<Message>& line, std::size_t& line_bytes, std::string_view err_msg);
  // Ends the messages at the head of `line` that end at or before `end`: success with an empty
  // `fail_detail`, else failure with it.
  void Settle(std::list<Message>& line, std::size_t& line_bytes, std::uint64_t end,
              std::string_view fail_detail);
  void ExpireDue();
  void ArmExpiry();

  const QueueOptions options_;
  const Clock& clock_;
  const std::uint64_t& stream_bytes_;
  OutcomeFn outcome_;
  ExpiredFn after_expiry_;
  // Lists: a message moves between the lines, and back at the head of the waiting line after a
  // drop, without being copied.
  std::list<Message> waiting_;
  std::list<Message> unwritten_;
  std::list<Message> unconfirmed_;
  // The end of the unwritten line while nothing joins it but messages whose payload the
  // platform keeps and nobody awaits (TakeHandedOver's, a burst of sends): their entries, from
  // run_head_, numbered from run_first_id_, from run_start_ to run_end_ in the stream, with no
  // entry of their own (a list node each cost more than sending them). Their bytes count in
  // unwritten_bytes_.
  std::vector<std::uint32_t> run_;
  std::size_t run_head_ = 0;
  MessageId run_first_id_ = 0;
  std::uint64_t run_start_ = 0;
  std::uint64_t run_end_ = 0;
  std::size_t waiting_bytes_ = 0;
  std::size_t unwritten_bytes_ = 0;
  std::size_t unconfirmed_bytes_ = 0;
  std::size_t unwritten_awaited_ = 0;  // unwritten messages with outcome_awaited
  bool await_answers_ = false;
  MessageId next_id_ = 1;
  std::uint64_t dropped_ = 0;
  std::uint64_t expired_ = 0;
  Timer expiry_;
  const std::string ok_msg_ = OkMsg(api::kSendSocketMessage);  // every success, built once
};

}  // namespace wxs
