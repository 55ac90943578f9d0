// Queue mode's promise: a message succeeds once the browser has written it (bufferedAmount fell
// below its end offset), and what the browser never wrote when a connection drops goes out on
// the next one, in order, with its original id. The fake connection holds the bytes until the
// test writes them, as a slow link would.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kQueueAndReconnect =
    R"("queue":{"maxMessages":100},"reconnect":{"minDelayMs":100,"maxDelayMs":100})";

// Opens a task whose connection holds what it is sent until the test writes it.
int OpenHolding(Harness& h, const std::string& options = kQueueAndReconnect) {
  const int id = h.ConnectWith(options);
  h.transports.last().holds_writes = true;
  h.transports.last().events->OnTransportOpen();
  h.sink.Take();
  return id;
}

MessageId Send(Harness& h, int task, std::string_view text) {
  return h.manager.Send(task, Payload{PayloadKind::kText, text}).queued_id;
}

}  // namespace

TEST_CASE(
    "success comes when the browser wrote the message, checked on sends, inbound "
    "messages and a timer",
    "[written]") {
  Harness h;
  const int task = OpenHolding(h);
  FakeConnection& link = h.transports.last();
  const MessageId a = Send(h, task, "aaa");
  const MessageId b = Send(h, task, "bb");
  REQUIRE(a != 0);
  REQUIRE(b != 0);
  h.time.Advance(1000);
  REQUIRE(h.sink.Take().empty());  // handed over, but still in the browser's buffer

  link.Write(3);  // "aaa" left the browser
  REQUIRE(h.sink.Take().empty());
  Send(h, task, "c");  // a send checks first
  REQUIRE(h.sink.Take() == Events{"1 outcome #1 sendSocketMessage:ok"});

  link.Write(2);
  link.events->OnTransportMessage(Payload{PayloadKind::kText, "from server"});  // so does a message
  REQUIRE(h.sink.Take() ==
          Events{"1 outcome #2 sendSocketMessage:ok", "1 [legacy] text from server"});

  link.Write(1);
  h.time.Advance(64);  // and the timer, while something is unwritten
  REQUIRE(h.sink.Take() == Events{"1 outcome #3 sendSocketMessage:ok"});
}

TEST_CASE("the write check runs only while something is unwritten, and backs off on a slow link",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h, R"("queue":true)");
  FakeConnection& link = h.transports.last();
  h.time.Advance(60000);
  REQUIRE(h.time.pending_count() == 0);  // a task that never sends runs no timer at all
  REQUIRE(link.buffered_reads == 0);

  Send(h, task, std::string(1000, 'x'));
  REQUIRE(h.time.pending_count() == 1);
  h.time.Advance(10000);  // nothing written for 10 s: checks at 1, 2, 4 ... then every 64 ms
  const int reads = link.buffered_reads;
  REQUIRE(reads > 150);
  REQUIRE(reads < 170);
  link.Write(1000);
  h.time.Advance(64);
  REQUIRE(Outcomes(h.sink.Take()).size() == 1);
  REQUIRE(h.time.pending_count() == 0);  // stopped once the buffer is empty
  h.time.Advance(60000);
  REQUIRE(link.buffered_reads == reads + 1);
}

TEST_CASE("a request/response exchange does not set and clear a write check per message",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h, R"("queue":true)");
  FakeConnection& link = h.transports.last();
  const std::size_t timers_before = h.time.scheduled_count();
  for (int round = 0; round < 100; ++round) {  // a round trip every 0.1 ms
    const MessageId id = Send(h, task, "ping");
    link.Write(4);
    link.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
    REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(id)) == 1);  // success at the reply
    h.time.Advance(0.1);
  }
  // One pending first check serves the sends of the next millisecond.
  REQUIRE(h.time.scheduled_count() - timers_before <= 12);
  h.time.Advance(1);
  REQUIRE(h.time.pending_count() == 0);  // the last check found nothing and stopped
}

TEST_CASE("sends nobody awaits are settled by the traffic, with a slow check as the backstop",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h, R"("queue":true)");
  FakeConnection& link = h.transports.last();
  Payload fire_and_forget{PayloadKind::kText, "ping"};
  fire_and_forget.outcome_awaited = false;
  const std::size_t timers_before = h.time.scheduled_count();
  for (int round = 0; round < 100; ++round) {  // a round trip every 0.1 ms
    const MessageId id = h.manager.Send(task, fire_and_forget).queued_id;
    link.Write(4);
    link.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
    REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(id)) == 1);
    h.time.Advance(0.1);
  }
  REQUIRE(h.time.scheduled_count() - timers_before == 1);
  // With no traffic, the check still releases what was written, within its 64 ms.
  const MessageId last = h.manager.Send(task, fire_and_forget).queued_id;
  link.Write(4);
  h.time.Advance(64);
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(last)) == 1);
  // A send whose outcome is awaited brings the check back to 1 ms.
  const MessageId awaited = Send(h, task, "heard");
  link.Write(5);
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(awaited)) == 1);
}

TEST_CASE("a cut at any byte: written messages succeed, the rest go out after the reconnect",
          "[written]") {
  const std::vector<std::string> texts = {"one", "two!", "three"};
  const std::size_t total =
      std::accumulate(texts.begin(), texts.end(), std::size_t{0},
                      [](std::size_t sum, const std::string& text) { return sum + text.size(); });
  for (std::size_t written = 0; written <= total; ++written) {
    Harness h;
    const int task = OpenHolding(h);
    for (const std::string& text : texts) Send(h, task, text);
    h.transports.last().Write(written);
    h.transports.last().events->OnTransportClose(1006, "");  // bufferedAmount read at the close

    std::vector<std::string> unwritten;
    std::size_t end = 0;
    for (const std::string& text : texts) {
      end += text.size();
      if (end > written) unwritten.push_back(text);
    }
    const auto at_close = Outcomes(h.sink.Take());
    REQUIRE(at_close.size() == texts.size() - unwritten.size());

    Send(h, task, "typed while down");
    unwritten.push_back("typed while down");
    h.time.Advance(100);
    h.transports.last().events->OnTransportOpen();
    REQUIRE(Texts(h.transports.last()) == unwritten);  // original order, after the reconnect
    h.time.Advance(1);
    auto outcomes = Outcomes(h.sink.Take());
    outcomes.insert(at_close.begin(), at_close.end());
    REQUIRE(outcomes.size() == texts.size() + 1);
    for (const auto& [id, results] : outcomes) {
      REQUIRE(results == std::vector<std::string>{"sendSocketMessage:ok"});  // exactly once
    }
  }
}

TEST_CASE("sends into a connection whose cut is not reported yet are not lost", "[written]") {
  Harness h;
  const int task = OpenHolding(h);
  for (const char* text : {"a", "b", "c"}) Send(h, task, text);  // the browser still accepts
  h.transports.last().events->OnTransportClose(1006, "");        // ...then reports the cut
  REQUIRE(Outcomes(h.sink.Take()).empty());
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a heartbeat timeout returns what the dead connection never wrote", "[written]") {
  Harness h;
  const int task = OpenHolding(
      h, std::string(kQueueAndReconnect) + R"(,"heartbeat":{"intervalMs":1000,"timeoutMs":500})");
  Send(h, task, "stuck");
  h.time.Advance(1500);  // the ping goes unanswered: the connection is dropped as dead
  REQUIRE(Outcomes(h.sink.Take()).empty());
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"stuck"});
}

TEST_CASE("a backlog drains as the browser writes, within highWaterMark", "[written]") {
  Harness h;
  const int task = h.ConnectWith(R"("queue":{"maxMessages":100,"highWaterMark":10})");
  for (const char* text : {"12345", "67890", "abcde", "fghij"}) Send(h, task, text);
  FakeConnection& link = h.transports.last();
  link.holds_writes = true;
  link.events->OnTransportOpen();
  REQUIRE(Texts(link) == std::vector<std::string>{"12345", "67890"});
  REQUIRE(Send(h, task, "later") != 0);  // waits behind the backlog, keeping the order
  link.Write(5);
  h.time.Advance(1);
  REQUIRE(Texts(link) == std::vector<std::string>{"12345", "67890", "abcde"});
  link.Write(100);
  for (int check = 0; check < 5; ++check) {
    h.time.Advance(1);
    link.Write(100);
  }
  REQUIRE(Texts(link) == std::vector<std::string>{"12345", "67890", "abcde", "fghij", "later"});
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).size() == 5);
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(task));
  REQUIRE(stats["queue"]["unwritten"]["messages"] == 0);
}

TEST_CASE("close() while messages are unwritten: they fail clearly, unless the handshake ends",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h);
  Send(h, task, "written");
  Send(h, task, "held");
  h.transports.last().Write(7);
  REQUIRE(h.manager.Close(task, "{}") == "closeSocket:ok");
  SECTION("the closing handshake never ended: what the browser never wrote fails") {
    h.transports.last().events->OnTransportClose(1006, "");
    const auto outcomes = Outcomes(h.sink.Take());
    REQUIRE(outcomes.at(1) == std::vector<std::string>{"sendSocketMessage:ok"});
    REQUIRE(outcomes.at(2) ==
            std::vector<std::string>{
                "sendSocketMessage:fail the socket closed before the message was sent"});
    h.time.Tick();  // the task is released
    REQUIRE(h.time.pending_count() == 0);
  }
  SECTION("a completed handshake proves everything before it arrived") {
    // The browser sends the close frame after all it held, and the server answered it.
    h.transports.last().events->OnTransportClose(1000, "");
    const auto outcomes = Outcomes(h.sink.Take());
    REQUIRE(outcomes.at(1) == std::vector<std::string>{"sendSocketMessage:ok"});
    REQUIRE(outcomes.at(2) == std::vector<std::string>{"sendSocketMessage:ok"});
  }
}

TEST_CASE("a large message through a slow link keeps the outcome rules", "[written]") {
  Harness h;
  const int task = OpenHolding(h, R"("queue":{"maxBytes":33554432},)"
                                  R"("reconnect":{"minDelayMs":100,"maxDelayMs":100})");
  const std::string large(24 << 20, 'x');
  const MessageId id = h.manager.Send(task, Payload{PayloadKind::kBinary, large}).queued_id;
  REQUIRE(id != 0);
  for (int second = 0; second < 23; ++second) {  // 1 MiB a second
    h.transports.last().Write(1 << 20);
    h.time.Advance(1000);
  }
  REQUIRE(Outcomes(h.sink.Take()).empty());
  h.transports.last().events->OnTransportClose(1006, "");  // cut with 1 MiB left
  h.time.Advance(100);
  REQUIRE(h.transports.opened() == 2);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(h.transports.last().sent.size() == 1);  // sent again whole
  REQUIRE(h.transports.last().sent[0].second.size() == large.size());
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
}

TEST_CASE("bufferedAmount and the unwritten figures are readable", "[written]") {
  Harness h;
  const int task = OpenHolding(h);
  Send(h, task, "abcd");
  REQUIRE(h.manager.BufferedAmountOf(task) == 4);
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(task));
  REQUIRE(stats["queue"]["unwritten"]["messages"] == 1);
  REQUIRE(stats["queue"]["unwritten"]["bytes"] == 4);
  REQUIRE(stats["queue"]["messages"] == 0);
  REQUIRE(h.manager.BufferedAmountOf(999) == 0);
}

TEST_CASE("what the open listeners send is not carried to the next connection", "[written]") {
  Harness h;
  const int task = h.ConnectWith(kQueueAndReconnect);
  Send(h, task, "typed");
  h.sink.on_open = [&](int id) { h.SendText(id, "login"); };
  h.transports.last().holds_writes = true;
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"login", "typed"});
  h.transports.last().events->OnTransportClose(1006, "");  // neither was written
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  h.sink.on_open = nullptr;
  // The new connection's listener logs in again; only the app's message is carried over.
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"login", "typed"});
}

// A heartbeat task with 100 KB on a link that holds it; the first ping goes out 1 s after open,
// behind it, and must be answered within 500 ms.
MessageId OpenWithUploadAheadOfPing(Harness& h) {
  const int task = OpenHolding(
      h, std::string(kQueueAndReconnect) + R"(,"heartbeat":{"intervalMs":1000,"timeoutMs":500})");
  return Send(h, task, std::string(100000, 'x'));
}

TEST_CASE("a slow upload is not declared dead: bytes ahead of the ping leaving prove the link",
          "[written]") {
  Harness h;
  const MessageId id = OpenWithUploadAheadOfPing(h);
  FakeConnection& link = h.transports.last();
  h.time.Advance(1000);  // the ping goes out behind the message
  REQUIRE(link.sent.back().second == "ping");
  for (int step = 0; step < 20; ++step) {  // 5 KB every 100 ms: 2 s, four timeouts long
    link.Write(5000);
    h.time.Advance(100);
  }
  link.Write(4);  // the ping, answered at once
  h.time.Advance(64);
  link.events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
  REQUIRE(h.transports.opened() == 1);  // never dropped
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{"sendSocketMessage:ok"});
}

TEST_CASE("a dead link with a backlog is still found: nothing leaves, the ping times out",
          "[written]") {
  Harness h;
  OpenWithUploadAheadOfPing(h);
  h.time.Advance(1499);
  REQUIRE(h.transports.last().attached);
  h.time.Advance(1);
  REQUIRE_FALSE(h.transports.last().attached);  // dropped as dead at the deadline, message returned
  h.time.Advance(100);
  REQUIRE(h.transports.opened() == 2);
}

TEST_CASE("bytes leaving after the ping prove nothing: a dead link is found at the deadline",
          "[written]") {
  Harness h;
  OpenWithUploadAheadOfPing(h);
  FakeConnection& link = h.transports.connection(0);
  h.time.Advance(1000);  // the ping goes out behind the message: answer due at 1500
  Send(h, h.manager.legacy_task_id(), std::string(100000, 'y'));  // a backlog behind the ping
  link.Write(100008);  // the first message and both pings leave (the one sent at 1 ms asked
                       // for its confirmation)
  h.time.Advance(64);
  for (int step = 0; step < 5; ++step) {  // the backlog keeps leaving; no pong comes
    link.Write(5000);
    h.time.Advance(100);
  }
  REQUIRE_FALSE(link.attached);  // dropped as dead by 1500, despite the writes
}

TEST_CASE("pings are part of the byte stream the offsets count", "[written]") {
  Harness h;
  const int task = OpenHolding(
      h, std::string(kQueueAndReconnect) + R"(,"heartbeat":{"intervalMs":1000,"timeoutMs":5000})");
  h.time.Advance(1000);  // "ping" (4 bytes) goes first
  const MessageId id = Send(h, task, "abc");
  h.transports.last().Write(6);  // the ping and 2 of the message's 3 bytes
  h.time.Advance(64);
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(id)) == 0);
  h.transports.last().Write(1);
  h.time.Advance(64);
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(id)) == 0);  // written, unconfirmed
  // The pong of the ping sent before the message confirms nothing of it; the ping sent for it
  // then goes, and its pong does.
  h.transports.last().events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(id)) == 0);
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"ping", "abc", "ping"});
  h.transports.last().events->OnTransportMessage(Payload{PayloadKind::kText, "pong"});
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(id)) == 1);
}

TEST_CASE("a returned message keeps its time-to-live", "[written]") {
  Harness h;
  const int task =
      OpenHolding(h, R"("queue":{"ttlMs":1000},"reconnect":{"minDelayMs":5000,"maxDelayMs":5000})");
  const MessageId id = Send(h, task, "stale");
  h.transports.last().events->OnTransportClose(1006, "");  // returned, unwritten
  h.time.Advance(1000);
  REQUIRE(Outcomes(h.sink.Take()).at(static_cast<int>(id)) ==
          std::vector<std::string>{"sendSocketMessage:fail expired in the queue after 1000 ms"});
  h.time.Advance(4000);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(h.transports.last().sent.empty());  // not sent late
}

TEST_CASE("returned messages count against the bounds again: the overflow policy applies",
          "[written]") {
  for (const char* overflow : {"drop-oldest", "reject-newest"}) {
    INFO(overflow);
    Harness h;
    const int task =
        OpenHolding(h, std::string(R"("queue":{"maxMessages":2,"overflow":")") + overflow +
                           R"("},"reconnect":{"minDelayMs":100,"maxDelayMs":100})");
    for (const char* text : {"a", "b", "c"}) Send(h, task, text);  // handed over: not bounded
    h.transports.last().events->OnTransportClose(1006, "");        // 3 returned, bound is 2
    const SendResult late = h.manager.Send(task, Payload{PayloadKind::kText, "d"});
    h.time.Advance(100);
    h.transports.last().events->OnTransportOpen();
    const auto outcomes = Outcomes(h.sink.Take());
    if (std::string(overflow) == "drop-oldest") {
      REQUIRE(late.queued_id != 0);
      REQUIRE(outcomes.at(1) == std::vector<std::string>{"sendSocketMessage:fail dropped from a "
                                                         "full queue (overflow is drop-oldest)"});
      REQUIRE(outcomes.at(2).size() == 1);
      REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"c", "d"});
    } else {
      REQUIRE(late.err_msg ==
              "sendSocketMessage:fail queue is full (3 messages, 3 bytes); overflow is "
              "reject-newest");
      REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"a", "b", "c"});
    }
  }
}

// In a browser an app's payload never enters wasm memory: the core gets its size, JS keeps it,
// and the transport is told which one to send (the send under way, or a queued message's id).
TEST_CASE("a payload the platform keeps is sent by its id and counted by its size", "[written]") {
  Harness h;
  const int task =
      OpenHolding(h, R"("queue":{"maxBytes":10},"reconnect":{"minDelayMs":100,"maxDelayMs":100})");
  const auto send_kept = [&](std::size_t size) {
    return h.manager.Send(task, Payload::Kept(PayloadKind::kText, size));
  };
  const MessageId first = send_kept(6).queued_id;
  REQUIRE(first != 0);
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"kept #0 (6 B)"});  // this send's
  REQUIRE(h.manager.BufferedAmountOf(task) == 6);
  h.transports.last().events->OnTransportClose(1006, "");  // nothing written

  // While down, the kept sizes count against maxBytes (the returned 6 B wait first).
  REQUIRE(send_kept(5).err_msg ==
          "sendSocketMessage:fail queue is full (1 messages, 6 bytes); overflow is reject-newest");
  const MessageId second = send_kept(4).queued_id;
  REQUIRE(second != 0);
  h.time.Advance(100);
  h.transports.last().holds_writes = true;
  h.transports.last().events->OnTransportOpen();
  // Resent by id, in order: the platform looks each one up by it.
  REQUIRE(Texts(h.transports.last()) ==
          std::vector<std::string>{"kept #" + std::to_string(first) + " (6 B)",
                                   "kept #" + std::to_string(second) + " (4 B)"});
  h.transports.last().Write(6);
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(first)) == 1);  // by the written offset
  const nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(task));
  REQUIRE(stats["bytesOut"] == 16);
  REQUIRE(stats["queue"]["unwritten"]["bytes"] == 4);
}

// A browser measures a text as it sends it (bufferedAmount grows by its UTF-8 size), so the
// core asks for a count only when a message must wait.
TEST_CASE("a text passed unmeasured is measured by the send, or sent again measured to wait",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h, kQueueAndReconnect);
  FakeConnection& link = h.transports.last();
  const auto unmeasured = Payload::Kept(PayloadKind::kText, Payload::kUnmeasured);
  link.unmeasured_size = 12;  // '你好世界' in UTF-8
  const SendResult sent = h.manager.Send(task, unmeasured);
  REQUIRE_FALSE(sent.size_needed);
  REQUIRE(sent.queued_id != 0);
  REQUIRE(Texts(link) == std::vector<std::string>{"kept #0 (12 B)"});
  nlohmann::json stats = nlohmann::json::parse(h.manager.StatsJson(task));
  REQUIRE(stats["bytesOut"] == 12);
  REQUIRE(stats["queue"]["unwritten"]["bytes"] == 12);
  link.Write(11);
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).empty());  // its end is the measured size
  link.Write(1);
  h.time.Advance(64);
  REQUIRE(Outcomes(h.sink.Take()).count(static_cast<int>(sent.queued_id)) == 1);

  link.events->OnTransportClose(1006, "");
  h.sink.Take();
  const SendResult must_wait = h.manager.Send(task, unmeasured);
  REQUIRE(must_wait.size_needed);  // nothing done: no id, no outcome, nothing queued
  REQUIRE(must_wait.queued_id == 0);
  REQUIRE(must_wait.err_msg.empty());
  REQUIRE(nlohmann::json::parse(h.manager.StatsJson(task))["queue"]["messages"] == 0);
  REQUIRE(h.manager.Send(task, Payload::Kept(PayloadKind::kText, 12)).queued_id != 0);
  REQUIRE(nlohmann::json::parse(h.manager.StatsJson(task))["queue"]["bytes"] == 12);
}

TEST_CASE("a plain task counts an unmeasured text by what the send measured", "[written]") {
  Harness h;
  const int task = h.ConnectOpen();
  h.transports.last().unmeasured_size = 7;
  REQUIRE(h.manager.Send(task, Payload::Kept(PayloadKind::kText, Payload::kUnmeasured)).err_msg ==
          "sendSocketMessage:ok");
  REQUIRE(nlohmann::json::parse(h.manager.StatsJson(task))["bytesOut"] == 7);
}

TEST_CASE("kept sends nobody awaits report no outcome, and the platform learns once what may go",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h, R"("queue":true)");
  FakeConnection& link = h.transports.last();
  Payload fire_and_forget = Payload::Kept(PayloadKind::kBinary, 4);
  fire_and_forget.outcome_awaited = false;
  const int reports_before = h.sink.kept_released_reports;
  MessageId last = 0;
  for (int i = 0; i < 3; ++i) last = h.manager.Send(task, fire_and_forget).queued_id;
  REQUIRE(h.sink.kept_released_reports == reports_before);  // nothing settled: nothing to say
  link.Write(8);                                            // the first two left the browser
  h.time.Advance(64);
  REQUIRE(Outcomes(h.sink.Take()).empty());
  REQUIRE(h.sink.kept_released_below.at(task) == last);         // the third may be sent again
  REQUIRE(h.sink.kept_released_reports == reports_before + 1);  // one report for the two
  h.manager.Close(task, R"({"code":1000})");
  link.events->OnTransportClose(1000, "");
  REQUIRE(h.sink.kept_released_below.at(task) == last + 1);
}

TEST_CASE("a task that ends with kept sends nobody awaits still waiting lets their payloads go",
          "[written]") {
  Harness h;
  const int task = h.ConnectWith(R"("queue":true)");
  Payload fire_and_forget = Payload::Kept(PayloadKind::kText, 4);
  fire_and_forget.outcome_awaited = false;
  const MessageId waiting = h.manager.Send(task, fire_and_forget).queued_id;
  REQUIRE(waiting != 0);
  h.manager.Close(task, R"({})");  // before it opened: the queue fails what waited
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(Outcomes(h.sink.Take()).empty());
  REQUIRE(h.sink.kept_released_below.at(task) == waiting + 1);
}

TEST_CASE("kept sends nobody awaits that expire while waiting let their payloads go", "[written]") {
  Harness h;
  const int task = h.ConnectWith(R"("queue":{"ttlMs":100},"timeout":1000)");
  Payload fire_and_forget = Payload::Kept(PayloadKind::kText, 4);
  fire_and_forget.outcome_awaited = false;
  MessageId last = 0;
  for (int i = 0; i < 3; ++i) last = h.manager.Send(task, fire_and_forget).queued_id;
  h.time.Advance(150);  // still connecting: the TTL's timer expires them
  REQUIRE(Outcomes(h.sink.Take()).empty());
  REQUIRE(h.sink.kept_released_below.at(task) == last + 1);
}

TEST_CASE("a kept send nobody awaits after a ping is written only when its own bytes are",
          "[written]") {
  Harness h;
  const int task = OpenHolding(h, R"("queue":true,"reconnect":{"minDelayMs":100,"maxDelayMs":100},)"
                                  R"("heartbeat":{"intervalMs":10000,"timeoutMs":1000})");
  FakeConnection& link = h.transports.last();
  Payload fire_and_forget = Payload::Kept(PayloadKind::kBinary, 10);
  fire_and_forget.outcome_awaited = false;
  h.manager.Send(task, fire_and_forget);
  h.time.Advance(10000);  // the heartbeat's ping: 4 bytes after the first message
  const MessageId second = h.manager.Send(task, fire_and_forget).queued_id;
  REQUIRE(link.buffered == 24);
  link.Write(20);  // the first message and the ping left; 4 bytes of the second did not
  h.time.Advance(64);
  REQUIRE(h.sink.kept_released_below.at(task) == second);
  h.time.Advance(2000);  // no pong: the heartbeat drops the connection, and it reconnects
  REQUIRE(h.transports.opened() == 2);
  h.transports.last().events->OnTransportOpen();
  const auto& resent = h.transports.last().sent;
  REQUIRE(std::any_of(resent.begin(), resent.end(), [&](const auto& frame) {
    return frame.second == "kept #" + std::to_string(second) + " (10 B)";
  }));
}
