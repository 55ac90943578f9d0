// The SENDs of a STOMP session, from send() to their one outcome.
//
// A SEND is first `queued` in the task's send queue (which may hand it to a socket, return it
// after a drop and flush it again), then `written` to a socket. With receipts, a written SEND
// waits for its RECEIPT (receipt id = its SendId): success then; failure when an ERROR names it,
// when it waited receiptTimeoutMs, or when the task closes for good. A written SEND whose
// connection died before its RECEIPT is sent again, first thing after the next handshake
// (at-least-once: its frame keeps the same dedupe header). Without receipts, written is success.
#pragma once

#include <list>
#include <string>
#include <string_view>

#include "clock.h"
#include "payload.h"
#include "socket_task.h"
#include "stomp/session_events.h"
#include "timers.h"

namespace wxs::stomp {

class Outbox {
 public:
  Outbox(bool receipts, double receipt_timeout_ms, const Clock& clock, Timers& timers,
         SessionEvents& events);

  // A SEND the task queued as `queued`, or (queued == 0) one it wrote to the socket at once.
  // `frame` is kept for a resend.
  void Track(SendId id, MessageId queued, Payload frame);
  // The task's outcome for a queued message.
  void OnQueueOutcome(MessageId queued, std::string_view err_msg);
  // A RECEIPT or an ERROR with this receipt id: true when it named a tracked SEND.
  bool OnReceipt(std::string_view receipt_id);
  bool OnError(std::string_view receipt_id, std::string_view detail);
  // The connection died: what it wrote waits to be sent again.
  void OnDrop();
  // After the next handshake: sends again, in order, what the last connection wrote.
  void Resend(SocketTask& task);
  // The task closed for good.
  void FailAll(std::string_view detail);

  bool empty() const { return entries_.empty(); }

 private:
  enum class State { kQueued, kWritten, kToResend };
  struct Entry {
    SendId id;
    MessageId queued;
    State state;
    PayloadKind kind;
    std::string frame;  // with receipts only
    double deadline_ms;
  };
  using Iterator = std::list<Entry>::iterator;

  void Written(Entry& entry);
  Iterator FindReceipt(std::string_view receipt_id);
  void Settle(Iterator entry, std::string_view err_msg);
  void ArmTimer();
  void OnTimer();

  const bool receipts_;
  const double receipt_timeout_ms_;
  const Clock& clock_;
  SessionEvents& events_;
  std::list<Entry> entries_;  // in send order
  Timer timer_;               // the earliest receipt deadline
};

}  // namespace wxs::stomp
