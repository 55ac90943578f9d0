// The checks a browser's `new WebSocket(url)` would otherwise throw for, made up front so that a
// bad URL becomes a `fail` callback, plus the parts the wx rules need (scheme and host).
#pragma once

#include <string>
#include <string_view>

namespace wxs {

struct WebSocketUrl {
  bool secure = false;  // wss://
  std::string host;     // lower-case, without port or brackets' contents changed
  std::string error;    // empty when the URL is acceptable
};

WebSocketUrl ParseWebSocketUrl(std::string_view url);

// True when `host` equals an allowlist entry, ignoring ASCII case.
bool HostMatches(std::string_view host, std::string_view allowed);

}  // namespace wxs
