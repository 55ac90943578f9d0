// Exactly one outcome per SEND: on its RECEIPT, an ERROR naming it, a receipt timeout or the
// final close; SENDs a dead connection wrote are sent again, with the same dedupe header.
#include <catch2/catch.hpp>
#include <map>

#include "stomp_session_harness.h"

using namespace wxs;
using namespace wxs::stomp;
using namespace wxs::stomp::testing;

namespace {

// SendId -> its outcomes, from the recorded events.
std::map<int, std::vector<std::string>> Outcomes(const Events& events) {
  return wxs::testing::Outcomes(events);
}

std::string Nul() { return std::string(1, '\0'); }

}  // namespace

TEST_CASE("STOMP: a SEND succeeds on its RECEIPT, not when written", "[stomp-outcomes]") {
  StompHarness h;
  h.Accept();
  h.recorder.Take();
  REQUIRE(h.SendText("/queue/a", "one").queued_id == 1);
  h.time.Advance(1000);  // written long ago
  REQUIRE(h.recorder.Take().empty());
  REQUIRE(HeaderOf(h.server(), 1, "receipt") == "1");
  h.Receipt("1");
  REQUIRE(h.recorder.Take() == Events{"outcome #1 stompSend:ok"});
  h.Receipt("1");  // a repeat settles nothing
  REQUIRE(h.recorder.Take().empty());
}

TEST_CASE("STOMP: a RECEIPT that beats the write check settles the SEND once", "[stomp-outcomes]") {
  StompHarness h;
  h.Accept();
  h.server().holds_writes = true;
  h.recorder.Take();
  h.SendText("/queue/a", "one");
  h.Receipt("1");
  h.server().Write(1 << 20);
  h.time.Advance(1000);
  REQUIRE(h.recorder.Take() == Events{"outcome #1 stompSend:ok"});
}

TEST_CASE("STOMP: a SEND written before a drop is sent again, byte for byte, until receipted",
          "[stomp-outcomes]") {
  StompHarness h;
  h.Accept();
  h.SendText("/queue/a", "payload", {{"x-app", "1"}});
  const std::string first = h.server().sent.back().second;
  const std::string dedupe = HeaderOf(h.server(), h.server().sent.size() - 1, "wx-message-id");
  REQUIRE(dedupe.size() == 16 + 1 + 1);  // prefix, dash, SendId 1
  for (int drop = 0; drop < 2; ++drop) {
    h.DropAndRedial();
    h.Accept();
    REQUIRE(h.server().sent.back().second == first);
  }
  h.Receipt("1");
  h.DropAndRedial();
  h.Accept();
  REQUIRE(Wire(h.server()) == Events{"CONNECT"});
  REQUIRE(Outcomes(h.recorder.Take()) ==
          std::map<int, std::vector<std::string>>{{1, {"stompSend:ok"}}});
}

TEST_CASE("STOMP: two sessions give their SENDs different dedupe ids", "[stomp-outcomes]") {
  StompHarness a;
  StompHarness b({}, {0.25, 0.75});
  a.Accept();
  b.Accept();
  a.SendText("/q", "x");
  b.SendText("/q", "x");
  REQUIRE(HeaderOf(a.server(), 1, "wx-message-id") != HeaderOf(b.server(), 1, "wx-message-id"));
}

TEST_CASE("STOMP: one outcome per SEND through drops, an ERROR naming one, a timeout and the end",
          "[stomp-outcomes]") {
  StompHarness h(R"("receiptTimeoutMs":10000)");
  h.Accept();
  for (int i = 0; i < 6; ++i) h.SendText("/queue/a", std::to_string(i));  // SendIds 1..6
  h.Receipt("1");
  h.DropAndRedial();
  h.SendText("/queue/a", "offline");  // 7
  h.Accept();
  h.Receipt("2");
  h.Receive("ERROR\nreceipt-id:3\nmessage:no access\n\n" + Nul());  // 3 fails, the client redials
  h.time.Advance(50);
  h.Accept();
  h.Receipt("4");
  h.time.Advance(10000);           // 5, 6 and 7 were resent and never receipted
  h.SendText("/queue/a", "last");  // 8: the task closes for good before its RECEIPT
  h.task->Close(CloseRequest{});
  h.server().events->OnTransportClose(1000, "");
  const auto outcomes = Outcomes(h.recorder.Take());
  REQUIRE(outcomes == std::map<int, std::vector<std::string>>{
                          {1, {"stompSend:ok"}},
                          {2, {"stompSend:ok"}},
                          {3, {"stompSend:fail ERROR no access"}},
                          {4, {"stompSend:ok"}},
                          {5, {"stompSend:fail no RECEIPT within 10000 ms"}},
                          {6, {"stompSend:fail no RECEIPT within 10000 ms"}},
                          {7, {"stompSend:fail no RECEIPT within 10000 ms"}},
                          {8, {"stompSend:fail the connection closed before its RECEIPT"}}});
}

TEST_CASE("STOMP: the receipt timeout counts from the write, and waits while offline",
          "[stomp-outcomes]") {
  StompHarness h(R"("receiptTimeoutMs":10000)");
  h.SendText("/queue/a", "queued");
  h.time.Advance(20000);  // queued, not written: no receipt is due
  h.Accept();
  h.time.Advance(9000);
  h.server().events->OnTransportClose(1006, "");
  h.time.Advance(30000);  // offline: the clock stops for it
  h.Accept();
  h.time.Advance(9999);
  REQUIRE(Outcomes(h.recorder.events).empty());
  h.time.Advance(1);
  REQUIRE(Outcomes(h.recorder.Take()) == std::map<int, std::vector<std::string>>{
                                             {1, {"stompSend:fail no RECEIPT within 10000 ms"}}});
}

TEST_CASE("STOMP: SENDs still queued when the task closes for good fail with the queue's reason",
          "[stomp-outcomes]") {
  StompHarness h;
  h.SendText("/queue/a", "never sent");
  h.task->Close(CloseRequest{});
  h.server().events->OnTransportClose(1000, "");
  REQUIRE(Outcomes(h.recorder.Take()) ==
          std::map<int, std::vector<std::string>>{
              {1, {"stompSend:fail the socket closed before the message was sent"}}});
}

TEST_CASE("STOMP receipts:false: a SEND succeeds once written, and is not sent again after a drop",
          "[stomp-outcomes]") {
  StompHarness h(R"("receipts":false)");
  h.Accept();
  h.recorder.Take();
  h.SendText("/queue/a", "one");
  REQUIRE(HeaderOf(h.server(), 1, "receipt") == "(none)");
  REQUIRE(HeaderOf(h.server(), 1, "wx-message-id") != "(none)");
  h.time.Advance(1);
  REQUIRE(h.recorder.Take() == Events{"outcome #1 stompSend:ok"});
  h.DropAndRedial();
  h.Accept();
  REQUIRE(Wire(h.server()) == Events{"CONNECT"});
}

TEST_CASE("STOMP: a SEND over maxFrameBytes fails at once and is never queued",
          "[stomp-outcomes]") {
  StompHarness h(R"("maxFrameBytes":100)");
  const SendResult result = h.SendText("/queue/a", std::string(100, 'x'));
  REQUIRE(result.queued_id == 0);
  REQUIRE(result.err_msg.rfind("stompSend:fail frame of ", 0) == 0);
  REQUIRE(result.err_msg.find(" bytes is over maxFrameBytes 100") != std::string::npos);
  h.Accept();
  REQUIRE(Wire(h.server()) == Events{"CONNECT"});
}

TEST_CASE("STOMP without the queue: a SEND while not connected fails now", "[stomp-outcomes]") {
  StompHarness h(R"("queue":false)");
  REQUIRE(h.SendText("/q", "x").err_msg == "stompSend:fail WebSocket is not connected");
  h.Open();  // the handshake is not done either
  REQUIRE(h.SendText("/q", "x").err_msg == "stompSend:fail WebSocket is not connected");
  h.Connected();
  REQUIRE(h.SendText("/q", "x").queued_id == 3);  // written now, receipt awaited
}
