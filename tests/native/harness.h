// One TaskManager wired to a fake transport, virtual time and a recording sink.
#pragma once

#include <string>

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

struct Harness {
  explicit Harness(WxConfig config = {})
      : manager(std::move(config), transports, time, time, sink) {}

  ConnectResult Connect(const std::string& url = "wss://example.com/chat") {
    return manager.Connect(R"({"url":")" + url + R"("})");
  }
  // Connects and lets the fake server accept; returns the task id.
  int ConnectOpen(const std::string& url = "wss://example.com/chat") {
    const int id = Connect(url).task_id;
    transports.last().events->OnTransportOpen();
    return id;
  }
  std::string SendText(int task_id, std::string_view text) {
    return manager.Send(task_id, Payload{PayloadKind::kText, text});
  }

  FakeTransportFactory transports;
  VirtualTime time;
  RecordingSink sink;
  TaskManager manager;
};

using Events = std::vector<std::string>;

}  // namespace wxs::testing
