// The URL checks that keep `new WebSocket` from throwing.
#include "websocket_url.h"

#include <catch2/catch.hpp>

using namespace wxs;

TEST_CASE("acceptable WebSocket URLs and their hosts", "[url]") {
  using Row = std::pair<const char*, const char*>;
  const Row rows[] = {
      {"ws://127.0.0.1:9000/", "127.0.0.1"},
      {"wss://Example.COM", "example.com"},
      {"WSS://a.b.c/path?q=1", "a.b.c"},
      {"ws://user:pw@host.com:1/", "host.com"},
      {"ws://[::1]:8080/x", "[::1]"},
      {"wss://host:/x", "host"},
      {"ws://a.com:65535/", "a.com"},
      {"ws://a.com:00443", "a.com"},
      // The browser connects to evil.com: a backslash ends the authority like '/'.
      {"wss://evil.com\\@good.com/", "evil.com"},
  };
  for (const auto& [url, host] : rows) {
    INFO(url);
    const WebSocketUrl parsed = ParseWebSocketUrl(url);
    REQUIRE(parsed.error.empty());
    REQUIRE(parsed.host == host);
  }
  REQUIRE(ParseWebSocketUrl("wss://a.com").secure);
  REQUIRE_FALSE(ParseWebSocketUrl("ws://a.com").secure);
}

TEST_CASE("URLs the browser would throw for are refused with a reason", "[url]") {
  using Row = std::pair<const char*, const char*>;
  const Row rows[] = {
      {"", "the scheme must be ws:// or wss://"},
      {"http://a.com", "the scheme must be ws:// or wss://"},
      {"a.com", "the scheme must be ws:// or wss://"},
      {"ws://", "the host is empty"},
      {"ws:///path", "the host is empty"},
      {"ws://a.com/#frag", "a WebSocket URL has no #fragment"},
      {"ws://a b.com", "contains spaces or control characters"},
      {"ws://a.com:99999", "the port must be a number from 0 to 65535"},
      {"ws://a.com:65536", "the port must be a number from 0 to 65535"},
      {"ws://a.com:123456", "the port must be a number from 0 to 65535"},
      {"ws://a.com:12ab", "the port must be a number from 0 to 65535"},
      {"ws://[::1", "unterminated IPv6 address"},
      {"ws://[zz]/", "malformed IPv6 address"},
      {"ws://a<b.com", "the host has a forbidden character"},
  };
  for (const auto& [url, why] : rows) {
    INFO(url);
    REQUIRE(ParseWebSocketUrl(url).error == "invalid url \"" + std::string(url) + "\": " + why);
  }
}
