// libFuzzer target for the option parsers: createWx(config), connectSocket(options) and
// close(options), as the web layer's JSON wire text (web/wire.mjs; tags like
// {"__wxType":"Function"} included). scripts/fuzz.sh builds and runs it; ctest replays the seeds.
//
// Input: [config wire] 0x00 [connect wire] 0x00 [close wire]; a missing part is omitted.
// Checked, besides the sanitizers (with libstdc++ assertions, so an empty optional or a vector
// index out of range aborts):
// - every error is one of the documented forms ("createWx: parameter error: ...;",
//   "parameter error: ...;", "invalid url ...", "url must use wss://...", "url not in domain
//   list: ...") and valid UTF-8;
// - what is accepted is inside the documented bounds: the core can rely on the values it gets;
// - parsing is deterministic.
#include <climits>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "close_request.h"
#include "connect_options.h"
#include "fuzz_require.h"
#include "timers.h"
#include "websocket_url.h"
#include "wx_config.h"

using namespace wxs;
using wxs::fuzz::IsUtf8;
using wxs::fuzz::Require;

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsParameterError(std::string_view error) {
  return StartsWith(error, "parameter error: parameter") && error.back() == ';';
}

bool InDurationRange(double ms, double min) { return ms >= min && ms <= kMaxDurationMs; }

void CheckResilience(const ResilienceOptions& options) {
  const QueueOptions& queue = options.queue;
  Require(queue.max_messages >= 1 && queue.max_bytes >= 1 && queue.max_bytes <= INT_MAX &&
              queue.high_water_mark >= 1 && queue.high_water_mark <= INT_MAX,
          "queue bounds out of range");
  Require(InDurationRange(queue.ttl_ms, 0), "queue.ttlMs out of range");
  const HeartbeatOptions& heartbeat = options.heartbeat;
  Require(InDurationRange(heartbeat.interval_ms, 1) && InDurationRange(heartbeat.timeout_ms, 1) &&
              InDurationRange(heartbeat.probe_timeout_ms, 1),
          "heartbeat durations out of range");
  Require(heartbeat.pong_fields.is_null() || heartbeat.pong_fields.is_object(),
          "a pong matcher that is neither text nor an object");
  const ReconnectOptions& reconnect = options.reconnect;
  Require(InDurationRange(reconnect.backoff.min_delay_ms, 1) &&
              InDurationRange(reconnect.backoff.max_delay_ms, 0) &&
              reconnect.backoff.max_delay_ms >= reconnect.backoff.min_delay_ms,
          "reconnect delays out of range");
  Require(reconnect.max_attempts >= 0 && InDurationRange(reconnect.min_uptime_ms, 0),
          "reconnect counts out of range");
  for (const auto& [low, high] : reconnect.close_policy.final_codes) {
    Require(low >= 1000 && high <= 4999, "a final close code outside 1000-4999");
  }
}

void CheckConfig(const ParsedConfig& parsed) {
  if (!parsed.error.empty()) {
    Require(StartsWith(parsed.error, "createWx: ") &&
                IsParameterError(std::string_view(parsed.error).substr(10)),
            "a createWx error of an unknown form");
    Require(IsUtf8(parsed.error), "a createWx error that is not UTF-8");
    return;
  }
  const WxConfig& config = parsed.config;
  Require(config.max_connections >= 1 && config.max_connections <= 1000,
          "maxConnections out of range");
  Require(InDurationRange(config.connect_timeout_ms, 1), "networkTimeout out of range");
  CheckResilience(config.resilience);
}

void CheckConnect(const ParsedConnect& parsed, const WxConfig& config) {
  const std::string& error = parsed.error;
  if (!error.empty()) {
    Require(IsParameterError(error) || StartsWith(error, "invalid url \"") ||
                StartsWith(error, "url must use wss:// (requireWss is on): \"") ||
                StartsWith(error, "url not in domain list: \""),
            "a connectSocket error of an unknown form");
    Require(IsUtf8(error), "a connectSocket error that is not UTF-8");
    return;
  }
  const ConnectOptions& options = parsed.options;
  const WebSocketUrl url = ParseWebSocketUrl(options.request.url);
  Require(url.error.empty(), "an accepted url the url check refuses");
  Require(!config.require_wss || url.secure, "a ws:// url accepted under requireWss");
  if (config.has_domain_allowlist) {
    bool listed = false;
    for (const std::string& allowed : config.domain_allowlist) {
      listed = listed || HostMatches(url.host, allowed);
    }
    Require(listed, "a host outside domainAllowlist accepted");
  }
  std::set<std::string> seen;
  for (const std::string& protocol : options.request.protocols) {
    Require(!protocol.empty() && seen.insert(protocol).second,
            "an empty or repeated subprotocol accepted");
  }
  Require(InDurationRange(options.timeout_ms, 1), "timeout out of range");
  CheckResilience(options.resilience);
}

void CheckClose(const ParsedClose& parsed) {
  if (!parsed.error.empty()) {
    Require(IsParameterError(parsed.error), "a close error of an unknown form");
    Require(IsUtf8(parsed.error), "a close error that is not UTF-8");
    return;
  }
  const int code = parsed.request.code;
  // What a browser's close() accepts; anything else would throw there.
  Require(code == 1000 || (code >= 3000 && code <= 4999), "a close code the browser refuses");
  Require(parsed.request.reason.size() <= 123 && IsUtf8(parsed.request.reason),
          "a close reason the browser refuses");
}

// The next part of the input, up to a 0x00 byte (or the end).
std::string_view NextPart(std::string_view& input) {
  const std::size_t end = input.find('\0');
  const std::string_view part = input.substr(0, end);
  input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view config_wire = NextPart(input);
  const std::string_view connect_wire = NextPart(input);
  const std::string_view close_wire = NextPart(input);
  const std::string omitted = R"({"__wxType":"Undefined"})";

  const ParsedConfig config =
      ParseWxConfig(config_wire.empty() ? std::string_view(omitted) : config_wire);
  CheckConfig(config);
  Require(ParseWxConfig(config_wire.empty() ? std::string_view(omitted) : config_wire).error ==
              config.error,
          "createWx parsing is not deterministic");

  const ParsedConnect connect = ParseConnectOptions(connect_wire, config.config);
  CheckConnect(connect, config.config);
  Require(ParseConnectOptions(connect_wire, config.config).error == connect.error,
          "connectSocket parsing is not deterministic");

  CheckClose(ParseCloseRequest(close_wire.empty() ? std::string_view(omitted) : close_wire));
  return 0;
}
