// Every state of a task's connection against every event that can reach it.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kOk = "sendSocketMessage:ok";
constexpr const char* kNotConnected = "sendSocketMessage:fail WebSocket is not connected";

}  // namespace

TEST_CASE("CONNECTING: the transport is opened with the url and protocols", "[task]") {
  Harness h;
  const ConnectResult result =
      h.manager.Connect(R"({"url":"wss://example.com/s","protocols":["chat","v2"]})");
  REQUIRE(result.err_msg == "connectSocket:ok");
  REQUIRE(h.manager.StateOf(result.task_id) == ReadyState::kConnecting);
  REQUIRE(h.transports.last().request.url == "wss://example.com/s");
  REQUIRE(h.transports.last().request.protocols == std::vector<std::string>{"chat", "v2"});
  REQUIRE(h.sink.events.empty());
}

TEST_CASE("CONNECTING + transport open -> OPEN with a profile", "[task]") {
  Harness h;
  const int id = h.Connect().task_id;
  h.time.Advance(250);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(h.manager.StateOf(id) == ReadyState::kOpen);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] open"});
  REQUIRE(h.sink.last_profile.connect_end_ms - h.sink.last_profile.connect_start_ms == 250);
}

TEST_CASE("CONNECTING + send fails without touching the transport", "[task]") {
  Harness h;
  const int id = h.Connect().task_id;
  REQUIRE(h.SendText(id, "early") == kNotConnected);
  REQUIRE(h.transports.last().sent.empty());
}

TEST_CASE("CONNECTING + transport error -> CLOSING, then close -> CLOSED", "[task]") {
  Harness h;
  const int id = h.Connect().task_id;
  h.transports.last().events->OnTransportError();
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosing);
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.Take() ==
          Events{"1 [legacy] error WebSocket connection failed", "1 [legacy] close 1006 "});
  REQUIRE(h.manager.LiveConnections() == 0);
}

TEST_CASE("CONNECTING + timeout -> error, close 1006 and the transport dropped", "[task]") {
  Harness h(Config(5, 4000));
  const int id = h.Connect().task_id;
  h.time.Advance(3999);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kConnecting);
  h.time.Advance(1);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] error connectSocket:fail timeout",
                                  "1 [legacy] close 1006 connect timeout"});
  REQUIRE_FALSE(h.transports.last().attached);
}

TEST_CASE("the per-call timeout wins over networkTimeout.connectSocket", "[task]") {
  Harness h(Config(5, 60000));
  const int id = h.manager.Connect(R"({"url":"wss://example.com","timeout":500})").task_id;
  h.time.Advance(500);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
}

TEST_CASE("an opened connection is not timed out", "[task]") {
  Harness h(Config(5, 1000));
  const int id = h.ConnectOpen();
  h.time.Advance(100000);
  REQUIRE(h.manager.StateOf(id) == ReadyState::kOpen);
}

TEST_CASE("CONNECTING + app close -> CLOSING, the browser's failure is not reported", "[task]") {
  Harness h;
  const int id = h.Connect().task_id;
  REQUIRE(h.manager.Close(id, R"({"code":4001,"reason":"bye"})") == "closeSocket:ok");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosing);
  REQUIRE(h.transports.last().close_call == std::make_pair(4001, std::string("bye")));
  h.transports.last().events->OnTransportError();
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 4001 bye"});
}

TEST_CASE("OPEN: text and binary go out in order and messages come in", "[task]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.sink.Take();
  REQUIRE(h.SendText(id, "hello") == kOk);
  REQUIRE(
      h.manager.Send(id, Payload{PayloadKind::kBinary, std::string_view("\0\1\2", 3)}).err_msg ==
      kOk);
  REQUIRE(h.transports.last().sent.size() == 2);
  REQUIRE(h.transports.last().sent[0] == std::make_pair(PayloadKind::kText, std::string("hello")));
  REQUIRE(h.transports.last().sent[1].second == std::string("\0\1\2", 3));
  h.transports.last().events->OnTransportMessage(Payload{PayloadKind::kText, "hi"});
  REQUIRE(h.sink.Take() == Events{"1 [legacy] text hi"});
}

TEST_CASE("OPEN + app close -> CLOSING, the server's close code is reported", "[task]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.sink.Take();
  REQUIRE(h.manager.Close(id, "{}") == "closeSocket:ok");
  REQUIRE(h.transports.last().close_call == std::make_pair(1000, std::string()));
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosing);
  REQUIRE(h.SendText(id, "late") == kNotConnected);

  SECTION("frames already in flight are still delivered") {
    h.transports.last().events->OnTransportMessage(Payload{PayloadKind::kText, "last words"});
    REQUIRE(h.sink.Take() == Events{"1 [legacy] text last words"});
  }
  SECTION("a second close succeeds without a second close frame") {
    h.transports.last().close_call.reset();
    REQUIRE(h.manager.Close(id, R"({"code":4000})") == "closeSocket:ok");
    REQUIRE_FALSE(h.transports.last().close_call.has_value());
  }
  SECTION("a server that never confirms the close is given up on after the timeout") {
    h.time.Advance(WxConfig::kDefaultConnectTimeoutMs);
    REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
    REQUIRE(h.sink.Take() == Events{"1 [legacy] close 1006 abnormal closure"});
    return;  // the task is released now: no browser event can reach it any more
  }
  h.transports.last().events->OnTransportClose(1000, "done");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
}

TEST_CASE("OPEN + server close -> CLOSED with the real code and reason", "[task]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.sink.Take();
  h.transports.last().events->OnTransportClose(4321, "server says bye");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 4321 server says bye"});
  REQUIRE_FALSE(h.transports.last().attached);
}

TEST_CASE("OPEN + transport error -> error reported, then close", "[task]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.sink.Take();
  h.transports.last().events->OnTransportError();
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosing);
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(h.sink.Take() ==
          Events{"1 [legacy] error WebSocket connection error", "1 [legacy] close 1006 "});
}

TEST_CASE("OPEN + a send the transport refuses fails", "[task]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.transports.last().refuse_sends = true;
  REQUIRE(h.SendText(id, "x") == kNotConnected);
}

TEST_CASE("CLOSED: every call fails and late events are ignored", "[task]") {
  Harness h;
  const int id = h.ConnectOpen();
  h.transports.last().events->OnTransportClose(1000, "");
  h.sink.Take();
  REQUIRE(h.SendText(id, "x") == kNotConnected);
  REQUIRE(h.manager.Close(id, "{}") == "closeSocket:fail WebSocket is not connected");
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE(h.sink.events.empty());
}

TEST_CASE("the platform refusing to create the socket fails the connect", "[task]") {
  Harness h;
  h.transports.RefuseNext("SyntaxError: bad url");
  const ConnectResult result = h.Connect();
  REQUIRE(result.err_msg == "connectSocket:fail SyntaxError: bad url");
  h.time.Tick();
  REQUIRE(h.sink.Take() == Events{"1 [legacy] error connectSocket:fail SyntaxError: bad url",
                                  "1 [legacy] close 1006 abnormal closure"});
}
