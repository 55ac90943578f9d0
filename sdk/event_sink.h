// Where task events leave the core: the JS layer in the browser, a recorder in tests.
#pragma once

#include <cstdint>
#include <string_view>

#include "payload.h"

namespace wxs {

// Timestamps on the core's clock, for SocketTask.onOpen's `profile`.
struct OpenProfile {
  double connect_start_ms;
  double connect_end_ms;
};

// `legacy` is true when the task is the one the global wx.onSocket* listeners follow (the newest
// live task, as in WeChat).
class EventSink {
 public:
  virtual void OnOpen(int task_id, const OpenProfile& profile, bool legacy) = 0;
  virtual void OnMessage(int task_id, Payload message, bool legacy) = 0;
  virtual void OnError(int task_id, std::string_view err_msg, bool legacy) = 0;
  virtual void OnClose(int task_id, int code, std::string_view reason, bool legacy) = 0;
  // The final outcome of a message that waited in the send queue (see send_queue.h).
  virtual void OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) = 0;
  // Every queued message older than `below_id` is settled: the payloads kept for them may go,
  // those nobody awaits included, whose outcomes are not reported one by one.
  virtual void OnKeptReleased(int task_id, std::uint32_t below_id) = 0;
  // Events beyond WeChat's ("stateChange", "reconnecting", "reconnected", "reconnectFailed"),
  // with their result object as JSON text.
  virtual void OnLifecycle(int task_id, std::string_view kind, std::string_view result_json) = 0;

 protected:
  ~EventSink() = default;
};

}  // namespace wxs
