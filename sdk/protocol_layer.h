// A protocol spoken over a SocketTask's connection (STOMP, in sdk/stomp/). The task keeps its one
// reconnect, queue and heartbeat machinery and consults the layer at the points a protocol needs:
// each open (the layer sends its handshake with SocketTask::SendControl while the task holds its
// queue, and releases it with HoldQueue(false)), every inbound message, the outcome of every
// queued message, and the end of each connection and of the task.
#pragma once

#include <string_view>

#include "payload.h"
#include "send_queue.h"

namespace wxs {

class ProtocolLayer {
 public:
  // The connection opened. The task holds its queue until the layer releases it.
  virtual void OnLayerOpen() = 0;
  // Every inbound message, in place of the task's onMessage.
  virtual void OnLayerMessage(Payload message) = 0;
  // A queued message's outcome, in place of the task's: ":ok" once written.
  virtual void OnLayerSendOutcome(MessageId id, std::string_view err_msg) = 0;
  // The connection is gone; the task reconnects or closes next. Called after the queue took back
  // what the browser never wrote.
  virtual void OnLayerDrop() = 0;
  // The task closed for good (after its queued messages failed), before its onClose.
  virtual void OnLayerClose(int code, std::string_view reason) = 0;

 protected:
  ~ProtocolLayer() = default;
};

}  // namespace wxs
