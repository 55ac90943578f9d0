// connectStomp's options: connectSocket's, with queue and reconnect on by default, and the STOMP
// fields, each wrong value named in a parameter error.
#include "stomp/stomp_options.h"

#include <catch2/catch.hpp>

using namespace wxs;
using namespace wxs::stomp;

namespace {

ParsedStomp Parse(const std::string& fields, const WxConfig& config = {}) {
  return ParseStompOptions(R"({"url":"ws://127.0.0.1:15674/ws")" + fields + "}", config);
}

}  // namespace

TEST_CASE("connectStomp defaults: queue, reconnect, heart-beat 10000,10000, receipts, host /",
          "[stomp-options]") {
  const ParsedStomp parsed = Parse("");
  REQUIRE(parsed.error.empty());
  const StompOptions& options = parsed.options;
  REQUIRE(options.connect.request.url == "ws://127.0.0.1:15674/ws");
  REQUIRE(options.connect.resilience.queue.enabled);
  REQUIRE(options.connect.resilience.reconnect.enabled);
  REQUIRE(options.heart_beat.outgoing_ms == 10000);
  REQUIRE(options.heart_beat.incoming_ms == 10000);
  REQUIRE(options.connect.resilience.heartbeat.enabled);
  REQUIRE(options.connect.resilience.heartbeat.ping == "\n");
  REQUIRE(options.receipts);
  REQUIRE(options.receipt_timeout_ms == 30000);
  REQUIRE(options.max_frame_bytes == 1 << 20);
  REQUIRE(options.connect_headers == std::vector<Header>{{"host", "/"}});
}

TEST_CASE("connectStomp fields set what they name", "[stomp-options]") {
  const ParsedStomp parsed = Parse(
      R"(,"connectHeaders":{"login":"guest","passcode":"p:w","host":"vh"},)"
      R"("heartbeat":{"outgoingMs":5000,"incomingMs":0},"receipts":false,)"
      R"("receiptTimeoutMs":1000,"maxFrameBytes":65536,"queue":false,"reconnect":{"maxAttempts":3})");
  REQUIRE(parsed.error.empty());
  const StompOptions& options = parsed.options;
  REQUIRE(options.connect_headers ==
          std::vector<Header>{{"host", "vh"}, {"login", "guest"}, {"passcode", "p:w"}});
  REQUIRE(options.heart_beat.outgoing_ms == 5000);
  REQUIRE(options.heart_beat.incoming_ms == 0);
  REQUIRE_FALSE(options.receipts);
  REQUIRE(options.receipt_timeout_ms == 1000);
  REQUIRE(options.max_frame_bytes == 65536);
  REQUIRE_FALSE(options.connect.resilience.queue.enabled);
  REQUIRE(options.connect.resilience.reconnect.max_attempts == 3);
}

TEST_CASE(
    "connectStomp heartbeat false, or a createWx ping/pong heartbeat, gives no STOMP "
    "ping/pong",
    "[stomp-options]") {
  WxConfig config;
  config.resilience.heartbeat.enabled = true;
  config.resilience.heartbeat.ping = "ping";
  const ParsedStomp off = Parse(R"(,"heartbeat":false)", config);
  REQUIRE(off.error.empty());
  REQUIRE(off.options.heart_beat.outgoing_ms == 0);
  REQUIRE(off.options.heart_beat.incoming_ms == 0);
  REQUIRE_FALSE(off.options.connect.resilience.heartbeat.enabled);
  const ParsedStomp on = Parse("", config);
  REQUIRE(on.options.connect.resilience.heartbeat.ping == "\n");
}

TEST_CASE("connectStomp refuses wrong values with a parameter error naming the field",
          "[stomp-options]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"(,"connectHeaders":"guest")",
       "parameter error: parameter.connectHeaders should be Object instead of String;"},
      {R"(,"connectHeaders":{"login":1})",
       "parameter error: parameter.connectHeaders.login should be String instead of Number;"},
      {R"(,"connectHeaders":{"passcode":"a\nb"})",
       "parameter error: parameter.connectHeaders.passcode should not hold a line break (CONNECT "
       "cannot escape it);"},
      {R"(,"connectHeaders":{"heart-beat":"0,0"})",
       "parameter error: parameter.connectHeaders.heart-beat is set by the SDK (use the heartbeat "
       "option for heart-beat);"},
      {R"(,"connectHeaders":{"a:b":"x"})",
       "parameter error: parameter.connectHeaders has a header name CONNECT cannot carry: "
       "\"a:b\";"},
      {R"(,"heartbeat":{"outgoingMs":-1})",
       "parameter error: parameter.heartbeat.outgoingMs should be a number of milliseconds (0: "
       "none), at most 86400000;"},
      {R"(,"heartbeat":{"incomingMs":"10"})",
       "parameter error: parameter.heartbeat.incomingMs should be Number instead of String;"},
      {R"(,"heartbeat":10000)",
       "parameter error: parameter.heartbeat should be Boolean or Object instead of Number;"},
      {R"(,"receipts":"yes")",
       "parameter error: parameter.receipts should be Boolean instead of String;"},
      {R"(,"receiptTimeoutMs":0)",
       "parameter error: parameter.receiptTimeoutMs should be a positive number of milliseconds, "
       "at most 86400000 (a day);"},
      {R"(,"maxFrameBytes":10)",
       "parameter error: parameter.maxFrameBytes should be a number of bytes from 64 to "
       "2147483647;"},
      {R"(,"queue":{"maxMessages":0})",
       "parameter error: parameter.queue.maxMessages should be a positive count;"},
  };
  for (const auto& [fields, error] : cases) {
    INFO(fields);
    REQUIRE(Parse(fields).error == error);
  }
  REQUIRE(ParseStompOptions(R"({"url":5})", {}).error ==
          "parameter error: parameter.url should be String instead of Number;");
}
