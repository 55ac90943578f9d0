// The wx object's view of its tasks: the connection limit, slot release and memory release.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

TEST_CASE("task ids count up from 1 and the task is returned even when rejected", "[manager]") {
  Harness h;
  REQUIRE(h.Connect().task_id == 1);
  REQUIRE(h.manager.Connect("42").task_id == 2);
  REQUIRE(h.Connect().task_id == 3);
}

TEST_CASE("a 6th concurrent connection fails, and a freed slot can be used again", "[manager]") {
  Harness h;
  for (int i = 0; i < 5; ++i) REQUIRE(h.Connect().err_msg == "connectSocket:ok");
  const ConnectResult sixth = h.Connect();
  REQUIRE(sixth.err_msg == "connectSocket:fail exceed max concurrent count 5");
  REQUIRE(h.transports.opened() == 5);
  REQUIRE(h.manager.StateOf(sixth.task_id) == ReadyState::kClosed);
  h.time.Tick();
  REQUIRE(h.sink.Take() ==
          Events{"6 [legacy] error connectSocket:fail exceed max concurrent count 5",
                 "6 [legacy] close 1006 abnormal closure"});

  SECTION("released by a server close") {
    h.transports.connection(0).events->OnTransportClose(1000, "");
  }
  SECTION("released by a connect failure") {
    h.transports.connection(2).events->OnTransportError();
    h.transports.connection(2).events->OnTransportClose(1006, "");
  }
  SECTION("released by a connect timeout") { h.time.Advance(WxConfig::kDefaultConnectTimeoutMs); }
  SECTION("released by the app's close once the browser confirms it") {
    REQUIRE(h.manager.Close(1, "{}") == "closeSocket:ok");
    REQUIRE(h.Connect().err_msg != "connectSocket:ok");  // CLOSING still holds the slot
    h.transports.connection(0).events->OnTransportClose(1000, "");
  }
  REQUIRE(h.manager.LiveConnections() < 5);
  REQUIRE(h.Connect().err_msg == "connectSocket:ok");
}

TEST_CASE("maxConnections comes from the config", "[manager]") {
  Harness h(Config(2));
  REQUIRE(h.Connect().err_msg == "connectSocket:ok");
  REQUIRE(h.Connect().err_msg == "connectSocket:ok");
  REQUIRE(h.Connect().err_msg == "connectSocket:fail exceed max concurrent count 2");
}

TEST_CASE("rejected connects do not take a slot", "[manager]") {
  Harness h(Config(1));
  REQUIRE(h.Connect("http://example.com").err_msg != "connectSocket:ok");
  REQUIRE(h.Connect().err_msg == "connectSocket:ok");
}

TEST_CASE("closed tasks are released on the next tick, whatever the app registered", "[manager]") {
  Harness h;
  for (int cycle = 0; cycle < 1000; ++cycle) {
    const int id = h.ConnectOpen();
    REQUIRE(h.manager.Close(id, "{}") == "closeSocket:ok");
    h.transports.last().events->OnTransportClose(1000, "");
    h.time.Tick();
    REQUIRE(h.manager.held_tasks() == 0);
  }
  REQUIRE(h.transports.attached() == 0);
  REQUIRE(h.time.pending_count() == 0);
}

TEST_CASE("a listener may connect again from inside onClose", "[manager]") {
  Harness h(Config(1));
  const int first = h.ConnectOpen();
  int reconnected = 0;
  h.sink.on_close = [&](int) {
    if (reconnected == 0) reconnected = h.Connect().task_id;
  };
  h.transports.last().events->OnTransportClose(1001, "going away");
  REQUIRE(reconnected == first + 1);
  REQUIRE(h.manager.StateOf(reconnected) == ReadyState::kConnecting);
  REQUIRE(h.manager.legacy_task_id() == reconnected);
}

TEST_CASE("unsupported options are accepted and named once per wx object", "[manager]") {
  Harness h;
  const ConnectResult first = h.manager.Connect(
      R"({"url":"wss://a.com","header":{"x-token":"1"},"tcpNoDelay":true,"perMessageDeflate":false})");
  REQUIRE(first.err_msg == "connectSocket:ok");
  REQUIRE(first.warning.find("header, tcpNoDelay cannot be honoured") != std::string::npos);
  const ConnectResult second =
      h.manager.Connect(R"({"url":"wss://a.com","header":{"x":"2"},"forceCellularNetwork":true})");
  REQUIRE(second.warning.find("option(s) forceCellularNetwork cannot") != std::string::npos);
  REQUIRE(h.manager.Connect(R"({"url":"wss://a.com","tcpNoDelay":true})").warning.empty());
}

TEST_CASE("send and close on unknown or released tasks fail cleanly", "[manager]") {
  Harness h;
  REQUIRE(h.SendText(0, "x") == "sendSocketMessage:fail WebSocket is not connected");
  REQUIRE(h.SendText(99, "x") == "sendSocketMessage:fail WebSocket is not connected");
  REQUIRE(h.manager.Close(99, "{}") == "closeSocket:fail WebSocket is not connected");
  REQUIRE(h.manager.StateOf(99) == ReadyState::kClosed);
}

TEST_CASE("close validation happens before the task is looked at", "[manager]") {
  Harness h;
  const int id = h.ConnectOpen();
  REQUIRE(h.manager.Close(id, R"({"code":1001})") ==
          "closeSocket:fail parameter error: parameter.code should be 1000 or an integer from "
          "3000 to 4999 (got 1001);");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kOpen);
  REQUIRE_FALSE(h.transports.last().close_call.has_value());
}
