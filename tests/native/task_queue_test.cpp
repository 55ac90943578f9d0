// The send queue inside a task: queued while not open, flushed in order on (re)open before the
// app's own sends, and exactly one outcome per message whatever happens to the connection.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kQueueAndReconnect =
    R"("queue":{"maxMessages":100},"reconnect":{"minDelayMs":100,"maxDelayMs":100})";

}  // namespace

TEST_CASE("sends before open are queued and flushed in order after onOpen", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  const SendResult first = h.manager.Send(id, Payload{PayloadKind::kText, "1"});
  REQUIRE(first.err_msg.empty());
  REQUIRE(first.queued_id == 1);
  h.manager.Send(id, Payload{PayloadKind::kBinary, "2"});
  REQUIRE(h.transports.last().sent.empty());
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"1", "2"});
  REQUIRE(h.sink.Take() == Events{"1 [legacy] open"});
  h.time.Advance(1);  // the write check: the browser wrote them
  REQUIRE(h.sink.Take() ==
          Events{"1 outcome #1 sendSocketMessage:ok", "1 outcome #2 sendSocketMessage:ok"});
  // Open and nothing waiting: handed over at once, its outcome still to come.
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "3"}).queued_id == 3);
  REQUIRE(Texts(h.transports.last()).back() == "3");
}

TEST_CASE("what onOpen listeners send goes before the queue (a join, a login)", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  h.manager.Send(id, Payload{PayloadKind::kText, "queued"});
  h.sink.on_open = [&](int task) { h.SendText(task, "join"); };
  h.transports.last().events->OnTransportOpen();
  h.sink.on_open = nullptr;
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"join", "queued"});
  h.manager.Send(id, Payload{PayloadKind::kText, "later"});
  REQUIRE(Texts(h.transports.last()).back() == "later");
}

TEST_CASE("messages queued during an outage survive the reconnect", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  h.transports.last().events->OnTransportOpen();
  h.transports.last().events->OnTransportClose(1006, "");
  for (const char* text : {"a", "b"}) h.manager.Send(id, Payload{PayloadKind::kText, text});
  h.time.Advance(100);  // attempt 1 fails
  h.transports.last().events->OnTransportError();
  h.transports.last().events->OnTransportClose(1006, "");
  h.manager.Send(id, Payload{PayloadKind::kText, "c"});
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"a", "b", "c"});
  h.time.Advance(1);
  const auto outcomes = Outcomes(h.sink.Take());
  REQUIRE(outcomes.size() == 3);
  for (const auto& [message, results] : outcomes) {
    REQUIRE(results == std::vector<std::string>{"sendSocketMessage:ok"});
  }
}

TEST_CASE("race: the server closes while the queue is flushing", "[task-queue]") {
  Harness h;
  const int task = h.ConnectWith(kQueueAndReconnect);
  for (const char* text : {"a", "b", "c"}) h.manager.Send(task, Payload{PayloadKind::kText, text});
  h.transports.last().refuse_sends = true;  // the browser already saw the server's close
  h.transports.last().events->OnTransportOpen();
  REQUIRE(h.transports.last().sent.empty());
  REQUIRE(Outcomes(h.sink.Take()).empty());  // nothing was handed over, so nothing succeeded
  REQUIRE(h.SendText(task, "d").empty());    // later sends queue behind, keeping the order
  h.transports.last().events->OnTransportClose(1012, "restart");
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  REQUIRE(Texts(h.transports.last()) == std::vector<std::string>{"a", "b", "c", "d"});
  h.time.Advance(1);
  REQUIRE(Outcomes(h.sink.Take()).size() == 4);
}

TEST_CASE("closing for good fails every queued message once", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  for (const char* text : {"a", "b"}) h.manager.Send(id, Payload{PayloadKind::kText, text});
  h.manager.Close(id, "{}");
  REQUIRE(h.SendText(id, "late") == "sendSocketMessage:fail WebSocket is not connected");
  h.transports.last().events->OnTransportClose(1006, "");
  const auto outcomes = Outcomes(h.sink.Take());
  REQUIRE(outcomes.size() == 2);
  for (const auto& [message, results] : outcomes) {
    REQUIRE(results == std::vector<std::string>{
                           "sendSocketMessage:fail the socket closed before the message was sent"});
  }
}

TEST_CASE("without reconnect, a queue still waits for the first open only", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":true)");
  h.manager.Send(id, Payload{PayloadKind::kText, "a"});
  h.transports.last().events->OnTransportError();
  h.transports.last().events->OnTransportClose(1006, "");
  const auto outcomes = Outcomes(h.sink.Take());
  REQUIRE(outcomes.at(1) ==
          std::vector<std::string>{
              "sendSocketMessage:fail the socket closed before the message was sent"});
}

TEST_CASE("a full queue answers the send at once", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(R"("queue":{"maxMessages":1})");
  h.manager.Send(id, Payload{PayloadKind::kText, "a"});
  REQUIRE(h.SendText(id, "b") ==
          "sendSocketMessage:fail queue is full (1 messages, 1 bytes); overflow is reject-newest");
}

TEST_CASE("getStats reports traffic and queue figures", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  h.manager.Send(id, Payload{PayloadKind::kText, "abc"});
  const nlohmann::json queued = nlohmann::json::parse(h.manager.StatsJson(id));
  REQUIRE(queued["state"] == "connecting");
  REQUIRE(queued["queue"]["messages"] == 1);
  REQUIRE(queued["queue"]["bytes"] == 3);
  h.transports.last().events->OnTransportOpen();
  h.time.Advance(250);
  h.transports.last().events->OnTransportMessage(Payload{PayloadKind::kBinary, "12345"});
  const nlohmann::json open = nlohmann::json::parse(h.manager.StatsJson(id));
  REQUIRE(open["state"] == "open");
  REQUIRE(open["uptimeMs"] == 250.0);
  REQUIRE(open["messagesOut"] == 1);
  REQUIRE(open["bytesOut"] == 3);
  REQUIRE(open["messagesIn"] == 1);
  REQUIRE(open["bytesIn"] == 5);
  REQUIRE(open["queue"]["messages"] == 0);
  REQUIRE(h.manager.StatsJson(999) == "null");
}

TEST_CASE("sends from onReconnected go before the queue and are final once handed over",
          "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  h.transports.last().events->OnTransportOpen();
  h.transports.last().events->OnTransportClose(1006, "");
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "typed offline"}).queued_id != 0);
  std::vector<SendResult> from_listeners;
  h.sink.on_lifecycle = [&](int task, std::string_view kind, std::string_view) {
    if (kind == "reconnected") {
      from_listeners.push_back(h.manager.Send(task, Payload{PayloadKind::kText, "resubscribe"}));
    }
  };
  h.sink.on_open = [&](int task) { h.SendText(task, "login"); };
  h.time.Advance(100);
  h.transports.last().events->OnTransportOpen();
  h.sink.on_lifecycle = nullptr;
  h.sink.on_open = nullptr;
  REQUIRE(Texts(h.transports.last()) ==
          std::vector<std::string>{"resubscribe", "login", "typed offline"});
  // They belong to this connection: never carried to the next one, so no outcome to wait for.
  REQUIRE(from_listeners.size() == 1);
  REQUIRE(from_listeners[0].err_msg == "sendSocketMessage:ok");
  REQUIRE(from_listeners[0].queued_id == 0);
}

TEST_CASE("messages the browser refused go out before the next send", "[task-queue]") {
  Harness h;
  const int id = h.ConnectWith(kQueueAndReconnect);
  FakeConnection& server = h.transports.last();
  server.events->OnTransportOpen();
  server.refuse_sends = true;  // the browser's socket is closing; its close event is on its way
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "a"}).queued_id == 1);
  server.refuse_sends = false;
  h.sink.Take();
  REQUIRE(h.manager.Send(id, Payload{PayloadKind::kText, "b"}).queued_id == 2);
  REQUIRE(Texts(server) == std::vector<std::string>{"a", "b"});
  REQUIRE(h.sink.Take().empty());  // no outcome before the caller learnt the id
  h.time.Advance(1);
  REQUIRE(h.sink.Take() ==
          Events{"1 outcome #1 sendSocketMessage:ok", "1 outcome #2 sendSocketMessage:ok"});
}
