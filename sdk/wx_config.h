// createWx(config): the settings one `wx` object applies to every connectSocket call.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "resilience_options.h"

namespace wxs {

struct WxConfig {
  static constexpr int kDefaultMaxConnections = 5;  // WeChat's limit since base library 1.7.0
  static constexpr double kDefaultConnectTimeoutMs = 60000;  // app.json networkTimeout default
  static constexpr int kMaxConnectionsCeiling = 1000;
  // The largest message a task accepts from a server; a larger one closes it with 1009. Browsers
  // set no limit; peers range from 1 MiB (Python websockets) and 4 MiB (gRPC) to 64 MiB (Rust's
  // tungstenite) and 100 MiB (Node's ws). 64 MiB keeps every message this SDK delivered before
  // (24 MiB binary frames are tested) while bounding what one message costs the wasm heap.
  static constexpr std::size_t kDefaultMaxInboundMessageSize = 64 << 20;

  int max_connections = kDefaultMaxConnections;
  double connect_timeout_ms = kDefaultConnectTimeoutMs;
  bool has_domain_allowlist = false;
  std::vector<std::string> domain_allowlist;
  bool require_wss = false;
  std::size_t max_inbound_message_size = kDefaultMaxInboundMessageSize;
  // Defaults for connectSocket's queue / heartbeat / reconnect options (all off by default).
  ResilienceOptions resilience;
};

struct ParsedConfig {
  WxConfig config;
  std::string error;  // empty when valid
};

ParsedConfig ParseWxConfig(std::string_view wire_json);

}  // namespace wxs
