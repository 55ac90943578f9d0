// libFuzzer target for the STOMP frame codec (scripts/fuzz-stomp.sh builds and runs it).
//
// Input: [flags][bound][cut count][cut offsets, 2 bytes each][stream]. The stream is decoded
// whole, in chunks cut at the given offsets, and byte by byte, with the sender and the frame
// bound the first two bytes choose. Checked, besides the sanitizers:
// - all three decodings agree (frames, heart-beats, error): cuts never change the outcome;
// - what the decoder holds never exceeds the bound, and errors are one short line;
// - every decoded frame encodes, and decoding the encoding gives the frame back (with the
//   content-length the encoder adds to a body that had none);
// - the stream read as an arbitrary frame (the command from the flags, fields split at 0x01:
//   header names and values in turn, then the body) is refused by the encoder or decodes back
//   to itself: nothing an app puts in a header can forge another header or frame.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "stomp/frame_decoder.h"
#include "stomp/frame_encoder.h"

using namespace wxs::stomp;

namespace {

void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "stomp_frame_fuzzer: %s\n", what);
  std::abort();
}

// Feeds `chunks` in order and checks the bound after each; returns everything produced.
Decoded DecodeChunks(Sender sender, std::size_t bound,
                     const std::vector<std::string_view>& chunks) {
  Decoder decoder(sender, bound);
  Decoded total;
  for (std::string_view chunk : chunks) {
    Decoded part = decoder.Feed(chunk);
    Require(decoder.buffered_bytes() <= bound, "decoder holds more than the frame bound");
    for (Frame& frame : part.frames) total.frames.push_back(std::move(frame));
    total.heart_beats += part.heart_beats;
    total.error = part.error;
  }
  return total;
}

bool SameOutcome(const Decoded& a, const Decoded& b) {
  return a.frames == b.frames && a.heart_beats == b.heart_beats && a.error == b.error;
}

// Decoding `encoded` must give `frame` back, with the content-length the encoder adds to a
// body that had none.
void RequireDecodesTo(const std::string& encoded, const Frame& frame) {
  Frame expected = frame;
  if (frame.Find("content-length") == nullptr && !frame.body.empty()) {
    expected.headers.push_back({"content-length", std::to_string(frame.body.size())});
  }
  Decoder decoder(IsServerCommand(frame.command) ? Sender::kServer : Sender::kClient,
                  encoded.size());
  const Decoded decoded = decoder.Feed(encoded);
  Require(decoded.error.empty(), "an encoded frame does not decode");
  Require(decoded.heart_beats == 0 && decoded.frames.size() == 1,
          "an encoded frame decodes to something else than one frame");
  Require(decoded.frames[0] == expected, "an encoded frame decodes to another frame");
}

Frame ArbitraryFrame(Command command, std::string_view stream) {
  Frame frame{command, {}, {}};
  std::vector<std::string_view> fields;
  for (std::size_t end; (end = stream.find('\x01')) != std::string_view::npos;) {
    fields.push_back(stream.substr(0, end));
    stream.remove_prefix(end + 1);
  }
  frame.body = stream;
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    frame.headers.push_back({std::string(fields[i]), std::string(fields[i + 1])});
  }
  return frame;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const Sender sender = (data[0] & 1) != 0 ? Sender::kClient : Sender::kServer;
  const std::size_t bound = std::size_t{data[1]} * 8 + 1;
  const std::size_t cut_count = data[2] % 8;
  if (size < 3 + 2 * cut_count) return 0;
  const std::uint8_t* cut_bytes = data + 3;
  const std::string_view stream(reinterpret_cast<const char*>(cut_bytes + 2 * cut_count),
                                size - 3 - 2 * cut_count);

  std::vector<std::string_view> chunks;
  std::size_t start = 0;
  for (std::size_t i = 0; i < cut_count; ++i) {
    const std::size_t offset = (cut_bytes[2 * i] << 8 | cut_bytes[2 * i + 1]) % (stream.size() + 1);
    if (offset < start) continue;  // cuts go forward only
    chunks.push_back(stream.substr(start, offset - start));
    start = offset;
  }
  chunks.push_back(stream.substr(start));
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < stream.size(); ++i) bytes.push_back(stream.substr(i, 1));

  const Decoded whole = DecodeChunks(sender, bound, {stream});
  Require(whole.error.size() < 256 && whole.error.find('\n') == std::string::npos,
          "an error is not one short line");
  Require(SameOutcome(whole, DecodeChunks(sender, bound, chunks)),
          "cutting the stream changed what it decodes to");
  Require(SameOutcome(whole, DecodeChunks(sender, bound, bytes)),
          "feeding byte by byte changed what the stream decodes to");
  for (const Frame& frame : whole.frames) {
    const Encoded encoded = Encode(frame);
    Require(encoded.error.empty(), "a decoded frame does not encode");
    RequireDecodesTo(encoded.bytes, frame);
  }

  const Frame arbitrary = ArbitraryFrame(
      static_cast<Command>((data[0] >> 1) % (static_cast<int>(Command::kError) + 1)), stream);
  const Encoded encoded = Encode(arbitrary);
  if (encoded.error.empty()) RequireDecodesTo(encoded.bytes, arbitrary);
  Require(encoded.error.empty() != encoded.bytes.empty(), "an encoding is both bytes and error");
  return 0;
}
