// The wasm build's snprintf (bindings/integer_format.h) against the platform's, for the
// conversions it supports; the rest must fail closed, not print something else.
#include "integer_format.h"

#include <catch2/catch.hpp>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <string>

namespace {

struct Formatted {
  std::string text;
  int length;
};

Formatted Ours(std::size_t size, const char* format, ...) {
  char buffer[128] = "untouched";
  std::va_list args;
  va_start(args, format);
  const int length = wxs::FormatIntegers(buffer, size, format, args);
  va_end(args);
  return {buffer, length};
}

template <typename... Args>
void RequireSameAsPlatform(const char* format, Args... args) {
  for (std::size_t size : {std::size_t{128}, std::size_t{4}, std::size_t{1}}) {
    char expected[128] = "untouched";
    const int expected_length = std::snprintf(expected, size, format, args...);
    const Formatted ours = Ours(size, format, args...);
    INFO("format \"" << format << "\", buffer of " << size);
    REQUIRE(ours.text == expected);
    REQUIRE(ours.length == expected_length);
  }
}

}  // namespace

TEST_CASE("what nlohmann/json formats: \\u escapes and code points", "[format]") {
  RequireSameAsPlatform("\\u%04x", 0x1f);
  RequireSameAsPlatform("\\u%04x", 0);
  RequireSameAsPlatform("\\u%04x", 0xffff);
  RequireSameAsPlatform("\\u%04x\\u%04x", 0xd83d, 0xde00);
  RequireSameAsPlatform("<U+%.4X>", 0x7);
  RequireSameAsPlatform("<U+%.4X>", 0xabcde);
  RequireSameAsPlatform("%.2hhX", 0x1ab);
}

TEST_CASE("integers: signs, widths, precisions and lengths as printf writes them", "[format]") {
  RequireSameAsPlatform("%d %i", 0, -1);
  RequireSameAsPlatform("%d|%d", INT_MIN, INT_MAX);
  RequireSameAsPlatform("[%5d] [%-5d] [%05d] [%2d]", -42, -42, -42, 12345);
  RequireSameAsPlatform("[%.3d] [%.0d] [%.0d] [%08.3d] [%-08d]", -7, 0, 3, 5, 9);
  RequireSameAsPlatform("%u %x %X", UINT_MAX, 0xbeefu, 0xbeefu);
  RequireSameAsPlatform("%lld %llu", LLONG_MIN, ULLONG_MAX);
  RequireSameAsPlatform("%ld %lx", LONG_MIN, ULONG_MAX);
  RequireSameAsPlatform("%hd %hu %hhd %hhu", 70000, 70000, 200, 300);
  RequireSameAsPlatform("%zu %jd %td", SIZE_MAX, INTMAX_MIN, PTRDIFF_MIN);
}

TEST_CASE("characters, strings and percent signs as printf writes them", "[format]") {
  RequireSameAsPlatform("%c[%3c][%-3c]", 'a', 'b', 'c');
  RequireSameAsPlatform("%s[%.2s][%5s][%-5s][%.0s]", "abc", "abc", "abc", "abc", "abc");
  RequireSameAsPlatform("100%% of %s", "it");
  RequireSameAsPlatform("no conversion at all");
}

TEST_CASE("a short buffer keeps what fits and the length counts everything", "[format]") {
  const Formatted cut = Ours(4, "%d", 123456);
  REQUIRE(cut.text == "123");
  REQUIRE(cut.length == 6);
  const Formatted none = Ours(0, "%d", 123456);
  REQUIRE(none.text == "untouched");
  REQUIRE(none.length == 6);
}

TEST_CASE("conversions it does not support write nothing and return -1", "[format]") {
  for (const char* format : {"%f", "%g", "%+d", "%#x", "%*d", "%n", "%o", "x%"}) {
    INFO(format);
    const Formatted result = Ours(128, format, 1.5);
    REQUIRE(result.text.empty());
    REQUIRE(result.length == -1);
  }
}
