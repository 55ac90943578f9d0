// What a server can send that a task must survive: a message over maxInboundMessageSize (or over
// the memory at hand), close codes outside WeChat's range, a close reason that is not UTF-8.
#include <catch2/catch.hpp>

#include "connect_options.h"
#include "harness.h"

using namespace wxs;
using namespace wxs::testing;

namespace {

constexpr const char* kOverLimit =
    "message too big: at least 2001 bytes, over maxInboundMessageSize";

FakeConnection& Server(Harness& h) { return h.transports.last(); }

WxConfig WithLimit(std::size_t bytes) {
  WxConfig config;
  config.max_inbound_message_size = bytes;
  return config;
}

}  // namespace

TEST_CASE("maxInboundMessageSize: 64 MiB by default, set by createWx, overridden per call",
          "[inbound]") {
  REQUIRE(ParseWxConfig("{}").config.max_inbound_message_size == 64 * 1024 * 1024);
  const ParsedConfig parsed = ParseWxConfig(R"({"maxInboundMessageSize":4096})");
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.config.max_inbound_message_size == 4096);

  Harness h(parsed.config);
  h.Connect();
  REQUIRE(Server(h).request.max_message_bytes == 4096);
  h.ConnectWith(R"("maxInboundMessageSize":2147483647)");
  REQUIRE(Server(h).request.max_message_bytes == 2147483647);
}

TEST_CASE("maxInboundMessageSize must be a positive number of bytes that wasm32 can hold",
          "[inbound]") {
  constexpr const char* kExpected =
      "parameter error: parameter.maxInboundMessageSize should be a positive number of bytes, "
      "at most 2147483647;";
  for (const char* value :
       {"0", "-1", "2147483648", R"({"__wxType":"Number","value":"Infinity"})"}) {
    const std::string field = std::string(R"("maxInboundMessageSize":)") + value;
    CAPTURE(value);
    const std::string error = ParseWxConfig("{" + field + "}").error;
    const std::string connect_error =
        ParseConnectOptions(R"({"url":"wss://a.com",)" + field + "}", WxConfig{}).error;
    if (std::string(value).find("Infinity") != std::string::npos) {
      REQUIRE(connect_error ==
              "parameter error: parameter.maxInboundMessageSize should be a finite Number;");
    } else {
      REQUIRE(error == std::string("createWx: ") + kExpected);
      REQUIRE(connect_error == kExpected);
    }
  }
  REQUIRE(ParseWxConfig(R"({"maxInboundMessageSize":"1MB"})").error ==
          "createWx: parameter error: parameter.maxInboundMessageSize should be Number instead of "
          "String;");
}

TEST_CASE("a message over the limit: onError, then onClose 1009 with the reason, socket released",
          "[inbound]") {
  Harness h(WithLimit(2000));
  const int id = h.ConnectOpen();
  h.sink.Take();
  Server(h).events->OnTransportMessage(Payload{PayloadKind::kText, std::string(2000, 'x')});
  REQUIRE(h.sink.Take() == Events{"1 [legacy] text " + std::string(2000, 'x')});
  Server(h).events->OnTransportMessageTooLarge(2001);
  REQUIRE(h.sink.Take() == Events{std::string("1 [legacy] error ") + kOverLimit,
                                  std::string("1 [legacy] close 1009 ") + kOverLimit});
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  REQUIRE_FALSE(Server(h).attached);  // no closing handshake: the server may go on sending
  REQUIRE(h.manager.LiveConnections() == 0);
}

TEST_CASE("a message under the limit that no memory could hold reports that, with 1009",
          "[inbound]") {
  Harness h(WithLimit(2147483647));
  h.ConnectOpen();
  h.sink.Take();
  Server(h).events->OnTransportMessageTooLarge(1500000000);
  const std::string reason =
      "message too big: at least 1500000000 bytes, more than wasm memory can hold";
  REQUIRE(h.sink.Take() == Events{"1 [legacy] error " + reason, "1 [legacy] close 1009 " + reason});
}

TEST_CASE("a message over the limit is final: reconnecting would fetch it again", "[inbound]") {
  Harness h(WithLimit(2000));
  SECTION("by the default close policy") {
    const int id = h.ConnectWith(R"("reconnect":true)");
    Server(h).events->OnTransportOpen();
    Server(h).events->OnTransportMessageTooLarge(2001);
    h.time.Advance(600000);
    REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
    REQUIRE(h.transports.opened() == 1);
  }
  SECTION("unless the app's finalCodes leave 1009 out") {
    const int id = h.ConnectWith(R"("reconnect":{"finalCodes":[1008]})");
    Server(h).events->OnTransportOpen();
    h.sink.Take();
    Server(h).events->OnTransportMessageTooLarge(2001);
    REQUIRE(h.manager.StateOf(id) == ReadyState::kConnecting);
    const Events events = h.sink.Take();
    REQUIRE(events.size() == 2);
    REQUIRE(events[0] == std::string("1 [legacy] error ") + kOverLimit);
    REQUIRE(events[1].find("1 reconnecting {\"attempt\":1,\"code\":1009,") == 0);
  }
}

TEST_CASE("an error listener that closes the task still gets one onClose 1009", "[inbound]") {
  Harness h(WithLimit(2000));
  const int id = h.ConnectOpen();
  h.sink.Take();
  h.sink.on_error = [&](int task) { h.manager.Close(task, "{}"); };
  Server(h).events->OnTransportMessageTooLarge(2001);
  REQUIRE(h.sink.Take() == Events{std::string("1 [legacy] error ") + kOverLimit,
                                  std::string("1 [legacy] close 1009 ") + kOverLimit});
  REQUIRE(h.manager.StateOf(id) == ReadyState::kClosed);
  h.time.Advance(600000);
  REQUIRE(h.sink.Take().empty());
}

TEST_CASE("a message over the limit after the app's close() is dropped silently", "[inbound]") {
  Harness h(WithLimit(2000));
  const int id = h.ConnectOpen();
  h.manager.Close(id, R"({"code":4000,"reason":"bye"})");
  h.sink.Take();
  Server(h).events->OnTransportMessageTooLarge(2001);
  REQUIRE(h.sink.Take().empty());
  Server(h).events->OnTransportClose(4000, "bye");
  REQUIRE(h.sink.Take() == Events{"1 [legacy] close 4000 bye"});
}

TEST_CASE("close codes outside 1000-4999 are reported as 1006 and retried like it", "[inbound]") {
  for (const int code : {0, 999, 5000, 65535, -1}) {
    CAPTURE(code);
    Harness h;
    const int id = h.ConnectWith(R"("reconnect":true)");
    Server(h).events->OnTransportOpen();
    h.sink.Take();
    Server(h).events->OnTransportClose(code, "odd");
    REQUIRE(h.manager.StateOf(id) == ReadyState::kConnecting);
    REQUIRE(h.sink.Take().at(0).find("1 reconnecting {\"attempt\":1,\"code\":1006,") == 0);

    Harness plain;
    plain.ConnectOpen();
    plain.sink.Take();
    plain.transports.last().events->OnTransportClose(code, "odd");
    REQUIRE(plain.sink.Take() == Events{"1 [legacy] close 1006 odd"});
  }
}

TEST_CASE("close codes inside 1000-4999 pass as they are, reserved ones included", "[inbound]") {
  for (const int code : {1000, 1004, 1005, 1015, 2999, 3000, 4999}) {
    CAPTURE(code);
    Harness h;
    h.ConnectOpen();
    h.sink.Take();
    Server(h).events->OnTransportClose(code, "");
    REQUIRE(h.sink.Take() == Events{"1 [legacy] close " + std::to_string(code) + " "});
  }
}

TEST_CASE("a close reason that is not UTF-8 reaches the reconnect events as U+FFFD", "[inbound]") {
  Harness h;
  h.ConnectWith(R"("reconnect":{"maxAttempts":1})");
  Server(h).events->OnTransportOpen();
  h.sink.Take();
  Server(h).events->OnTransportClose(1001, "bad \xff\xfe end");
  REQUIRE(h.sink.Take().at(0) ==
          "1 reconnecting {\"attempt\":1,\"code\":1001,\"delayMs\":750.0,\"reason\":\"bad "
          "\xEF\xBF\xBD\xEF\xBF\xBD end\"}");
  h.time.Advance(750);
  Server(h).events->OnTransportClose(1001, "\xc3");
  REQUIRE(h.sink.Take().at(0) ==
          "1 reconnectFailed {\"attempts\":1,\"code\":1001,\"reason\":\"\xEF\xBF\xBD\"}");
}
