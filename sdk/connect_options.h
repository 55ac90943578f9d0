// connectSocket's argument, validated against WeChat's rules and this wx object's config.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "transport.h"
#include "wx_config.h"

namespace wxs {

struct ConnectOptions {
  TransportRequest request;
  double timeout_ms = WxConfig::kDefaultConnectTimeoutMs;
  ResilienceOptions resilience;  // the config's defaults with this call's fields over them
  // Options a browser cannot honour (header, tcpNoDelay, ...) that the caller set.
  std::vector<std::string> unsupported_fields;
};

struct ParsedConnect {
  ConnectOptions options;
  std::string error;  // the detail after "connectSocket:fail ", empty when valid
};

ParsedConnect ParseConnectOptions(std::string_view wire_json, const WxConfig& config);

}  // namespace wxs
