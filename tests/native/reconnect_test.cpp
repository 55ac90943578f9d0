// Reconnect: the same task lives on across drops, with jittered backoff, flap protection, a
// close-code policy, a give-up point, and app close() always final. Plus the races.
#include <catch2/catch.hpp>
#include <set>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kReconnect =
    R"("reconnect":{"minDelayMs":1000,"maxDelayMs":8000,"minUptimeMs":5000})";

FakeConnection& Server(Harness& h) { return h.transports.last(); }

}  // namespace

TEST_CASE("a dropped task reconnects after the backoff, as the same task", "[reconnect]") {
  Harness h(Config(1));
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  h.sink.Take();
  Server(h).events->OnTransportClose(1006, "");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kConnecting);
  REQUIRE(
      h.sink.Take() ==
      Events{"1 reconnecting {\"attempt\":1,\"code\":1006,\"delayMs\":1500.0,\"reason\":\"\"}"});
  REQUIRE(h.Connect().err_msg == "connectSocket:fail exceed max concurrent count 1");  // slot kept
  h.time.Tick();
  h.sink.Take();
  h.time.Advance(1499);
  REQUIRE(h.transports.opened() == 1);
  h.time.Advance(1);
  REQUIRE(h.transports.opened() == 2);
  REQUIRE(h.transports.last().request.url == "wss://example.com");
  h.time.Advance(200);
  Server(h).events->OnTransportOpen();
  REQUIRE(h.manager.StateOf(id) == ReadyState::kOpen);
  REQUIRE(h.sink.Take() ==
          Events{"1 reconnected {\"attempts\":1,\"downtimeMs\":1700.0}", "1 [legacy] open"});
}

TEST_CASE("without the option a drop is final, exactly as in WeChat", "[reconnect]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  h.time.Advance(100000);
  REQUIRE(h.transports.opened() == 1);
}

TEST_CASE("final close codes end the task, others retry", "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  SECTION("1008 policy violation is final by default") {
    Server(h).events->OnTransportClose(1008, "banned");
    REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  }
  SECTION("4xxx codes retry by default") {
    Server(h).events->OnTransportClose(4000, "restart");
    REQUIRE(h.manager.StateOf(id) == ReadyState::kConnecting);
  }
}

TEST_CASE("finalCodes is a table of codes and ranges", "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(R"("reconnect":{"finalCodes":[4001,[4400,4499]]})");
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(1008, "");  // no longer final: the table replaced it
  REQUIRE(h.manager.StateOf(id) == ReadyState::kConnecting);
  h.time.Advance(1000);
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(4404, "gone");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
}

TEST_CASE("the app's close() is always final", "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  h.sink.Take();
  REQUIRE(h.manager.Close(id, R"({"code":4000})") == "closeSocket:ok");
  Server(h).events->OnTransportClose(4000, "");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  h.time.Advance(100000);
  REQUIRE(h.transports.opened() == 1);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 4000 "});
}

TEST_CASE("race: close during the backoff ends the task without another connection",
          "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(1006, "");
  h.sink.Take();
  REQUIRE(h.manager.Close(id, R"({"code":4100,"reason":"user left"})") == "closeSocket:ok");
  REQUIRE(h.sink.events.empty());  // reported after close() returns
  h.time.Tick();
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 4100 user left"});
  h.time.Advance(100000);
  REQUIRE(h.transports.opened() == 1);
  REQUIRE(h.manager.Close(id, "{}") == "closeSocket:fail WebSocket is not connected");
}

TEST_CASE("race: close while a reconnect attempt is connecting", "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(1006, "");
  h.time.Advance(1500);
  REQUIRE(h.transports.opened() == 2);
  h.sink.Take();
  REQUIRE(h.manager.Close(id, R"({"code":4200})") == "closeSocket:ok");
  REQUIRE(Server(h).close_call == std::make_pair(4200, std::string()));
  Server(h).events->OnTransportError();  // the browser's failure of the cancelled attempt
  Server(h).events->OnTransportClose(1006, "");
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 4200 "});
  h.time.Advance(100000);
  REQUIRE(h.transports.opened() == 2);
}

TEST_CASE("race: the browser never confirms the app's close", "[reconnect]") {
  Harness h(Config(5, 3000));
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  h.manager.Close(id, "{}");
  h.sink.Take();
  h.time.Advance(3000);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 1006 abnormal closure"});
  REQUIRE(h.transports.opened() == 1);  // a timeout during close does not reconnect
}

TEST_CASE("race: an error, then close() before the browser's close event", "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportError();
  REQUIRE(h.manager.Close(id, "{}") == "closeSocket:ok");
  Server(h).events->OnTransportClose(1006, "");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  h.time.Advance(100000);
  REQUIRE(h.transports.opened() == 1);
}

TEST_CASE("race: an error and no close event after it: the task ends at the deadline",
          "[reconnect]") {
  Harness h(Config(5, 3000));
  const int id = h.ConnectOpen();
  h.transports.last().events->OnTransportError();
  h.sink.Take();
  h.time.Advance(2999);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosing);
  h.time.Advance(1);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 1006 abnormal closure"});
}

TEST_CASE("each outage counts its attempts from 1", "[reconnect]") {
  Harness h;
  h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  for (int outage = 0; outage < 2; ++outage) {
    h.sink.Take();
    Server(h).events->OnTransportClose(1006, "");
    REQUIRE(h.sink.Take().front().find("\"attempt\":1,") != std::string::npos);
    h.time.Advance(8000);
    Server(h).events->OnTransportOpen();
  }
}

TEST_CASE("connect failures during an outage count as attempts, up to maxAttempts", "[reconnect]") {
  Harness h(Config(5, 2000));
  const int id =
      h.ConnectWith(R"("reconnect":{"minDelayMs":100,"maxDelayMs":100,"maxAttempts":3})");
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(1006, "");
  for (int attempt = 2; attempt <= 3; ++attempt) {
    h.time.Advance(100);
    Server(h).events->OnTransportError();
    Server(h).events->OnTransportClose(1006, "");
  }
  h.time.Advance(100);
  h.time.Advance(2000);  // the third attempt times out
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  const Events events = h.sink.Take();
  REQUIRE(events[events.size() - 2] ==
          "1 reconnectFailed {\"attempts\":3,\"code\":1006,\"reason\":\"connect timeout\"}");
  REQUIRE(events.back() == "1 [legacy] close 1006 connect timeout");
  REQUIRE(h.transports.opened() == 4);
}

TEST_CASE("flap protection: the backoff resets only after minUptime", "[reconnect]") {
  Harness h;
  h.random.draws = {1, 1, 1, 1};  // always the ceiling, so the attempt number shows
  h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  const auto drop_and_delay = [&] {
    h.sink.Take();
    Server(h).events->OnTransportClose(1006, "");
    const std::string event = h.sink.Take().front();
    const auto at = event.find("\"delayMs\":") + 10;
    const double delay = std::stod(event.substr(at));
    h.time.Advance(delay);
    Server(h).events->OnTransportOpen();
    return delay;
  };
  REQUIRE(drop_and_delay() == 2000);
  h.time.Advance(4999);  // up, but not for long enough
  REQUIRE(drop_and_delay() == 4000);
  REQUIRE(drop_and_delay() == 8000);
  h.time.Advance(5000);  // stayed up: the next outage starts over
  REQUIRE(drop_and_delay() == 2000);
}

TEST_CASE("tasks that drop together reconnect at spread-out times", "[reconnect]") {
  Harness h;
  h.random.draws = {0.1, 0.7, 0.3, 0.9, 0.5};
  for (int i = 0; i < 5; ++i) {
    h.ConnectWith(kReconnect);
    Server(h).events->OnTransportOpen();
  }
  h.sink.Take();
  for (std::size_t i = 0; i < 5; ++i) h.transports.connection(i).events->OnTransportClose(1006, "");
  std::set<std::string> delays;
  for (const std::string& event : h.sink.Take()) {
    delays.insert(event.substr(event.find("delayMs")));
  }
  REQUIRE(delays.size() == 5);
}

TEST_CASE("stateChange reports each phase", "[reconnect]") {
  Harness h;
  h.sink.record_state_changes = true;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(1006, "");
  h.time.Advance(1500);
  h.manager.Close(id, "{}");
  Server(h).events->OnTransportClose(1006, "");
  std::vector<std::string> states;
  for (const std::string& event : h.sink.Take()) {
    if (event.find("stateChange") != std::string::npos) states.push_back(event.substr(14));
  }
  REQUIRE(states == std::vector<std::string>{
                        R"({"previous":"connecting","state":"open"})",
                        R"({"previous":"open","state":"reconnecting"})",
                        R"({"previous":"reconnecting","state":"connecting"})",
                        R"({"previous":"connecting","state":"closing"})",
                        R"({"previous":"closing","state":"closed"})",
                    });
}

TEST_CASE("race: close() from the error listener of a connect timeout", "[reconnect]") {
  // wx.onSocketError(() => wx.closeSocket()) against a server that never answers.
  Harness h(Config(5, 2000));
  const int id = h.ConnectWith(kReconnect);
  std::string close_result;
  h.sink.on_error = [&](int task) {
    close_result = h.manager.Close(task, R"({"code":4001,"reason":"gave up"})");
  };
  h.time.Advance(2000);
  h.sink.on_error = nullptr;
  REQUIRE(close_result == "closeSocket:ok");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.Take() ==
          Events{"1 [legacy] error connectSocket:fail timeout", "1 [legacy] close 4001 gave up"});
  h.time.Advance(60000);
  REQUIRE(h.transports.opened() == 1);  // the app's close is final: no reconnect
}

TEST_CASE("race: close() from a stateChange listener as the reconnect is scheduled",
          "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(kReconnect);
  Server(h).events->OnTransportOpen();
  h.sink.on_lifecycle = [&](int task, std::string_view kind, std::string_view json) {
    if (kind == "stateChange" && json.find("\"reconnecting\"") != std::string_view::npos) {
      h.manager.Close(task, "{}");
    }
  };
  Server(h).events->OnTransportClose(1006, "");
  h.sink.on_lifecycle = nullptr;
  h.time.Advance(60000);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.transports.opened() == 1);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] open", "1 [legacy] close 1000 "});  // no reconnecting
}

TEST_CASE("a reopen the browser refuses (new WebSocket throws) counts as an attempt",
          "[reconnect]") {
  Harness h;
  const int id =
      h.ConnectWith(R"("reconnect":{"minDelayMs":100,"maxDelayMs":100,"maxAttempts":2})");
  Server(h).events->OnTransportOpen();
  Server(h).events->OnTransportClose(1006, "");
  for (int attempt = 1; attempt <= 2; ++attempt) {
    h.transports.RefuseNext("SecurityError: refused");
    h.time.Advance(100);
  }
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  const Events events = h.sink.Take();
  REQUIRE(events[events.size() - 2] ==
          "1 reconnectFailed {\"attempts\":2,\"code\":1006,\"reason\":\"SecurityError: refused\"}");
  REQUIRE(h.transports.opened() == 1);
}

TEST_CASE("a server that accepts and drops at once (flapping) still reaches maxAttempts",
          "[reconnect]") {
  Harness h;
  const int id = h.ConnectWith(
      R"("reconnect":{"minDelayMs":100,"maxDelayMs":100,"maxAttempts":2,"minUptimeMs":5000})");
  for (int round = 0; round < 10 && h.manager.StateOf(id) != ReadyState::kClosed; ++round) {
    Server(h).events->OnTransportOpen();
    Server(h).events->OnTransportClose(1011, "overloaded");
    h.time.Advance(100);
  }
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.transports.opened() == 3);  // the first connection and two attempts
  const Events events = h.sink.Take();
  REQUIRE(events[events.size() - 2] ==
          "1 reconnectFailed {\"attempts\":2,\"code\":1011,\"reason\":\"overloaded\"}");
}
