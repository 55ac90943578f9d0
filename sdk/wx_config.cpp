#include "wx_config.h"

#include <cmath>

#include "params.h"

namespace wxs {

ParsedConfig ParseWxConfig(std::string_view wire_json) {
  ParsedConfig parsed;
  Params params = Params::FromWire(wire_json);
  if (params.Omitted()) return parsed;
  if (!params.RequireObject()) {
    parsed.error = "createWx: " + params.error();
    return parsed;
  }
  WxConfig& config = parsed.config;
  if (auto max = params.Number("maxConnections")) {
    if (*max != std::floor(*max) || *max < 1 || *max > WxConfig::kMaxConnectionsCeiling) {
      params.Reject("maxConnections", "should be an integer from 1 to 1000");
    } else {
      config.max_connections = static_cast<int>(*max);
    }
  }
  if (params.Object("networkTimeout")) {
    if (auto timeout = params.TimeoutMs("networkTimeout.connectSocket")) {
      config.connect_timeout_ms = *timeout;
    }
  }
  if (auto hosts = params.StringList("domainAllowlist", /*accept_single=*/false)) {
    config.has_domain_allowlist = true;
    config.domain_allowlist = std::move(*hosts);
  }
  if (auto require_wss = params.Boolean("requireWss")) config.require_wss = *require_wss;
  if (auto bytes = params.ByteCount("maxInboundMessageSize")) {
    config.max_inbound_message_size = *bytes;
  }
  ReadResilienceOptions(params, config.resilience);
  if (!params.ok()) parsed.error = "createWx: " + params.error();
  return parsed;
}

}  // namespace wxs
