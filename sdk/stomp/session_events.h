// What a StompSession reports: the outward interface a binding (Embind, or a test recorder)
// implements. Each call is made from inside the session: a binding defers app code to a
// microtask, as it does for the task's events.
#pragma once

#include <cstdint>
#include <string_view>

#include "send_queue.h"
#include "stomp/frame.h"

namespace wxs::stomp {

using SendId = MessageId;
using SubscriptionId = std::uint32_t;

class SessionEvents {
 public:
  // Every (re)connect, after the subscriptions were sent again and before queued SENDs flush.
  virtual void OnStompConnect(const Frame& connected) = 0;
  // A MESSAGE for a live subscription. `connection` numbers the connection it came on: an ack
  // must name it (an ack id means nothing to the broker on a later connection).
  virtual void OnStompMessage(SubscriptionId subscription, const Frame& message,
                              std::uint32_t connection) = 0;
  // An ERROR frame (`frame` set, `message` its message header), or a protocol error of the
  // server's (`frame` null, `message` what was wrong). The connection ends after either.
  virtual void OnStompError(std::string_view message, const Frame* frame) = 0;
  // The one outcome of a SEND that send() did not settle at once.
  virtual void OnStompSendOutcome(SendId id, std::string_view err_msg) = 0;
  // The outcome of disconnect(), once the connection ended.
  virtual void OnStompDisconnect(std::string_view err_msg) = 0;

 protected:
  ~SessionEvents() = default;
};

}  // namespace wxs::stomp
