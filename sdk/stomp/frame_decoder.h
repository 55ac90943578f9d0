// An incremental STOMP 1.2 frame decoder for bytes as they come off a WebSocket.
//
// Feed() takes any chunk (a text or a binary message's bytes, part of a frame, several frames,
// lone EOL heart-beats) and returns what it completed. It never trusts the peer: malformed input
// is an error value with a message naming what was wrong, after which the decoder decodes
// nothing more (the session closes the connection). What it holds of an unfinished frame never
// exceeds the frame bound, counted in wire octets from the command's first byte to the NUL.
//
// Rules (STOMP 1.2): EOL is LF or CR LF, a CR elsewhere is an error; a header line is split at
// its first ':' and nothing is trimmed; header names and values are unescaped (\r \n \c \\)
// except in CONNECT and CONNECTED, and any other escape is an error; a header name is not empty;
// the first content-length header counts, in octets, and the body it announces may hold NUL but
// must be followed by one; without it the body ends at the first NUL. A command must be one
// the sender may send (an unknown one, or a client frame from a server, is an error). EOLs
// between frames (the spec's trailing EOLs included) are heart-beats. Not checked, as harmless
// to accept: raw ':' in values (brokers send them in CONNECTED), UTF-8 validity (octets pass
// through as they came), bodies on frames the spec says have none.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "stomp/frame.h"

namespace wxs::stomp {

enum class Sender { kServer, kClient };

// What one Feed() completed, in order of arrival for the frames.
struct Decoded {
  std::vector<Frame> frames;
  std::size_t heart_beats = 0;  // EOLs between frames
  std::string error;            // empty unless the input is malformed
};

class Decoder {
 public:
  // Accepts the frames `sender` sends; a frame longer than max_frame_bytes is an error.
  Decoder(Sender sender, std::size_t max_frame_bytes);

  // Decodes what `bytes` completes, holding on to the start of an unfinished frame. Once an
  // error was returned, every later call returns it again and decodes nothing.
  Decoded Feed(std::string_view bytes);

  // The octets held for the unfinished frame: never more than max_frame_bytes.
  std::size_t buffered_bytes() const;

 private:
  enum class State {
    kBetweenFrames,
    kAfterCr,  // a CR between frames: an LF must follow
    kCommandLine,
    kHeaderLine,
    kCountedBody,  // content-length octets still to come, then a NUL
    kBodyToNul,
  };

  // False (and the error set) when `octets` more would take the frame past the bound.
  bool Count(std::size_t octets);
  void ReadLine(std::string_view& bytes);
  void ReadCountedBody(std::string_view& bytes, Decoded& out);
  void ReadBodyToNul(std::string_view& bytes, Decoded& out);
  void OnCommand(std::string_view line);
  void OnHeader(std::string_view line);
  void OnHeadersEnd();
  void EmitFrame(Decoded& out);
  void Fail(std::string message);

  const Sender sender_;
  const std::size_t max_frame_bytes_;
  State state_ = State::kBetweenFrames;
  std::size_t frame_bytes_ = 0;     // wire octets of the unfinished frame so far
  std::string line_;                // the unfinished line, without its LF
  std::size_t body_remaining_ = 0;  // kCountedBody: octets still to come
  Frame frame_;
  std::string error_;
};

}  // namespace wxs::stomp
