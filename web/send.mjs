// The send path shared by SocketTask.send and wx.sendSocketMessage. A valid payload is written
// straight into a buffer in wasm memory the core lends it (UTF-8 for text, one memcpy for bytes)
// and sent from there; anything else asks the core to explain what is wrong.

import { isObject } from './callbacks.mjs';
import { toWire } from './wire.mjs';

const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

function isCallbackSlot(value) {
  return value === undefined || typeof value === 'function';
}

function bytesOf(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

// Returns the core's status (0 sent, > 0 queued id, -1 failed), or undefined for bad data.
function sendPayload(link, taskId, data) {
  const { core, module } = link;
  if (typeof data === 'string') {
    const capacity = data.length * MAX_UTF8_BYTES_PER_UTF16_UNIT;
    const at = core.scratch(capacity);
    const written = module.wxsUtf8Into(data, at);
    // Sent now, the browser gets `data` itself rather than a string decoded from the copy.
    module.wxsOutboundText(data, at, written);
    try {
      return core.send(taskId, true, written);
    } finally {
      module.wxsOutboundText(null, 0, 0);
    }
  }
  const bytes = bytesOf(data);
  if (!bytes) return undefined;
  const at = core.scratch(bytes.length);  // may grow wasm memory: read HEAPU8 only after
  module.HEAPU8.set(bytes, at);
  return core.send(taskId, false, bytes.length);
}

/**
 * `link` is {core, module, okMessage}, one per wx object. Returns
 * {errMsg, queuedId}: a final errMsg now, or (with the queue option) the id of a queued message
 * whose outcome arrives later as an event.
 */
export function sendThrough(link, taskId, options) {
  if (isObject(options) && isCallbackSlot(options.success) && isCallbackSlot(options.fail) &&
      isCallbackSlot(options.complete)) {
    const status = sendPayload(link, taskId, options.data);
    if (status === 0) return { errMsg: link.okMessage, queuedId: 0 };
    if (status > 0) return { errMsg: '', queuedId: status };
    if (status === -1) return { errMsg: link.core.lastSendError(), queuedId: 0 };
  }
  return { errMsg: link.core.rejectSend(toWire(options)), queuedId: 0 };
}
