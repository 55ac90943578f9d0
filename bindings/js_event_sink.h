// EventSink that forwards task events to a JS object with open/message/error/close methods
// (web/session.mjs). That object catches listener exceptions, so none unwinds through wasm.
#pragma once

#include <emscripten/val.h>

#include "event_sink.h"

namespace wxs {

class JsEventSink final : public EventSink {
 public:
  explicit JsEventSink(emscripten::val target) : target_(std::move(target)) {}

  void OnOpen(int task_id, const OpenProfile& profile, bool legacy) override;
  // JS delivers the browser's own message object (Module.wxsInboundMessage()), so the bytes
  // the core saw do not travel back.
  void OnMessage(int task_id, Payload message, bool legacy) override;
  void OnError(int task_id, std::string_view err_msg, bool legacy) override;
  void OnClose(int task_id, int code, std::string_view reason, bool legacy) override;
  void OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) override;
  void OnLifecycle(int task_id, std::string_view kind, std::string_view result_json) override;

 private:
  emscripten::val target_;
};

}  // namespace wxs
