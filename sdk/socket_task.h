// One SocketTask's connection state machine. It reacts to transport events, its timers and the
// app's send/close calls, and reports to a TaskListener; it never touches the platform itself.
// Every race between close(), reconnect timers, heartbeat deadlines and transport events is
// decided here, by the phase the task is in (docs/ARCHITECTURE.md draws the machine).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "close_request.h"
#include "connect_options.h"
#include "event_sink.h"
#include "heartbeat.h"
#include "json_object_writer.h"
#include "payload.h"
#include "random.h"
#include "ready_state.h"
#include "send_queue.h"
#include "task_stats.h"
#include "timers.h"
#include "transport.h"

namespace wxs {

// What a task reports, by task id. The TaskManager listens and adds the legacy routing.
class TaskListener {
 public:
  virtual void OnTaskOpen(int task_id, const OpenProfile& profile) = 0;
  virtual void OnTaskMessage(int task_id, Payload message) = 0;
  virtual void OnTaskError(int task_id, std::string_view err_msg) = 0;
  virtual void OnTaskClose(int task_id, int code, std::string_view reason) = 0;
  virtual void OnTaskSendOutcome(int task_id, MessageId id, std::string_view err_msg) = 0;
  // The queue settled every message older than `below`: their kept payloads may go.
  virtual void OnTaskKeptReleased(int task_id, MessageId below) = 0;
  virtual void OnTaskLifecycle(int task_id, std::string_view kind, std::string_view json) = 0;

 protected:
  ~TaskListener() = default;
};

struct TaskServices {
  TransportFactory& transports;
  Timers& timers;
  Timers& heartbeat_timers;  // one scheduler shared by every task's heartbeat
  const Clock& clock;
  Random& random;
  TaskListener& listener;
};

// The result of SocketTask.send: either final now (err_msg set), or queued with an outcome to
// come as OnTaskSendOutcome(queued_id).
struct SendResult {
  std::string err_msg;
  MessageId queued_id = 0;
  // Nothing was done: the message must wait, and a payload passed unmeasured needs its size
  // for the queue's bounds. Send it again, measured.
  bool size_needed = false;
};

class SocketTask final : private TransportEvents {
 public:
  // The close code a task reports when the SDK, not a server, ended the connection.
  static constexpr int kAbnormalClosure = 1006;
  // ...when a server's message was over maxInboundMessageSize or the memory at hand.
  static constexpr int kMessageTooBig = 1009;

  enum class Phase { kConnecting, kOpen, kClosing, kWaiting, kClosed };

  SocketTask(int id, TaskServices services);
  ~SocketTask();
  SocketTask(const SocketTask&) = delete;
  SocketTask& operator=(const SocketTask&) = delete;

  // Opens the connection. Returns the platform's refusal, or empty when the attempt is under way.
  std::string Start(const ConnectOptions& options);
  // The connection is never attempted: onError(err_msg) then onClose follow on the next tick.
  void Reject(std::string err_msg);

  // `timers_may_lag`: the platform may have held timers back since they were set (a browser
  // does so only for a hidden page), so the send checks the heartbeat's deadlines by the clock.
  SendResult Send(Payload message, bool timers_may_lag = true);
  std::string Close(const CloseRequest& request);
  // Checks liveness now (page visible, browser online); no-op without a heartbeat.
  void Probe();

  // For a protocol spoken over the task (sdk/stomp/): it is the task's TaskListener, consumes
  // what is its own (inbound messages, queued outcomes) and forwards the rest. At each open it
  // holds the queue, sends its handshake with SendControl and releases the queue once done.
  //
  // Sends now on the open connection, ahead of the queue (a handshake, a resubscribe). False
  // when there is no open connection.
  bool SendControl(Payload frame);
  // While held, queued messages wait even on an open connection.
  void HoldQueue(bool held);
  // The heartbeat as the layer negotiated it: a ping every ping_every_ms, dead after
  // silence_limit_ms with nothing inbound (0 turns a side off). No-op without the heartbeat option.
  void StartHeartbeat(double ping_every_ms, double silence_limit_ms);
  // The client ends the open connection (the socket is closed with 1000 and `reason`) and the
  // task goes on as after a drop with `code`: it reconnects or finishes, by the options.
  void DropConnection(int code, std::string_view reason);
  // Whatever ends the current connection ends the task (a refused login, a DISCONNECT).
  void StopReconnecting() { reconnect_stopped_ = true; }

  int id() const { return id_; }
  Phase phase() const { return phase_; }
  ReadyState state() const;
  // A live task holds one of the wx object's connection slots, also while waiting to reconnect.
  bool live() const { return phase_ != Phase::kClosed; }
  bool close_reported() const { return close_reported_; }
  // What the browser holds unwritten on the current connection (SocketTask.bufferedAmount).
  std::uint64_t buffered_amount() const;
  // SocketTask.getStats() as JSON text.
  std::string StatsJson();

 private:
  void OnTransportOpen() override;
  void OnTransportMessage(Payload message) override;
  void OnTransportError() override;
  void OnTransportClose(int code, std::string_view reason) override;
  void OnTransportMessageTooLarge(std::size_t bytes) override;
  void OnPong();
  // A message that is not a pong: a server that talks but leaves pings unanswered past the
  // timeout never will, so written is all that can be known of this connection's messages.
  void CheckPingsAnswered();
  // Times the oldest unanswered ping against timeoutMs (from when it was sent), or stops.
  void WatchOldestPing();
  void ForgetUnansweredPings();

  bool OpenTransport();
  void OnConnectDeadline();
  void OnHeartbeatDead();
  // The connection is gone without the app asking: reconnect or finish, by the options.
  void HandleDrop(int code, std::string_view reason);
  void ScheduleReconnect(int code, std::string_view reason);
  void OnReconnectTimer();
  // The bytes handed to the transport, or Transport::kRefused.
  std::size_t SendNow(Payload message);
  // Queue mode: confirms what the browser wrote, hands waiting messages over as room allows,
  // and keeps the write check running while anything is unwritten.
  void PumpWrites();
  void ArmWriteCheck();
  void OnWriteCheck();
  // Queue mode with a heartbeat: pings when messages await the server's answer (written ones,
  // and with `also_for_unwritten` those still in the browser's buffer) and no ping is out.
  void AskForAnswer(bool also_for_unwritten);
  std::uint64_t WrittenBytes() const;
  // Every way a connection ends goes through here: what the browser wrote succeeds, what it
  // never wrote goes back to the queue.
  void DropTransport();
  // Drops the transport, fails what is queued, enters CLOSED and reports the close.
  void Finish(int code, std::string_view reason);
  void SetPhase(Phase next);
  // Opens or shuts each direction of lane_ by what the core must see now (BypassLane), and tells
  // the platform which kept payloads the queue settled since. Called after everything that
  // changes either: a direction held open too long would skip a rule.
  void UpdateLane();
  // Queue mode: the messages the adapter sent around the core become the queue's, handed over
  // in the order they went. Called before anything reads or writes the byte stream.
  void TakeInHandedAround();
  // The next logged message gets the queue's next id, and JS may keep a drain's worth again.
  void RestartHandedLog();
  void Lifecycle(std::string_view kind, JsonObjectWriter& result);

  const int id_;
  TaskServices services_;
  Phase phase_ = Phase::kConnecting;
  ConnectOptions options_;
  std::unique_ptr<Transport> transport_;
  // The current connection's byte stream: given to its Send, written by the browser (as last
  // seen), and where the last ping ends. Before queue_, which reads handed_bytes_.
  std::uint64_t handed_bytes_ = 0;
  std::uint64_t written_bytes_ = 0;
  std::uint64_t ping_end_ = 0;
  // Each ping without a pong, oldest first (a vector: rarely more than one): where it ends in the
  // stream, and when it went.
  struct UnansweredPing {
    std::uint64_t end;
    double sent_at_ms;
  };
  std::vector<UnansweredPing> unanswered_pings_;
  // Set once the oldest unanswered ping is older than timeoutMs (by a timer, so that an inbound
  // message need not read the clock to tell).
  bool oldest_ping_overdue_ = false;
  Timer oldest_ping_timer_;
  std::unique_ptr<SendQueue> queue_;      // only with the queue option
  std::unique_ptr<Heartbeat> heartbeat_;  // only with the heartbeat option
  Timer deadline_;  // connect timeout, then a bound on a close the browser never confirms
  Timer reconnect_timer_;
  Timer uptime_timer_;  // resets the backoff once the connection proved stable
  Timer write_check_;   // runs only while queued messages are unwritten
  double write_check_delay_ms_;
  bool write_check_unhurried_ = false;  // the pending check is the slow one (see ArmWriteCheck)
  SendQueue::HandOverFn hand_over_;
  double connect_start_ms_ = 0;
  double opened_at_ms_ = -1;
  double dropped_at_ms_ = -1;
  int failed_attempts_ = 0;  // consecutive attempts since the connection was last stable
  int attempts_this_outage_ = 0;
  // Set once the app called close(): nothing reconnects after that, whatever the code.
  std::optional<CloseRequest> app_close_;
  bool app_closed_before_open_ = false;
  bool opening_ = false;  // open listeners are running: their sends go before the queue
  bool close_reported_ = false;
  bool queue_held_ = false;
  bool reconnect_stopped_ = false;
  std::string rejection_;              // Reject()'s error, reported on the next tick
  TrafficStats traffic_;               // what went through the core; lane_ counts the rest
  MessageId kept_released_below_ = 1;  // the last OnTaskKeptReleased (1: the queue's first id)
  BypassLane lane_;
};

}  // namespace wxs
