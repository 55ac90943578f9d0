#include "socket_task.h"

#include <algorithm>

#include "backoff.h"
#include "err_msg.h"
#include "json_object_writer.h"

namespace wxs {
namespace {

constexpr std::string_view kConnectFailed = "WebSocket connection failed";
constexpr std::string_view kConnectionError = "WebSocket connection error";
constexpr std::string_view kTimeoutReason = "connect timeout";
constexpr std::string_view kHeartbeatReason = "heartbeat timeout";
constexpr std::string_view kAbnormalReason = "abnormal closure";
constexpr std::string_view kClosedWithQueue = "the socket closed before the message was sent";
// The write check polls bufferedAmount soon after a send (one awaited send at a time gets its
// success quickly), then backs off to this while anything stays unwritten: a long drain is
// checked on sends and inbound messages anyway, and each timer costs the main thread.
constexpr double kFirstWriteCheckMs = 1;
constexpr double kSlowestWriteCheckMs = 64;

const char* PhaseName(SocketTask::Phase phase) {
  switch (phase) {
    case SocketTask::Phase::kConnecting:
      return "connecting";
    case SocketTask::Phase::kOpen:
      return "open";
    case SocketTask::Phase::kClosing:
      return "closing";
    case SocketTask::Phase::kWaiting:
      return "reconnecting";
    case SocketTask::Phase::kClosed:
      break;
  }
  return "closed";
}

}  // namespace

SocketTask::SocketTask(int id, TaskServices services)
    : id_(id),
      services_(services),
      oldest_ping_timer_(services.heartbeat_timers),
      deadline_(services.timers),
      reconnect_timer_(services.timers),
      uptime_timer_(services.timers),
      write_check_(services.timers),
      write_check_delay_ms_(kFirstWriteCheckMs),
      hand_over_([this](Payload message) { return SendNow(message); }) {}

SocketTask::~SocketTask() = default;

std::string SocketTask::Start(const ConnectOptions& options) {
  options_ = options;
  const ResilienceOptions& extras = options_.resilience;
  if (extras.queue.enabled) {
    queue_ = std::make_unique<SendQueue>(
        extras.queue, services_.timers, services_.clock, handed_bytes_,
        [this](MessageId message, std::string_view err_msg) {
          services_.listener.OnTaskSendOutcome(id_, message, err_msg);
        },
        [this] { UpdateLane(); });
  }
  if (extras.heartbeat.enabled) {
    heartbeat_ = std::make_unique<Heartbeat>(
        extras.heartbeat, services_.heartbeat_timers, services_.clock,
        Heartbeat::Hooks{[this](Payload ping) {
                           // The heartbeat waits for a sign of life now, sent or not.
                           UpdateLane();
                           if (SendNow(ping) == Transport::kRefused) return false;
                           ping_end_ = handed_bytes_;
                           // Past the bound, a pong is taken for an
                           // older ping: it confirms too little,
                           // never too much.
                           if (unanswered_pings_.size() < 64)
                             unanswered_pings_.push_back({ping_end_, services_.clock.NowMs()});
                           if (unanswered_pings_.size() == 1) WatchOldestPing();
                           return true;
                         },
                         [this] { OnHeartbeatDead(); }});
  }
  options_.request.task_id = id_;
  options_.request.pong_candidates = Heartbeat::CandidatesFor(extras.heartbeat);
  options_.request.lane = &lane_;
  if (queue_) lane_.handed_capacity = BypassLane::kLogCapacity;
  connect_start_ms_ = services_.clock.NowMs();
  OpenedTransport opened = services_.transports.Open(options_.request, *this);
  if (!opened.transport) return opened.error.empty() ? std::string(kConnectFailed) : opened.error;
  transport_ = std::move(opened.transport);
  deadline_.Start(options_.timeout_ms, [this] { OnConnectDeadline(); });
  return {};
}

void SocketTask::Reject(std::string err_msg) {
  phase_ = Phase::kClosed;
  DropTransport();
  rejection_ = std::move(err_msg);
  deadline_.Start(0, [this] {
    services_.listener.OnTaskError(id_, rejection_);
    Finish(kAbnormalClosure, kAbnormalReason);
  });
}

ReadyState SocketTask::state() const {
  switch (phase_) {
    case Phase::kConnecting:
    case Phase::kWaiting:
      return ReadyState::kConnecting;
    case Phase::kOpen:
      return ReadyState::kOpen;
    case Phase::kClosing:
      return ReadyState::kClosing;
    case Phase::kClosed:
      break;
  }
  return ReadyState::kClosed;
}

SendResult SocketTask::Send(Payload message, bool timers_may_lag) {
  TakeInHandedAround();
  // No listener runs inside a send: the payload may live in a buffer that a listener's own send
  // reuses. A connection the heartbeat finds dead here is dropped on the heartbeat's next tick;
  // until then nothing more is written into it.
  bool writable = phase_ == Phase::kOpen;
  // Timers that fired on time did these checks themselves (a clock read per send is not free).
  if (writable && heartbeat_ && timers_may_lag) {
    if (heartbeat_->Overdue()) heartbeat_->Probe();
    if (heartbeat_->Expired()) {
      heartbeat_->ReportExpiredSoon();
      writable = false;
    }
  }
  if (!queue_) {
    if (writable && !queue_held_ && SendNow(message) != Transport::kRefused) {
      return {OkMsg(api::kSendSocketMessage), 0};
    }
    return {FailMsg(api::kSendSocketMessage, detail::kNotConnected), 0};
  }
  if (phase_ == Phase::kClosed || app_close_) {
    return {FailMsg(api::kSendSocketMessage, detail::kNotConnected), 0};
  }
  // What the open listeners send (a login, a resubscribe) belongs to this connection: it goes
  // before the waiting line and is final once handed over; the next connection's listeners send
  // their own. Anything else gets its outcome from a later check, once the browser wrote it (the
  // caller learns its id when Send returns); earlier messages settle and the line moves first.
  if (writable && opening_ && SendNow(message) != Transport::kRefused) {
    return {OkMsg(api::kSendSocketMessage), 0};
  }
  if (writable && !opening_ && !queue_held_) {
    PumpWrites();
    if (!queue_->waiting()) {
      if (const MessageId id = queue_->HandOver(message, hand_over_)) {
        ArmWriteCheck();
        UpdateLane();
        return {{}, id};
      }
    }
  }
  if (message.size() == Payload::kUnmeasured) return {{}, 0, true};
  SendQueue::PushResult pushed = queue_->Push(message);
  UpdateLane();
  return {std::move(pushed.err_msg), pushed.id};
}

std::string SocketTask::Close(const CloseRequest& request) {
  switch (phase_) {
    case Phase::kConnecting:
      app_closed_before_open_ = true;
      [[fallthrough]];
    case Phase::kOpen:
      app_close_ = request;
      SetPhase(Phase::kClosing);
      if (heartbeat_) heartbeat_->Stop();
      uptime_timer_.Stop();
      // Null when a listener of the drop under way closes the task: the drop then finishes it.
      if (transport_) transport_->Close(request.code, request.reason);
      // A server that never answers the closing handshake must not hold the slot forever.
      deadline_.Start(options_.timeout_ms, [this] { OnConnectDeadline(); });
      return OkMsg(api::kCloseSocket);
    case Phase::kWaiting:
      // No connection to close: end now, but report it after close() returns.
      app_close_ = request;
      reconnect_timer_.Stop();
      SetPhase(Phase::kClosing);
      deadline_.Start(0, [this] { Finish(app_close_->code, app_close_->reason); });
      return OkMsg(api::kCloseSocket);
    case Phase::kClosing:
      if (!app_close_) app_close_ = request;  // a drop under way now ends the task for good
      return OkMsg(api::kCloseSocket);
    case Phase::kClosed:
      break;
  }
  return FailMsg(api::kCloseSocket, detail::kNotConnected);
}

void SocketTask::Probe() {
  if (phase_ == Phase::kOpen && heartbeat_) heartbeat_->Probe();
}

bool SocketTask::SendControl(Payload frame) {
  return phase_ == Phase::kOpen && SendNow(frame) != Transport::kRefused;
}

void SocketTask::HoldQueue(bool held) {
  queue_held_ = held;
  if (!held && queue_ && phase_ == Phase::kOpen) PumpWrites();
  UpdateLane();
}

void SocketTask::StartHeartbeat(double ping_every_ms, double silence_limit_ms) {
  if (!heartbeat_ || phase_ != Phase::kOpen) return;
  heartbeat_->StartNegotiated(ping_every_ms, silence_limit_ms);
  // Negotiated heart-beats are not answered: the protocol confirms its messages itself.
  ForgetUnansweredPings();
  if (queue_) queue_->AwaitServerAnswers(false);
  UpdateLane();
}

void SocketTask::DropConnection(int code, std::string_view reason) {
  if (phase_ != Phase::kOpen) return;
  transport_->Close(CloseRequest::kNormalClosure, reason);
  HandleDrop(code, reason);
}

void SocketTask::OnTransportOpen() {
  if (phase_ != Phase::kConnecting) return;
  const double now = services_.clock.NowMs();
  deadline_.Stop();
  opened_at_ms_ = now;
  if (heartbeat_) heartbeat_->Start();
  if (queue_) queue_->AwaitServerAnswers(heartbeat_ != nullptr);
  if (options_.resilience.reconnect.enabled) {
    uptime_timer_.Start(options_.resilience.reconnect.min_uptime_ms,
                        [this] { failed_attempts_ = 0; });
  }
  const bool reconnected = dropped_at_ms_ >= 0;
  const double downtime = now - dropped_at_ms_;
  const int attempts = attempts_this_outage_;
  if (reconnected) {
    ++traffic_.reconnects;
    dropped_at_ms_ = -1;
    attempts_this_outage_ = 0;
  }
  // What the listeners from here to onOpen send (a login, a join, a resubscribe) goes out
  // first, then the queue, then everything sent later: a protocol's handshake must precede the
  // messages that wait. Any listener may close the task: the phase is checked after each.
  opening_ = true;
  SetPhase(Phase::kOpen);
  if (reconnected && phase_ == Phase::kOpen) {
    Lifecycle("reconnected",
              JsonObjectWriter().Signed("attempts", attempts).Number("downtimeMs", downtime));
  }
  if (phase_ == Phase::kOpen) {
    services_.listener.OnTaskOpen(id_, OpenProfile{connect_start_ms_, now});
  }
  opening_ = false;
  if (queue_ && phase_ == Phase::kOpen) PumpWrites();
  UpdateLane();  // the queue's sends may go around now
}

void SocketTask::OnTransportMessage(Payload message) {
  // Frames that arrived before the server's close frame still belong to the app.
  const bool deliverable =
      phase_ == Phase::kOpen || (phase_ == Phase::kClosing && !app_closed_before_open_);
  if (!deliverable) return;
  ++traffic_.messages_in;
  traffic_.bytes_in += message.size();
  if (queue_) PumpWrites();
  if (heartbeat_ && heartbeat_->OnInbound(message)) {  // a pong is ours
    OnPong();
    return;
  }
  if (queue_) CheckPingsAnswered();
  UpdateLane();  // a sign of life the heartbeat waited for, a queue this message emptied
  services_.listener.OnTaskMessage(id_, message);
}

void SocketTask::CheckPingsAnswered() {
  if (!oldest_ping_overdue_) return;
  // Without this, its messages would wait for an answer for as long as the connection lives.
  ForgetUnansweredPings();
  queue_->AwaitServerAnswers(false);
}

void SocketTask::WatchOldestPing() {
  oldest_ping_overdue_ = false;
  // Only a queue's confirmations wait for answers (CheckPingsAnswered).
  if (!queue_ || unanswered_pings_.empty()) return oldest_ping_timer_.Stop();
  const double overdue_at =
      unanswered_pings_.front().sent_at_ms + options_.resilience.heartbeat.timeout_ms;
  oldest_ping_timer_.Start(std::max(0.0, overdue_at - services_.clock.NowMs()), [this] {
    oldest_ping_overdue_ = true;
    UpdateLane();
  });
}

void SocketTask::ForgetUnansweredPings() {
  unanswered_pings_.clear();
  WatchOldestPing();
}

void SocketTask::OnPong() {
  // Pongs answer pings in order: the server has read everything sent before the oldest one.
  if (unanswered_pings_.empty()) return;
  const std::uint64_t received = unanswered_pings_.front().end;
  unanswered_pings_.erase(unanswered_pings_.begin());
  WatchOldestPing();
  if (!queue_) return;
  queue_->ConfirmWritten(received);
  queue_->ConfirmReceived(received);
  AskForAnswer(true);
  UpdateLane();
}

void SocketTask::OnTransportError() {
  if (phase_ != Phase::kConnecting && phase_ != Phase::kOpen) return;
  const bool before_open = phase_ == Phase::kConnecting;
  SetPhase(Phase::kClosing);
  if (heartbeat_) heartbeat_->Stop();
  deadline_.Start(options_.timeout_ms, [this] { OnConnectDeadline(); });
  services_.listener.OnTaskError(id_, before_open ? kConnectFailed : kConnectionError);
}

void SocketTask::OnTransportClose(int code, std::string_view reason) {
  if (phase_ == Phase::kClosed || phase_ == Phase::kWaiting) return;
  code = ReportedCloseCode(code);
  if (app_closed_before_open_) {
    Finish(app_close_->code, app_close_->reason);
  } else if (app_close_) {
    // A completed closing handshake: the server read our close frame, which the browser sends
    // after everything it held.
    if (queue_ && code != kAbnormalClosure) {
      queue_->ConfirmWritten(UINT64_MAX);
      queue_->ConfirmReceived(UINT64_MAX);
    }
    Finish(code, reason);
  } else {
    HandleDrop(code, reason);
  }
}

void SocketTask::OnTransportMessageTooLarge(std::size_t bytes) {
  if (phase_ != Phase::kOpen) return;  // closing anyway: the message is not delivered
  const std::string reason =
      "message too big: at least " + std::to_string(bytes) +
      (bytes > options_.request.max_message_bytes ? " bytes, over maxInboundMessageSize"
                                                  : " bytes, more than wasm memory can hold");
  // The server may go on sending: the socket is released now, not after a closing handshake.
  DropTransport();
  services_.listener.OnTaskError(id_, reason);
  // An error listener may have closed the task (CLOSING): the drop then ends it all the same.
  HandleDrop(kMessageTooBig, reason);
}

void SocketTask::OnConnectDeadline() {
  if (phase_ == Phase::kConnecting) {
    DropTransport();
    services_.listener.OnTaskError(id_, FailMsg(api::kConnectSocket, "timeout"));
    HandleDrop(kAbnormalClosure, kTimeoutReason);
  } else if (phase_ == Phase::kClosing) {
    // The browser never confirmed the close.
    if (app_closed_before_open_) {
      Finish(app_close_->code, app_close_->reason);
    } else if (app_close_) {
      Finish(kAbnormalClosure, kAbnormalReason);
    } else {
      HandleDrop(kAbnormalClosure, kAbnormalReason);
    }
  }
}

void SocketTask::OnHeartbeatDead() {
  if (phase_ != Phase::kOpen) return;
  DropTransport();  // a half-open connection will not finish a closing handshake
  HandleDrop(kAbnormalClosure, kHeartbeatReason);
}

void SocketTask::HandleDrop(int code, std::string_view reason) {
  const std::string reason_copy(reason);  // `reason` may live in the transport's buffer
  DropTransport();
  deadline_.Stop();
  uptime_timer_.Stop();
  if (heartbeat_) heartbeat_->Stop();
  const ReconnectOptions& reconnect = options_.resilience.reconnect;
  if (app_closed_before_open_) {
    Finish(app_close_->code, app_close_->reason);
    return;
  }
  if (!reconnect.enabled || app_close_ || reconnect_stopped_ ||
      reconnect.close_policy.IsFinal(code)) {
    Finish(code, reason_copy);
    return;
  }
  // Counted since the connection last proved stable, so a server that accepts and drops at
  // once (flapping) also reaches the limit.
  if (reconnect.max_attempts > 0 && failed_attempts_ >= reconnect.max_attempts) {
    Lifecycle("reconnectFailed", JsonObjectWriter()
                                     .Signed("attempts", failed_attempts_)
                                     .Signed("code", code)
                                     .Text("reason", reason_copy));
    Finish(code, reason_copy);
    return;
  }
  ScheduleReconnect(code, reason_copy);
}

void SocketTask::ScheduleReconnect(int code, std::string_view reason) {
  if (dropped_at_ms_ < 0) dropped_at_ms_ = services_.clock.NowMs();
  ++failed_attempts_;
  ++attempts_this_outage_;
  const double delay = BackoffDelayMs(failed_attempts_, options_.resilience.reconnect.backoff,
                                      services_.random.Next01());
  reconnect_timer_.Start(delay, [this] { OnReconnectTimer(); });
  SetPhase(Phase::kWaiting);
  if (phase_ != Phase::kWaiting) return;  // a stateChange listener closed the task
  Lifecycle("reconnecting", JsonObjectWriter()
                                .Signed("attempt", attempts_this_outage_)
                                .Signed("code", code)
                                .Number("delayMs", delay)
                                .Text("reason", reason));
}

void SocketTask::OnReconnectTimer() {
  if (phase_ != Phase::kWaiting) return;
  connect_start_ms_ = services_.clock.NowMs();
  OpenedTransport opened = services_.transports.Open(options_.request, *this);
  if (!opened.transport) {
    HandleDrop(kAbnormalClosure, opened.error);
    return;
  }
  transport_ = std::move(opened.transport);
  SetPhase(Phase::kConnecting);
  deadline_.Start(options_.timeout_ms, [this] { OnConnectDeadline(); });
}

std::size_t SocketTask::SendNow(Payload message) {
  TakeInHandedAround();  // they went first: they end first in the stream
  const std::size_t size = transport_ ? transport_->Send(message) : Transport::kRefused;
  if (size == Transport::kRefused) return size;
  ++traffic_.messages_out;
  traffic_.bytes_out += size;
  handed_bytes_ += size;
  return size;
}

void SocketTask::PumpWrites() {
  TakeInHandedAround();
  if (!transport_ || queue_->empty()) return;
  const std::uint64_t written = WrittenBytes();
  // A ping behind a large message cannot be answered until the browser writes it: while the
  // bytes ahead of it leave, the link is alive (without this, a slow upload would be declared
  // dead, returned to the queue and sent again from its first byte, for ever).
  if (heartbeat_ && written > written_bytes_ && written < ping_end_) heartbeat_->OnSignOfLife();
  written_bytes_ = written;
  queue_->ConfirmWritten(written);
  if (phase_ == Phase::kOpen && !opening_ && !queue_held_) queue_->Flush(hand_over_);
  AskForAnswer(false);
  ArmWriteCheck();
  UpdateLane();
}

void SocketTask::AskForAnswer(bool also_for_unwritten) {
  // One ping at a time: its pong asks again for what was sent after it, so a burst of messages
  // costs one ping per round trip, and an idle task none. A send asks only for what is written:
  // the write check, after the burst, sends the ping behind all of it.
  const bool awaiting =
      queue_->has_unconfirmed() || (also_for_unwritten && queue_->has_unwritten_awaited());
  if (heartbeat_ && awaiting && unanswered_pings_.empty() && phase_ == Phase::kOpen) {
    heartbeat_->PingForAnswer();
  }
}

void SocketTask::ArmWriteCheck() {
  if (!queue_->has_unwritten()) {
    if (write_check_delay_ms_ > kFirstWriteCheckMs) {
      write_check_.Stop();  // backed off: the next send's check comes soon again
      write_check_delay_ms_ = kFirstWriteCheckMs;
    }
    // A first check still pending is left to fire, and finds nothing: stopping it and starting
    // another on the next send cost a browser timeout set and cleared for every message of a
    // request/response exchange.
    return;
  }
  // Messages nobody awaits, with nothing waiting behind them, are settled by the next send or
  // inbound message; a slow check only bounds how long their payloads are kept. Checking every
  // millisecond cost a browser timeout per few messages of an exchange.
  const bool unhurried = !queue_->has_unwritten_awaited() && !queue_->waiting();
  if (write_check_.pending() && (unhurried || !write_check_unhurried_)) return;
  write_check_unhurried_ = unhurried;
  write_check_.Start(unhurried ? kSlowestWriteCheckMs : write_check_delay_ms_,
                     [this] { OnWriteCheck(); });
}

void SocketTask::OnWriteCheck() {
  if (!queue_->has_unwritten()) return;
  // Backs off while something stays unwritten.
  write_check_delay_ms_ = std::min(2 * write_check_delay_ms_, kSlowestWriteCheckMs);
  PumpWrites();
  AskForAnswer(true);
}

std::uint64_t SocketTask::WrittenBytes() const {
  const std::uint64_t buffered = transport_->BufferedAmount();
  return buffered >= handed_bytes_ ? 0 : handed_bytes_ - buffered;
}

void SocketTask::DropTransport() {
  // The outcomes below run app code while the socket is still open: its sends must go to the
  // core, which queues them for the next connection, not into this one's log.
  lane_.inbound_held = lane_.outbound_held = BypassLane::kHeld;
  TakeInHandedAround();
  if (queue_ && transport_) queue_->ReturnUnwritten(WrittenBytes());
  write_check_.Stop();
  write_check_delay_ms_ = kFirstWriteCheckMs;
  transport_.reset();
  handed_bytes_ = written_bytes_ = ping_end_ = 0;
  ForgetUnansweredPings();
}

std::uint64_t SocketTask::buffered_amount() const {
  return transport_ ? transport_->BufferedAmount() : 0;
}

void SocketTask::Finish(int code, std::string_view reason) {
  const std::string reason_copy(reason);  // `reason` may live in the transport's buffer
  SetPhase(Phase::kClosed);
  deadline_.Stop();
  reconnect_timer_.Stop();
  uptime_timer_.Stop();
  if (heartbeat_) heartbeat_->Stop();
  DropTransport();
  if (queue_) {
    queue_->FailAll(kClosedWithQueue);
    UpdateLane();  // the last kept payloads may go
  }
  close_reported_ = true;
  services_.listener.OnTaskClose(id_, code, reason_copy);
}

void SocketTask::SetPhase(Phase next) {
  if (phase_ == next) return;
  const Phase previous = phase_;
  phase_ = next;
  UpdateLane();
  Lifecycle(
      "stateChange",
      JsonObjectWriter().Text("previous", PhaseName(previous)).Text("state", PhaseName(next)));
}

void SocketTask::UpdateLane() {
  // A protocol spoken over the task (STOMP) reads every frame and owns the outbound stream.
  const bool open = phase_ == Phase::kOpen && !options_.request.reads_every_message;
  // Inbound, as OnTransportMessage would do nothing but count it and pass it on: the queue has
  // no outcome someone awaits (whose success must come before the answer it brought), nothing
  // waiting to be flushed and no overdue ping; the heartbeat waits for nothing. Messages nobody
  // awaits are settled without it: unwritten ones by the write check, logged ones once the next
  // send through the core, ping, getStats() or drop takes the log in.
  lane_.inbound_held = !open ||
                       (queue_ && (queue_->waiting() || queue_->has_unwritten_awaited() ||
                                   queue_->has_unconfirmed() || oldest_ping_overdue_)) ||
                       (heartbeat_ && heartbeat_->watches_inbound());
  // Outbound, as Send would only hand it over (a queue's send logged, see TakeInHandedAround):
  // nothing waits in the queue and no open listener runs, and with a heartbeat only while timers
  // run on time (otherwise a send checks its deadlines).
  if (!open || queue_held_ || (queue_ && (opening_ || queue_->waiting()))) {
    lane_.outbound_held = BypassLane::kHeld;
  } else {
    lane_.outbound_held = heartbeat_ ? BypassLane::kHeldIfTimersLag : BypassLane::kOpen;
  }
  if (!queue_) return;
  if (lane_.handed_count == 0) RestartHandedLog();
  // Once per change, not per message: most outcomes reach no one (SendQueue::Reported).
  const MessageId oldest = queue_->oldest_unsettled_id();
  if (oldest != kept_released_below_) {
    kept_released_below_ = oldest;
    services_.listener.OnTaskKeptReleased(id_, oldest);
  }
}

void SocketTask::RestartHandedLog() {
  lane_.next_message_id = queue_->next_id();
  // Payloads JS keeps for messages the queue has not taken in yet: about one drain's worth.
  lane_.handed_bytes_left = static_cast<double>(options_.resilience.queue.high_water_mark);
}

static_assert(BypassLane::kTextBit == SendQueue::kTextBit,
              "the lane logs entries as the queue takes them");

void SocketTask::TakeInHandedAround() {
  const std::uint32_t count = lane_.handed_count;
  if (count == 0 || !queue_) return;
  lane_.handed_count = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t entry = lane_.handed_log[i];
    handed_bytes_ += entry & ~BypassLane::kTextBit;
    queue_->TakeHandedOver(entry);  // takes the id the adapter kept it under (the queue's next)
  }
  RestartHandedLog();
  ArmWriteCheck();
}

// Keys in each result are listed in the order web/ always received them (sorted).
void SocketTask::Lifecycle(std::string_view kind, JsonObjectWriter& result) {
  services_.listener.OnTaskLifecycle(id_, kind, result.Finish());
}

std::string SocketTask::StatsJson() {
  TakeInHandedAround();
  const double now = services_.clock.NowMs();
  const RoundTripStats rtt = heartbeat_ ? heartbeat_->round_trips() : RoundTripStats{};
  const SendQueue* queue = queue_.get();
  // Keys sorted, as web/ always received them.
  JsonObjectWriter stats;
  const auto counted = [](std::uint64_t core, double lane) {
    return core + static_cast<std::uint64_t>(lane);
  };
  stats.Unsigned("bytesIn", counted(traffic_.bytes_in, lane_.bytes_in))
      .Unsigned("bytesOut", counted(traffic_.bytes_out, lane_.bytes_out))
      .Unsigned("dropped", queue ? queue->dropped() : 0)
      .Unsigned("expired", queue ? queue->expired() : 0)
      .Unsigned("messagesIn", counted(traffic_.messages_in, lane_.messages_in))
      .Unsigned("messagesOut", counted(traffic_.messages_out, lane_.messages_out))
      .Open("queue")
      .Unsigned("bytes", queue ? queue->waiting_bytes() : 0)
      .Unsigned("messages", queue ? queue->waiting_size() : 0)
      .Open("unconfirmed")
      .Unsigned("bytes", queue ? queue->unconfirmed_bytes() : 0)
      .Unsigned("messages", queue ? queue->unconfirmed_size() : 0)
      .Close()
      .Open("unwritten")
      .Unsigned("bytes", queue ? queue->unwritten_bytes() : 0)
      .Unsigned("messages", queue ? queue->unwritten_size() : 0)
      .Close()
      .Close()
      .Signed("readyState", static_cast<int>(state()))
      .Unsigned("reconnects", traffic_.reconnects)
      .Open("rtt")
      .Number("averageMs", rtt.average_ms())
      .Number("lastMs", rtt.last_ms)
      .Number("maxMs", rtt.max_ms)
      .Unsigned("samples", rtt.samples)
      .Close()
      .Text("state", PhaseName(phase_))
      .Number("uptimeMs", phase_ == Phase::kOpen ? now - opened_at_ms_ : 0.0);
  return stats.Finish();
}

}  // namespace wxs
