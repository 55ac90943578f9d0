#include "wx_core.h"

#include <algorithm>

#include "err_msg.h"
#include "js_stomp_events.h"
#include "send_rejection.h"
#include "stomp/err_msgs.h"
#include "stomp_call.h"

namespace wxs {
namespace {

WxConfig ConfigOrDefaults(std::string_view wire_json, std::string& error) {
  ParsedConfig parsed = ParseWxConfig(wire_json);
  error = parsed.error;
  return error.empty() ? parsed.config : WxConfig{};
}

}  // namespace

WxCore::WxCore(int core_id, std::string_view config_wire_json)
    : core_id_(core_id),
      sink_(core_id),
      transports_(core_id),
      manager_(ConfigOrDefaults(config_wire_json, config_error_), transports_, timers_, clock_,
               random_, sink_) {}

ConnectResult WxCore::Connect(std::string_view options_wire_json) {
  return manager_.Connect(options_wire_json);
}

std::uintptr_t WxCore::Scratch(std::size_t capacity) {
  if (scratch_size_ < capacity) {
    std::free(scratch_);  // first, so its memory can serve the larger buffer
    scratch_ = static_cast<char*>(std::malloc(capacity));
    scratch_size_ = scratch_ ? capacity : 0;
  }
  return reinterpret_cast<std::uintptr_t>(scratch_);
}

double WxCore::Send(int task_id, bool is_text, bool outcome_awaited, bool timers_may_lag,
                    std::size_t size) {
  Payload message = Payload::Kept(is_text ? PayloadKind::kText : PayloadKind::kBinary, size);
  message.outcome_awaited = outcome_awaited;
  SendResult result = manager_.Send(task_id, message, timers_may_lag);
  if (result.queued_id != 0) return result.queued_id;
  if (result.size_needed) return -2;
  if (IsOkMsg(result.err_msg)) return 0;
  last_send_error_ = std::move(result.err_msg);
  return -1;
}

std::string WxCore::SendOkMessage() const { return OkMsg(api::kSendSocketMessage); }

std::string WxCore::RejectSend(std::string_view options_wire_json) {
  return FailMsg(api::kSendSocketMessage, ExplainSendRejection(options_wire_json));
}

std::string WxCore::Close(int task_id, std::string_view options_wire_json) {
  return manager_.Close(task_id, options_wire_json);
}

ConnectResult WxCore::ConnectStomp(std::string_view options_wire_json) {
  return manager_.ConnectStomp(options_wire_json,
                               std::make_unique<JsStompEvents>(core_id_, manager_.next_task_id()));
}

double WxCore::StompSubscribe(int task_id, std::string_view call_wire_json, std::string& err_msg) {
  StompCall call = ParseStompCall(call_wire_json);
  stomp::StompSession* session = manager_.StompOf(task_id);
  if (!call.error.empty() || session == nullptr) {
    err_msg = FailMsg(stomp::api::kSubscribe,
                      call.error.empty() ? stomp::detail::kNotConnected : call.error);
    return 0;
  }
  // The ack mode travels as the header it becomes: the session writes it itself.
  std::string ack = "auto";
  auto ack_header = std::find_if(call.headers.begin(), call.headers.end(),
                                 [](const stomp::Header& header) { return header.name == "ack"; });
  if (ack_header != call.headers.end()) {
    ack = std::move(ack_header->value);
    call.headers.erase(ack_header);
  }
  stomp::StompSession::SubscribeResult result =
      session->Subscribe(call.destination, ack, call.headers);
  err_msg = std::move(result.err_msg);
  return result.id;
}

std::string WxCore::StompUnsubscribe(int task_id, double subscription) {
  stomp::StompSession* session = manager_.StompOf(task_id);
  if (session == nullptr) return FailMsg(stomp::api::kUnsubscribe, stomp::detail::kNotConnected);
  return session->Unsubscribe(static_cast<stomp::SubscriptionId>(subscription));
}

double WxCore::StompSendScratch(int task_id, std::string_view call_wire_json, bool is_text,
                                std::size_t length, std::string& err_msg) {
  const StompCall call = ParseStompCall(call_wire_json);
  stomp::StompSession* session = manager_.StompOf(task_id);
  if (!call.error.empty() || session == nullptr || length > scratch_size_) {
    err_msg = FailMsg(stomp::api::kSend, !call.error.empty()  ? std::string_view(call.error)
                                         : session == nullptr ? stomp::detail::kNotConnected
                                                              : detail::kNoMemoryForMessage);
    return 0;
  }
  const Payload body{is_text ? PayloadKind::kText : PayloadKind::kBinary,
                     std::string_view(scratch_, length)};
  SendResult result = session->Send(call.destination, call.headers, body);
  err_msg = std::move(result.err_msg);
  return result.queued_id;
}

std::string WxCore::StompAck(int task_id, std::string_view ack_id, double connection, bool nack) {
  stomp::StompSession* session = manager_.StompOf(task_id);
  if (session == nullptr) {
    return FailMsg(nack ? stomp::api::kNack : stomp::api::kAck, stomp::detail::kNotConnected);
  }
  return session->Ack(ack_id, static_cast<std::uint32_t>(connection), nack);
}

std::string WxCore::StompDisconnect(int task_id) {
  stomp::StompSession* session = manager_.StompOf(task_id);
  if (session == nullptr) return FailMsg(stomp::api::kDisconnect, stomp::detail::kNotConnected);
  return session->Disconnect();
}

int WxCore::ReadyStateOf(int task_id) const { return static_cast<int>(manager_.StateOf(task_id)); }

}  // namespace wxs
