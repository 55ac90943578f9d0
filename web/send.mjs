// The send path shared by SocketTask.send and wx.sendSocketMessage. Valid payloads go straight
// to the core as a string or bytes; anything else asks the core to explain what is wrong.

import { isObject } from './callbacks.mjs';
import { toWire } from './wire.mjs';

function isCallbackSlot(value) {
  return value === undefined || typeof value === 'function';
}

function sendPayload(core, taskId, data) {
  if (typeof data === 'string') return core._sendText(taskId, data);
  if (data instanceof ArrayBuffer) return core._sendBinary(taskId, new Uint8Array(data));
  if (ArrayBuffer.isView(data)) {
    return core._sendBinary(taskId, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return undefined;
}

/** Returns {errMsg}; the caller settles callbacks or a Promise with it. */
export function sendThrough(core, taskId, options) {
  if (isObject(options) && isCallbackSlot(options.success) && isCallbackSlot(options.fail) &&
      isCallbackSlot(options.complete)) {
    const errMsg = sendPayload(core, taskId, options.data);
    if (errMsg !== undefined) return { errMsg };
  }
  return { errMsg: core._rejectSend(toWire(options)) };
}
