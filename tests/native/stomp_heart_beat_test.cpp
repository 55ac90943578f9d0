// STOMP heart-beats: the spec's max() rule, and the task's heartbeat driven by what was agreed
// (an EOL every outgoing interval whatever else flows, any inbound byte as a sign of life).
#include <catch2/catch.hpp>

#include "stomp/heart_beat.h"
#include "stomp_session_harness.h"

using namespace wxs;
using namespace wxs::stomp;
using namespace wxs::stomp::testing;

namespace {

AgreedHeartBeat Agree(HeartBeat wish, const char* server) {
  if (server == nullptr) return NegotiateHeartBeat(wish, nullptr);
  const std::string header(server);
  return NegotiateHeartBeat(wish, &header);
}

std::size_t Eols(const wxs::testing::FakeConnection& connection) {
  std::size_t eols = 0;
  for (const auto& [kind, bytes] : connection.sent) eols += bytes == "\n" ? 1 : 0;
  return eols;
}

}  // namespace

TEST_CASE("STOMP heart-beat: each side every max(wish, offer) ms, off when either is 0",
          "[stomp-heart-beat]") {
  struct Row {
    HeartBeat wish;
    const char* server;
    double ping_every_ms;
    double silence_limit_ms;
  };
  const Row rows[] = {
      {{10000, 10000}, "10000,10000", 10000, 2 * 10000},
      {{1000, 5000}, "3000,2000", 2000, 2 * 5000},  // max(cx, sy), max(sx, cy)
      {{5000, 1000}, "2000,3000", 5000, 2 * 2000},
      {{0, 10000}, "10000,10000", 0, 2 * 10000},  // the client cannot send
      {{10000, 0}, "10000,10000", 10000, 0},      // the client does not want any
      {{10000, 10000}, "0,10000", 10000, 0},      // the server cannot send
      {{10000, 10000}, "10000,0", 0, 2 * 10000},  // the server does not want any
      {{10000, 10000}, nullptr, 0, 0},            // absent: 0,0
      {{10000, 10000}, "x,10", 0, 0},             // malformed: 0,0
      {{10000, 10000}, " 10,10", 0, 0},           // nothing is trimmed
      {{10000, 10000}, "10,", 0, 0},
      {{1000, 1000}, "999999999999999999999,5", 1000, 2 * kMaxDurationMs},  // capped at a day
  };
  for (const Row& row : rows) {
    INFO((row.server == nullptr ? "(absent)" : row.server));
    const AgreedHeartBeat agreed = Agree(row.wish, row.server);
    REQUIRE(agreed.ping_every_ms == row.ping_every_ms);
    REQUIRE(agreed.silence_limit_ms == row.silence_limit_ms);
  }
  REQUIRE(HeartBeatHeader({10000, 2500}) == "10000,2500");
}

TEST_CASE(
    "STOMP heart-beat: an EOL every agreed interval whatever else flows, none before "
    "CONNECTED",
    "[stomp-heart-beat]") {
  StompHarness h(R"("heartbeat":{"outgoingMs":1000,"incomingMs":0},"timeout":60000)");
  h.Open();
  REQUIRE(HeaderOf(h.server(), 0, "heart-beat") == "1000,0");
  h.time.Advance(30000);  // no CONNECTED yet: neither STOMP's nor the ping/pong heartbeat runs
  REQUIRE(Eols(h.server()) == 0);
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
  h.Connected("0,2000");  // the server wants one every 2 s: max(1000, 2000)
  for (int i = 0; i < 10; ++i) {
    h.time.Advance(500);
    h.SendText("/queue/a", "busy");
    h.Receive("\n");
  }
  REQUIRE(Eols(h.server()) == 2);  // at 2 s and 4 s, although SENDs flowed
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
}

TEST_CASE(
    "STOMP heart-beat: silence beyond twice the incoming interval drops and reconnects, "
    "any byte counts",
    "[stomp-heart-beat]") {
  StompHarness h(R"("heartbeat":{"outgoingMs":0,"incomingMs":1000})");
  h.Accept("1000,0");
  h.recorder.Take();
  for (int i = 0; i < 10; ++i) {
    h.time.Advance(1900);
    h.Receive(i % 2 == 0 ? "\n" : "\r\n");  // heart-beats, never seen by the app
  }
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
  REQUIRE(h.recorder.events.empty());
  REQUIRE(Eols(h.server()) == 0);  // the client sends none: outgoing 0
  h.time.Advance(1999);
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
  h.time.Advance(1);
  REQUIRE(h.task->phase() == SocketTask::Phase::kWaiting);
  REQUIRE(h.recorder.Take() == Events{"reconnecting"});
}

TEST_CASE(
    "STOMP heart-beat: a check held back by a throttled tab gives the event loop the probe "
    "timeout before calling the link dead",
    "[stomp-heart-beat]") {
  StompHarness h(R"("heartbeat":{"outgoingMs":0,"incomingMs":1000})");
  h.Accept("1000,0");
  h.time.Jump(60000);  // the tab slept; its heart-beats wait in the event loop
  h.time.Tick();
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
  h.Receive("\n");
  h.time.Advance(1999);
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
  h.time.Jump(60000);
  h.time.Tick();
  h.time.Advance(2000);  // the probe timeout passes with nothing: dead
  REQUIRE(h.task->phase() == SocketTask::Phase::kWaiting);
}

TEST_CASE("STOMP heart-beat: 0,0 from the server means no pings and no deadline",
          "[stomp-heart-beat]") {
  StompHarness h(R"("heartbeat":true)");
  h.Open();
  REQUIRE(HeaderOf(h.server(), 0, "heart-beat") == "10000,10000");
  h.Connected("0,0");
  h.time.Advance(3600 * 1000);
  REQUIRE(Eols(h.server()) == 0);
  REQUIRE(h.task->phase() == SocketTask::Phase::kOpen);
}
