// An EventSink that writes each event as one line of text, so tests compare whole sequences.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "event_sink.h"

namespace wxs::testing {

class RecordingSink final : public EventSink {
 public:
  void OnOpen(int task_id, const OpenProfile& profile, bool legacy) override {
    last_profile = profile;
    Record(task_id, legacy, "open");
    if (on_open) on_open(task_id);
  }
  void OnMessage(int task_id, Payload message, bool legacy) override {
    Record(task_id, legacy,
           std::string(message.kind == PayloadKind::kText ? "text " : "binary ") +
               std::string(message.bytes));
  }
  void OnError(int task_id, std::string_view err_msg, bool legacy) override {
    Record(task_id, legacy, "error " + std::string(err_msg));
    if (on_error) on_error(task_id);
  }
  void OnClose(int task_id, int code, std::string_view reason, bool legacy) override {
    Record(task_id, legacy, "close " + std::to_string(code) + " " + std::string(reason));
    if (on_close) on_close(task_id);
  }

  void OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) override {
    Record(task_id, false, "outcome #" + std::to_string(message_id) + " " + std::string(err_msg));
    if (on_send_outcome) on_send_outcome(task_id);
  }
  // Not recorded as an event: sequences follow what the app sees.
  void OnKeptReleased(int task_id, std::uint32_t below_id) override {
    kept_released_below[task_id] = below_id;
    ++kept_released_reports;
  }
  void OnLifecycle(int task_id, std::string_view kind, std::string_view json) override {
    if (kind != "stateChange" || record_state_changes) {
      Record(task_id, false, std::string(kind) + " " + std::string(json));
    }
    if (on_lifecycle) on_lifecycle(task_id, kind, json);
  }

  // Returns the events recorded since the last call.
  std::vector<std::string> Take() { return std::exchange(events, {}); }

  std::vector<std::string> events;
  OpenProfile last_profile{};
  std::function<void(int)> on_close;         // lets a test act from inside a close listener
  std::function<void(int)> on_open;          // ...or from inside an open listener
  std::function<void(int)> on_error;         // ...or an error listener
  std::function<void(int)> on_send_outcome;  // ...or a send's callback
  std::function<void(int, std::string_view kind, std::string_view json)> on_lifecycle;
  bool record_state_changes = false;                 // most tests follow the WeChat events only
  std::map<int, std::uint32_t> kept_released_below;  // task id -> the last OnKeptReleased
  int kept_released_reports = 0;

 private:
  void Record(int task_id, bool legacy, const std::string& what) {
    events.push_back(std::to_string(task_id) + (legacy ? " [legacy] " : " ") + what);
  }
};

}  // namespace wxs::testing
