// connectSocket's errMsg table: every wrong type or value names the field.
#include "connect_options.h"

#include <catch2/catch.hpp>

#include "send_rejection.h"

using namespace wxs;

namespace {

std::string ErrorOf(const std::string& wire, WxConfig config = {}) {
  return ParseConnectOptions(wire, config).error;
}

}  // namespace

TEST_CASE("connectSocket rejects wrong types with WeChat's parameter error", "[options]") {
  using Row = std::pair<const char*, const char*>;
  const Row rows[] = {
      {R"({"__wxType":"Undefined"})",
       "parameter error: parameter should be Object instead of Undefined;"},
      {R"("wss://a.com")", "parameter error: parameter should be Object instead of String;"},
      {R"(null)", "parameter error: parameter should be Object instead of Null;"},
      {R"({})", "parameter error: parameter.url should be String instead of Undefined;"},
      {R"({"url":5})", "parameter error: parameter.url should be String instead of Number;"},
      {R"({"url":{"__wxType":"Symbol"}})",
       "parameter error: parameter.url should be String instead of Symbol;"},
      {R"({"url":"wss://a.com","protocols":5})",
       "parameter error: parameter.protocols should be Array or String instead of Number;"},
      {R"({"url":"wss://a.com","protocols":["a",7]})",
       "parameter error: parameter.protocols[1] should be String instead of Number;"},
      {R"({"url":"wss://a.com","protocols":["a b"]})",
       "parameter error: parameter.protocols[0] \"a b\" is not a valid subprotocol token;"},
      {R"({"url":"wss://a.com","protocols":["a","a"]})",
       "parameter error: parameter.protocols[1] \"a\" is listed twice;"},
      {R"({"url":"wss://a.com","timeout":"5"})",
       "parameter error: parameter.timeout should be Number instead of String;"},
      {R"({"url":"wss://a.com","timeout":-1})",
       "parameter error: parameter.timeout should be a positive number of milliseconds, at most "
       "86400000 (a day);"},
      // A browser fires a setTimeout of 2^31 ms or more at once.
      {R"({"url":"wss://a.com","timeout":2147483648})",
       "parameter error: parameter.timeout should be a positive number of milliseconds, at most "
       "86400000 (a day);"},
      {R"({"url":"wss://a.com","timeout":{"__wxType":"Number","value":"NaN"}})",
       "parameter error: parameter.timeout should be a finite Number;"},
      {R"({"url":"wss://a.com","header":"x"})",
       "parameter error: parameter.header should be Object instead of String;"},
      {R"({"url":"wss://a.com","tcpNoDelay":1})",
       "parameter error: parameter.tcpNoDelay should be Boolean instead of Number;"},
      {R"({"url":"wss://a.com","success":true})",
       "parameter error: parameter.success should be Function instead of Boolean;"},
      {R"({"url":"wss://a.com","fail":"no"})",
       "parameter error: parameter.fail should be Function instead of String;"},
      {R"({"url":"ftp://a.com"})",
       "invalid url \"ftp://a.com\": the scheme must be ws:// or wss://"},
      {R"(not json)", "parameter error: parameter should be Object instead of Unknown;"},
      // Each of the parser's error paths (their texts are not built: sdk/json_text.h).
      {R"({"url":)", "parameter error: parameter should be Object instead of Unknown;"},
      {R"({"url" "wss://a.com"})",
       "parameter error: parameter should be Object instead of Unknown;"},
      {R"({"url":"wss://a.com",})",
       "parameter error: parameter should be Object instead of Unknown;"},
      {R"({"url":"wss://a.com"} x)",
       "parameter error: parameter should be Object instead of Unknown;"},
      {R"({"url":"wss://a.com","tcpNoDelay":tru})",
       "parameter error: parameter should be Object instead of Unknown;"},
      {"{\"url\":\"wss://a.com\u0001\"}",
       "parameter error: parameter should be Object instead of Unknown;"},
      {R"([1,)", "parameter error: parameter should be Object instead of Unknown;"},
      {"", "parameter error: parameter should be Object instead of Unknown;"},
  };
  for (const auto& [wire, expected] : rows) {
    INFO(wire);
    REQUIRE(ErrorOf(wire) == expected);
  }
}

TEST_CASE("connectSocket accepts what WeChat accepts", "[options]") {
  const auto ok = [](const std::string& wire) {
    const ParsedConnect parsed = ParseConnectOptions(wire, WxConfig{});
    INFO(wire << " -> " << parsed.error);
    REQUIRE(parsed.error.empty());
    return parsed.options;
  };
  REQUIRE(ok(R"({"url":"ws://127.0.0.1:8080/x?y=1"})").request.url == "ws://127.0.0.1:8080/x?y=1");
  REQUIRE(ok(R"({"url":"wss://a.com","protocols":"chat"})").request.protocols ==
          std::vector<std::string>{"chat"});
  REQUIRE(ok(R"({"url":"wss://a.com","timeout":1500})").timeout_ms == 1500);
  REQUIRE(ok(R"({"url":"wss://a.com","timeout":{"__wxType":"Undefined"}})").timeout_ms == 60000);
  ok(R"({"url":"wss://a.com","success":{"__wxType":"Function"},"method":"GET","header":{}})");
}

// 50,000 tokens took the quadratic duplicate check 4.3 s in a browser (issue 13 finding 7); the
// check is now linear, and this list is large enough that a quadratic one shows in the run time.
TEST_CASE("a long protocols list is checked whole: every duplicate and bad token is found",
          "[options]") {
  constexpr int kTokens = 50000;
  const auto wire = [](const std::vector<std::string>& protocols) {
    nlohmann::json options{{"url", "wss://a.com"}, {"protocols", protocols}};
    return options.dump();
  };
  std::vector<std::string> protocols;
  for (int i = 0; i < kTokens; ++i) protocols.push_back("p" + std::to_string(i));
  const ParsedConnect parsed = ParseConnectOptions(wire(protocols), WxConfig{});
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.options.request.protocols == protocols);

  std::vector<std::string> late_twin = protocols;
  late_twin.push_back("p0");
  REQUIRE(ErrorOf(wire(late_twin)) ==
          "parameter error: parameter.protocols[50000] \"p0\" is listed twice;");
  // The later of the two is named, wherever the first one is.
  std::vector<std::string> early_twin = protocols;
  early_twin.insert(early_twin.begin() + 1, "p49999");
  REQUIRE(ErrorOf(wire(early_twin)) ==
          "parameter error: parameter.protocols[50000] \"p49999\" is listed twice;");
  // The first fault in list order is named, whichever kind it is.
  late_twin[40000] = "p 1";
  REQUIRE(ErrorOf(wire(late_twin)) ==
          "parameter error: parameter.protocols[40000] \"p 1\" is not a valid subprotocol token;");
}

TEST_CASE("requireWss and the domain allowlist", "[options]") {
  WxConfig config;
  config.require_wss = true;
  REQUIRE(ErrorOf(R"({"url":"ws://a.com"})", config) ==
          "url must use wss:// (requireWss is on): \"ws://a.com\"");
  REQUIRE(ErrorOf(R"({"url":"wss://a.com"})", config).empty());

  WxConfig allow;
  allow.has_domain_allowlist = true;
  allow.domain_allowlist = {"chat.example.com"};
  REQUIRE(ErrorOf(R"({"url":"wss://Chat.Example.com:8443/ws"})", allow).empty());
  REQUIRE(ErrorOf(R"({"url":"wss://evil.com/ws"})", allow) ==
          "url not in domain list: \"evil.com\" is not in domainAllowlist");
  REQUIRE(ErrorOf(R"({"url":"wss://chat.example.com.evil.com"})", allow)
              .rfind("url not in domain list", 0) == 0);
  allow.domain_allowlist.clear();
  REQUIRE_FALSE(ErrorOf(R"({"url":"wss://chat.example.com"})", allow).empty());
}

TEST_CASE("send rejections name the field and the type", "[options]") {
  REQUIRE(ExplainSendRejection(R"({"data":5})") ==
          "parameter error: parameter.data should be String or ArrayBuffer instead of Number;");
  REQUIRE(ExplainSendRejection(R"({})") ==
          "parameter error: parameter.data should be String or ArrayBuffer instead of Undefined;");
  REQUIRE(ExplainSendRejection(R"({"data":{"__wxType":"Blob"}})") ==
          "parameter error: parameter.data should be String or ArrayBuffer instead of Blob;");
  REQUIRE(ExplainSendRejection(R"({"data":"x","complete":1})") ==
          "parameter error: parameter.complete should be Function instead of Number;");
  REQUIRE(ExplainSendRejection(R"({"__wxType":"Undefined"})") ==
          "parameter error: parameter should be Object instead of Undefined;");
}
