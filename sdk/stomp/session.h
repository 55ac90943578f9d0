// A STOMP 1.2 client session on one SocketTask, sans-I/O. The task keeps the one reconnect,
// send queue and heartbeat machinery; the session is the task's TaskListener, between the task
// and the listener the task would otherwise have (the TaskManager): it consumes inbound messages
// and queued outcomes, and forwards every other event unchanged.
//  - each open: CONNECT goes first while the task holds its queue; on CONNECTED the heart-beats
//    agreed drive the task's heartbeat, every live subscription is sent again in subscribe order,
//    the SENDs the last connection wrote without a RECEIPT go again, then the queue flows.
//  - inbound bytes are decoded here (heart-beat EOLs never reach the app); any byte is a sign of
//    life to the heartbeat.
//  - an ERROR is reported with its headers and body and ends the connection from this side (the
//    broker may keep it open). An ERROR before CONNECTED (a refused login) ends the task: the
//    same CONNECT would be refused again. A malformed server frame ends it with 1002 (protocol
//    error: final unless reconnect.finalCodes says otherwise).
//  - DISCONNECT asks a RECEIPT; the RECEIPT, or the server closing 1000 first (RabbitMQ closes
//    1000 "STOMP died" without one), is a clean end.
// Every SEND gets one outcome (outbox.h). SENDs carry `wx-message-id:<session prefix>-<n>`,
// the same on every resend, so a consumer can drop duplicates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "random.h"
#include "socket_task.h"
#include "stomp/frame.h"
#include "stomp/frame_decoder.h"
#include "stomp/outbox.h"
#include "stomp/session_events.h"
#include "stomp/stomp_options.h"
#include "timers.h"

namespace wxs::stomp {

// The header that names a SEND across resends.
inline constexpr std::string_view kDedupeHeader = "wx-message-id";
// The close code a malformed server frame ends the connection with (WebSocket's protocol error).
inline constexpr int kProtocolErrorCode = 1002;

class StompSession final : private TaskListener {
 public:
  // `downstream` hears what the session does not consume. Then: create the task with
  // task_listener() as its listener, Attach() it, and start it (task.Start(options.connect)).
  StompSession(const StompOptions& options, TaskListener& downstream, const Clock& clock,
               Timers& timers, Random& random, SessionEvents& events);
  StompSession(const StompSession&) = delete;
  StompSession& operator=(const StompSession&) = delete;

  struct SubscribeResult {
    SubscriptionId id = 0;  // 0 when refused
    std::string err_msg;    // "stompSubscribe:ok" or "...:fail <why>"
  };
  // A subscription lives until unsubscribed: sent now when connected, and again after every
  // reconnect. `ack` is "auto", "client" or "client-individual"; `headers` go after the SDK's.
  SubscribeResult Subscribe(std::string_view destination, std::string_view ack,
                            const std::vector<Header>& headers);
  std::string Unsubscribe(SubscriptionId id);
  // Settled now (err_msg set), or queued_id = the SendId whose outcome comes as an event.
  SendResult Send(std::string_view destination, const std::vector<Header>& headers, Payload body);
  // ACK or NACK a MESSAGE by its ack header, on the connection it came on.
  std::string Ack(std::string_view ack_id, std::uint32_t connection, bool nack);
  // Ends the session: the outcome comes as OnStompDisconnect (err_msg here only when refused).
  std::string Disconnect();

  TaskListener& task_listener() { return *this; }
  void Attach(SocketTask& task) { task_ = &task; }

  bool connected() const { return state_ == State::kConnected; }

 private:
  enum class State { kDown, kConnecting, kConnected };
  struct Subscription {
    SubscriptionId id;
    std::string frame;  // the encoded SUBSCRIBE, sent again after every reconnect
  };

  void OnTaskOpen(int task_id, const OpenProfile& profile) override;
  void OnTaskMessage(int task_id, Payload message) override;
  void OnTaskError(int task_id, std::string_view err_msg) override;
  void OnTaskClose(int task_id, int code, std::string_view reason) override;
  void OnTaskSendOutcome(int task_id, MessageId id, std::string_view err_msg) override;
  // The task's queue holds only frames the session made: the platform keeps no payload.
  void OnTaskKeptReleased(int, MessageId) override {}
  void OnTaskLifecycle(int task_id, std::string_view kind, std::string_view json) override;

  // The connection ended (a drop the task reconnects from, or the final close).
  void OnConnectionGone();
  void ReportDisconnect(int code, std::string_view reason);
  void OnFrame(const Frame& frame);
  void OnConnected(const Frame& frame);
  void OnMessageFrame(const Frame& frame);
  void OnReceiptFrame(const Frame& frame);
  void OnErrorFrame(const Frame& frame);
  void EndConnection(int code, std::string_view reason);
  // The live subscription `id` (a MESSAGE's subscription header may name any number), or end().
  std::vector<Subscription>::iterator FindSubscription(std::size_t id);
  // A frame of the session's own with one header and no body (UNSUBSCRIBE, ACK, DISCONNECT).
  bool SendFrame(Command command, std::string_view name, std::string_view value);

  SocketTask* task_ = nullptr;
  TaskListener& downstream_;
  // The options the session reads (the rest went into the task or connect_frame_): a copy of
  // the whole StompOptions would bring ConnectOptions' copy code into the wasm for nothing.
  const HeartBeat heart_beat_;
  const bool receipts_;
  const double receipt_timeout_ms_;
  const double connect_timeout_ms_;
  const std::size_t max_frame_bytes_;
  SessionEvents& events_;
  const std::string connect_frame_;
  std::string dedupe_prefix_;
  std::optional<Decoder> decoder_;  // one per connection
  State state_ = State::kDown;
  std::uint32_t connection_ = 0;
  std::vector<Subscription> subscriptions_;  // in subscribe order
  SubscriptionId next_subscription_ = 1;
  SendId next_send_ = 1;
  Outbox outbox_;
  Timer handshake_timer_;   // CONNECTED must come within the connect timeout
  Timer disconnect_timer_;  // DISCONNECT's RECEIPT within the receipt timeout
  bool disconnecting_ = false;
  bool disconnect_sent_ = false;
  bool disconnect_receipted_ = false;
  bool ended_by_client_ = false;  // this side ended the current connection
};

}  // namespace wxs::stomp
