// createWx(config): defaults and validation.
#include "wx_config.h"

#include <catch2/catch.hpp>

using namespace wxs;

TEST_CASE("an omitted or empty config gives WeChat's defaults", "[config]") {
  for (const char* wire : {R"({"__wxType":"Undefined"})", "{}"}) {
    const ParsedConfig parsed = ParseWxConfig(wire);
    REQUIRE(parsed.error.empty());
    REQUIRE(parsed.config.max_connections == 5);
    REQUIRE(parsed.config.connect_timeout_ms == 60000);
    REQUIRE_FALSE(parsed.config.has_domain_allowlist);
    REQUIRE_FALSE(parsed.config.require_wss);
  }
}

TEST_CASE("config fields are read", "[config]") {
  const ParsedConfig parsed =
      ParseWxConfig(R"({"maxConnections":200,"networkTimeout":{"connectSocket":1500},)"
                    R"("domainAllowlist":["a.com"],"requireWss":true})");
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.config.max_connections == 200);
  REQUIRE(parsed.config.connect_timeout_ms == 1500);
  REQUIRE(parsed.config.domain_allowlist == std::vector<std::string>{"a.com"});
  REQUIRE(parsed.config.require_wss);
}

TEST_CASE("bad config values are named", "[config]") {
  using Row = std::pair<const char*, const char*>;
  const Row rows[] = {
      {"7", "createWx: parameter error: parameter should be Object instead of Number;"},
      {R"({"maxConnections":0})",
       "createWx: parameter error: parameter.maxConnections should be an integer from 1 to 1000;"},
      {R"({"maxConnections":2.5})",
       "createWx: parameter error: parameter.maxConnections should be an integer from 1 to 1000;"},
      {R"({"networkTimeout":5})",
       "createWx: parameter error: parameter.networkTimeout should be Object instead of Number;"},
      {R"({"networkTimeout":{"connectSocket":0}})",
       "createWx: parameter error: parameter.networkTimeout.connectSocket should be a positive "
       "number of milliseconds, at most 86400000 (a day);"},
      {R"({"domainAllowlist":"a.com"})",
       "createWx: parameter error: parameter.domainAllowlist should be Array instead of String;"},
      {R"({"requireWss":"yes"})",
       "createWx: parameter error: parameter.requireWss should be Boolean instead of String;"},
      // Tagged (boxed) strings have the type name String but no text.
      {R"({"heartbeat":{"ping":{"__wxType":"String"}}})",
       "createWx: parameter error: parameter.heartbeat.ping should be String or Object instead of "
       "String;"},
      {R"({"heartbeat":{"pong":{"__wxType":"String"}}})",
       "createWx: parameter error: parameter.heartbeat.pong should be String or Object instead of "
       "String;"},
  };
  for (const auto& [wire, expected] : rows) {
    INFO(wire);
    REQUIRE(ParseWxConfig(wire).error == expected);
  }
}
