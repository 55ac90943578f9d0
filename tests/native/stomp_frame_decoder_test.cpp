// The STOMP frame decoder: frames cut and joined at any byte, heart-beats, content-length in
// octets, escaping exactly as STOMP 1.2 says, and every malformed input an error, never more
// buffering than the frame bound.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "stomp/frame_decoder.h"
#include "stomp_test_helpers.h"

using namespace std::string_literals;
using namespace wxs::stomp;
using namespace wxs::stomp::testing;

namespace {

// A session's worth of server traffic: CONNECTED, heart-beats (LF and CR LF), a MESSAGE with
// NUL inside a counted body, one without content-length and CR LF lines, RabbitMQ's "\0\n"
// endings, a RECEIPT and an ERROR.
const std::string kStream =
    "CONNECTED\nversion:1.2\nheart-beat:10000,10000\nserver:RabbitMQ/3.10.8\n\n\0"s
    "\n"
    "\r\n"
    "MESSAGE\nsubscription:0\nmessage-id:T_0@@1\ndestination:/topic/a\\cb\n"
    "content-type:application/octet-stream\ncontent-length:5\n\na\0b\0c\0\n"s
    "MESSAGE\r\nsubscription:0\r\nmessage-id:T_0@@2\r\ndestination:/queue/q\r\n\r\nhello\0\n"s
    "\n"
    "RECEIPT\nreceipt-id:77\n\n\0"s
    "ERROR\nmessage:Bad CONNECT\ncontent-length:0\n\n\0\r\n"s;

const std::vector<Frame> kStreamFrames = {
    MakeFrame(Command::kConnected,
              {{"version", "1.2"}, {"heart-beat", "10000,10000"}, {"server", "RabbitMQ/3.10.8"}}),
    MakeFrame(Command::kMessage,
              {{"subscription", "0"},
               {"message-id", "T_0@@1"},
               {"destination", "/topic/a:b"},
               {"content-type", "application/octet-stream"},
               {"content-length", "5"}},
              "a\0b\0c"s),
    MakeFrame(Command::kMessage,
              {{"subscription", "0"}, {"message-id", "T_0@@2"}, {"destination", "/queue/q"}},
              "hello"),
    MakeFrame(Command::kReceipt, {{"receipt-id", "77"}}),
    MakeFrame(Command::kError, {{"message", "Bad CONNECT"}, {"content-length", "0"}}),
};
// A lone LF, a lone CR LF, two frame-ending LFs, another lone LF, a frame-ending CR LF.
constexpr std::size_t kStreamHeartBeats = 6;

void RequireStream(const Decoded& decoded) {
  REQUIRE(decoded.error.empty());
  REQUIRE(decoded.frames == kStreamFrames);
  REQUIRE(decoded.heart_beats == kStreamHeartBeats);
}

}  // namespace

TEST_CASE("a stream of several frames in one chunk", "[stomp][decoder]") {
  RequireStream(DecodeWhole(kStream));
}

TEST_CASE("the stream cut in two at every offset decodes the same", "[stomp][decoder]") {
  for (std::size_t cut = 0; cut <= kStream.size(); ++cut) {
    INFO("cut at " << cut);
    Decoder decoder(Sender::kServer, 65536);
    const std::string_view wire = kStream;
    RequireStream(FeedAll(decoder, {wire.substr(0, cut), wire.substr(cut)}));
  }
}

TEST_CASE("the stream fed byte by byte decodes the same", "[stomp][decoder]") {
  Decoder decoder(Sender::kServer, 65536);
  Decoded total;
  for (char byte : kStream) {
    Decoded part = decoder.Feed(std::string_view(&byte, 1));
    REQUIRE(part.frames.size() + part.heart_beats <= 1);
    for (Frame& frame : part.frames) total.frames.push_back(std::move(frame));
    total.heart_beats += part.heart_beats;
    REQUIRE(part.error.empty());
  }
  RequireStream(total);
}

TEST_CASE("lone EOLs are heart-beats, LF or CR LF, even cut between CR and LF",
          "[stomp][decoder]") {
  Decoder decoder(Sender::kServer, 64);
  REQUIRE(decoder.Feed("\n").heart_beats == 1);
  REQUIRE(decoder.Feed("\r\n").heart_beats == 1);
  REQUIRE(decoder.Feed("\r").heart_beats == 0);
  REQUIRE(decoder.Feed("\n\n").heart_beats == 2);
  const Decoded decoded = decoder.Feed("\nRECEIPT\nreceipt-id:1\n\n\0\n"s);
  REQUIRE(decoded.heart_beats == 2);
  REQUIRE(decoded.frames.size() == 1);
  REQUIRE(decoder.Feed("").heart_beats == 0);
}

TEST_CASE("content-length counts octets: NUL, binary bytes and UTF-8 in the body",
          "[stomp][decoder]") {
  const std::string body = "\0\xff\xfe\0\n\r你好"s;  // 12 octets, 8 of them before the UTF-8
  const Decoded decoded =
      DecodeWhole("MESSAGE\ncontent-length:12\n\n"s + body + "\0"s + "MESSAGE\n\n\0"s);
  REQUIRE(decoded.error.empty());
  REQUIRE(decoded.frames.size() == 2);
  REQUIRE(decoded.frames[0].body == body);
  REQUIRE(decoded.frames[1].body.empty());
}

TEST_CASE("without content-length the body ends at the first NUL", "[stomp][decoder]") {
  const Decoded decoded = DecodeWhole("MESSAGE\ndestination:/q\n\nline one\nline: two\0"s);
  REQUIRE(decoded.error.empty());
  REQUIRE(decoded.frames == std::vector<Frame>{MakeFrame(Command::kMessage, {{"destination", "/q"}},
                                                         "line one\nline: two")});
}

TEST_CASE("UTF-8 header names and values are kept octet for octet", "[stomp][decoder]") {
  const Decoded decoded =
      DecodeWhole("MESSAGE\ndestination:/topic/聊天室\n名字:張三 😀\ncontent-length:6\n\n你好\0"s);
  REQUIRE(decoded.error.empty());
  REQUIRE(decoded.frames ==
          std::vector<Frame>{MakeFrame(
              Command::kMessage,
              {{"destination", "/topic/聊天室"}, {"名字", "張三 😀"}, {"content-length", "6"}},
              "你好")});
}

TEST_CASE("every escape is resolved, left to right", "[stomp][decoder]") {
  // "\\\\n" is an escaped backslash then a plain n: chained replaces get this one wrong.
  const Decoded decoded = DecodeWhole("MESSAGE\nkey\\c\\\\:a\\rb\\nc\\cd\\\\e\\\\n\\\\\\c\n\n\0"s);
  REQUIRE(decoded.error.empty());
  REQUIRE(decoded.frames.at(0).headers == std::vector<Header>{{"key:\\", "a\rb\nc:d\\e\\n\\:"}});
}

TEST_CASE("an undefined or unfinished escape is an error", "[stomp][decoder]") {
  REQUIRE(DecodeWhole("MESSAGE\ndestination:/a\\tb\n\n\0"s).error ==
          R"(undefined escape "\t" in a MESSAGE header: "destination:/a\tb")");
  REQUIRE(DecodeWhole("RECEIPT\nreceipt-id:1\\\n\n\0"s).error ==
          R"(escape \ with no character after it in a RECEIPT header: "receipt-id:1\")");
  REQUIRE(DecodeWhole("ERROR\nna\\:x\n\n\0"s).error ==
          R"(escape \ with no character after it in a ERROR header: "na\:x")");
  REQUIRE(DecodeWhole("MESSAGE\na:\\C\n\n\0"s).error ==
          R"(undefined escape "\C" in a MESSAGE header: "a:\C")");
}

TEST_CASE("CONNECTED is not unescaped, and a raw colon stays in its value", "[stomp][decoder]") {
  const Decoded decoded =
      DecodeWhole("CONNECTED\nversion:1.2\nserver:a\\cb\\t\nsession:host:61613\n\n\0"s);
  REQUIRE(decoded.error.empty());
  REQUIRE(decoded.frames.at(0).headers == std::vector<Header>{{"version", "1.2"},
                                                              {"server", "a\\cb\\t"},
                                                              {"session", "host:61613"}});
}

TEST_CASE("CONNECT from a client is not unescaped either, but STOMP is", "[stomp][decoder]") {
  const Decoded connect = DecodeWhole("CONNECT\npasscode:a\\b\n\n\0"s, 65536, Sender::kClient);
  REQUIRE(connect.error.empty());
  REQUIRE(connect.frames.at(0).headers == std::vector<Header>{{"passcode", "a\\b"}});
  REQUIRE(DecodeWhole("STOMP\npasscode:a\\b\n\n\0"s, 65536, Sender::kClient).error ==
          R"(undefined escape "\b" in a STOMP header: "passcode:a\b")");
}

TEST_CASE("a repeated header keeps every occurrence, and the first one wins", "[stomp][decoder]") {
  const Decoded decoded =
      DecodeWhole("MESSAGE\nfoo:World\nfoo:Hello\ncontent-length:1\ncontent-length:x\n\nA\0"s);
  REQUIRE(decoded.error.empty());
  const Frame& frame = decoded.frames.at(0);
  REQUIRE(*frame.Find("foo") == "World");
  REQUIRE(frame.headers.size() == 4);
  REQUIRE(frame.body == "A");  // the second content-length is only a header
  REQUIRE(frame.Find("bar") == nullptr);
}

TEST_CASE("nothing is trimmed: spaces belong to names and values", "[stomp][decoder]") {
  const Decoded decoded = DecodeWhole("MESSAGE\n key : value \nempty:\ncontent-length: 1\n\n\0"s);
  // " 1" is not a number: the spaces were not trimmed away.
  REQUIRE(decoded.error == R"(content-length is not a number: " 1")");
  const Decoded kept = DecodeWhole("MESSAGE\n key : value \nempty:\n\n\0"s);
  REQUIRE(kept.frames.at(0).headers == std::vector<Header>{{" key ", " value "}, {"empty", ""}});
}

TEST_CASE("content-length that is not a plain decimal number is an error", "[stomp][decoder]") {
  const char* const values[] = {"", "abc", "-1", "+1", "1.0", "0x10", "1 ", "1e3"};
  for (const std::string value : values) {
    INFO(value);
    REQUIRE(DecodeWhole("MESSAGE\ncontent-length:" + value + "\n\n\0"s).error ==
            "content-length is not a number: \"" + value + "\"");
  }
}

TEST_CASE("content-length beyond the bound is refused before the body arrives",
          "[stomp][decoder]") {
  Decoder decoder(Sender::kServer, 64);
  const std::string headers = "MESSAGE\ncontent-length:47\n\n";  // 27 + 47 + NUL = 75 octets
  REQUIRE(decoder.Feed(headers).error == R"(STOMP frame exceeds 64 bytes: content-length "47")");
  REQUIRE(decoder.buffered_bytes() == 0);
  // The largest body that fits, with its NUL, is exactly the bound.
  REQUIRE(DecodeWhole("MESSAGE\ncontent-length:36\n\n" + std::string(36, 'x') + "\0"s, 64)
              .frames.size() == 1);
  REQUIRE(DecodeWhole("MESSAGE\ncontent-length:37\n\n" + std::string(37, 'x') + "\0"s, 64).error ==
          R"(STOMP frame exceeds 64 bytes: content-length "37")");
  // Past size_t: saturates, still a clean refusal.
  REQUIRE(DecodeWhole("MESSAGE\ncontent-length:99999999999999999999999999\n\n\0"s).error ==
          R"(STOMP frame exceeds 65536 bytes: content-length "99999999999999999999999999")");
}

TEST_CASE("headers or a NUL-terminated body past the bound are an error", "[stomp][decoder]") {
  // Exactly the bound (command through NUL) is accepted.
  REQUIRE(DecodeWhole("MESSAGE\n\n" + std::string(54, 'x') + "\0"s, 64).frames.size() == 1);
  REQUIRE(DecodeWhole("MESSAGE\n\n" + std::string(55, 'x') + "\0"s, 64).error ==
          "STOMP frame exceeds 64 bytes");
  REQUIRE(DecodeWhole("MESSAGE\nk:" + std::string(60, 'v') + "\n\n\0"s, 64).error ==
          "STOMP frame exceeds 64 bytes");
  REQUIRE(DecodeWhole(std::string(65, 'M'), 64).error == "STOMP frame exceeds 64 bytes");
}

TEST_CASE("what is held never exceeds the bound, however the bytes come", "[stomp][decoder]") {
  const std::string endless_header = "MESSAGE\nk:" + std::string(100, 'v');
  const std::string endless_body = "MESSAGE\n\n" + std::string(100, 'b');
  for (const std::string& wire : {endless_header, endless_body}) {
    Decoder decoder(Sender::kServer, 64);
    std::string error;
    for (char byte : wire) {
      error = decoder.Feed(std::string_view(&byte, 1)).error;
      REQUIRE(decoder.buffered_bytes() <= 64);
    }
    REQUIRE(error == "STOMP frame exceeds 64 bytes");
  }
  // The bound is per frame: many frames in one chunk are fine.
  std::string many;
  for (int i = 0; i < 100; ++i) many += "MESSAGE\n\n" + std::string(50, 'b') + "\0\n"s;
  REQUIRE(DecodeWhole(many, 64).frames.size() == 100);
}

TEST_CASE("a counted body must be followed by its NUL", "[stomp][decoder]") {
  REQUIRE(DecodeWhole("MESSAGE\ncontent-length:3\n\nabcd\0"s).error ==
          "missing NUL after body of content-length 3");
  Decoder decoder(Sender::kServer, 64);
  REQUIRE(FeedAll(decoder, {"MESSAGE\ncontent-length:3\n\nabc", "\n"}).error ==
          "missing NUL after body of content-length 3");
}

TEST_CASE("unknown commands and frames the other side sends are errors", "[stomp][decoder]") {
  REQUIRE(DecodeWhole("HELLO\n\n\0"s).error == R"(unknown STOMP command "HELLO")");
  REQUIRE(DecodeWhole("message\n\n\0"s).error == R"(unknown STOMP command "message")");
  REQUIRE(DecodeWhole("MESSAGE \n\n\0"s).error == R"(unknown STOMP command "MESSAGE ")");
  REQUIRE(DecodeWhole("\0\n"s).error == R"(unknown STOMP command "\x00")");
  REQUIRE(
      DecodeWhole("{\"type\":\"json\",\"not\":\"stomp at all, and a long line too\"}\n").error ==
      R"(unknown STOMP command "{"type":"json","not":"stomp at a"...)");
  REQUIRE(DecodeWhole("SEND\ndestination:/q\n\n\0"s).error ==
          "SEND is not a frame a STOMP server sends");
  REQUIRE(DecodeWhole("MESSAGE\n\n\0"s, 64, Sender::kClient).error ==
          "MESSAGE is not a frame a STOMP client sends");
  const Decoded client = DecodeWhole(
      "SUBSCRIBE\nid:0\ndestination:/topic/x\nack:client-individual\n\n\0"
      "SEND\ndestination:/topic/x\ncontent-length:2\n\nhi\0DISCONNECT\nreceipt:9\n\n\0"s,
      64, Sender::kClient);
  REQUIRE(client.error.empty());
  REQUIRE(client.frames.size() == 3);
  REQUIRE(client.frames[1].command == Command::kSend);
}

TEST_CASE("a CR must be followed by LF", "[stomp][decoder]") {
  REQUIRE(DecodeWhole("\rMESSAGE\n\n\0"s).error == "CR not followed by LF between frames");
  REQUIRE(DecodeWhole("MESS\rAGE\n\n\0"s).error == "CR not followed by LF in the command line");
  REQUIRE(DecodeWhole("MESSAGE\r\r\n\n\0"s).error == "CR not followed by LF in the command line");
  REQUIRE(DecodeWhole("MESSAGE\na:b\rc\n\n\0"s).error == "CR not followed by LF in a header line");
}

TEST_CASE("a header line needs a colon and a name", "[stomp][decoder]") {
  REQUIRE(DecodeWhole("MESSAGE\nno colon here\n\n\0"s).error ==
          R"(header line without a colon: "no colon here")");
  REQUIRE(DecodeWhole("MESSAGE\n:value\n\n\0"s).error == R"(header with an empty name: ":value")");
}

TEST_CASE("frames before an error are delivered, and after it nothing is decoded",
          "[stomp][decoder]") {
  Decoder decoder(Sender::kServer, 64);
  const Decoded first = decoder.Feed("RECEIPT\nreceipt-id:1\n\n\0\nBAD\n"s);
  REQUIRE(first.frames.size() == 1);
  REQUIRE(first.heart_beats == 1);
  REQUIRE(first.error == R"(unknown STOMP command "BAD")");
  const Decoded later = decoder.Feed("RECEIPT\nreceipt-id:2\n\n\0\n"s);
  REQUIRE(later.frames.empty());
  REQUIRE(later.heart_beats == 0);
  REQUIRE(later.error == first.error);
}
