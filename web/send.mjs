// The send path shared by SocketTask.send and wx.sendSocketMessage. Valid payloads go straight
// to the core as a string or bytes; anything else asks the core to explain what is wrong.

import { isObject } from './callbacks.mjs';
import { toWire } from './wire.mjs';

function isCallbackSlot(value) {
  return value === undefined || typeof value === 'function';
}

// The browser's native encoder: much faster than Embind's own UTF-8 loop for long strings.
const encoder = new TextEncoder();

function sendPayload(core, taskId, data) {
  if (typeof data === 'string') return core._sendText(taskId, encoder.encode(data));
  if (data instanceof ArrayBuffer) return core._sendBinary(taskId, new Uint8Array(data));
  if (ArrayBuffer.isView(data)) {
    return core._sendBinary(taskId, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return undefined;
}

/**
 * Returns {errMsg, queuedId}: a final errMsg now, or (with the queue option) the id of a queued
 * message whose outcome arrives later as a sendOutcome event.
 */
export function sendThrough(core, taskId, options) {
  if (isObject(options) && isCallbackSlot(options.success) && isCallbackSlot(options.fail) &&
      isCallbackSlot(options.complete)) {
    const result = sendPayload(core, taskId, options.data);
    if (result !== undefined) return result;
  }
  return { errMsg: core._rejectSend(toWire(options)), queuedId: 0 };
}
