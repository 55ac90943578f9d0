#include "websocket_url.h"

#include <algorithm>
#include <cctype>

namespace wxs {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && Lower(text.substr(0, prefix.size())) == prefix;
}

// Characters the URL standard forbids in a host (plus '%', which we do not decode).
bool IsForbiddenHostChar(unsigned char c) {
  static constexpr std::string_view kForbidden = " #%/:<>?@[\\]^|";
  return c < 0x21 || c == 0x7f || kForbidden.find(static_cast<char>(c)) != std::string_view::npos;
}

bool ValidPort(std::string_view port) {
  if (port.empty()) return true;  // "host:" means the default port
  if (port.size() > 5) return false;
  long value = 0;  // by hand: std::stoi would link printf into the wasm for its error path
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  return value <= 65535;
}

WebSocketUrl Invalid(std::string_view url, std::string_view why) {
  WebSocketUrl result;
  result.error = "invalid url \"" + std::string(url) + "\": " + std::string(why);
  return result;
}

}  // namespace

WebSocketUrl ParseWebSocketUrl(std::string_view url) {
  for (unsigned char c : url) {
    if (c < 0x20 || c == ' ' || c == 0x7f)
      return Invalid(url, "contains spaces or control characters");
  }
  WebSocketUrl result;
  std::string_view rest;
  if (StartsWithNoCase(url, "wss://")) {
    result.secure = true;
    rest = url.substr(6);
  } else if (StartsWithNoCase(url, "ws://")) {
    rest = url.substr(5);
  } else {
    return Invalid(url, "the scheme must be ws:// or wss://");
  }
  if (url.find('#') != std::string_view::npos)
    return Invalid(url, "a WebSocket URL has no #fragment");

  // A browser ends the authority of a ws:// or wss:// URL at a backslash as at '/' (WHATWG
  // URL): "wss://evil.com" + backslash + "@good.com/" goes to evil.com, and is checked as such.
  std::string_view authority = rest.substr(0, rest.find_first_of("/\\?"));
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);

  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Invalid(url, "unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':')
      return Invalid(url, "unexpected text after the host");
    if (!after.empty()) port = after.substr(1);
    for (char c : host.substr(1, host.size() - 2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
        return Invalid(url, "malformed IPv6 address");
      }
    }
  } else {
    const std::size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (std::any_of(host.begin(), host.end(),
                    [](unsigned char c) { return IsForbiddenHostChar(c); })) {
      return Invalid(url, "the host has a forbidden character");
    }
  }
  if (host.empty() || host == "[]") return Invalid(url, "the host is empty");
  if (!ValidPort(port)) return Invalid(url, "the port must be a number from 0 to 65535");
  result.host = Lower(host);
  return result;
}

bool HostMatches(std::string_view host, std::string_view allowed) {
  return Lower(host) == Lower(allowed);
}

}  // namespace wxs
