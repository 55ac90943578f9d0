// The bypass lane (sdk/bypass_lane.h): a task lets messages go around the core only while no
// rule of it must see them, and its figures count what went around. A direction left open too
// long would skip a rule: a queue's confirmation, a heartbeat's sign of life, a closed task.
#include <algorithm>
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

constexpr long long kMustGoThroughCore = -1;

// What the browser adapter does for an app's send nobody awaits, on timers that run on time
// (sendAround in bindings/browser_socket_library.js): while the outbound word lets it, the socket
// takes the message, and a task with a queue logs it. Returns the id JS keeps the payload under
// (0 when the task logs nothing), or kMustGoThroughCore.
long long SendAround(FakeConnection& connection, PayloadKind kind, std::size_t size) {
  BypassLane& lane = *connection.request.lane;
  if (lane.outbound_held == BypassLane::kHeld) return kMustGoThroughCore;
  const bool logs = lane.handed_capacity != 0;
  if (logs && (lane.handed_count == lane.handed_capacity || lane.handed_bytes_left <= 0)) {
    return kMustGoThroughCore;
  }
  connection.sent.emplace_back(kind, "around (" + std::to_string(size) + " B)");
  if (connection.holds_writes) connection.buffered += size;
  lane.messages_out += 1;
  lane.bytes_out += static_cast<double>(size);
  if (!logs) return 0;
  const std::uint32_t place = lane.handed_count++;
  lane.handed_log[place] =
      static_cast<std::uint32_t>(size) | (kind == PayloadKind::kText ? BypassLane::kTextBit : 0);
  lane.handed_bytes_left -= static_cast<double>(size);
  return lane.next_message_id + place;
}

// Opens a task with `fields` (JSON members) on a connection whose browser writes only when the
// test says so (FakeConnection::Write).
struct OpenTask {
  int id;
  FakeConnection& server;
};
OpenTask OpenHoldingWrites(Harness& h, const std::string& fields) {
  const int id = h.ConnectWith(fields);
  FakeConnection& server = h.transports.last();
  server.holds_writes = true;
  server.events->OnTransportOpen();
  return {id, server};
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

TEST_CASE("a queue's inbound goes around only while it has no work", "[lane]") {
  Harness h;
  const auto [id, server] = OpenHoldingWrites(h, R"("queue":true)");
  REQUIRE(InboundOpen(server));  // nothing queued: an inbound message would confirm nothing
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "abc"}).queued_id != 0);
  REQUIRE_FALSE(InboundOpen(server));  // the next inbound message checks what was written
  server.Write(3);
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 10));
  REQUIRE(InboundOpen(server));  // that message confirmed the last one
}

TEST_CASE("a queue's sends go around the core while nothing waits, and the queue takes them in",
          "[lane]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":true)");
  FakeConnection& server = h.transports.last();
  server.holds_writes = true;
  REQUIRE(SendAround(server, PayloadKind::kText, 3) == kMustGoThroughCore);  // CONNECTING
  server.events->OnTransportOpen();
  const long long first = SendAround(server, PayloadKind::kText, 3);
  const long long second = SendAround(server, PayloadKind::kBinary, 5);
  REQUIRE(first > 0);
  REQUIRE(second == first + 1);
  const auto unwritten = [&] {
    const nlohmann::json queue = nlohmann::json::parse(h.manager.StatsJson(id))["queue"];
    return std::make_pair(queue["unwritten"]["messages"], queue["unwritten"]["bytes"]);
  };
  REQUIRE(unwritten() ==
          std::make_pair(nlohmann::json(2), nlohmann::json(8)));  // getStats takes them in
  // An awaited send through the core comes after them, in ids and in the stream.
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "abcdefg"}).queued_id == second + 1);
  REQUIRE(LaneOf(server).next_message_id == second + 2);
  REQUIRE(unwritten() == std::make_pair(nlohmann::json(3), nlohmann::json(15)));
  h.sink.Take();
  server.Write(8);  // the two that went around
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 10));
  // Settled: nobody hears their outcomes, and JS may let their payloads go.
  REQUIRE(Outcomes(h.sink.Take()).empty());
  REQUIRE(h.sink.kept_released_below.at(id) == second + 1);
}

TEST_CASE("messages that went around a queue are sent again after a drop, in order", "[lane]") {
  Harness h;
  FakeConnection& first_connection =
      OpenHoldingWrites(h, R"("queue":true,"reconnect":{"minDelayMs":100,"maxDelayMs":100})")
          .server;
  const long long first = SendAround(first_connection, PayloadKind::kText, 4);
  const long long second = SendAround(first_connection, PayloadKind::kBinary, 6);
  first_connection.Write(4);  // the first left the browser before the drop
  first_connection.events->OnTransportClose(1006, "");
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(first > 0);
  REQUIRE(h.transports.last().sent ==
          std::vector<std::pair<PayloadKind, std::string>>{
              {PayloadKind::kBinary, "kept #" + std::to_string(second) + " (6 B)"}});
}

TEST_CASE("a ping ends after the messages that went around before it", "[lane]") {
  // The heartbeat's own ping enters the core with nothing else: its place in the stream must
  // count what the log holds, or the upload ahead of it would not prove the link alive.
  Harness h;
  FakeConnection& server =
      OpenHoldingWrites(h, R"("queue":true,"heartbeat":{"intervalMs":1000,"timeoutMs":500})")
          .server;
  h.time.Advance(999);
  REQUIRE(SendAround(server, PayloadKind::kBinary, 100000) > 0);
  h.time.Advance(1);  // the ping goes out behind it
  REQUIRE(Texts(server).back() == "ping");
  for (int step = 0; step < 20; ++step) {  // 5 KB every 100 ms: 2 s, four timeouts long
    server.Write(5000);
    h.time.Advance(100);
  }
  REQUIRE(server.attached);  // never dropped
}

TEST_CASE("a send the core must queue comes after the messages that went around", "[lane]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":true,"heartbeat":{"intervalMs":1000,"timeoutMs":300})");
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.time.Advance(1000);  // a ping waits for its pong
  const long long logged = SendAround(server, PayloadKind::kText, 5);
  REQUIRE(logged > 0);
  h.time.Jump(5000);  // the page was hidden: the pong's deadline passed with no timer run
  // The send finds the link dead by the clock and queues: its id follows the logged one's.
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "late"}).queued_id == logged + 1);
}

TEST_CASE("a queue's outbound lane is shut while messages wait", "[lane]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":{"highWaterMark":4})");
  FakeConnection& server = h.transports.last();
  server.holds_writes = true;
  for (const char* text : {"first", "again", "third"}) {
    REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, text}).queued_id != 0);
  }
  server.events->OnTransportOpen();     // "first" goes; the others wait for room
  REQUIRE_FALSE(OutboundOpen(server));  // a send around them would overtake them
  for (int drained = 0; drained < 2; ++drained) {
    server.Write(server.buffered);
    server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 1));
  }
  REQUIRE(Texts(server) == std::vector<std::string>{"first", "again", "third"});
  REQUIRE(OutboundOpen(server));
}

TEST_CASE("a send from a callback of a dropped connection's messages goes out on the next one",
          "[lane]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":true,"heartbeat":{"intervalMs":1000,"timeoutMs":300},)"
                               R"("reconnect":{"minDelayMs":100,"maxDelayMs":100})");
  FakeConnection& first_connection = h.transports.last();
  first_connection.events->OnTransportOpen();
  // Written, then waiting for a pong that never comes: the heartbeat finds the link dead.
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "awaited"}).queued_id != 0);
  bool sent_from_callback = false;
  h.sink.on_send_outcome = [&](int) {  // its "maybe received" failure, during the drop
    if (sent_from_callback) return;
    sent_from_callback = true;
    if (SendAround(first_connection, PayloadKind::kBinary, 100) == kMustGoThroughCore) {
      h.manager.Send(id, Payload::Kept(PayloadKind::kBinary, 100));
    }
  };
  h.time.Advance(1500);
  REQUIRE(sent_from_callback);
  h.sink.on_send_outcome = nullptr;
  REQUIRE(h.transports.opened() == 2);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(h.transports.last().sent.size() == 1);
  REQUIRE(h.transports.last().sent.front().second.find("(100 B)") != std::string::npos);
}

TEST_CASE("inbound goes around a queue that holds only sends nobody awaits", "[lane]") {
  Harness h;
  const auto [id, server] = OpenHoldingWrites(h, R"("queue":true)");
  REQUIRE(SendAround(server, PayloadKind::kText, 5) > 0);  // logged
  Payload fire_and_forget = Payload::Kept(PayloadKind::kBinary, 16);
  fire_and_forget.outcome_awaited = false;
  REQUIRE(h.manager.Send(id, fire_and_forget, false).queued_id != 0);  // takes the log in
  // Both unwritten: the write check settles them, and no answer waits for their outcomes.
  REQUIRE(InboundOpen(server));
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "awaited"}).queued_id != 0);
  // Its success must reach the app before the answer the server sends to it.
  REQUIRE_FALSE(InboundOpen(server));
  server.Write(5 + 16 + 7);
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 1));
  REQUIRE(Outcomes(h.sink.Take()).size() == 1);  // the awaited one's
  REQUIRE(InboundOpen(server));
}

TEST_CASE("the log is bounded by its entries and by the bytes JS may keep", "[lane]") {
  Harness h;
  const auto [id, server] = OpenHoldingWrites(h, R"("queue":{"highWaterMark":100})");
  REQUIRE(SendAround(server, PayloadKind::kBinary, 60) > 0);
  REQUIRE(SendAround(server, PayloadKind::kBinary, 60) > 0);  // over by one message at most
  REQUIRE(SendAround(server, PayloadKind::kBinary, 1) == kMustGoThroughCore);
  // So that send goes through the core, which takes the log in first.
  Payload refused_around = Payload::Kept(PayloadKind::kBinary, 1);
  refused_around.outcome_awaited = false;
  REQUIRE(h.manager.Send(id, refused_around, false).queued_id != 0);
  for (std::uint32_t i = 0; i < BypassLane::kLogCapacity; ++i) {
    REQUIRE(SendAround(server, PayloadKind::kBinary, 0) > 0);
  }
  REQUIRE(SendAround(server, PayloadKind::kBinary, 0) == kMustGoThroughCore);
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

TEST_CASE("queue + heartbeat: inbound goes around until a send someone awaits waits for its pong",
          "[lane]") {
  Harness h;
  const auto [id, server] =
      OpenHoldingWrites(h, R"("queue":true,"heartbeat":{"intervalMs":5000,"timeoutMs":5000})");
  for (int i = 0; i < 3; ++i) {
    Payload fire_and_forget = Payload::Kept(PayloadKind::kBinary, 16);
    fire_and_forget.outcome_awaited = false;
    REQUIRE(h.manager.Send(id, fire_and_forget, false).queued_id != 0);
  }
  REQUIRE(InboundOpen(server));  // written will be their success: no answer waits for them
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "awaited"}).queued_id != 0);
  server.Write(48 + 7);
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 16));
  REQUIRE_FALSE(InboundOpen(server));  // written, it awaits the pong of a ping sent after it
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
