// EventSink that forwards task events to the JS object registered for its core
// (web/session.mjs through web/core.mjs), through plain imports (boundary_library.js). Text
// crosses as (address, byte length) and is decoded before any JS listener runs. The JS object
// catches listener exceptions, so none unwinds through wasm.
#pragma once

#include "event_sink.h"

namespace wxs {

class JsEventSink final : public EventSink {
 public:
  explicit JsEventSink(int core_id) : core_id_(core_id) {}

  void OnOpen(int task_id, const OpenProfile& profile, bool legacy) override;
  // JS delivers the browser's own message object (Module.wxsInboundMessage()), so the bytes
  // the core saw do not travel back.
  void OnMessage(int task_id, Payload message, bool legacy) override;
  void OnError(int task_id, std::string_view err_msg, bool legacy) override;
  void OnClose(int task_id, int code, std::string_view reason, bool legacy) override;
  void OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) override;
  void OnKeptReleased(int task_id, std::uint32_t below_id) override;
  void OnLifecycle(int task_id, std::string_view kind, std::string_view result_json) override;

 private:
  const int core_id_;
};

}  // namespace wxs
