// A message as it crosses the core: a text frame (UTF-8 bytes) or a binary frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wxs {

enum class PayloadKind { kText, kBinary };

// A message's bytes, or only their count. The core's rules need sizes (the queue's bounds, the
// written offsets, the stats) and read content only for a pong candidate or a protocol layer's
// frame, so an app's payload stays with the platform (in a browser, the app's own string or
// buffer, handed to the socket as it is) and a received message the core does not read is only
// counted.
struct Payload {
  PayloadKind kind;
  // A view: the bytes belong to the caller and are valid only during the call that passes them.
  // Empty for a payload the platform keeps.
  std::string_view bytes;
  bool kept = false;
  // Bytes (UTF-8 for text) of a kept payload, or kUnmeasured: a text the platform measures as
  // it sends it (a browser's bufferedAmount grows by its UTF-8 size: counted for free). A
  // received text the core does not read comes with the platform's count of it (a browser's:
  // UTF-16 code units, as counting UTF-8 would cost a pass over it).
  std::size_t kept_size = 0;
  // Which kept payload: 0 for the one of the call under way (the app's send, the message being
  // received), else the id of the queued message it is (see SendQueue).
  std::uint32_t kept_id = 0;
  // Someone waits for this message's outcome (an app's send with callbacks or a Promise). A
  // queued message nobody waits for succeeds once written: no ping need ask the server for it.
  bool outcome_awaited = true;

  static constexpr std::size_t kUnmeasured = static_cast<std::size_t>(-1);

  static Payload Kept(PayloadKind kind, std::size_t size, std::uint32_t id = 0) {
    return Payload{kind, {}, true, size, id};
  }
  std::size_t size() const { return kept ? kept_size : bytes.size(); }
};

}  // namespace wxs
