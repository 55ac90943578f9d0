#include "wx_core.h"

#include "err_msg.h"
#include "send_rejection.h"

namespace wxs {
namespace {

WxConfig ConfigOrDefaults(std::string_view wire_json, std::string& error) {
  ParsedConfig parsed = ParseWxConfig(wire_json);
  error = parsed.error;
  return error.empty() ? parsed.config : WxConfig{};
}

}  // namespace

WxCore::WxCore(int core_id, std::string_view config_wire_json)
    : sink_(core_id),
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

double WxCore::SendScratch(int task_id, bool is_text, std::size_t length) {
  if (length > scratch_size_) {
    last_send_error_ = FailMsg(api::kSendSocketMessage, detail::kNoMemoryForMessage);
    return -1;
  }
  const std::string_view bytes(scratch_, length);
  SendResult result =
      manager_.Send(task_id, Payload{is_text ? PayloadKind::kText : PayloadKind::kBinary, bytes});
  if (result.queued_id != 0) return result.queued_id;
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

int WxCore::ReadyStateOf(int task_id) const { return static_cast<int>(manager_.StateOf(task_id)); }

}  // namespace wxs
