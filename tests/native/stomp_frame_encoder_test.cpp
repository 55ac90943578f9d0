// The STOMP frame encoder: exact bytes, escaping (CONNECT and CONNECTED exempt),
// content-length in octets, and frames it must refuse to write.
#include <catch2/catch.hpp>
#include <string>

#include "stomp/frame_encoder.h"
#include "stomp_test_helpers.h"

using namespace std::string_literals;
using namespace wxs::stomp;
using namespace wxs::stomp::testing;

TEST_CASE("SEND gets content-length in octets and ends with NUL", "[stomp][encoder]") {
  const Encoded encoded = Encode(MakeFrame(
      Command::kSend,
      {{"destination", "/topic/聊天"}, {"content-type", "text/plain;charset=utf-8"}}, "你好\0!"s));
  REQUIRE(encoded.error.empty());
  REQUIRE(encoded.bytes ==
          "SEND\ndestination:/topic/聊天\ncontent-type:text/plain;charset=utf-8\n"
          "content-length:8\n\n你好\0!\0"s);
}

TEST_CASE("a frame without a body gets no content-length", "[stomp][encoder]") {
  REQUIRE(Encode(MakeFrame(Command::kSubscribe, {{"id", "0"}, {"destination", "/q"}})).bytes ==
          "SUBSCRIBE\nid:0\ndestination:/q\n\n\0"s);
  REQUIRE(Encode(MakeFrame(Command::kDisconnect, {})).bytes == "DISCONNECT\n\n\0"s);
}

TEST_CASE("a caller's content-length is kept when it matches, refused when not",
          "[stomp][encoder]") {
  REQUIRE(Encode(MakeFrame(Command::kSend, {{"content-length", "2"}}, "hi")).bytes ==
          "SEND\ncontent-length:2\n\nhi\0"s);
  REQUIRE(Encode(MakeFrame(Command::kSend, {{"content-length", "002"}}, "hi")).error.empty());
  REQUIRE(Encode(MakeFrame(Command::kSend, {{"content-length", "3"}}, "hi")).error ==
          R"(content-length "3" does not match the body of 2 bytes)");
  REQUIRE(Encode(MakeFrame(Command::kSend, {{"content-length", "two"}}, "hi")).error ==
          R"(content-length "two" does not match the body of 2 bytes)");
}

TEST_CASE("header names and values are escaped: CR, LF, colon, backslash", "[stomp][encoder]") {
  const Encoded encoded =
      Encode(MakeFrame(Command::kSend, {{"we:ird\\", "a\rb\nc:d\\e\\n"}, {"plain", "x y\tz"}}));
  REQUIRE(encoded.error.empty());
  REQUIRE(encoded.bytes == "SEND\nwe\\cird\\\\:a\\rb\\nc\\cd\\\\e\\\\n\nplain:x y\tz\n\n\0"s);
}

TEST_CASE("CONNECT and CONNECTED are written without escaping", "[stomp][encoder]") {
  REQUIRE(Encode(MakeFrame(Command::kConnect,
                           {{"accept-version", "1.2"}, {"host", "a:b"}, {"passcode", "p\\w"}}))
              .bytes == "CONNECT\naccept-version:1.2\nhost:a:b\npasscode:p\\w\n\n\0"s);
  REQUIRE(Encode(MakeFrame(Command::kConnected, {{"server", "x\\cy"}})).bytes ==
          "CONNECTED\nserver:x\\cy\n\n\0"s);
  REQUIRE(Encode(MakeFrame(Command::kStomp, {{"passcode", "p\\w"}})).bytes ==
          "STOMP\npasscode:p\\\\w\n\n\0"s);
}

TEST_CASE("what CONNECT cannot carry is refused, not injected", "[stomp][encoder]") {
  REQUIRE(Encode(MakeFrame(Command::kConnect, {{"passcode", "x\nlogin:admin"}})).error ==
          R"(CONNECT header "passcode" holds a line break (or a colon in its name), which )"
          "CONNECT cannot escape");
  REQUIRE_FALSE(Encode(MakeFrame(Command::kConnect, {{"pass\rcode", "x"}})).error.empty());
  REQUIRE_FALSE(Encode(MakeFrame(Command::kConnected, {{"a:b", "x"}})).error.empty());
  REQUIRE(Encode(MakeFrame(Command::kConnect, {{"passcode", "x\nlogin:admin"}})).bytes.empty());
}

TEST_CASE("a header with an empty name is refused", "[stomp][encoder]") {
  REQUIRE(Encode(MakeFrame(Command::kSend, {{"", "x"}})).error ==
          "a SEND header has an empty name");
  REQUIRE(Encode(MakeFrame(Command::kConnect, {{"", "x"}})).error ==
          "a CONNECT header has an empty name");
}

TEST_CASE("decoding what was encoded gives the frame back", "[stomp][encoder]") {
  const Frame frames[] = {
      MakeFrame(Command::kMessage,
                {{"destination", "/topic/a:b\\c"},
                 {"weird\r\nname:", "\\n\\\\\r"},
                 {"destination", "second"},
                 {"content-length", "4"}},
                "\0\0\n\0"s),
      MakeFrame(Command::kConnected, {{"version", "1.2"}, {"server", "a:b\\c"}}),
      MakeFrame(Command::kReceipt, {{"receipt-id", ""}}),
      MakeFrame(Command::kError, {{"message", "名字 😀"}, {"content-length", "6"}}, "你好"),
  };
  for (const Frame& frame : frames) {
    INFO(Catch::StringMaker<Frame>::convert(frame));
    const Encoded encoded = Encode(frame);
    REQUIRE(encoded.error.empty());
    const Decoded decoded = DecodeWhole(encoded.bytes);
    REQUIRE(decoded.error.empty());
    REQUIRE(decoded.frames == std::vector<Frame>{frame});
  }
}
