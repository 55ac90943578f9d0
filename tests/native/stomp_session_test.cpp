// The STOMP session on a task: CONNECT first, subscriptions as stable handles sent again after
// every reconnect before the queued SENDs, and ACK/NACK by the 1.2 `id` header.
#include <catch2/catch.hpp>

#include "stomp_session_harness.h"

using namespace wxs;
using namespace wxs::stomp;
using namespace wxs::stomp::testing;

namespace {

const std::vector<Header> kNoHeaders;

}  // namespace

TEST_CASE("STOMP: CONNECT goes first with accept-version, host, heart-beat and the connectHeaders",
          "[stomp-session]") {
  StompHarness h(R"("connectHeaders":{"login":"guest","passcode":"guest"})");
  h.Open();
  REQUIRE(h.server().sent.size() == 1);
  REQUIRE(h.server().sent[0].second ==
          std::string("CONNECT\naccept-version:1.2,1.1\nheart-beat:0,0\nhost:/\nlogin:guest\n"
                      "passcode:guest\n\n") +
              '\0');
}

TEST_CASE(
    "STOMP: until CONNECTED the queue holds, then resubscribe in order, then the queued SENDs",
    "[stomp-session]") {
  StompHarness h;
  REQUIRE(h.session->Subscribe("/queue/a", "auto", kNoHeaders).id == 1);
  REQUIRE(h.session->Subscribe("/topic/b", "client", kNoHeaders).id == 2);
  REQUIRE(h.SendText("/queue/orders", "early").queued_id == 1);
  h.Open();
  REQUIRE(h.SendText("/queue/orders", "during handshake").queued_id == 2);
  REQUIRE(Wire(h.server()) == Events{"CONNECT"});
  h.Connected();
  REQUIRE(Wire(h.server()) == Events{"CONNECT", "SUBSCRIBE id:1 destination:/queue/a",
                                     "SUBSCRIBE id:2 destination:/topic/b",
                                     "SEND destination:/queue/orders early",
                                     "SEND destination:/queue/orders during handshake"});
  REQUIRE(h.recorder.Take() == Events{"connect"});
}

TEST_CASE(
    "STOMP: after every reconnect CONNECT, the live subscriptions (same ids, in order), "
    "unreceipted SENDs, then what queued offline",
    "[stomp-session]") {
  StompHarness h;
  h.session->Subscribe("/queue/a", "auto", kNoHeaders);
  h.session->Subscribe("/queue/b", "auto", kNoHeaders);
  h.Accept();
  h.SendText("/queue/x", "unreceipted");
  REQUIRE(h.session->Subscribe("/queue/c", "client-individual", kNoHeaders).id == 3);
  REQUIRE(h.session->Unsubscribe(2) == "stompUnsubscribe:ok");
  REQUIRE(Wire(h.server()) == Events{"CONNECT", "SUBSCRIBE id:1 destination:/queue/a",
                                     "SUBSCRIBE id:2 destination:/queue/b",
                                     "SEND destination:/queue/x unreceipted",
                                     "SUBSCRIBE id:3 destination:/queue/c", "UNSUBSCRIBE id:2"});
  for (int round = 0; round < 3; ++round) {
    h.DropAndRedial();
    h.SendText("/queue/x", "offline " + std::to_string(round));
    h.Open();
    REQUIRE(Wire(h.server()) == Events{"CONNECT"});
    h.Connected();
    REQUIRE(Wire(h.server()) ==
            Events{"CONNECT", "SUBSCRIBE id:1 destination:/queue/a",
                   "SUBSCRIBE id:3 destination:/queue/c", "SEND destination:/queue/x unreceipted",
                   "SEND destination:/queue/x offline " + std::to_string(round)});
    h.Receipt(std::to_string(2 + round));  // the offline one: it is not sent again
  }
  REQUIRE(h.transports.opened() == 4);
  REQUIRE(h.session->Unsubscribe(2) == "stompUnsubscribe:fail no live subscription 2");
}

TEST_CASE("STOMP: a MESSAGE goes to its subscription, one for an ended subscription is dropped",
          "[stomp-session]") {
  StompHarness h;
  h.session->Subscribe("/queue/a", "auto", kNoHeaders);
  h.session->Subscribe("/queue/b", "auto", kNoHeaders);
  h.Accept();
  h.recorder.Take();
  h.Receive(std::string("MESSAGE\nsubscription:2\nmessage-id:m1\ndestination:/queue/b\n\nhi") +
            '\0' + "\n");
  h.Receive("\n");  // a heart-beat: nothing for the app
  h.session->Unsubscribe(2);
  h.Receive(std::string("MESSAGE\nsubscription:2\nmessage-id:m2\ndestination:/queue/b\n\nlate") +
            '\0');
  REQUIRE(h.recorder.Take() == Events{"message 2 hi"});
}

TEST_CASE("STOMP: subscribe refuses a bad ack mode or destination and takes no id for it",
          "[stomp-session]") {
  StompHarness h;
  REQUIRE(h.session->Subscribe("/q", "manual", kNoHeaders).err_msg ==
          "stompSubscribe:fail ack should be \"auto\", \"client\" or \"client-individual\"");
  REQUIRE(h.session->Subscribe("", "auto", kNoHeaders).err_msg ==
          "stompSubscribe:fail destination should be a non-empty String");
  REQUIRE(h.session->Subscribe("/q", "auto", kNoHeaders).id == 1);
}

TEST_CASE("STOMP: ACK and NACK carry the MESSAGE's ack header as id, on its own connection only",
          "[stomp-session]") {
  StompHarness h;
  h.session->Subscribe("/queue/a", "client-individual", kNoHeaders);
  h.Accept();
  h.Receive(std::string("MESSAGE\nsubscription:1\nmessage-id:m1\nack:T_1@@s@@1\n\nx") + '\0');
  const std::string ack = *h.recorder.last_message.Find("ack");
  const std::uint32_t connection = h.recorder.last_connection;
  REQUIRE(h.session->Ack(ack, connection, false) == "stompAck:ok");
  REQUIRE(h.session->Ack(ack, connection, true) == "stompNack:ok");
  REQUIRE(Wire(h.server()).back() == "NACK id:T_1@@s@@1");
  REQUIRE(Wire(h.server()).end()[-2] == "ACK id:T_1@@s@@1");
  REQUIRE(h.session->Ack("", connection, false) ==
          "stompAck:fail the message has no ack header (its subscription is ack:auto)");
  h.DropAndRedial();
  REQUIRE(h.session->Ack(ack, connection, false) == "stompAck:fail STOMP is not connected");
  h.Accept();
  REQUIRE(h.session->Ack(ack, connection, false) ==
          "stompAck:fail the message came on an earlier connection (the broker redelivers it)");
  REQUIRE(Wire(h.server()).back() == "SUBSCRIBE id:1 destination:/queue/a");
}
