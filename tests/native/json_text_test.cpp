// ParseJson (sdk/json_text.h) has its own grammar loop over nlohmann's lexer: it must accept and
// reject exactly what nlohmann::json::parse does, and build the same value. DumpJson drives
// nlohmann's serializer itself: it must write what dump() writes.
#include "json_text.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

void RequireSameAsNlohmann(const std::string& text) {
  INFO(text);
  const json ours = wxs::ParseJson(text);
  const json theirs = json::parse(text, nullptr, /*allow_exceptions=*/false);
  REQUIRE(ours.is_discarded() == theirs.is_discarded());
  if (!theirs.is_discarded()) {
    REQUIRE(ours.type() == theirs.type());
    REQUIRE(ours.dump() == theirs.dump());
    REQUIRE(wxs::DumpJson(ours) == theirs.dump());
  }
}

}  // namespace

TEST_CASE("ParseJson accepts and rejects what nlohmann's parser does", "[json]") {
  const std::vector<std::string> texts = {
      // JSON, in each shape and at the top level
      "{}",
      "[]",
      "[[[]],{}]",
      R"({"a":[1,2,{"b":null}],"c":true,"d":false,"e":"x"})",
      " \t\n {\"x\" : -1.5e3 } \r\n",
      R"("caf\u00e9 \ud83d\ude00 \"q\" \\ \/")",
      "123",
      "-0",
      "0.5",
      "18446744073709551615",
      "18446744073709551616",
      "-9223372036854775808",
      "-9223372036854775809",
      "1e308",
      "[true,false,null]",
      "\"\"",
      "\xEF\xBB\xBF{}",
      // a repeated key: the last one wins, whatever the earlier value was
      R"({"a":1,"a":2})",
      R"({"a":{"b":1},"a":null})",
      R"({"a":[1],"a":[]})",
      R"({"a":[1],"a":{}})",
      R"({"a":"x","a":true})",
      // not JSON: every place the grammar can fail
      "",
      " ",
      "{",
      "}",
      "[",
      "]",
      "[1,]",
      R"({"a":1,})",
      R"({"a"})",
      R"({"a" 1})",
      "{1:2}",
      "{,}",
      "[,]",
      "[1 2]",
      R"({"a":1 "b":2})",
      "1 2",
      "{} {}",
      "[1]]",
      R"({"a":1}})",
      "{]",
      "[}",
      R"({"a":])",
      ":",
      ",",
      R"({"a"::1})",
      R"({"a":1:2})",
      "[1:2]",
      R"(["a":1])",
      "1e999",
      "-1e999",
      "[1e400]",
      "tru",
      "nul",
      "falsey",
      "\"\x01\"",
      "\"abc",
      "/* c */ 1",
      "01",
      "+1",
      ".5",
      "1.",
      "\"\\x\"",
      R"("\ud800")",
      "\xFF",
      "[\"\xC3\"]",
      "nan",
  };
  for (const auto& text : texts) RequireSameAsNlohmann(text);
}

TEST_CASE("ParseJson takes deep nesting without recursion", "[json]") {
  // Too deep for dump() and operator==, which recurse: the depth is counted by walking down.
  const int depth = 100000;
  const auto depth_of = [](const json& value) {
    int levels = 0;
    for (const json* node = &value; !node->empty() && node->is_structured(); ++levels) {
      node = node->is_array() ? &node->front() : &node->at("k");
    }
    return levels;
  };
  std::string arrays = std::string(depth, '[') + "1" + std::string(depth, ']');
  REQUIRE(depth_of(wxs::ParseJson(arrays)) == depth);
  arrays.pop_back();
  REQUIRE(wxs::ParseJson(arrays).is_discarded());
  std::string objects;
  for (int i = 0; i < depth; ++i) objects += "{\"k\":";
  objects += "1" + std::string(depth, '}');
  REQUIRE(depth_of(wxs::ParseJson(objects)) == depth);
  objects.pop_back();
  REQUIRE(wxs::ParseJson(objects).is_discarded());
}

TEST_CASE("ParseJson agrees with nlohmann's parser on random texts, most a token from JSON",
          "[json]") {
  std::uint32_t state = 12345;  // a fixed xorshift sequence: the same texts every run
  const auto next = [&state](std::uint32_t below) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state % below;
  };
  const std::vector<std::string> scalars = {"\"a\"", "\"b\"", "1", "-2.5", "true", "null", "1e999"};
  const std::vector<std::string> tokens = {"{", "}", "[", "]", ",", ":", "\"a\"", "1", " ", "x"};
  // A random JSON value as a list of tokens: objects and arrays of up to 3 members, 4 deep.
  std::vector<std::string> out;
  const auto value = [&](const auto& self, int depth) -> void {
    const std::uint32_t kind = depth < 4 ? next(4) : 0;
    if (kind < 2) {
      out.push_back(scalars[next(scalars.size())]);
      return;
    }
    out.push_back(kind == 2 ? "[" : "{");
    const std::uint32_t members = next(4);
    for (std::uint32_t i = 0; i < members; ++i) {
      if (i > 0) out.push_back(",");
      if (kind == 3) out.insert(out.end(), {scalars[next(2)], ":"});
      self(self, depth + 1);
    }
    out.push_back(kind == 2 ? "]" : "}");
  };
  for (int i = 0; i < 20000; ++i) {
    out.clear();
    value(value, 0);
    // Half stay JSON; the others lose, gain or change one token.
    const std::uint32_t at = next(out.size());
    switch (next(6)) {
      case 0:
        out.erase(out.begin() + at);
        break;
      case 1:
        out.insert(out.begin() + at, tokens[next(tokens.size())]);
        break;
      case 2:
        out[at] = tokens[next(tokens.size())];
        break;
    }
    std::string text;
    for (const auto& token : out) text += token;
    RequireSameAsNlohmann(text);
  }
}

TEST_CASE("DumpJson writes what dump() writes, invalid UTF-8 replaced when asked", "[json]") {
  const auto replace = json::error_handler_t::replace;
  for (const std::string& text :
       std::vector<std::string>{"plain", "caf\xC3\xA9", "\x01\x1F\"\\/", "bad \xC3 and \xFF\xFE",
                                std::string("nul \0 inside", 13)}) {
    INFO(text);
    REQUIRE(wxs::DumpJson(json(text), replace) == json(text).dump(-1, ' ', false, replace));
  }
  const json mixed = {{"a", {1, -2, 2.5, 1e300, nullptr, true}}, {"b", {{"c", "d"}}}};
  REQUIRE(wxs::DumpJson(mixed) == mixed.dump());
}
