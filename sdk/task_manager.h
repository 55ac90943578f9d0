// The one owner of a wx object's SocketTasks (and of the STOMP sessions on some of them): it
// creates them, enforces the connection limit,
// decides which task the legacy wx.onSocket* / sendSocketMessage / closeSocket follow (the
// newest live one, as WeChat does), and releases each task once its close has been reported.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "event_sink.h"
#include "random.h"
#include "shared_timers.h"
#include "socket_task.h"
#include "stomp/session.h"
#include "wx_config.h"

namespace wxs {

// A STOMP client's session events, owned by the manager with the session they listen to.
class StompEvents : public stomp::SessionEvents {
 public:
  virtual ~StompEvents() = default;
};

struct ConnectResult {
  int task_id = 0;
  std::string err_msg;  // "connectSocket:ok" or "connectSocket:fail ..."
  std::string warning;  // options a browser cannot honour, named once per wx object
};

class TaskManager final : private TaskListener {
 public:
  TaskManager(WxConfig config, TransportFactory& transports, Timers& timers, const Clock& clock,
              Random& random, EventSink& sink);
  ~TaskManager();
  TaskManager(const TaskManager&) = delete;
  TaskManager& operator=(const TaskManager&) = delete;

  // Always creates a task; a rejected one reports onError and onClose on the next tick.
  ConnectResult Connect(std::string_view options_wire_json);
  // SocketTask.send for a payload the web layer could send (see send_rejection.h for the
  // others): final now, or queued. Task id 0 or a released task: "not connected".
  SendResult Send(int task_id, Payload message, bool timers_may_lag = true);
  std::string Close(int task_id, std::string_view options_wire_json);

  // The id the next Connect or ConnectStomp gives its task (for the events of a STOMP client).
  int next_task_id() const { return next_task_id_; }
  // wx.connectStomp: a task whose listener is a StompSession forwarding to this manager, counted
  // against maxConnections and released like any task. The legacy wx.onSocket* API never
  // follows it (its messages are STOMP frames). errMsg "connectStomp:ok" or "...:fail ...".
  ConnectResult ConnectStomp(std::string_view options_wire_json,
                             std::unique_ptr<StompEvents> events);
  // The session of a STOMP task, or nullptr (another kind of task, or released).
  stomp::StompSession* StompOf(int task_id) const;

  // Every open task with a heartbeat pings now (the page became visible, the browser online).
  void ProbeAll();

  ReadyState StateOf(int task_id) const;
  // SocketTask.bufferedAmount: bytes the browser holds unwritten; 0 without a connection.
  std::uint64_t BufferedAmountOf(int task_id) const;
  // SocketTask.getStats() as JSON text; "null" for a released task.
  std::string StatsJson(int task_id) const;
  // The newest task whose close has not been reported yet, or 0.
  int legacy_task_id() const { return legacy_task_id_; }
  int LiveConnections() const;
  // Tasks still held in memory, live or waiting for release.
  std::size_t held_tasks() const { return tasks_.size(); }

 private:
  void OnTaskOpen(int task_id, const OpenProfile& profile) override;
  void OnTaskMessage(int task_id, Payload message) override;
  void OnTaskError(int task_id, std::string_view err_msg) override;
  void OnTaskClose(int task_id, int code, std::string_view reason) override;
  void OnTaskSendOutcome(int task_id, MessageId id, std::string_view err_msg) override;
  void OnTaskKeptReleased(int task_id, MessageId below) override;
  void OnTaskLifecycle(int task_id, std::string_view kind, std::string_view json) override;

  // A task, and for a STOMP task the session listening to it and the session's events. One map
  // of these (not a second map for STOMP) keeps the wasm smaller.
  struct Entry {
    std::unique_ptr<StompEvents> stomp_events;
    std::unique_ptr<stomp::StompSession> stomp;
    std::unique_ptr<SocketTask> task;  // last: destroyed first, while what it listens to exists
  };

  // Starts `task` unless `error` is set or every slot is taken; rejects it otherwise.
  ConnectResult Admit(SocketTask& task, const ConnectOptions& options, std::string error,
                      std::string_view api_name);
  SocketTask* Find(int task_id) const;
  std::string WarnOnce(const std::vector<std::string>& unsupported_fields);
  void ReleaseClosedTasks();

  const WxConfig config_;
  SharedTimers heartbeat_timers_;
  TaskServices services_;
  EventSink& sink_;
  std::map<int, Entry> tasks_;
  int next_task_id_ = 1;
  int legacy_task_id_ = 0;
  std::set<std::string> warned_fields_;
  Timer release_timer_;
};

}  // namespace wxs
