#include "connect_options.h"

#include <algorithm>
#include <set>

#include "params.h"
#include "websocket_url.h"

namespace wxs {
namespace {

// RFC 7230 token characters: what the WebSocket constructor accepts as a subprotocol.
bool IsTokenChar(unsigned char c) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return std::isalnum(c) || kSymbols.find(static_cast<char>(c)) != std::string_view::npos;
}

// A set, not a search of the tokens before each one: the list can be long.
void CheckProtocols(Params& params, const std::vector<std::string>& protocols) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < protocols.size(); ++i) {
    const std::string& protocol = protocols[i];
    const std::string key = "protocols[" + std::to_string(i) + "]";
    if (protocol.empty() || !std::all_of(protocol.begin(), protocol.end(),
                                         [](unsigned char c) { return IsTokenChar(c); })) {
      params.Reject(key, "\"" + protocol + "\" is not a valid subprotocol token");
    } else if (!seen.insert(protocol).second) {
      params.Reject(key, "\"" + protocol + "\" is listed twice");
    }
  }
}

void CheckUnsupported(Params& params, ConnectOptions& options) {
  if (params.Object("header") && params.ObjectHasKeys("header")) {
    options.unsupported_fields.push_back("header");
  }
  for (const char* flag : {"tcpNoDelay", "perMessageDeflate", "forceCellularNetwork"}) {
    if (params.Boolean(flag).value_or(false)) options.unsupported_fields.push_back(flag);
  }
  params.String("method");  // accepted by old base libraries; a browser always uses GET
}

}  // namespace

ParsedConnect ParseConnectOptions(std::string_view wire_json, const WxConfig& config) {
  ParsedConnect parsed;
  ConnectOptions& options = parsed.options;
  Params params = Params::FromWire(wire_json);
  if (!params.RequireObject()) {
    parsed.error = params.error();
    return parsed;
  }
  for (const char* callback : {"success", "fail", "complete"}) params.Callback(callback);

  const std::optional<std::string> url = params.String("url");
  if (!url) params.RejectType("url", "String");
  if (auto protocols = params.StringList("protocols", /*accept_single=*/true)) {
    CheckProtocols(params, *protocols);
    options.request.protocols = std::move(*protocols);
  }
  options.timeout_ms = config.connect_timeout_ms;
  if (auto timeout = params.TimeoutMs("timeout")) options.timeout_ms = *timeout;
  options.request.max_message_bytes =
      params.ByteCount("maxInboundMessageSize").value_or(config.max_inbound_message_size);
  CheckUnsupported(params, options);
  options.resilience = config.resilience;
  ReadResilienceOptions(params, options.resilience);
  if (!params.ok()) {
    parsed.error = params.error();
    return parsed;
  }

  const WebSocketUrl parsed_url = ParseWebSocketUrl(*url);
  if (!parsed_url.error.empty()) {
    parsed.error = parsed_url.error;
  } else if (config.require_wss && !parsed_url.secure) {
    parsed.error = "url must use wss:// (requireWss is on): \"" + *url + "\"";
  } else if (config.has_domain_allowlist &&
             std::none_of(config.domain_allowlist.begin(), config.domain_allowlist.end(),
                          [&](const std::string& allowed) {
                            return HostMatches(parsed_url.host, allowed);
                          })) {
    parsed.error = "url not in domain list: \"" + parsed_url.host + "\" is not in domainAllowlist";
  }
  options.request.url = *url;
  return parsed;
}

}  // namespace wxs
