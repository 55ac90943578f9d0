#include "stomp/session.h"

#include <algorithm>

#include "err_msg.h"
#include "stomp/err_msgs.h"
#include "stomp/frame_encoder.h"
#include "stomp/heart_beat.h"

namespace wxs::stomp {
namespace {

constexpr std::string_view kDisconnectReceipt = "disconnect";

std::string ConnectFrame(const StompOptions& options) {
  FrameWriter connect(Command::kConnect);
  connect.Add("accept-version", "1.2,1.1");
  connect.Add("heart-beat", HeartBeatHeader(options.heart_beat));
  connect.Add(options.connect_headers);
  return connect.Finish({}).bytes;  // the options were checked: CONNECT can carry them
}

// 16 hex digits: SENDs of different sessions never share a dedupe id.
std::string DedupePrefix(Random& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string prefix;
  for (int draw = 0; draw < 2; ++draw) {
    auto bits = static_cast<std::uint32_t>(random.Next01() * 4294967296.0);
    for (int digit = 0; digit < 8; ++digit, bits >>= 4) prefix += kHex[bits & 0xf];
  }
  return prefix;
}

// Why an app's frame cannot be sent, or "" when it can.
std::string Unsendable(const Encoded& encoded, std::size_t max_frame_bytes) {
  if (!encoded.error.empty()) return encoded.error;
  if (encoded.bytes.size() <= max_frame_bytes) return {};
  return "frame of " + std::to_string(encoded.bytes.size()) + " bytes is over maxFrameBytes " +
         std::to_string(max_frame_bytes);
}

}  // namespace

StompSession::StompSession(const StompOptions& options, TaskListener& downstream,
                           const Clock& clock, Timers& timers, Random& random,
                           SessionEvents& events)
    : downstream_(downstream),
      heart_beat_(options.heart_beat),
      receipts_(options.receipts),
      receipt_timeout_ms_(options.receipt_timeout_ms),
      connect_timeout_ms_(options.connect.timeout_ms),
      max_frame_bytes_(options.max_frame_bytes),
      events_(events),
      connect_frame_(ConnectFrame(options)),
      dedupe_prefix_(DedupePrefix(random) + "-"),
      outbox_(options.receipts, options.receipt_timeout_ms, clock, timers, events),
      handshake_timer_(timers),
      disconnect_timer_(timers) {}

StompSession::SubscribeResult StompSession::Subscribe(std::string_view destination,
                                                      std::string_view ack,
                                                      const std::vector<Header>& headers) {
  const auto refused = [](std::string_view detail) {
    return SubscribeResult{0, FailMsg(api::kSubscribe, detail)};
  };
  if (disconnecting_) return refused(detail::kDisconnecting);
  if (destination.empty()) return refused("destination should be a non-empty String");
  if (ack != "auto" && ack != "client" && ack != "client-individual") {
    return refused("ack should be \"auto\", \"client\" or \"client-individual\"");
  }
  const SubscriptionId id = next_subscription_;
  FrameWriter subscribe(Command::kSubscribe);
  subscribe.Add("id", std::to_string(id));
  subscribe.Add("destination", destination);
  subscribe.Add("ack", ack);
  subscribe.Add(headers);
  Encoded encoded = subscribe.Finish({});
  const std::string problem = Unsendable(encoded, max_frame_bytes_);
  if (!problem.empty()) return refused(problem);
  ++next_subscription_;
  subscriptions_.push_back({id, std::move(encoded.bytes)});
  if (connected()) task_->SendControl(Payload{PayloadKind::kText, subscriptions_.back().frame});
  return {id, OkMsg(api::kSubscribe)};
}

std::string StompSession::Unsubscribe(SubscriptionId id) {
  const auto found = FindSubscription(id);
  if (found == subscriptions_.end()) {
    return FailMsg(api::kUnsubscribe, "no live subscription " + std::to_string(id));
  }
  subscriptions_.erase(found);
  if (connected() && !disconnecting_) {
    SendFrame(Command::kUnsubscribe, "id", std::to_string(id));
  }
  return OkMsg(api::kUnsubscribe);
}

SendResult StompSession::Send(std::string_view destination, const std::vector<Header>& headers,
                              Payload body) {
  if (disconnecting_) return {FailMsg(api::kSend, detail::kDisconnecting), 0};
  if (destination.empty()) {
    return {FailMsg(api::kSend, "destination should be a non-empty String"), 0};
  }
  const SendId id = next_send_;
  // The SDK's headers first: of a repeated header the first wins.
  FrameWriter send(Command::kSend);
  send.Add("destination", destination);
  if (receipts_) send.Add("receipt", std::to_string(id));
  send.Add(kDedupeHeader, dedupe_prefix_ + std::to_string(id));
  send.Add(headers);
  const Encoded encoded = send.Finish(body.bytes);
  const std::string problem = Unsendable(encoded, max_frame_bytes_);
  if (!problem.empty()) return {FailMsg(api::kSend, problem), 0};
  ++next_send_;
  const Payload frame{body.kind, encoded.bytes};
  SendResult result = task_->Send(frame);
  if (result.queued_id == 0 && !IsOkMsg(result.err_msg)) {
    return {UnderApi(api::kSend, result.err_msg), 0};
  }
  if (result.queued_id == 0 && !receipts_) return {OkMsg(api::kSend), 0};
  outbox_.Track(id, result.queued_id, frame);
  return {{}, id};
}

std::string StompSession::Ack(std::string_view ack_id, std::uint32_t connection, bool nack) {
  const std::string_view api = nack ? api::kNack : api::kAck;
  if (ack_id.empty()) return FailMsg(api, detail::kNoAckHeader);
  if (connection != connection_) return FailMsg(api, detail::kStaleMessage);
  if (!connected() || disconnecting_ ||
      !SendFrame(nack ? Command::kNack : Command::kAck, "id", ack_id)) {
    return FailMsg(api, detail::kNotConnected);
  }
  return OkMsg(api);
}

std::string StompSession::Disconnect() {
  if (disconnecting_) return FailMsg(api::kDisconnect, detail::kDisconnecting);
  if (!task_->live()) return FailMsg(api::kDisconnect, detail::kNotConnected);
  disconnecting_ = true;
  task_->StopReconnecting();
  if (connected()) {
    task_->HoldQueue(true);  // nothing may follow DISCONNECT
    disconnect_sent_ = SendFrame(Command::kDisconnect, "receipt", kDisconnectReceipt);
  }
  if (disconnect_sent_) {
    disconnect_timer_.Start(receipt_timeout_ms_, [this] {
      EndConnection(SocketTask::kAbnormalClosure, reason::kNoDisconnectReceipt);
    });
  } else {
    task_->Close(CloseRequest{});  // no session to end: close the socket or stop waiting
  }
  return {};
}

void StompSession::OnTaskOpen(int task_id, const OpenProfile& profile) {
  decoder_.emplace(Sender::kServer, max_frame_bytes_);
  ++connection_;
  state_ = State::kConnecting;
  ended_by_client_ = false;
  task_->HoldQueue(true);       // until CONNECTED and the resubscribes
  task_->StartHeartbeat(0, 0);  // until CONNECTED says what was agreed
  task_->SendControl(Payload{PayloadKind::kText, connect_frame_});
  handshake_timer_.Start(connect_timeout_ms_, [this] {
    events_.OnStompError("no CONNECTED within " +
                             std::to_string(static_cast<std::size_t>(connect_timeout_ms_)) + " ms",
                         nullptr);
    EndConnection(SocketTask::kAbnormalClosure, reason::kNoConnected);
  });
  downstream_.OnTaskOpen(task_id, profile);
}

void StompSession::OnTaskMessage(int, Payload message) {
  if (!decoder_) return;
  const Decoded decoded = decoder_->Feed(message.bytes);
  for (const Frame& frame : decoded.frames) {
    OnFrame(frame);
    if (state_ == State::kDown) return;  // the frame ended the connection
  }
  if (!decoded.error.empty()) {
    events_.OnStompError(decoded.error, nullptr);
    EndConnection(kProtocolErrorCode, reason::kProtocolError);
  }
}

void StompSession::OnTaskError(int task_id, std::string_view err_msg) {
  downstream_.OnTaskError(task_id, err_msg);
}

void StompSession::OnTaskSendOutcome(int, MessageId id, std::string_view err_msg) {
  outbox_.OnQueueOutcome(id, err_msg);
}

void StompSession::OnTaskLifecycle(int task_id, std::string_view kind, std::string_view json) {
  if (kind == "reconnecting") OnConnectionGone();
  downstream_.OnTaskLifecycle(task_id, kind, json);
}

void StompSession::OnConnectionGone() {
  state_ = State::kDown;
  decoder_.reset();
  handshake_timer_.Stop();
  outbox_.OnDrop();
}

void StompSession::OnTaskClose(int task_id, int code, std::string_view reason) {
  const std::string reason_copy(reason);  // `reason` may live in the transport's buffer
  OnConnectionGone();
  disconnect_timer_.Stop();
  outbox_.FailAll(detail::kClosedBeforeReceipt);
  if (disconnecting_) ReportDisconnect(code, reason_copy);
  downstream_.OnTaskClose(task_id, code, reason_copy);
}

void StompSession::ReportDisconnect(int code, std::string_view reason) {
  // RabbitMQ answers DISCONNECT by closing 1000 "STOMP died" without the RECEIPT: a clean end.
  const bool clean =
      !disconnect_sent_ || disconnect_receipted_ || (code == 1000 && !ended_by_client_);
  // As std::size_t, like the counts: one to_string overload less in the download (64 B).
  events_.OnStompDisconnect(
      clean ? OkMsg(api::kDisconnect)
            : FailMsg(api::kDisconnect, "the connection closed (" +
                                            std::to_string(static_cast<std::size_t>(code)) + " " +
                                            std::string(reason) + ") before DISCONNECT's RECEIPT"));
}

void StompSession::OnFrame(const Frame& frame) {
  switch (frame.command) {
    case Command::kConnected:
      if (state_ == State::kConnecting) OnConnected(frame);
      break;
    case Command::kMessage:
      OnMessageFrame(frame);
      break;
    case Command::kReceipt:
      OnReceiptFrame(frame);
      break;
    case Command::kError:
      OnErrorFrame(frame);
      break;
    default:
      break;  // the decoder accepts only server frames
  }
}

void StompSession::OnConnected(const Frame& frame) {
  handshake_timer_.Stop();
  state_ = State::kConnected;
  const AgreedHeartBeat agreed = NegotiateHeartBeat(heart_beat_, frame.Find("heart-beat"));
  task_->StartHeartbeat(agreed.ping_every_ms, agreed.silence_limit_ms);
  for (const Subscription& subscription : subscriptions_) {
    task_->SendControl(Payload{PayloadKind::kText, subscription.frame});
  }
  outbox_.Resend(*task_);
  task_->HoldQueue(false);
  if (connected()) events_.OnStompConnect(frame);
}

void StompSession::OnMessageFrame(const Frame& frame) {
  const std::string* subscription = frame.Find("subscription");
  if (subscription == nullptr) return;
  const std::optional<std::size_t> id = ParseContentLength(*subscription);  // digits only
  // A MESSAGE for a subscription the app ended meanwhile has no listener left.
  if (!id || FindSubscription(*id) == subscriptions_.end()) return;
  events_.OnStompMessage(static_cast<SubscriptionId>(*id), frame, connection_);
}

void StompSession::OnReceiptFrame(const Frame& frame) {
  const std::string* receipt = frame.Find("receipt-id");
  if (receipt == nullptr) return;
  if (disconnect_sent_ && *receipt == kDisconnectReceipt) {
    disconnect_receipted_ = true;
    EndConnection(CloseRequest::kNormalClosure, {});
    return;
  }
  outbox_.OnReceipt(*receipt);
}

void StompSession::OnErrorFrame(const Frame& frame) {
  const std::string* message = frame.Find("message");
  const std::string_view text = message == nullptr ? std::string_view() : *message;
  events_.OnStompError(text, &frame);
  if (const std::string* receipt = frame.Find("receipt-id")) outbox_.OnError(*receipt, text);
  if (state_ == State::kConnecting) task_->StopReconnecting();  // CONNECT itself was refused
  EndConnection(CloseRequest::kNormalClosure, reason::kError);
}

std::vector<StompSession::Subscription>::iterator StompSession::FindSubscription(std::size_t id) {
  return std::find_if(subscriptions_.begin(), subscriptions_.end(),
                      [&](const Subscription& s) { return s.id == id; });
}

void StompSession::EndConnection(int code, std::string_view reason) {
  ended_by_client_ = true;
  task_->DropConnection(code, reason);
}

bool StompSession::SendFrame(Command command, std::string_view name, std::string_view value) {
  FrameWriter writer(command);
  writer.Add(name, value);
  const Encoded encoded = writer.Finish({});
  return encoded.error.empty() && task_->SendControl(Payload{PayloadKind::kText, encoded.bytes});
}

}  // namespace wxs::stomp
