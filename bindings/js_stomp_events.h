// A STOMP client's session events, to the JS object registered for its core (web/session.mjs),
// through plain imports (boundary_library.js). Headers cross as one text, "name\0value\0" per
// header in wire order (an unescaped STOMP header holds no NUL); a body as (address, length),
// which JS reads before returning (it decides text or ArrayBuffer, web/stomp-client.mjs).
#pragma once

#include "task_manager.h"

namespace wxs {

class JsStompEvents final : public StompEvents {
 public:
  JsStompEvents(int core_id, int task_id) : core_id_(core_id), task_id_(task_id) {}

  void OnStompConnect(const stomp::Frame& connected) override;
  void OnStompMessage(stomp::SubscriptionId subscription, const stomp::Frame& message,
                      std::uint32_t connection) override;
  void OnStompError(std::string_view message, const stomp::Frame* frame) override;
  void OnStompSendOutcome(stomp::SendId id, std::string_view err_msg) override;
  void OnStompDisconnect(std::string_view err_msg) override;

 private:
  const int core_id_;
  const int task_id_;
};

}  // namespace wxs
