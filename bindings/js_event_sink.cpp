#include "js_event_sink.h"

#include "err_msg.h"

extern "C" {
// boundary_library.js
void wxs_sink_open(int core, int task_id, int legacy, double connect_start_ms,
                   double connect_end_ms);
void wxs_sink_message(int core, int task_id, int legacy);
void wxs_sink_error(int core, int task_id, int legacy, const char* err_msg, int err_msg_length);
void wxs_sink_close(int core, int task_id, int legacy, int code, const char* reason,
                    int reason_length);
void wxs_sink_send_outcome(int core, int task_id, std::uint32_t message_id, const char* err_msg,
                           int err_msg_length);
void wxs_sink_kept_released(int core, int task_id, std::uint32_t below_id);
void wxs_sink_lifecycle(int core, int task_id, const char* kind, int kind_length, const char* json,
                        int json_length);
}

namespace wxs {
namespace {

int LengthOf(std::string_view text) { return static_cast<int>(text.size()); }

}  // namespace

void JsEventSink::OnOpen(int task_id, const OpenProfile& profile, bool legacy) {
  wxs_sink_open(core_id_, task_id, legacy, profile.connect_start_ms, profile.connect_end_ms);
}

void JsEventSink::OnMessage(int task_id, Payload /*message*/, bool legacy) {
  wxs_sink_message(core_id_, task_id, legacy);
}

void JsEventSink::OnError(int task_id, std::string_view err_msg, bool legacy) {
  wxs_sink_error(core_id_, task_id, legacy, err_msg.data(), LengthOf(err_msg));
}

void JsEventSink::OnClose(int task_id, int code, std::string_view reason, bool legacy) {
  wxs_sink_close(core_id_, task_id, legacy, code, reason.data(), LengthOf(reason));
}

void JsEventSink::OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) {
  // A success (the common case) passes no text: JS knows the ok message.
  const int length = IsOkMsg(err_msg) ? 0 : LengthOf(err_msg);
  wxs_sink_send_outcome(core_id_, task_id, message_id, err_msg.data(), length);
}

void JsEventSink::OnKeptReleased(int task_id, std::uint32_t below_id) {
  wxs_sink_kept_released(core_id_, task_id, below_id);
}

void JsEventSink::OnLifecycle(int task_id, std::string_view kind, std::string_view result_json) {
  wxs_sink_lifecycle(core_id_, task_id, kind.data(), LengthOf(kind), result_json.data(),
                     LengthOf(result_json));
}

}  // namespace wxs
