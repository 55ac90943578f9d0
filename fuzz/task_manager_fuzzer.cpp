// libFuzzer target for the task state machine: one TaskManager driven by a sequence of API calls
// (connectSocket, send, close, probes) and browser events (open, message, close, failure,
// writes, timers held back), decoded from the input, with listeners that call back into the
// manager while it is inside an event. scripts/fuzz.sh builds and runs it; ctest replays the
// seeds. Time is tests/native's virtual clock (monotonic); sockets are browser_like_transport.h.
//
// Checked after every step, besides the sanitizers:
// - exactly one outcome per queued message, never before send() returned its id, never after
//   the task's onClose;
// - at most maxConnections live tasks, and at most that many browser sockets not closed;
// - onClose once per task, and no event for a task after its onClose;
// and at the end, after closing every task and letting time run out: every task reported
// onClose, every queued message has its outcome, no task, socket or timer is left.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "browser_like_transport.h"
#include "fuzz_input.h"
#include "fuzz_require.h"
#include "task_manager.h"
#include "virtual_time.h"

using namespace wxs;
using wxs::fuzz::BrowserLikeNetwork;
using wxs::fuzz::BrowserSocket;
using wxs::fuzz::FuzzInput;
using wxs::fuzz::Require;

namespace {

class InputRandom final : public Random {
 public:
  explicit InputRandom(FuzzInput& input) : input_(input) {}
  double Next01() override { return input_.Byte() / 256.0; }

 private:
  FuzzInput& input_;
};

class Driver;

// Records what the app sees, checks it, and lets the input re-enter the manager from inside.
class CheckingSink final : public EventSink {
 public:
  explicit CheckingSink(Driver& driver) : driver_(driver) {}
  void OnOpen(int task_id, const OpenProfile&, bool) override { Event(task_id); }
  void OnMessage(int task_id, Payload, bool) override { Event(task_id); }
  void OnError(int task_id, std::string_view, bool) override { Event(task_id); }
  void OnClose(int task_id, int, std::string_view, bool) override;
  void OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view err_msg) override;
  void OnKeptReleased(int task_id, std::uint32_t below_id) override {
    Require(below_id >= kept_released_below[task_id], "a kept payload released, then kept again");
    kept_released_below[task_id] = below_id;
  }
  void OnLifecycle(int task_id, std::string_view, std::string_view) override { Event(task_id); }

  std::map<int, std::uint32_t> kept_released_below;
  // Queued kept messages nobody awaits: (task, id), never reported, released in the end.
  std::set<std::pair<int, std::uint32_t>> unreported;
  // Queued messages: (task, id) -> outcomes so far.
  std::map<std::pair<int, std::uint32_t>, int> outcomes;
  std::map<int, int> closes;

 private:
  void Event(int task_id);
  Driver& driver_;
};

class Driver {
 public:
  explicit Driver(FuzzInput& input)
      : input_(input),
        random_(input),
        config_(ReadConfig(input)),
        sink_(*this),
        network_(sink_.kept_released_below),
        manager_(config_, network_, time_, time_, random_, sink_) {}

  void Run() {
    int steps = 0;
    while (!input_.empty() && steps++ < 400) {
      Step(/*depth=*/0);
      CheckLimits();
    }
    CloseEverything();
  }

  // From a listener: maybe call back into the manager (bounded, so every input ends).
  void MaybeReenter() {
    if (closing_everything_ || depth_ >= 3 || reentries_ >= 200 || input_.Below(4) != 0) return;
    ++reentries_;
    ++depth_;
    Step(depth_);
    --depth_;
  }

  bool closing_everything() const { return closing_everything_; }

 private:
  static WxConfig ReadConfig(FuzzInput& input) {
    WxConfig config;
    config.max_connections = 1 + static_cast<int>(input.Below(6));
    config.connect_timeout_ms = 10 + 10.0 * input.Below(100);
    return config;
  }

  int PickTask() {
    if (tasks_.empty() || input_.Below(16) == 0) return static_cast<int>(input_.Below(3));
    return tasks_[input_.Below(tasks_.size())];
  }
  BrowserSocket* PickSocket() {
    if (network_.count() == 0) return nullptr;
    return &network_.at(network_.count() - 1 -
                        input_.Below(std::min<std::size_t>(network_.count(), 8)));
  }

  std::string ConnectOptions() {
    nlohmann::json options = {{"url", input_.Below(16) == 0 ? "ftp://x" : "wss://example.com/"}};
    const std::uint8_t features = input_.Byte();
    if (features & 1) {
      options["queue"] = {{"maxMessages", 1 + input_.Below(8)},
                          {"maxBytes", 1 + input_.Word()},
                          {"highWaterMark", 1 + input_.Word()},
                          {"overflow", input_.Bit() ? "drop-oldest" : "reject-newest"},
                          {"ttlMs", input_.Below(4) * 50}};
    }
    if (features & 2) {
      options["heartbeat"] = {{"intervalMs", 20 + input_.Byte()},
                              {"timeoutMs", 1 + input_.Byte()},
                              {"probeTimeoutMs", 1 + input_.Byte()}};
    }
    if (features & 4) {
      const int min_delay = 1 + input_.Byte();
      options["reconnect"] = {{"minDelayMs", min_delay},
                              {"maxDelayMs", min_delay + input_.Byte()},
                              {"maxAttempts", input_.Below(4)},
                              {"minUptimeMs", input_.Below(4) * 100}};
    }
    if (features & 8) options["timeout"] = 1 + input_.Byte();
    if (features & 16) options["protocols"] = {"a", "b"};
    return options.dump();
  }

  std::string CloseOptions() {
    switch (input_.Below(6)) {
      case 0:
        return R"({"__wxType":"Undefined"})";
      case 1:
        return R"({"code":1000,"reason":"done"})";
      case 2:
        return R"({"code":4001})";
      case 3:
        return R"({"code":1001})";  // refused: the browser would throw
      case 4:
        return R"({"reason":")" + std::string(130, 'r') + R"("})";  // refused: too long
      default:
        return "{}";
    }
  }

  void Step(int depth) {
    switch (input_.Below(16)) {
      case 0:
      case 1: {
        const ConnectResult result = manager_.Connect(ConnectOptions());
        tasks_.push_back(result.task_id);
        break;
      }
      case 2:
      case 3: {
        const int task = PickTask();
        const std::string bytes(input_.Below(64) * input_.Below(64), 'm');
        const PayloadKind kind = input_.Bit() ? PayloadKind::kText : PayloadKind::kBinary;
        // As the browser library sends an app's payload: kept by the platform, its outcome
        // awaited only if the app gave callbacks.
        Payload message = Payload{kind, bytes};
        if (input_.Bit()) {
          message = Payload::Kept(kind, bytes.size());
          message.outcome_awaited = input_.Bit();
        }
        const SendResult result = manager_.Send(task, message);
        if (result.queued_id != 0) {
          Require(result.err_msg.empty(), "a queued message with a final errMsg");
          const auto key = std::make_pair(task, result.queued_id);
          const bool reported = message.outcome_awaited || !message.kept;
          const bool fresh = reported ? sink_.outcomes.emplace(key, 0).second
                                      : sink_.unreported.insert(key).second;
          Require(fresh && sink_.outcomes.count(key) + sink_.unreported.count(key) == 1,
                  "a queued id handed out twice");
        } else {
          Require(!result.err_msg.empty(), "a send with neither errMsg nor id");
        }
        break;
      }
      case 4:
        manager_.Close(PickTask(), CloseOptions());
        break;
      case 5:
        manager_.ProbeAll();
        break;
      case 6:
        manager_.StateOf(PickTask());
        manager_.BufferedAmountOf(PickTask());
        Require(
            !nlohmann::json::parse(manager_.StatsJson(PickTask()), nullptr, false).is_discarded(),
            "getStats is not JSON");
        break;
      default:
        // Only the event loop delivers browser events and timers: never from inside a listener.
        if (depth == 0) EventLoopStep();
        break;
    }
  }

  void EventLoopStep() {
    switch (input_.Below(10)) {
      case 0:
        time_.Advance(input_.Byte());
        break;
      case 1:
        time_.Advance(10.0 * input_.Byte());
        break;
      case 2:
        time_.Jump(10.0 * input_.Byte());  // a throttled tab: timers held back...
        time_.Tick();                      // ...then run late
        break;
      case 3:
        if (BrowserSocket* socket = PickSocket()) network_.Accept(*socket);
        break;
      case 4:
        if (BrowserSocket* socket = PickSocket()) {
          const bool pong = input_.Bit();
          network_.Deliver(*socket, Payload{PayloadKind::kText, pong ? "pong" : input_.Bytes(32)});
        }
        break;
      case 5:
        if (BrowserSocket* socket = PickSocket()) {
          static constexpr int kCodes[] = {1000, 1001, 1005, 1006, 1008, 1011, 3000, 4000, 4999};
          network_.CloseFromServer(*socket, kCodes[input_.Below(9)], input_.Bit());
        }
        break;
      case 6:
        if (BrowserSocket* socket = PickSocket()) network_.Fail(*socket);
        break;
      case 7:
        if (BrowserSocket* socket = PickSocket()) network_.Write(*socket, input_.Word());
        break;
      case 8:
        network_.RefuseNext();
        break;
      default:
        time_.Tick();
        break;
    }
  }

  void CheckLimits() const {
    Require(manager_.LiveConnections() <= config_.max_connections,
            "more live tasks than maxConnections");
    Require(network_.live() <= static_cast<std::size_t>(config_.max_connections),
            "more browser sockets than maxConnections");
  }

  // Every task is closed; the server never answers, so each close ends by its deadline.
  void CloseEverything() {
    closing_everything_ = true;
    for (int task : tasks_) manager_.Close(task, "{}");
    for (int round = 0; round < 4 && time_.pending_count() > 0; ++round) {
      time_.Advance(config_.connect_timeout_ms + kLongestCallTimeoutMs);
    }
    CheckLimits();
    Require(manager_.held_tasks() == 0, "tasks left after closing all");
    Require(manager_.legacy_task_id() == 0, "a legacy task left after closing all");
    Require(network_.attached() == 0, "sockets left after closing all");
    Require(time_.pending_count() == 0, "timers left after closing all");
    for (int task : tasks_) Require(sink_.closes[task] == 1, "a task without its onClose");
    for (const auto& [message, count] : sink_.outcomes) {
      Require(count == 1, "a queued message without its outcome");
    }
    for (const auto& [task, id] : sink_.unreported) {
      Require(id < sink_.kept_released_below[task], "a kept payload never let go");
    }
  }

  // Longer than any connect or close deadline an input can set (a call's timeout: up to 256).
  static constexpr double kLongestCallTimeoutMs = 256;

  FuzzInput& input_;
  InputRandom random_;
  testing::VirtualTime time_;
  const WxConfig config_;
  CheckingSink sink_;
  BrowserLikeNetwork network_;
  TaskManager manager_;
  std::vector<int> tasks_;
  int depth_ = 0;
  int reentries_ = 0;
  bool closing_everything_ = false;
};

void CheckingSink::Event(int task_id) {
  Require(closes[task_id] == 0, "an event after onClose");
  driver_.MaybeReenter();
}

void CheckingSink::OnClose(int task_id, int, std::string_view, bool) {
  Require(++closes[task_id] == 1, "onClose twice");
  driver_.MaybeReenter();
}

void CheckingSink::OnSendOutcome(int task_id, std::uint32_t message_id, std::string_view) {
  Require(closes[task_id] == 0, "an outcome after onClose");
  Require(unreported.count({task_id, message_id}) == 0, "an outcome for a message nobody awaits");
  auto entry = outcomes.find({task_id, message_id});
  Require(entry != outcomes.end(), "an outcome before send() returned the id");
  Require(++entry->second == 1, "two outcomes for one message");
  driver_.MaybeReenter();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput input(data, size);
  Driver(input).Run();
  return 0;
}
