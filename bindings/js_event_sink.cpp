#include "js_event_sink.h"

#include <string>

#include "err_msg.h"

extern "C" {
// js_event_sink_library.js
void wxs_sink_message(emscripten::EM_VAL sink, int task_id, int legacy);
void wxs_sink_send_outcome(emscripten::EM_VAL sink, int task_id, std::uint32_t message_id,
                           const char* err_msg, int err_msg_length);
}

namespace wxs {

void JsEventSink::OnOpen(int task_id, const OpenProfile& profile, bool legacy) {
  target_.call<void>("open", task_id, legacy, profile.connect_start_ms, profile.connect_end_ms);
}

void JsEventSink::OnMessage(int task_id, Payload /*message*/, bool legacy) {
  wxs_sink_message(target_.as_handle(), task_id, legacy ? 1 : 0);
}

void JsEventSink::OnError(int task_id, std::string_view err_msg, bool legacy) {
  target_.call<void>("error", task_id, legacy, std::string(err_msg));
}

void JsEventSink::OnClose(int task_id, int code, std::string_view reason, bool legacy) {
  target_.call<void>("close", task_id, legacy, code, std::string(reason));
}

void JsEventSink::OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) {
  const bool ok = IsOkMsg(err_msg);
  wxs_sink_send_outcome(target_.as_handle(), task_id, message_id, err_msg.data(),
                        ok ? 0 : static_cast<int>(err_msg.size()));
}

void JsEventSink::OnLifecycle(int task_id, std::string_view kind, std::string_view result_json) {
  target_.call<void>("lifecycle", task_id, std::string(kind), std::string(result_json));
}

}  // namespace wxs
