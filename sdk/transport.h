// The network seen by the core: a WebSocket-like connection it opens, writes to and closes,
// and whose events it receives. The browser adapter lives in bindings/, the fake in tests/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bypass_lane.h"
#include "payload.h"

namespace wxs {

// What the core hears from one connection. The adapter calls these from the event loop.
class TransportEvents {
 public:
  virtual void OnTransportOpen() = 0;
  virtual void OnTransportMessage(Payload message) = 0;
  virtual void OnTransportError() = 0;
  virtual void OnTransportClose(int code, std::string_view reason) = 0;
  // A message the adapter did not copy for the core: over the request's max_message_bytes, or
  // over the memory it could get. `bytes` is its size; for text it may be a lower bound (UTF-8
  // has at least one byte per UTF-16 unit, and a text certainly over the limit is not encoded).
  virtual void OnTransportMessageTooLarge(std::size_t bytes) = 0;

 protected:
  ~TransportEvents() = default;
};

class Transport {
 public:
  // Destroying a transport detaches it: no event arrives afterwards, and a live socket is closed.
  virtual ~Transport() = default;
  static constexpr std::size_t kRefused = static_cast<std::size_t>(-1);
  // Returns the bytes handed over (a payload passed unmeasured is measured as it goes), or
  // kRefused when the connection refused the frame (it is no longer open).
  virtual std::size_t Send(Payload message) = 0;
  // Bytes handed to Send that the platform has not written to the network yet (a browser
  // WebSocket's bufferedAmount). After the close, it still counts what was never written.
  virtual std::uint64_t BufferedAmount() const = 0;
  // The code and reason were validated by the core (1000 or 3000-4999, reason <= 123 bytes).
  virtual void Close(int code, std::string_view reason) = 0;
};

// The received texts a heartbeat must read to find its pong (Heartbeat::IsPong), told apart
// by the adapter without reading them: a text of `text_bytes` bytes of UTF-8 (which a browser
// pre-selects by its UTF-16 length: between a third of that and all of it), or a JSON object
// text of at most kMaxJsonObjectBytes.
struct PongCandidates {
  enum class Shape { kNone, kText, kJsonObject };
  static constexpr std::size_t kMaxJsonObjectBytes = 4096;

  Shape shape = Shape::kNone;
  std::size_t text_bytes = 0;

  // The lengths in UTF-16 code units (a JS string's length) a candidate can have, for an
  // adapter that sees the text as a JS string: a UTF-8 byte is at most one code unit, and one
  // code unit at most three bytes (a 4-byte character is 2 units). Empty when min > max.
  std::size_t min_utf16_units() const {
    if (shape == Shape::kNone) return 1;
    return shape == Shape::kText ? (text_bytes + 2) / 3 : 1;
  }
  std::size_t max_utf16_units() const {
    if (shape == Shape::kNone) return 0;
    return shape == Shape::kText ? text_bytes : kMaxJsonObjectBytes;
  }
};

struct TransportRequest {
  std::string url;
  std::vector<std::string> protocols;
  // The largest message the adapter copies for the core (bytes; UTF-8 for text). Set from the
  // options (ConnectOptions); a larger one is reported with OnTransportMessageTooLarge.
  std::size_t max_message_bytes = 0;
  // The task it is for: an adapter that keeps the app's payloads (Payload::kept) finds a queued
  // one by this and its message id.
  int task_id = 0;
  // Whether the task reads every message (a STOMP session parses every frame, text or binary).
  // Otherwise the adapter passes a message's size only (Payload::Kept): its bytes stay with the
  // app, as no rule of the core reads them, except a text that may be the heartbeat's pong.
  bool reads_every_message = false;
  PongCandidates pong_candidates;
  // The task's lane (see BypassLane), valid for the transport's life: an adapter that can
  // deliver and send without the core reads it on every message; one that cannot ignores it.
  BypassLane* lane = nullptr;
};

// Either a transport or, when the platform refused to create one, the platform's message.
struct OpenedTransport {
  std::unique_ptr<Transport> transport;
  std::string error;
};

class TransportFactory {
 public:
  virtual ~TransportFactory() = default;
  virtual OpenedTransport Open(const TransportRequest& request, TransportEvents& events) = 0;
};

}  // namespace wxs
