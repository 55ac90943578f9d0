// One SocketTask's connection state machine. It reacts to transport events, its timer and the
// app's send/close calls, and reports to a TaskListener; it never touches the platform itself.
//
//   CONNECTING --open--> OPEN --app close--> CLOSING --transport close--> CLOSED
//   CONNECTING --error--> CLOSING (error reported) --transport close--> CLOSED
//   CONNECTING --timeout--> CLOSED (error + close reported, transport dropped)
//   CONNECTING --app close--> CLOSING (the browser's own error is ours, not reported)
//   OPEN --transport close--> CLOSED        rejected by validation: CLOSED, error + close next tick
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "clock.h"
#include "close_request.h"
#include "connect_options.h"
#include "event_sink.h"
#include "payload.h"
#include "ready_state.h"
#include "timers.h"
#include "transport.h"

namespace wxs {

// What a task reports, by task id. The TaskManager listens and adds the legacy routing.
class TaskListener {
 public:
  virtual void OnTaskOpen(int task_id, const OpenProfile& profile) = 0;
  virtual void OnTaskMessage(int task_id, Payload message) = 0;
  virtual void OnTaskError(int task_id, std::string_view err_msg) = 0;
  virtual void OnTaskClose(int task_id, int code, std::string_view reason) = 0;

 protected:
  ~TaskListener() = default;
};

struct TaskServices {
  TransportFactory& transports;
  Timers& timers;
  const Clock& clock;
  TaskListener& listener;
};

class SocketTask final : private TransportEvents {
 public:
  // The close code a task reports when the SDK, not a server, ended the connection.
  static constexpr int kAbnormalClosure = 1006;

  SocketTask(int id, TaskServices services);
  ~SocketTask();
  SocketTask(const SocketTask&) = delete;
  SocketTask& operator=(const SocketTask&) = delete;

  // Opens the connection. Returns the platform's refusal, or empty when the attempt is under way.
  std::string Start(const ConnectOptions& options);
  // The connection is never attempted: onError(err_msg) then onClose follow on the next tick.
  void Reject(std::string err_msg);

  // Both return the errMsg for the call's callbacks.
  std::string Send(Payload message);
  std::string Close(const CloseRequest& request);

  int id() const { return id_; }
  ReadyState state() const { return state_; }
  // A live task holds one of the wx object's connection slots.
  bool live() const { return state_ != ReadyState::kClosed; }
  bool close_reported() const { return close_reported_; }

 private:
  void OnTransportOpen() override;
  void OnTransportMessage(Payload message) override;
  void OnTransportError() override;
  void OnTransportClose(int code, std::string_view reason) override;

  void OnDeadline();
  // Drops the transport, enters CLOSED and reports the close.
  void Finish(int code, std::string_view reason);

  const int id_;
  TaskServices services_;
  ReadyState state_ = ReadyState::kConnecting;
  std::unique_ptr<Transport> transport_;
  Timer deadline_;  // connect timeout, then a bound on a close the browser never confirms
  double connect_start_ms_ = 0;
  double timeout_ms_ = 0;
  // Set when the app closed before open: the browser then reports a failure we caused.
  bool closed_before_open_ = false;
  CloseRequest app_close_;
  bool close_reported_ = false;
};

}  // namespace wxs
