// libFuzzer target for the URL check (sdk/websocket_url.h): the input is the URL. scripts/fuzz.sh
// builds and runs it; ctest replays the seeds.
//
// Checked, besides the sanitizers:
// - an accepted URL starts with ws:// or wss:// (any case), `secure` says which, and its host is
//   non-empty, lower-case and free of the characters a host cannot hold;
// - the host is what a browser would connect to, by properties that do not restate the parser:
//   a path, query or user name added to an accepted URL, or the URL in upper case, give the same
//   host; a URL with the host replaced by another gives the other host;
// - HostMatches ignores ASCII case and nothing else;
// - a refusal names the URL and says why, in one form.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_require.h"
#include "websocket_url.h"

using namespace wxs;
using wxs::fuzz::Require;

namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && Upper(text.substr(0, prefix.size())) == Upper(prefix);
}

// The same URL must give the same host; `what` names the change.
void RequireSameHost(const std::string& url, const WebSocketUrl& original, const char* what) {
  const WebSocketUrl changed = ParseWebSocketUrl(url);
  Require(changed.error.empty(), what);
  Require(changed.host == original.host && changed.secure == original.secure, what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const WebSocketUrl parsed = ParseWebSocketUrl(url);
  if (!parsed.error.empty()) {
    Require(parsed.error.rfind("invalid url \"" + url + "\": ", 0) == 0,
            "a refusal that does not name the url");
    Require(parsed.host.empty(), "a refused url with a host");
    return 0;
  }
  const std::size_t scheme_length = parsed.secure ? 6 : 5;
  Require(StartsWithNoCase(url, parsed.secure ? "wss://" : "ws://"),
          "an accepted url without the ws:// or wss:// it claims");
  const std::string_view host = parsed.host;
  Require(!host.empty() && host != "[]", "an accepted url with an empty host");
  Require(std::none_of(host.begin(), host.end(),
                       [](unsigned char c) {
                         return std::isupper(c) || c <= 0x20 || c == 0x7f ||
                                std::string_view("#%/:<>?@\\^|").find(static_cast<char>(c)) !=
                                    std::string_view::npos;
                       }) ||
              (host.front() == '[' && host.back() == ']'),
          "a host with a character a host cannot hold");
  Require(HostMatches(parsed.host, Upper(parsed.host)), "HostMatches minds case");
  Require(!HostMatches(parsed.host, parsed.host + "."), "HostMatches ignores a trailing dot");

  // Where the URL ends its authority decides what may be appended without changing the host.
  const std::string_view rest = std::string_view(url).substr(scheme_length);
  const bool has_path = rest.find_first_of("/\\?") != std::string_view::npos;
  if (!has_path) {
    RequireSameHost(url + "/a@b.c:1/x?y=@z", parsed, "a path changed the host");
    RequireSameHost(url + "?@other.com", parsed, "a query changed the host");
  }
  RequireSameHost(Upper(url), parsed, "upper case changed the host");
  const std::string with_user =
      url.substr(0, scheme_length) + "user:pass@" + url.substr(scheme_length);
  RequireSameHost(with_user, parsed, "a user name changed the host");
  const std::string moved = url.substr(0, scheme_length) + "other.example" +
                            (has_path ? std::string(rest.substr(rest.find_first_of("/\\?"))) : "");
  const WebSocketUrl elsewhere = ParseWebSocketUrl(moved);
  Require(elsewhere.error.empty() && elsewhere.host == "other.example",
          "another host in the same url is not that host");
  return 0;
}
