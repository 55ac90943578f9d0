// Heartbeat inside a task: pings, pongs and RTT, dead connections found within interval +
// timeout, probes, and deadlines judged by the clock when timers are held back.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kHeartbeat =
    R"("heartbeat":{"intervalMs":1000,"timeoutMs":300,"probeTimeoutMs":100},)"
    R"("reconnect":{"minDelayMs":50,"maxDelayMs":50},"queue":true)";

std::size_t Pings(const FakeConnection& connection) {
  std::size_t pings = 0;
  for (const auto& [kind, bytes] : connection.sent) pings += bytes == "ping" ? 1 : 0;
  return pings;
}

// Connects with kHeartbeat and lets the server accept; returns the server's side.
FakeConnection& OpenHeartbeatTask(Harness& h) {
  h.ConnectWith(kHeartbeat);
  h.transports.last().events->OnTransportOpen();
  return h.transports.last();
}

bool Dropped(const Events& events) {
  for (const std::string& event : events) {
    if (event.find("reconnecting") != std::string::npos &&
        event.find("heartbeat timeout") != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("a ping every interval, pongs give the RTT and never reach the app", "[heartbeat]") {
  Harness h;
  const int id = h.ConnectWith(kHeartbeat);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.sink.Take();
  h.time.Advance(999);
  REQUIRE(Pings(server) == 0);
  h.time.Advance(1);
  REQUIRE(Pings(server) == 1);
  h.time.Advance(40);
  server.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
  h.time.Advance(960);  // the interval counts from the last ping
  REQUIRE(Pings(server) == 2);
  h.time.Advance(60);
  server.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
  REQUIRE(h.sink.Take().empty());
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(id));
  REQUIRE(stats["rtt"]["lastMs"] == 60.0);
  REQUIRE(stats["rtt"]["maxMs"] == 60.0);
  REQUIRE(stats["rtt"]["averageMs"] == 50.0);
  REQUIRE(stats["rtt"]["samples"] == 2);
}

TEST_CASE("a silent connection is declared dead at interval + timeout", "[heartbeat]") {
  Harness h;
  h.ConnectWith(kHeartbeat);
  h.transports.last().events->OnTransportOpen();
  h.sink.Take();
  h.time.Advance(1299);
  REQUIRE_FALSE(Dropped(h.sink.Take()));
  h.time.Advance(1);
  REQUIRE(Dropped(h.sink.Take()));
  REQUIRE_FALSE(h.transports.last().attached);  // dropped at once: no closing handshake to wait for
  h.time.Advance(50);
  REQUIRE(h.transports.opened() == 2);
}

TEST_CASE("any traffic after a ping proves the connection alive", "[heartbeat]") {
  Harness h;
  FakeConnection& server = OpenHeartbeatTask(h);
  h.time.Advance(1200);
  server.events->OnTransportMessage(Payload{PayloadKind::kText, "chat message"});
  h.time.Advance(700);  // past the ping's deadline, but the connection answered
  REQUIRE_FALSE(Dropped(h.sink.Take()));
  REQUIRE(Pings(server) == 1);
  h.time.Advance(100);
  REQUIRE(Pings(server) == 2);  // the next ping keeps the interval
}

TEST_CASE("a JSON pong matcher and an object ping", "[heartbeat]") {
  Harness h;
  h.ConnectWith(
      R"("heartbeat":{"intervalMs":1000,"timeoutMs":300,"ping":{"type":"ping"},"pong":{"type":"pong"}})");
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.sink.Take();
  h.time.Advance(1000);
  REQUIRE(server.sent.back().second == R"({"type":"ping"})");
  server.events->OnTransportMessage(Payload{PayloadKind::kText, R"({"type":"pong","t":1})"});
  server.events->OnTransportMessage(Payload{PayloadKind::kText, R"({"type":"chat"})"});
  REQUIRE(h.sink.Take() == Events{"1 [legacy] text {\"type\":\"chat\"}"});
}

TEST_CASE("a probe pings now and expects an answer within the probe timeout", "[heartbeat]") {
  Harness h;
  FakeConnection& server = OpenHeartbeatTask(h);
  h.time.Advance(200);
  h.manager.ProbeAll();  // e.g. the page became visible
  REQUIRE(Pings(server) == 1);
  SECTION("answered") {
    server.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
    h.time.Advance(500);
    REQUIRE_FALSE(Dropped(h.sink.Take()));
  }
  SECTION("unanswered") {
    h.time.Advance(100);
    REQUIRE(Dropped(h.sink.Take()));
  }
}

TEST_CASE("a tick held back by a throttled tab probes instead of trusting the gap", "[heartbeat]") {
  Harness h;
  FakeConnection& server = OpenHeartbeatTask(h);
  h.time.Jump(60000);  // a minute in which no timer ran
  h.time.Tick();       // the overdue ping tick finally runs
  REQUIRE(Pings(server) == 1);
  h.time.Advance(100);  // the probe timeout, not the normal 300 ms
  REQUIRE(Dropped(h.sink.Take()));
}

TEST_CASE("a send after the deadline passed finds the connection dead by the clock",
          "[heartbeat]") {
  Harness h;
  const int id = h.ConnectWith(kHeartbeat);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.time.Advance(1000);  // ping out
  h.time.Jump(5000);     // its deadline passed while the timeout timer was held back
  h.sink.Take();
  const SendResult result = h.manager.Send(id, Payload{PayloadKind::kText, "important"});
  REQUIRE(result.queued_id != 0);  // not written into the dead connection: queued
  REQUIRE(h.sink.Take().empty());  // the drop is not reported from inside the send...
  h.time.Tick();
  REQUIRE(Dropped(h.sink.Take()));   // ...but on the next tick
  REQUIRE(server.sent.size() == 1);  // only the ping
  h.time.Advance(50);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"important"});
}

TEST_CASE("a send after timers were held back probes at once", "[heartbeat]") {
  Harness h;
  const int id = h.ConnectWith(kHeartbeat);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.time.Jump(60000);  // no timer ran: the silence proves nothing
  h.SendText(id, "hello");
  REQUIRE(Texts(server) == std::vector<std::string>{"ping", "hello"});
}

TEST_CASE("a send the platform says follows timers on time leaves the check to the late timer",
          "[heartbeat]") {
  Harness h;
  const int id = h.ConnectWith(kHeartbeat);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.time.Jump(60000);  // as a visible page's timers would never be: the send takes the word
  h.manager.Send(id, Payload{PayloadKind::kText, "hello"}, /*timers_may_lag=*/false);
  REQUIRE(Texts(server) == std::vector<std::string>{"hello"});
  h.time.Advance(0);  // the held-back timer fires: its late tick probes
  REQUIRE(Texts(server) == std::vector<std::string>{"hello", "ping"});
}

TEST_CASE("closing stops the heartbeat: no drop, no reconnect", "[heartbeat]") {
  Harness h;
  const int id = h.ConnectWith(kHeartbeat);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  h.time.Advance(1000);
  SECTION("with a ping out") {}
  SECTION("with the ping answered: the next one is due while closing") {
    server.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
    h.time.Advance(500);
  }
  h.manager.Close(id, "{}");
  h.time.Advance(WxConfig::kDefaultConnectTimeoutMs);
  REQUIRE(Pings(server) == 1);  // none into the closing connection
  const Events events = h.sink.Take();
  REQUIRE_FALSE(Dropped(events));
  REQUIRE(events.back() == "1 [legacy] close 1006 abnormal closure");  // the close never came
  REQUIRE(h.transports.opened() == 1);
}

TEST_CASE("a probe while a ping is out keeps the earlier deadline and the RTT start",
          "[heartbeat]") {
  Harness h;
  FakeConnection& server = OpenHeartbeatTask(h);
  h.time.Advance(1000);  // ping out: answer due at 1300
  h.time.Advance(250);
  h.manager.ProbeAll();  // would be due at 1350: must not push the deadline later
  REQUIRE(Pings(server) == 1);
  h.time.Advance(50);
  REQUIRE(Dropped(h.sink.Take()));
}

// The web layer writes every payload into one reused buffer, which a listener's own send
// overwrites (or reallocates): no listener may run while a send still reads its payload.
TEST_CASE("no listener runs inside a send that finds the connection dead", "[heartbeat]") {
  Harness h;
  const int id = h.ConnectWith(kHeartbeat);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  bool sending = false;
  std::vector<std::string> inside_send;
  std::string shared_buffer(40, 'O');
  h.sink.on_lifecycle = [&](int task, std::string_view kind, std::string_view) {
    if (sending) inside_send.emplace_back(kind);
    if (kind != "reconnecting") return;
    shared_buffer.assign(100, 'L');  // a larger message: the buffer moves
    h.manager.Send(task, Payload{PayloadKind::kText, shared_buffer});
  };
  h.sink.on_error = h.sink.on_close = [&](int) {
    if (sending) inside_send.emplace_back("error or close");
  };

  SECTION("the ping's deadline passed while its timer was held back") {
    h.time.Advance(1000);
    h.time.Jump(5000);
  }
  SECTION("an overdue probe's ping is refused") {
    h.time.Jump(60000);          // no timer ran for a minute
    server.refuse_sends = true;  // the browser already considers the socket closed
  }

  sending = true;
  const SendResult outer = h.manager.Send(id, Payload{PayloadKind::kText, shared_buffer});
  sending = false;
  REQUIRE(inside_send.empty());
  REQUIRE(outer.queued_id != 0);
  h.time.Tick();
  REQUIRE(Dropped(h.sink.Take()));
  h.sink.on_lifecycle = nullptr;
  h.time.Advance(50);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) ==
          std::vector<std::string>{std::string(40, 'O'), std::string(100, 'L')});
}

TEST_CASE("the transport passes the bytes of received texts only when they may be a pong",
          "[heartbeat]") {
  Harness h;
  h.Connect();
  const PongCandidates none = h.transports.last().request.pong_candidates;
  REQUIRE(none.shape == PongCandidates::Shape::kNone);
  REQUIRE(none.min_utf16_units() > none.max_utf16_units());  // no text is one

  // A browser sees a JS string: the pong's UTF-8 length bounds its UTF-16 length.
  const auto units = [](const std::string& pong) {
    Harness connecting;
    connecting.ConnectWith(R"("heartbeat":{"pong":)" + pong + "}");
    const PongCandidates candidates = connecting.transports.last().request.pong_candidates;
    return std::make_pair(candidates.min_utf16_units(), candidates.max_utf16_units());
  };
  using Range = std::pair<std::size_t, std::size_t>;
  REQUIRE(units(R"("pong")") == Range(2, 4));
  REQUIRE(units(R"("心跳")") == Range(2, 6));  // 2 units, 6 bytes
  REQUIRE(units(R"("😀")") == Range(2, 4));     // 2 units (a surrogate pair), 4 bytes
  REQUIRE(units(R"("")") == Range(0, 0));
  REQUIRE(units(R"({"type":"pong"})") == Range(1, 4096));  // a JSON object of up to 4096 bytes
}

TEST_CASE("a text passed by its size only reaches the app and counts in bytesIn, as no pong",
          "[heartbeat]") {
  Harness h;
  FakeConnection& server = OpenHeartbeatTask(h);
  h.sink.Take();
  h.time.Advance(1000);
  REQUIRE(Pings(server) == 1);
  server.events->OnTransportMessage(Payload::Kept(PayloadKind::kText, 4));  // as long as "pong"
  REQUIRE(h.sink.Take() == Events{"1 [legacy] text "});
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(1));
  REQUIRE(stats["bytesIn"] == 4);
  REQUIRE(stats["rtt"]["samples"] == 0);
}
