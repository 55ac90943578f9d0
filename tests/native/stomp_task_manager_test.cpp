// wx.connectStomp's tasks in the TaskManager: a StompSession listens to the task, the task counts
// against maxConnections and is released like any other, and the legacy API never follows it.
#include <catch2/catch.hpp>

#include "harness.h"
#include "stomp_session_harness.h"

using namespace wxs;
using namespace wxs::testing;
using wxs::stomp::testing::Recorder;

namespace {

struct StompManagerHarness : Harness {
  using Harness::Harness;

  ConnectResult ConnectStomp(const std::string& fields = R"("url":"ws://127.0.0.1/ws")") {
    recorded_for.push_back(manager.next_task_id());
    return manager.ConnectStomp("{" + fields + "}", std::make_unique<ForwardingRecorder>(stomp));
  }
  void Connected() {
    transports.last().events->OnTransportMessage(
        Payload{PayloadKind::kText, std::string("CONNECTED\nversion:1.2\n\n") + '\0'});
  }

  // The manager owns each session's events object: this one writes into the shared recorder.
  struct ForwardingRecorder final : StompEvents {
    explicit ForwardingRecorder(Recorder& to) : to(to) {}
    void OnStompConnect(const stomp::Frame& frame) override { to.OnStompConnect(frame); }
    void OnStompMessage(stomp::SubscriptionId id, const stomp::Frame& frame,
                        std::uint32_t connection) override {
      to.OnStompMessage(id, frame, connection);
    }
    void OnStompError(std::string_view message, const stomp::Frame* frame) override {
      to.OnStompError(message, frame);
    }
    void OnStompSendOutcome(stomp::SendId id, std::string_view err_msg) override {
      to.OnStompSendOutcome(id, err_msg);
    }
    void OnStompDisconnect(std::string_view err_msg) override { to.OnStompDisconnect(err_msg); }
    Recorder& to;
  };

  Recorder stomp;
  std::vector<int> recorded_for;
};

}  // namespace

TEST_CASE("connectStomp makes a task whose session speaks STOMP on open", "[manager][stomp]") {
  StompManagerHarness h;
  const ConnectResult result = h.ConnectStomp();
  REQUIRE(result.err_msg == "connectStomp:ok");
  REQUIRE(h.recorded_for == std::vector<int>{result.task_id});
  REQUIRE(h.manager.StompOf(result.task_id) != nullptr);
  REQUIRE(h.manager.legacy_task_id() == 0);  // wx.sendSocketMessage never writes into STOMP

  h.transports.last().events->OnTransportOpen();
  REQUIRE(h.transports.last().sent.size() == 1);
  REQUIRE(h.transports.last().sent[0].second.rfind("CONNECT\n", 0) == 0);
  REQUIRE(h.sink.Take() == Events{"1 open"});  // the task's own events still reach its sink

  h.Connected();
  REQUIRE(h.stomp.Take() == Events{"connect"});
  REQUIRE(h.manager.StompOf(result.task_id)->connected());
  REQUIRE(h.manager.StompOf(h.Connect().task_id) == nullptr);  // a plain task has no session
}

TEST_CASE("only a STOMP task has the transport hand over every message's bytes",
          "[manager][stomp]") {
  StompManagerHarness h;
  h.ConnectStomp();
  REQUIRE(h.transports.last().request.reads_every_message);  // every message is a frame
  h.Connect();
  REQUIRE_FALSE(h.transports.last().request.reads_every_message);
  h.transports.last().events->OnTransportOpen();
  h.transports.last().events->OnTransportMessage(Payload::Kept(PayloadKind::kBinary, 70000));
  const nlohmann::json stats =
      nlohmann::json::parse(h.manager.StatsJson(h.manager.legacy_task_id()));
  REQUIRE(stats["bytesIn"] == 70000);
  REQUIRE(stats["messagesIn"] == 1);
}

TEST_CASE("a STOMP task counts against maxConnections like any task", "[manager][stomp]") {
  StompManagerHarness h(Config(2));
  REQUIRE(h.ConnectStomp().err_msg == "connectStomp:ok");
  REQUIRE(h.Connect().err_msg == "connectSocket:ok");
  const ConnectResult third = h.ConnectStomp();
  REQUIRE(third.err_msg == "connectStomp:fail exceed max concurrent count 2");
  REQUIRE(h.Connect().err_msg == "connectSocket:fail exceed max concurrent count 2");
  REQUIRE(h.transports.opened() == 2);
  h.time.Tick();
  REQUIRE(h.sink.Take() ==
          Events{"3 error connectStomp:fail exceed max concurrent count 2",
                 "3 close 1006 abnormal closure",
                 "4 [legacy] error connectSocket:fail exceed max concurrent count 2",
                 "4 [legacy] close 1006 abnormal closure"});
}

TEST_CASE("bad connectStomp options fail with the STOMP api name", "[manager][stomp]") {
  StompManagerHarness h;
  const ConnectResult result = h.ConnectStomp(R"("url":"ws://127.0.0.1/ws","receipts":1)");
  REQUIRE(result.err_msg.rfind("connectStomp:fail parameter error: parameter.receipts", 0) == 0);
  REQUIRE(h.transports.opened() == 0);
}

TEST_CASE("a STOMP task and its session are released once its close is reported",
          "[manager][stomp]") {
  StompManagerHarness h(Config(1));
  const int task_id = h.ConnectStomp(R"("url":"ws://127.0.0.1/ws","reconnect":false)").task_id;
  h.transports.last().events->OnTransportOpen();
  h.Connected();
  h.transports.last().events->OnTransportClose(1000, "bye");
  REQUIRE(h.manager.held_tasks() == 1);  // still on the call stack
  h.time.Tick();
  REQUIRE(h.manager.held_tasks() == 0);
  REQUIRE(h.manager.StompOf(task_id) == nullptr);
  REQUIRE(h.ConnectStomp().err_msg == "connectStomp:ok");  // the slot is free again
}

TEST_CASE("an app's own send on a STOMP task fails: it would break the STOMP stream",
          "[manager][stomp]") {
  StompManagerHarness h;
  const int task_id = h.ConnectStomp().task_id;
  h.Connected();
  const std::size_t frames = h.transports.last().sent.size();
  const SendResult result = h.manager.Send(task_id, Payload{PayloadKind::kText, "hello"});
  REQUIRE(result.err_msg ==
          "sendSocketMessage:fail the task carries a STOMP session: send with the client's send()");
  REQUIRE(result.queued_id == 0);
  REQUIRE(h.transports.last().sent.size() == frames);
}

TEST_CASE("a STOMP task never lets a message around its session, queue or not",
          "[manager][stomp][lane]") {
  StompManagerHarness h;
  REQUIRE(h.ConnectStomp(R"("url":"ws://127.0.0.1/ws","queue":false,"heartbeat":false)").err_msg ==
          "connectStomp:ok");
  h.transports.last().events->OnTransportOpen();
  h.Connected();
  const BypassLane& lane = *h.transports.last().request.lane;
  REQUIRE(lane.inbound_held != 0);   // every frame is the session's to parse
  REQUIRE(lane.outbound_held != 0);  // the app's bytes would break the frame stream
}
