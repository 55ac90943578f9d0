// How a STOMP session ends a connection: an ERROR (the client closes, the broker may not), a
// refused CONNECT (for good), a malformed frame, a missing CONNECTED, and DISCONNECT both ways
// (RECEIPT, or RabbitMQ's close 1000 "STOMP died" without one).
#include <catch2/catch.hpp>

#include "stomp_session_harness.h"

using namespace wxs;
using namespace wxs::stomp;
using namespace wxs::stomp::testing;

namespace {

std::string Nul() { return std::string(1, '\0'); }

// RabbitMQ's answer to bad credentials (tests/stomp/errors.test.mjs), which keeps the socket open.
const std::string kBadConnect =
    "ERROR\nmessage:Bad CONNECT\ncontent-type:text/plain\nversion:1.0,1.1,1.2\ncontent-length:32"
    "\n\nAccess refused for user 'guest'\n" +
    Nul() + "\n";

}  // namespace

TEST_CASE(
    "STOMP ERROR after CONNECTED: reported with headers and body, the client closes the "
    "socket and reconnects",
    "[stomp-error]") {
  StompHarness h;
  h.session->Subscribe("/queue/a", "auto", {});
  h.Accept();
  h.recorder.Take();
  h.Receive("ERROR\nmessage:resource locked\n\ndetails" + Nul() + "\n");
  REQUIRE(h.recorder.Take() == Events{"error resource locked | details", "reconnecting"});
  auto& first = h.transports.connection(0);
  REQUIRE(first.close_call == std::make_pair(1000, std::string("STOMP ERROR")));
  REQUIRE_FALSE(first.attached);  // the broker need not close: the client is gone already
  h.time.Advance(50);
  h.Accept();
  REQUIRE(Wire(h.server()) == Events{"CONNECT", "SUBSCRIBE id:1 destination:/queue/a"});
}

TEST_CASE(
    "STOMP ERROR answering CONNECT (bad credentials): the task ends for good, no reconnect, "
    "queued SENDs fail",
    "[stomp-error]") {
  StompHarness h(R"("connectHeaders":{"login":"guest","passcode":"wrong"})");
  h.SendText("/queue/a", "waiting");
  h.Open();
  h.Receive(kBadConnect);
  REQUIRE(h.recorder.Take() ==
          Events{"error Bad CONNECT | Access refused for user 'guest'\n",
                 "outcome #1 stompSend:fail the socket closed before the message was sent",
                 "close 1000 STOMP ERROR"});
  REQUIRE(h.transports.connection(0).close_call->first == 1000);
  h.time.Advance(60000);
  REQUIRE(h.transports.opened() == 1);
  REQUIRE(h.task->phase() == SocketTask::Phase::kClosed);
}

TEST_CASE("STOMP: frames after an ERROR in the same message are not acted on", "[stomp-error]") {
  StompHarness h;
  h.session->Subscribe("/queue/a", "auto", {});
  h.Accept();
  h.SendText("/queue/a", "x");
  h.recorder.Take();
  h.Receive("ERROR\nmessage:m\n\n" + Nul() + "RECEIPT\nreceipt-id:1\n\n" + Nul() +
            "MESSAGE\nsubscription:1\nmessage-id:1\n\nlate" + Nul());
  REQUIRE(h.recorder.Take() == Events{"error m | ", "reconnecting"});
}

TEST_CASE("STOMP: a malformed server frame is an error event and a protocol-error close (final)",
          "[stomp-error]") {
  StompHarness h;
  h.Accept();
  h.recorder.Take();
  h.Receive("MESSAGE\nbad\\tescape:1\n\n" + Nul());
  const Events events = h.recorder.Take();
  REQUIRE(events.size() == 2);
  REQUIRE(events[0].rfind("error ", 0) == 0);
  REQUIRE(events[0].find("(no frame)") != std::string::npos);
  REQUIRE(events[1] == "close 1002 STOMP protocol error");
  REQUIRE(h.transports.connection(0).close_call->first == 1000);  // what a browser may send
}

TEST_CASE("STOMP: a server frame over maxFrameBytes is a protocol error, never buffered",
          "[stomp-error]") {
  StompHarness h(R"("maxFrameBytes":64)");
  h.session->Subscribe("/q", "auto", {});
  h.Accept();
  h.recorder.Take();
  h.Receive("MESSAGE\nsubscription:1\n\n" + std::string(100, 'x'));
  REQUIRE(h.recorder.Take().back() == "close 1002 STOMP protocol error");
}

TEST_CASE("STOMP: no CONNECTED within the connect timeout: an error, and the client redials",
          "[stomp-error]") {
  StompHarness h;
  h.Open();
  h.time.Advance(4999);
  REQUIRE(h.recorder.events.empty());
  h.time.Advance(1);
  REQUIRE(h.recorder.Take() ==
          Events{"error no CONNECTED within 5000 ms (no frame)", "reconnecting"});
  REQUIRE(h.transports.connection(0).close_call->second == "no STOMP CONNECTED");
}

TEST_CASE("STOMP DISCONNECT: sent with a receipt, the RECEIPT ends it cleanly, nothing follows",
          "[stomp-disconnect]") {
  StompHarness h;
  h.Accept();
  REQUIRE(h.session->Disconnect().empty());
  REQUIRE(Wire(h.server(), {"receipt"}) == Events{"CONNECT", "DISCONNECT receipt:disconnect"});
  REQUIRE(h.SendText("/q", "after").err_msg == "stompSend:fail the client is disconnecting");
  REQUIRE(h.session->Disconnect() == "stompDisconnect:fail the client is disconnecting");
  h.recorder.Take();
  h.Receipt("disconnect");
  REQUIRE(h.recorder.Take() == Events{"disconnect stompDisconnect:ok", "close 1000 "});
  h.time.Advance(60000);
  REQUIRE(h.transports.opened() == 1);
}

TEST_CASE("STOMP DISCONNECT: RabbitMQ's close 1000 \"STOMP died\" without a RECEIPT is a clean end",
          "[stomp-disconnect]") {
  StompHarness h;
  h.Accept();
  h.session->Disconnect();
  h.recorder.Take();
  h.server().events->OnTransportClose(1000, "STOMP died");
  REQUIRE(h.recorder.Take() == Events{"disconnect stompDisconnect:ok", "close 1000 STOMP died"});
  h.time.Advance(60000);
  REQUIRE(h.transports.opened() == 1);  // no reconnect after a DISCONNECT
}

TEST_CASE(
    "STOMP DISCONNECT: an abnormal close or no RECEIPT in time is a failed disconnect, "
    "and still the end",
    "[stomp-disconnect]") {
  SECTION("abnormal close") {
    StompHarness h;
    h.Accept();
    h.session->Disconnect();
    h.recorder.Take();
    h.server().events->OnTransportClose(1006, "");
    REQUIRE(h.recorder.Take() ==
            Events{"disconnect stompDisconnect:fail the connection closed (1006 ) before "
                   "DISCONNECT's RECEIPT",
                   "close 1006 "});
  }
  SECTION("receipt timeout") {
    StompHarness h(R"("receiptTimeoutMs":3000)");
    h.Accept();
    h.session->Disconnect();
    h.recorder.Take();
    h.time.Advance(3000);
    REQUIRE(h.recorder.Take() ==
            Events{"disconnect stompDisconnect:fail the connection closed (1006 no RECEIPT for "
                   "DISCONNECT) before DISCONNECT's RECEIPT",
                   "close 1006 no RECEIPT for DISCONNECT"});
    REQUIRE(h.transports.connection(0).close_call->second == "no RECEIPT for DISCONNECT");
  }
}

TEST_CASE("STOMP DISCONNECT while reconnecting: no frame to send, the task ends, success",
          "[stomp-disconnect]") {
  StompHarness h;
  h.Accept();
  h.server().events->OnTransportClose(1006, "");
  h.SendText("/q", "waiting");
  h.recorder.Take();
  REQUIRE(h.session->Disconnect().empty());
  h.time.Tick();
  REQUIRE(h.recorder.Take() ==
          Events{"outcome #1 stompSend:fail the socket closed before the message was sent",
                 "disconnect stompDisconnect:ok", "close 1000 "});
  REQUIRE(h.session->Disconnect() == "stompDisconnect:fail the client is disconnecting");
}

TEST_CASE(
    "STOMP DISCONNECT: SENDs still waiting in the queue never follow it, they fail at the end",
    "[stomp-disconnect]") {
  StompHarness h(R"("queue":{"highWaterMark":1})");
  h.Open();
  h.server().holds_writes = true;
  h.SendText("/q", "handed over");
  h.SendText("/q", "waiting");
  h.Connected();  // the first goes, the second waits behind it: over the high-water mark
  h.session->Disconnect();
  h.server().Write(1 << 20);
  h.time.Advance(100);  // the write check finds room for the waiting SEND
  REQUIRE(Wire(h.server()) == Events{"CONNECT", "SEND destination:/q handed over", "DISCONNECT"});
  h.recorder.Take();
  h.server().events->OnTransportClose(1000, "STOMP died");
  REQUIRE(h.recorder.Take() ==
          Events{"outcome #2 stompSend:fail the socket closed before the message was sent",
                 "outcome #1 stompSend:fail the connection closed before its RECEIPT",
                 "disconnect stompDisconnect:ok", "close 1000 STOMP died"});
}
