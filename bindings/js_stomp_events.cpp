#include "js_stomp_events.h"

#include <string>

extern "C" {
// boundary_library.js
void wxs_stomp_on_connect(int core, int task_id, const char* headers, int headers_length);
void wxs_stomp_on_message(int core, int task_id, std::uint32_t subscription,
                          std::uint32_t connection, const char* headers, int headers_length,
                          const char* body, int body_length);
void wxs_stomp_on_error(int core, int task_id, const char* message, int message_length,
                        int has_frame, const char* headers, int headers_length, const char* body,
                        int body_length);
void wxs_sink_send_outcome(int core, int task_id, std::uint32_t message_id, const char* err_msg,
                           int err_msg_length);
void wxs_stomp_on_disconnect(int core, int task_id, const char* err_msg, int err_msg_length);
}

namespace wxs {
namespace {

int LengthOf(std::string_view text) { return static_cast<int>(text.size()); }

std::string HeaderText(const stomp::Frame& frame) {
  std::string text;
  for (const stomp::Header& header : frame.headers) {
    text += header.name;
    text += '\0';
    text += header.value;
    text += '\0';
  }
  return text;
}

}  // namespace

void JsStompEvents::OnStompConnect(const stomp::Frame& connected) {
  const std::string headers = HeaderText(connected);
  wxs_stomp_on_connect(core_id_, task_id_, headers.data(), LengthOf(headers));
}

void JsStompEvents::OnStompMessage(stomp::SubscriptionId subscription, const stomp::Frame& message,
                                   std::uint32_t connection) {
  const std::string headers = HeaderText(message);
  wxs_stomp_on_message(core_id_, task_id_, subscription, connection, headers.data(),
                       LengthOf(headers), message.body.data(), LengthOf(message.body));
}

void JsStompEvents::OnStompError(std::string_view message, const stomp::Frame* frame) {
  const std::string headers = frame != nullptr ? HeaderText(*frame) : std::string();
  const std::string_view body = frame != nullptr ? std::string_view(frame->body) : "";
  wxs_stomp_on_error(core_id_, task_id_, message.data(), LengthOf(message), frame != nullptr,
                     headers.data(), LengthOf(headers), body.data(), LengthOf(body));
}

// The task's outcome import: a STOMP task's own queue outcomes stay in its session, so its SEND
// ids are free to use the same (task, id) keys. The text always crosses: it is not the task's ok.
void JsStompEvents::OnStompSendOutcome(stomp::SendId id, std::string_view err_msg) {
  wxs_sink_send_outcome(core_id_, task_id_, id, err_msg.data(), LengthOf(err_msg));
}

void JsStompEvents::OnStompDisconnect(std::string_view err_msg) {
  wxs_stomp_on_disconnect(core_id_, task_id_, err_msg.data(), LengthOf(err_msg));
}

}  // namespace wxs
