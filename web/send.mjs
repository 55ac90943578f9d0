// The send path shared by SocketTask.send and wx.sendSocketMessage. A valid payload is written
// straight into the core's scratch buffer in wasm memory (UTF-8 for text, one memcpy for bytes)
// and sent from there; anything else asks the core to explain what is wrong.

import { wireOf } from './wire.mjs';

const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

function isCallbackSlot(value) {
  return value === undefined || typeof value === 'function';
}

// null for anything else, and for a view of a detached buffer (which has no bytes to send).
function bytesOf(data) {
  try {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch {
    // detached
  }
  return null;
}

// The address of the core's scratch buffer, asked for only when a payload needs a larger one
// (its address stays valid until then; HEAPU8 is read afresh because memory may have grown).
// 0 when wasm memory cannot hold `capacity` bytes, not even without the doubling.
function scratch(link, capacity) {
  if (capacity > link.scratchCapacity) {
    let size = Math.max(capacity, 2 * link.scratchCapacity, 4096);
    let at = link.core.scratch(size);
    if (!at) at = link.core.scratch(size = capacity);
    link.scratchAt = at;
    link.scratchCapacity = at ? size : 0;  // what the core holds, so growth stays rare
  }
  return link.scratchAt;
}

// Returns the core's status (0 sent, > 0 queued id, -1 failed), or undefined for bad data.
function sendPayload(link, taskId, data) {
  const { core, module } = link;
  if (typeof data === 'string') {
    const capacity = data.length * MAX_UTF8_BYTES_PER_UTF16_UNIT;
    const at = scratch(link, capacity);
    if (!at) return core.sendScratch(taskId, true, capacity);  // fails: no memory to copy it
    const written = module.wxsUtf8Into(data, at);
    // Sent now, the browser gets `data` itself rather than a string decoded from the copy.
    module.wxsOutboundText(data, at, written);
    try {
      return core.sendScratch(taskId, true, written);
    } finally {
      module.wxsOutboundText(null, 0, 0);
    }
  }
  const bytes = bytesOf(data);
  if (!bytes) return undefined;
  const at = scratch(link, bytes.length);  // may grow wasm memory: read HEAPU8 only after
  if (at) module.HEAPU8.set(bytes, at);  // else the send fails: no memory to copy it
  return core.sendScratch(taskId, false, bytes.length);
}

/**
 * Writes a STOMP body into the scratch buffer: {isText, length} (a length the buffer could not
 * take makes the core fail the send: no memory), or null for data that is neither text nor bytes.
 */
export function bodyToScratch(link, data) {
  if (typeof data === 'string') {
    const capacity = data.length * MAX_UTF8_BYTES_PER_UTF16_UNIT;
    const at = scratch(link, capacity);
    return { isText: true, length: at ? link.module.wxsUtf8Into(data, at) : capacity };
  }
  const bytes = bytesOf(data);
  if (!bytes) return null;
  const at = scratch(link, bytes.length);  // may grow wasm memory: read HEAPU8 only after
  if (at) link.module.HEAPU8.set(bytes, at);
  return { isText: false, length: bytes.length };
}

/** What a send reads of its argument (see readArgument in web/callbacks.mjs). */
export const readSendFields = ({ data, success, fail, complete }) => ({ data, success, fail, complete });

/**
 * `link` is {core, module, okMessage, scratchAt, scratchCapacity}, one per wx object; `argument`
 * comes from readArgument(options, readSendFields). Returns {errMsg, queuedId}: a final errMsg now, or (with the queue
 * option) the id of a queued message whose outcome arrives later as an event.
 */
export function sendThrough(link, taskId, argument) {
  const { fields } = argument;
  if (fields && isCallbackSlot(fields.success) && isCallbackSlot(fields.fail) &&
      isCallbackSlot(fields.complete)) {
    const status = sendPayload(link, taskId, fields.data);
    if (status === 0) return { errMsg: link.okMessage, queuedId: 0 };
    if (status > 0) return { errMsg: '', queuedId: status };
    if (status === -1) return { errMsg: link.core.lastSendError(), queuedId: 0 };
  }
  return { errMsg: link.core.rejectSend(wireOf(argument)), queuedId: 0 };
}
