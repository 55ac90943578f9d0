// close({code, reason}) is checked like the browser's close() would check it.
#include "close_request.h"

#include <catch2/catch.hpp>

using namespace wxs;

TEST_CASE("close codes: 1000 and 3000-4999 only", "[close]") {
  for (int code : {1000, 3000, 3999, 4000, 4999}) {
    INFO(code);
    const ParsedClose parsed = ParseCloseRequest(R"({"code":)" + std::to_string(code) + "}");
    REQUIRE(parsed.error.empty());
    REQUIRE(parsed.request.code == code);
  }
  for (const char* code : {"999", "1001", "1005", "1006", "2999", "5000", "3000.5", "-1"}) {
    INFO(code);
    REQUIRE(ParseCloseRequest(std::string(R"({"code":)") + code + "}").error ==
            std::string("parameter error: parameter.code should be 1000 or an integer from 3000 "
                        "to 4999 (got ") +
                code + ");");
  }
  REQUIRE(ParseCloseRequest(R"({"code":"1000"})").error ==
          "parameter error: parameter.code should be Number instead of String;");
}

TEST_CASE("close reasons: at most 123 bytes of UTF-8, not characters", "[close]") {
  const std::string ascii_123(123, 'a');
  REQUIRE(ParseCloseRequest(R"({"reason":")" + ascii_123 + R"("})").request.reason == ascii_123);
  std::string han_41;  // 41 x U+4F60 = 123 bytes; one more is 126
  for (int i = 0; i < 41; ++i) han_41 += "\xe4\xbd\xa0";
  REQUIRE(ParseCloseRequest(R"({"reason":")" + han_41 + R"("})").error.empty());
  REQUIRE(ParseCloseRequest(R"({"reason":")" + han_41 + "\xe4\xbd\xa0" + R"("})").error ==
          "parameter error: parameter.reason should be at most 123 bytes of UTF-8 (got 126);");
  REQUIRE(ParseCloseRequest(R"({"reason":42})").error ==
          "parameter error: parameter.reason should be String instead of Number;");
}

TEST_CASE("close() with no argument means 1000 and no reason", "[close]") {
  const ParsedClose parsed = ParseCloseRequest(R"({"__wxType":"Undefined"})");
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.request.code == 1000);
  REQUIRE(parsed.request.reason.empty());
  REQUIRE(ParseCloseRequest("7").error ==
          "parameter error: parameter should be Object instead of Number;");
}
