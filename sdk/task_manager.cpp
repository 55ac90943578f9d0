#include "task_manager.h"

#include <algorithm>

#include "err_msg.h"
#include "stomp/err_msgs.h"
#include "stomp/stomp_options.h"

namespace wxs {

TaskManager::TaskManager(WxConfig config, TransportFactory& transports, Timers& timers,
                         const Clock& clock, Random& random, EventSink& sink)
    : config_(std::move(config)),
      heartbeat_timers_(timers, clock),
      services_{transports, timers, heartbeat_timers_, clock, random, *this},
      sink_(sink),
      release_timer_(timers) {}

TaskManager::~TaskManager() = default;

ConnectResult TaskManager::Connect(std::string_view options_wire_json) {
  const int task_id = next_task_id_++;
  auto task = std::make_unique<SocketTask>(task_id, services_);
  ParsedConnect parsed = ParseConnectOptions(options_wire_json, config_);
  ConnectResult result = Admit(*task, parsed.options, std::move(parsed.error), api::kConnectSocket);
  tasks_.emplace(task_id, Entry{nullptr, nullptr, std::move(task)});
  legacy_task_id_ = task_id;
  return result;
}

ConnectResult TaskManager::ConnectStomp(std::string_view options_wire_json,
                                        std::unique_ptr<StompEvents> events) {
  const int task_id = next_task_id_++;
  stomp::ParsedStomp parsed = stomp::ParseStompOptions(options_wire_json, config_);
  auto session = std::make_unique<stomp::StompSession>(
      parsed.options, static_cast<TaskListener&>(*this), services_.clock, services_.timers,
      services_.random, *events);
  auto task = std::make_unique<SocketTask>(
      task_id, TaskServices{services_.transports, services_.timers, services_.heartbeat_timers,
                            services_.clock, services_.random, session->task_listener()});
  session->Attach(*task);
  parsed.options.connect.request.reads_every_message = true;  // every message is a frame
  ConnectResult result =
      Admit(*task, parsed.options.connect, std::move(parsed.error), stomp::api::kConnect);
  tasks_.emplace(task_id, Entry{std::move(events), std::move(session), std::move(task)});
  return result;
}

stomp::StompSession* TaskManager::StompOf(int task_id) const {
  auto found = tasks_.find(task_id);
  return found == tasks_.end() ? nullptr : found->second.stomp.get();
}

ConnectResult TaskManager::Admit(SocketTask& task, const ConnectOptions& options, std::string error,
                                 std::string_view api_name) {
  ConnectResult result;
  result.task_id = task.id();
  if (error.empty() && LiveConnections() >= config_.max_connections) {
    // As std::size_t, like the counts: one to_string overload less in the download (64 B).
    error = "exceed max concurrent count " +
            std::to_string(static_cast<std::size_t>(config_.max_connections));
  }
  if (error.empty()) error = task.Start(options);
  if (error.empty()) {
    result.err_msg = OkMsg(api_name);
    result.warning = WarnOnce(options.unsupported_fields);
  } else {
    result.err_msg = FailMsg(api_name, error);
    task.Reject(result.err_msg);
  }
  return result;
}

SendResult TaskManager::Send(int task_id, Payload message, bool timers_may_lag) {
  SocketTask* task = Find(task_id);
  if (task == nullptr) return {FailMsg(api::kSendSocketMessage, detail::kNotConnected), 0};
  // Bytes of the app's own between the session's frames would break the STOMP stream.
  if (StompOf(task_id) != nullptr) {
    return {FailMsg(api::kSendSocketMessage,
                    "the task carries a STOMP session: send with the client's send()"),
            0};
  }
  return task->Send(message, timers_may_lag);
}

void TaskManager::ProbeAll() {
  for (const auto& entry : tasks_) entry.second.task->Probe();
}

std::uint64_t TaskManager::BufferedAmountOf(int task_id) const {
  const SocketTask* task = Find(task_id);
  return task == nullptr ? 0 : task->buffered_amount();
}

std::string TaskManager::StatsJson(int task_id) const {
  SocketTask* task = Find(task_id);
  return task == nullptr ? "null" : task->StatsJson();
}

std::string TaskManager::Close(int task_id, std::string_view options_wire_json) {
  ParsedClose parsed = ParseCloseRequest(options_wire_json);
  if (!parsed.error.empty()) return FailMsg(api::kCloseSocket, parsed.error);
  SocketTask* task = Find(task_id);
  if (task == nullptr) return FailMsg(api::kCloseSocket, detail::kNotConnected);
  return task->Close(parsed.request);
}

ReadyState TaskManager::StateOf(int task_id) const {
  SocketTask* task = Find(task_id);
  return task == nullptr ? ReadyState::kClosed : task->state();
}

int TaskManager::LiveConnections() const {
  return static_cast<int>(std::count_if(
      tasks_.begin(), tasks_.end(), [](const auto& entry) { return entry.second.task->live(); }));
}

SocketTask* TaskManager::Find(int task_id) const {
  auto found = tasks_.find(task_id);
  return found == tasks_.end() ? nullptr : found->second.task.get();
}

std::string TaskManager::WarnOnce(const std::vector<std::string>& unsupported_fields) {
  std::string fresh;
  for (const std::string& field : unsupported_fields) {
    if (!warned_fields_.insert(field).second) continue;
    fresh += (fresh.empty() ? "" : ", ") + field;
  }
  if (fresh.empty()) return {};
  return "wx-socket-wasm: connectSocket option(s) " + fresh +
         " cannot be honoured by a browser and are ignored (see the README's API table)";
}

void TaskManager::OnTaskOpen(int task_id, const OpenProfile& profile) {
  sink_.OnOpen(task_id, profile, task_id == legacy_task_id_);
}

void TaskManager::OnTaskMessage(int task_id, Payload message) {
  sink_.OnMessage(task_id, message, task_id == legacy_task_id_);
}

void TaskManager::OnTaskError(int task_id, std::string_view err_msg) {
  sink_.OnError(task_id, err_msg, task_id == legacy_task_id_);
}

void TaskManager::OnTaskClose(int task_id, int code, std::string_view reason) {
  sink_.OnClose(task_id, code, reason, task_id == legacy_task_id_);
  // The legacy API moves to the newest task that is still to report its close.
  if (legacy_task_id_ == task_id) {
    auto newest = std::find_if(tasks_.rbegin(), tasks_.rend(), [this](const auto& entry) {
      return !entry.second.task->close_reported() && !entry.second.stomp;
    });
    legacy_task_id_ = newest == tasks_.rend() ? 0 : newest->first;
  }
  // Released on the next tick: the task is still on the call stack here.
  if (!release_timer_.pending()) release_timer_.Start(0, [this] { ReleaseClosedTasks(); });
}

void TaskManager::OnTaskSendOutcome(int task_id, MessageId id, std::string_view err_msg) {
  sink_.OnSendOutcome(task_id, id, err_msg);
}

void TaskManager::OnTaskKeptReleased(int task_id, MessageId below) {
  sink_.OnKeptReleased(task_id, below);
}

void TaskManager::OnTaskLifecycle(int task_id, std::string_view kind, std::string_view json) {
  sink_.OnLifecycle(task_id, kind, json);
}

void TaskManager::ReleaseClosedTasks() {
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    it = it->second.task->close_reported() ? tasks_.erase(it) : std::next(it);
  }
}

}  // namespace wxs
