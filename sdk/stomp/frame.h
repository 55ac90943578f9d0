// A STOMP 1.2 frame as the codec hands it over and takes it in: the command, the headers in wire
// order (repeats kept, unescaped) and the body octets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wxs::stomp {

// Client frames first, then server frames from kConnected to kError, which stays last: the
// decoder relies on that order.
enum class Command {
  kConnect,
  kStomp,
  kSend,
  kSubscribe,
  kUnsubscribe,
  kAck,
  kNack,
  kBegin,
  kCommit,
  kAbort,
  kDisconnect,
  kConnected,
  kMessage,
  kReceipt,
  kError,
};

// The command as it is written on the wire, e.g. "MESSAGE".
std::string_view CommandName(Command command);

// True for the frames a server sends: CONNECTED, MESSAGE, RECEIPT, ERROR.
inline bool IsServerCommand(Command command) { return command >= Command::kConnected; }

// STOMP 1.2 escapes header names and values in every frame but CONNECT and CONNECTED (which stay
// as STOMP 1.0 wrote them). STOMP, 1.2's own CONNECT, is escaped: the spec exempts only those two.
bool HeadersAreEscaped(Command command);

struct Header {
  std::string name;
  std::string value;
};

struct Frame {
  Command command = Command::kSend;
  std::vector<Header> headers;  // wire order; a repeated header keeps every occurrence
  std::string body;             // octets, possibly with NUL inside

  // The value of the first header with this name (a repeated header: the first one wins), or
  // nullptr.
  const std::string* Find(std::string_view name) const;
};

bool operator==(const Header& a, const Header& b);
bool operator==(const Frame& a, const Frame& b);

// The length a content-length value announces: decimal digits only (no sign, no spaces), or
// nullopt. Values beyond size_t saturate at SIZE_MAX, which every bound refuses.
std::optional<std::size_t> ParseContentLength(std::string_view value);

// Peer or app text for an error message: quoted, bytes outside printable ASCII as \xNN, cut
// after 32 bytes, so an error stays one short line whatever the input was.
std::string QuoteForError(std::string_view text);

}  // namespace wxs::stomp
