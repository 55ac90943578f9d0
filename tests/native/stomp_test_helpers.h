// Shared by the STOMP codec tests: frames written briefly, fed in chunks, printed on failure.
#pragma once

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

#include "stomp/frame.h"
#include "stomp/frame_decoder.h"

namespace wxs::stomp::testing {

inline Frame MakeFrame(Command command, std::initializer_list<Header> headers,
                       std::string body = {}) {
  return Frame{command, headers, std::move(body)};
}

// Everything the decoder produced over several Feed() calls, as one result.
inline Decoded FeedAll(Decoder& decoder, std::initializer_list<std::string_view> chunks) {
  Decoded total;
  for (std::string_view chunk : chunks) {
    Decoded part = decoder.Feed(chunk);
    for (Frame& frame : part.frames) total.frames.push_back(std::move(frame));
    total.heart_beats += part.heart_beats;
    total.error = part.error;
  }
  return total;
}

// The whole of `wire` in one chunk, by a fresh decoder.
inline Decoded DecodeWhole(std::string_view wire, std::size_t max_frame_bytes = 65536,
                           Sender sender = Sender::kServer) {
  Decoder decoder(sender, max_frame_bytes);
  return decoder.Feed(wire);
}

}  // namespace wxs::stomp::testing

namespace Catch {
template <>
struct StringMaker<wxs::stomp::Frame> {
  static std::string convert(const wxs::stomp::Frame& frame) {
    std::string text(wxs::stomp::CommandName(frame.command));
    for (const auto& header : frame.headers) {
      text += " " + wxs::stomp::QuoteForError(header.name) + ":" +
              wxs::stomp::QuoteForError(header.value);
    }
    return text + " body " + wxs::stomp::QuoteForError(frame.body);
  }
};
}  // namespace Catch
