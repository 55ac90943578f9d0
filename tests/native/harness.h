// One TaskManager wired to a fake transport, virtual time and a recording sink.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fake_transport.h"
#include "recording_sink.h"
#include "task_manager.h"
#include "virtual_time.h"

namespace wxs::testing {

inline WxConfig Config(int max_connections, double connect_timeout_ms = 60000) {
  WxConfig config;
  config.max_connections = max_connections;
  config.connect_timeout_ms = connect_timeout_ms;
  return config;
}

// Jitter draws from a script (default: always the middle of the range).
class ScriptedRandom final : public Random {
 public:
  double Next01() override {
    if (draws.empty()) return 0.5;
    const double next = draws.front();
    draws.erase(draws.begin());
    return next;
  }
  std::vector<double> draws;
};

struct Harness {
  explicit Harness(WxConfig config = {})
      : manager(std::move(config), transports, time, time, random, sink) {}

  ConnectResult Connect(const std::string& url = "wss://example.com/chat") {
    return manager.Connect(R"({"url":")" + url + R"("})");
  }
  // Connects and lets the fake server accept; returns the task id.
  int ConnectOpen(const std::string& url = "wss://example.com/chat") {
    const int id = Connect(url).task_id;
    transports.last().events->OnTransportOpen();
    return id;
  }
  // Connects with extra JSON fields, e.g. R"("reconnect":true)".
  int ConnectWith(const std::string& extra_fields, const std::string& url = "wss://example.com") {
    return manager.Connect(R"({"url":")" + url + R"(",)" + extra_fields + "}").task_id;
  }
  std::string SendText(int task_id, std::string_view text) {
    return manager.Send(task_id, Payload{PayloadKind::kText, text}).err_msg;
  }

  FakeTransportFactory transports;
  VirtualTime time;
  ScriptedRandom random;
  RecordingSink sink;
  TaskManager manager;
};

using Events = std::vector<std::string>;

// message id -> outcomes, read from the recorded events.
inline std::map<int, std::vector<std::string>> Outcomes(const Events& events) {
  std::map<int, std::vector<std::string>> outcomes;
  for (const std::string& event : events) {
    const auto at = event.find("outcome #");
    if (at == std::string::npos) continue;
    const std::size_t space = event.find(' ', at + 9);
    outcomes[std::stoi(event.substr(at + 9))].push_back(event.substr(space + 1));
  }
  return outcomes;
}

inline std::vector<std::string> Texts(const FakeConnection& connection) {
  std::vector<std::string> texts;
  for (const auto& [kind, bytes] : connection.sent) texts.push_back(bytes);
  return texts;
}

}  // namespace wxs::testing
