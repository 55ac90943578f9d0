// queue / heartbeat / reconnect options: defaults, config defaults, per-call overrides, errors.
#include <catch2/catch.hpp>

#include "connect_options.h"

using namespace wxs;

namespace {

ParsedConnect Parse(const std::string& fields, const WxConfig& config = {}) {
  return ParseConnectOptions(R"({"url":"wss://a.com")" + fields + "}", config);
}

}  // namespace

TEST_CASE("everything is off unless asked for", "[resilience-options]") {
  const ResilienceOptions options = Parse("").options.resilience;
  REQUIRE_FALSE(options.queue.enabled);
  REQUIRE_FALSE(options.heartbeat.enabled);
  REQUIRE_FALSE(options.reconnect.enabled);
}

TEST_CASE("true enables the defaults, objects set fields", "[resilience-options]") {
  const ParsedConnect parsed =
      Parse(R"(,"queue":true,"heartbeat":{"intervalMs":2000,"ping":"hb"},)"
            R"("reconnect":{"maxAttempts":3,"minDelayMs":10,"maxDelayMs":20})");
  REQUIRE(parsed.error.empty());
  const ResilienceOptions& options = parsed.options.resilience;
  REQUIRE(options.queue.enabled);
  REQUIRE(options.queue.max_messages == 1000);
  REQUIRE(options.queue.high_water_mark == 65536);
  REQUIRE(Parse(R"(,"queue":{"highWaterMark":4096})").options.resilience.queue.high_water_mark ==
          4096);
  REQUIRE(options.heartbeat.interval_ms == 2000);
  REQUIRE(options.heartbeat.timeout_ms == 5000);
  REQUIRE(options.heartbeat.ping == "hb");
  REQUIRE(options.reconnect.max_attempts == 3);
  REQUIRE(options.reconnect.backoff.max_delay_ms == 20);
}

TEST_CASE("createWx defaults apply, and a call can override or turn them off",
          "[resilience-options]") {
  WxConfig config;
  config.resilience.reconnect.enabled = true;
  config.resilience.reconnect.max_attempts = 9;
  REQUIRE(Parse("", config).options.resilience.reconnect.max_attempts == 9);
  REQUIRE(Parse(R"(,"reconnect":{"maxAttempts":2})", config)
              .options.resilience.reconnect.max_attempts == 2);
  REQUIRE_FALSE(Parse(R"(,"reconnect":false)", config).options.resilience.reconnect.enabled);
}

TEST_CASE("bad resilience options are named", "[resilience-options]") {
  using Row = std::pair<const char*, const char*>;
  const Row rows[] = {
      {R"(,"queue":"yes")",
       "parameter error: parameter.queue should be Boolean or Object instead of String;"},
      {R"(,"queue":{"overflow":"drop-newest"})",
       "parameter error: parameter.queue.overflow should be \"reject-newest\" or \"drop-oldest\";"},
      {R"(,"queue":{"maxMessages":0})",
       "parameter error: parameter.queue.maxMessages should be a positive count;"},
      {R"(,"heartbeat":{"intervalMs":-5})",
       "parameter error: parameter.heartbeat.intervalMs should be a positive number of "
       "milliseconds;"},
      {R"(,"heartbeat":{"ping":5})",
       "parameter error: parameter.heartbeat.ping should be String or Object instead of Number;"},
      // 4 GiB does not fit the wasm size_t: it must be refused, not wrap to 0.
      {R"(,"queue":{"maxBytes":5e9})",
       "parameter error: parameter.queue.maxBytes should be a positive number of bytes, at most "
       "2147483647;"},
      {R"(,"queue":{"highWaterMark":0})",
       "parameter error: parameter.queue.highWaterMark should be a positive number of bytes, at "
       "most 2147483647;"},
      {R"(,"reconnect":{"minDelayMs":0})",
       "parameter error: parameter.reconnect.minDelayMs should be a positive number of "
       "milliseconds;"},
      {R"(,"reconnect":{"minDelayMs":500,"maxDelayMs":100})",
       "parameter error: parameter.reconnect.maxDelayMs should not be below reconnect.minDelayMs;"},
      {R"(,"reconnect":{"finalCodes":[999]})",
       "parameter error: parameter.reconnect.finalCodes should hold close codes (1000-4999) or "
       "[low, high] ranges of them;"},
      {R"(,"reconnect":{"finalCodes":[1000.5]})",
       "parameter error: parameter.reconnect.finalCodes should hold close codes (1000-4999) or "
       "[low, high] ranges of them;"},
      {R"(,"reconnect":{"finalCodes":[[4000,3000]]})",
       "parameter error: parameter.reconnect.finalCodes should hold close codes (1000-4999) or "
       "[low, high] ranges of them;"},
      {R"(,"reconnect":{"finalCodes":"1000"})",
       "parameter error: parameter.reconnect.finalCodes should be Array instead of String;"},
  };
  for (const auto& [fields, expected] : rows) {
    INFO(fields);
    REQUIRE(Parse(fields).error == expected);
  }
}

// A boxed string (new String("hb")) arrives tagged {"__wxType":"String"}: its type name is
// String, yet it holds no text to read.
TEST_CASE("a tagged String ping or pong is refused and never read", "[resilience-options]") {
  using Row = std::pair<const char*, const char*>;
  const Row rows[] = {
      {R"(,"heartbeat":{"ping":{"__wxType":"String"}})",
       "parameter error: parameter.heartbeat.ping should be String or Object instead of String;"},
      {R"(,"heartbeat":{"pong":{"__wxType":"String"}})",
       "parameter error: parameter.heartbeat.pong should be String or Object instead of String;"},
  };
  for (const auto& [fields, expected] : rows) {
    INFO(fields);
    const ParsedConnect parsed = Parse(fields);
    REQUIRE(parsed.error == expected);
    REQUIRE(parsed.options.resilience.heartbeat.ping == HeartbeatOptions{}.ping);
    REQUIRE(parsed.options.resilience.heartbeat.pong_text == HeartbeatOptions{}.pong_text);
  }
}
