// client.subscribe / client.send arguments: WeChat's parameter errors, headers as given.
#include "stomp_call.h"

#include <catch2/catch.hpp>

using namespace wxs;

TEST_CASE("a STOMP call reads its destination and string headers", "[stomp][call]") {
  const StompCall call =
      ParseStompCall(R"({"destination":"/queue/a","headers":{"x:y":"a\nb","ack":"client"}})");
  REQUIRE(call.error.empty());
  REQUIRE(call.destination == "/queue/a");
  REQUIRE(call.headers.size() == 2);
  REQUIRE(call.headers[0].name == "ack");
  REQUIRE(call.headers[1].name == "x:y");
  REQUIRE(call.headers[1].value == "a\nb");
}

TEST_CASE("a STOMP call names what is wrong", "[stomp][call]") {
  REQUIRE(ParseStompCall(R"({})").error ==
          "parameter error: parameter.destination should be String instead of Undefined;");
  REQUIRE(ParseStompCall(R"({"destination":7})").error ==
          "parameter error: parameter.destination should be String instead of Number;");
  REQUIRE(ParseStompCall(R"({"destination":"/q","headers":"x"})").error ==
          "parameter error: parameter.headers should be Object instead of String;");
  REQUIRE(ParseStompCall(R"({"destination":"/q","headers":{"a.b":1}})").error ==
          "parameter error: parameter.headers.a.b should be String instead of Number;");
  REQUIRE(ParseStompCall(R"({"destination":"/q","body":7})").error ==
          "parameter error: parameter.body should be String or ArrayBuffer instead of Number;");
  REQUIRE(ParseStompCall("42").error ==
          "parameter error: parameter should be Object instead of Number;");
}
