// The legacy wx.onSocket* / sendSocketMessage / closeSocket follow the newest live task.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

TEST_CASE("events are marked legacy only for the newest task", "[legacy]") {
  Harness h;
  const int older = h.ConnectOpen();
  const int newer = h.ConnectOpen();
  REQUIRE(h.manager.legacy_task_id() == newer);
  h.sink.Take();
  h.transports.connection(0).events->OnTransportMessage(Payload{PayloadKind::kText, "a"});
  h.transports.connection(1).events->OnTransportMessage(Payload{PayloadKind::kText, "b"});
  REQUIRE(h.sink.Take() ==
          Events{std::to_string(older) + " text a", std::to_string(newer) + " [legacy] text b"});
}

TEST_CASE("when the newest task closes, the legacy API falls back to the newest live one",
          "[legacy]") {
  Harness h;
  const int first = h.ConnectOpen();
  const int second = h.ConnectOpen();
  const int third = h.ConnectOpen();
  h.sink.Take();
  h.transports.connection(2).events->OnTransportClose(1000, "");
  REQUIRE(h.sink.Take() == Events{std::to_string(third) + " [legacy] close 1000 "});
  REQUIRE(h.manager.legacy_task_id() == second);
  h.transports.connection(1).events->OnTransportClose(1000, "");
  REQUIRE(h.manager.legacy_task_id() == first);
  h.transports.connection(0).events->OnTransportClose(1000, "");
  REQUIRE(h.manager.legacy_task_id() == 0);
}

TEST_CASE("a rejected connect is the legacy target until its close is reported", "[legacy]") {
  Harness h(Config(1));
  const int live = h.ConnectOpen();
  const int rejected = h.Connect().task_id;
  REQUIRE(h.manager.legacy_task_id() == rejected);
  REQUIRE(h.SendText(h.manager.legacy_task_id(), "x") ==
          "sendSocketMessage:fail WebSocket is not connected");
  h.sink.Take();
  h.time.Tick();
  REQUIRE(h.sink.Take().front() ==
          std::to_string(rejected) +
              " [legacy] error connectSocket:fail exceed max concurrent count 1");
  REQUIRE(h.manager.legacy_task_id() == live);
}

TEST_CASE("closing an older task leaves the legacy target alone", "[legacy]") {
  Harness h;
  h.ConnectOpen();
  const int newer = h.ConnectOpen();
  h.transports.connection(0).events->OnTransportClose(1000, "");
  REQUIRE(h.manager.legacy_task_id() == newer);
}
