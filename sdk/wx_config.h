// createWx(config): the settings one `wx` object applies to every connectSocket call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "resilience_options.h"

namespace wxs {

struct WxConfig {
  static constexpr int kDefaultMaxConnections = 5;  // WeChat's limit since base library 1.7.0
  static constexpr double kDefaultConnectTimeoutMs = 60000;  // app.json networkTimeout default
  static constexpr int kMaxConnectionsCeiling = 1000;

  int max_connections = kDefaultMaxConnections;
  double connect_timeout_ms = kDefaultConnectTimeoutMs;
  bool has_domain_allowlist = false;
  std::vector<std::string> domain_allowlist;
  bool require_wss = false;
  // Defaults for connectSocket's queue / heartbeat / reconnect options (all off by default).
  ResilienceOptions resilience;
};

struct ParsedConfig {
  WxConfig config;
  std::string error;  // empty when valid
};

ParsedConfig ParseWxConfig(std::string_view wire_json);

}  // namespace wxs
