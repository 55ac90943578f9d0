// Queue mode with a heartbeat: a message succeeds once a pong answers a ping sent after it. The
// browser counts bytes as written once they enter its network process, so a cut can still lose
// written messages; the server answers pings in order, after reading what came before them.
// A connection that drops fails what was written but unconfirmed (sending it again could
// deliver it twice) and sends again what was never written.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kConfirming =
    R"("queue":{"maxMessages":100},"reconnect":{"minDelayMs":100,"maxDelayMs":100},)"
    R"("heartbeat":{"intervalMs":10000,"timeoutMs":1000})";
constexpr const char* kMaybeReceived =
    "sendSocketMessage:fail the connection dropped before the server confirmed the message (it "
    "may have arrived)";

int OpenConfirming(Harness& h) {
  const int id = h.ConnectWith(kConfirming);
  h.transports.last().events->OnTransportOpen();
  h.sink.Take();
  return id;
}

MessageId Send(Harness& h, int task, std::string_view text) {
  return h.manager.Send(task, Payload{PayloadKind::kText, text}).queued_id;
}

void Pong(Harness& h) {
  h.transports.last().events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
}

int PingCount(const FakeConnection& link) {
  int pings = 0;
  for (const std::string& text : Texts(link)) pings += text == "ping";
  return pings;
}

}  // namespace

TEST_CASE("a written message succeeds when the pong of a ping sent after it arrives",
          "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  const MessageId id = Send(h, task, "hello");
  h.time.Advance(1);  // written: the ping goes now, not at the next interval
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"hello", "ping"});
  REQUIRE(Outcomes(h.sink.Take()).empty());
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(task));
  REQUIRE(stats["queue"]["unconfirmed"] == nlohmann::json{{"messages", 1}, {"bytes", 5}});
  Pong(h);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
  h.time.Advance(9000);  // nothing waits for an answer: no ping before the interval
  REQUIRE(PingCount(h.transports.last()) == 1);
}

TEST_CASE("a burst costs one ping per round trip", "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  FakeConnection& link = h.transports.last();
  link.holds_writes = true;  // as in a browser, sends in one task are written after it
  for (int i = 0; i < 10; ++i) Send(h, task, "m" + std::to_string(i));
  link.Write(1000);
  h.time.Advance(1);
  REQUIRE(PingCount(h.transports.last()) == 1);
  for (int i = 10; i < 20; ++i) Send(h, task, "m" + std::to_string(i));
  link.Write(1000);
  h.time.Advance(1);
  REQUIRE(PingCount(h.transports.last()) == 1);  // the next waits for the pong
  Pong(h);
  REQUIRE(Outcomes(h.sink.Take()).size() == 10);  // only what went before the ping
  REQUIRE(PingCount(h.transports.last()) == 2);
  link.Write(1000);
  Pong(h);
  REQUIRE(Outcomes(h.sink.Take()).size() == 10);
  h.time.Advance(5000);
  REQUIRE(PingCount(h.transports.last()) == 2);
}

TEST_CASE("a drop fails what was written but unconfirmed, and resends only what was never written",
          "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  FakeConnection& first = h.transports.last();
  const MessageId confirmed = Send(h, task, "confirmed");
  h.time.Advance(1);
  Pong(h);
  const MessageId in_flight = Send(h, task, "in flight");
  h.time.Advance(1);  // written, its ping out
  first.holds_writes = true;
  const MessageId held = Send(h, task, "held");  // still in the browser's buffer
  first.events->OnTransportClose(1006, "");
  const auto at_drop = Outcomes(h.sink.Take());
  REQUIRE(at_drop.at(static_cast<int>(confirmed)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
  REQUIRE(at_drop.at(static_cast<int>(in_flight)) == std::vector<std::string>{kMaybeReceived});
  REQUIRE(at_drop.count(static_cast<int>(held)) == 0);

  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  h.time.Advance(1);
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"held", "ping"});
  Pong(h);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(held)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
}

TEST_CASE("a pong nobody asked for confirms nothing, and an unanswered link still dies",
          "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  Pong(h);  // before any ping
  const MessageId id = Send(h, task, "x");
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).empty());
  h.time.Advance(10998);  // only the regular ping judges the link: due at 10 s, dead at 11 s
  REQUIRE(h.transports.last().attached);
  REQUIRE(Outcomes(h.sink.Take()).empty());
  h.time.Advance(1);
  REQUIRE_FALSE(h.transports.last().attached);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{kMaybeReceived});
}

TEST_CASE("without a heartbeat, written is enough", "[confirmed]") {
  Harness h;
  const int task = h.ConnectWith(R"("queue":true)");
  h.transports.last().events->OnTransportOpen();
  h.sink.Take();
  const MessageId id = Send(h, task, "x");
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"x"});
}

TEST_CASE("a send nobody awaits succeeds once written and asks for no ping", "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  Payload fire_and_forget{PayloadKind::kText, "fire"};
  fire_and_forget.outcome_awaited = false;
  const MessageId id = h.manager.Send(task, fire_and_forget).queued_id;
  h.time.Advance(64);  // with no traffic to settle it, the slow write check does
  // Its outcome only releases what the platform keeps for it: written is enough.
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
  h.time.Advance(9000);
  REQUIRE(PingCount(h.transports.last()) == 0);
}

TEST_CASE("sends nobody awaits still in the browser's buffer ask for no ping", "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  FakeConnection& link = h.transports.last();
  link.holds_writes = true;
  Payload fire_and_forget{PayloadKind::kText, "fire"};
  fire_and_forget.outcome_awaited = false;
  for (int i = 0; i < 3; ++i) h.manager.Send(task, fire_and_forget);
  h.time.Advance(10);  // write checks find them unwritten
  REQUIRE(PingCount(link) == 0);
  link.Write(1000);
  h.time.Advance(100);
  REQUIRE(Outcomes(h.sink.Take()).size() == 3);
  REQUIRE(PingCount(link) == 0);
  // One awaited message among them: the write check pings behind it.
  h.manager.Send(task, fire_and_forget);
  Send(h, task, "awaited");
  h.time.Advance(10);
  REQUIRE(PingCount(link) == 1);
}

TEST_CASE("a server that talks but never answers pings: written is enough on that connection",
          "[confirmed]") {
  Harness h;
  const int task = OpenConfirming(h);
  FakeConnection& link = h.transports.last();
  const MessageId first = Send(h, task, "a");
  h.time.Advance(1);  // written; the ping asking for it goes unanswered
  REQUIRE(PingCount(link) == 1);
  link.events->OnTransportMessage(Payload{PayloadKind::kText, "news"});  // alive, no pong
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(first)) == 0);
  h.time.Advance(1001);  // past the timeout, and the server still talks
  link.events->OnTransportMessage(Payload{PayloadKind::kText, "more news"});
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(first)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
  const MessageId second = Send(h, task, "b");
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(second)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
  REQUIRE(PingCount(link) == 1);  // nothing more is asked of it
}
