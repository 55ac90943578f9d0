#include "wx_core.h"

#include "err_msg.h"
#include "send_rejection.h"

namespace wxs {
namespace {

WxConfig ConfigOrDefaults(const std::string& wire_json, std::string& error) {
  ParsedConfig parsed = ParseWxConfig(wire_json);
  error = parsed.error;
  return error.empty() ? parsed.config : WxConfig{};
}

}  // namespace

WxCore::WxCore(emscripten::val sink, const std::string& config_wire_json)
    : sink_(std::move(sink)),
      manager_(ConfigOrDefaults(config_wire_json, config_error_), transports_, timers_, clock_,
               random_, sink_) {}

ConnectResult WxCore::Connect(const std::string& options_wire_json) {
  return manager_.Connect(options_wire_json);
}

SendResult WxCore::SendText(int task_id, const std::string& utf8) {
  return manager_.Send(task_id, Payload{PayloadKind::kText, utf8});
}

SendResult WxCore::SendBinary(int task_id, const std::string& bytes) {
  return manager_.Send(task_id, Payload{PayloadKind::kBinary, bytes});
}

std::string WxCore::RejectSend(const std::string& options_wire_json) {
  return FailMsg(api::kSendSocketMessage, ExplainSendRejection(options_wire_json));
}

std::string WxCore::Close(int task_id, const std::string& options_wire_json) {
  return manager_.Close(task_id, options_wire_json);
}

int WxCore::ReadyStateOf(int task_id) const { return static_cast<int>(manager_.StateOf(task_id)); }

}  // namespace wxs
