// The bypass lane (sdk/bypass_lane.h): a task lets messages go around the core only while no
// rule of it must see them, and its figures count what went around. A direction left open too
// long would skip a rule: a queue's confirmation, a heartbeat's sign of life, a closed task.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

const BypassLane& LaneOf(const FakeConnection& connection) { return *connection.request.lane; }

bool InboundOpen(const FakeConnection& connection) {
  return LaneOf(connection).inbound_held == BypassLane::kOpen;
}
bool OutboundOpen(const FakeConnection& connection) {
  return LaneOf(connection).outbound_held == BypassLane::kOpen;
}

}  // namespace

TEST_CASE("a plain task's lane is open both ways only while OPEN", "[lane]") {
  Harness h;
  const int id = h.Connect().task_id;
  FakeConnection& server = h.transports.last();
  REQUIRE(server.request.lane != nullptr);
  REQUIRE_FALSE(InboundOpen(server));  // CONNECTING
  REQUIRE_FALSE(OutboundOpen(server));
  server.events->OnTransportOpen();
  REQUIRE(InboundOpen(server));
  REQUIRE(OutboundOpen(server));
  h.manager.Close(id, R"({})");
  REQUIRE_FALSE(InboundOpen(server));  // CLOSING: the core decides what is still delivered
  REQUIRE_FALSE(OutboundOpen(server));
}

TEST_CASE("a drop shuts the lane until the next connection opens", "[lane]") {
  Harness h;
  h.ConnectWith(R"("reconnect":{"minDelayMs":100,"maxDelayMs":100})");
  h.transports.last().events->OnTransportOpen();
  const BypassLane* lane = h.transports.last().request.lane;
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(lane->inbound_held != 0);
  REQUIRE(lane->outbound_held != 0);
  h.time.Advance(100);
  REQUIRE(h.transports.opened() == 2);
  REQUIRE(h.transports.last().request.lane == lane);  // one lane per task, across connections
  REQUIRE(lane->inbound_held != 0);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(lane->inbound_held == 0);
}

TEST_CASE("what went around the core counts in getStats", "[lane]") {
  Harness h;
  const int id = h.ConnectOpen();
  FakeConnection& server = h.transports.last();
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 10));
  REQUIRE(h.SendText(id, "abc").find(":ok") != std::string::npos);
  // The adapter's own counts, as the browser library writes them.
  BypassLane& lane = *server.request.lane;
  lane.messages_in += 2;
  lane.bytes_in += 200;
  lane.messages_out += 1;
  lane.bytes_out += 7;
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(id));
  REQUIRE(stats["messagesIn"] == 3);
  REQUIRE(stats["bytesIn"] == 210);
  REQUIRE(stats["messagesOut"] == 2);
  REQUIRE(stats["bytesOut"] == 10);
}

TEST_CASE("a queue keeps sends in the core and inbound only while it has work", "[lane]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":true)");
  FakeConnection& server = h.transports.last();
  server.holds_writes = true;
  server.events->OnTransportOpen();
  REQUIRE(InboundOpen(server));         // nothing queued: an inbound message would confirm nothing
  REQUIRE_FALSE(OutboundOpen(server));  // every send gets an id and an outcome
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "abc"}).queued_id != 0);
  REQUIRE_FALSE(InboundOpen(server));  // the next inbound message checks what was written
  server.Write(3);
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 10));
  REQUIRE(InboundOpen(server));  // that message confirmed the last one
}

TEST_CASE("a heartbeat shuts the inbound lane while its ping waits for a sign of life", "[lane]") {
  Harness h;
  h.ConnectWith(R"("heartbeat":{"intervalMs":1000,"timeoutMs":300})");
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  REQUIRE(InboundOpen(server));
  // A send checks the heartbeat's deadlines only when timers may have been held back.
  REQUIRE(LaneOf(server).outbound_held == BypassLane::kHeldIfTimersLag);
  h.time.Advance(1000);  // the ping goes
  REQUIRE_FALSE(InboundOpen(server));
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 10));
  REQUIRE(InboundOpen(server));  // any message is the sign of life
}

TEST_CASE("queue + heartbeat: inbound goes around once the sends nobody awaits are written",
          "[lane]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":true,"heartbeat":{"intervalMs":5000,"timeoutMs":5000})");
  FakeConnection& server = h.transports.last();
  server.holds_writes = true;
  server.events->OnTransportOpen();
  for (int i = 0; i < 3; ++i) {
    Payload fire_and_forget = Payload::Kept(PayloadKind::kBinary, 16);
    fire_and_forget.outcome_awaited = false;
    REQUIRE(h.manager.Send(id, fire_and_forget, false).queued_id != 0);
  }
  REQUIRE_FALSE(InboundOpen(server));
  server.Write(48);
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 16));
  REQUIRE(InboundOpen(server));  // written was their success: nothing left to confirm
}

TEST_CASE("a ping the socket refused still shuts the inbound lane until the heartbeat decides",
          "[lane]") {
  Harness h;
  h.ConnectWith(R"("heartbeat":{"intervalMs":1000,"timeoutMs":300})");
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  server.refuse_sends = true;  // the browser already considers the socket closed
  h.manager.ProbeAll();        // pings now; the death is reported on the next tick
  REQUIRE_FALSE(InboundOpen(server));
}
