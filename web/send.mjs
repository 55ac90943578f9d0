// The send path shared by SocketTask.send and wx.sendSocketMessage. A valid payload never
// enters wasm memory: the core gets its size (UTF-8 bytes for text, measured by the browser as
// it sends it, or counted here without encoding when it must wait) and decides; the transport
// hands the browser the app's own string or buffer. A queued one is kept here under its message
// id until the core settled it. Anything else asks the core to explain what is wrong. A STOMP
// body is different: the core frames it, so it is written into wasm memory.

import { KeptPayloads } from './kept-payloads.mjs';
import { isDetached, wireOf } from './wire.mjs';

const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

function isCallbackSlot(value) {
  return value === undefined || typeof value === 'function';
}

// Built-in getters, which no object of the app's can answer for: whether a value is an
// ArrayBuffer (this one throws for anything else) or which typed array it is.
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

// Whether `data` is an ArrayBuffer or a Uint8Array as the runtime makes them: not a Proxy, not a
// subclass, no byteLength of its own. Only then is its byteLength the built-in one, which its
// copies and the socket go by, so that the size counted and reserved is the size written.
function isPlainBinary(data) {
  let prototype = Uint8Array.prototype;
  if (typedArrayName.call(data) !== 'Uint8Array') {
    try {
      arrayBufferByteLength.call(data);
    } catch {
      return false;
    }
    prototype = ArrayBuffer.prototype;
  }
  return Object.getPrototypeOf(data) === prototype && !Object.hasOwn(data, 'byteLength');
}

// What an empty binary goes as (see binaryOf).
const NO_BYTES = new ArrayBuffer(0);

// The bytes of a send as the socket takes them: a plain ArrayBuffer or Uint8Array as it is (no
// object made per send), any other buffer or view as a Uint8Array over its bytes; null for
// anything else, and for detached bytes (none to send).
function binaryOf(data) {
  let bytes = null;
  try {
    bytes = isPlainBinary(data) ? data : data instanceof ArrayBuffer ? new Uint8Array(data) :
      ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    // Empty: none to send if detached, else an empty buffer of the SDK's, as the app's may be
    // resizable (or a view tracking one's length) and grow once sent, and a queue keeps an empty
    // payload as it is.
    if (bytes?.byteLength === 0) bytes = isDetached(bytes) ? null : NO_BYTES;
  } catch {
    // detached, or unreadable (a revoked Proxy)
  }
  return bytes;
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

// wxs_send's flags (bindings/bindings.cpp).
const SEND_TEXT = 1;
const SEND_AWAITED = 2;  // the app waits for the outcome: with a heartbeat, the server's answer
// Timers may have been held back (browsers do that to hidden pages only; no document: maybe):
// the core then checks the heartbeat's deadlines by the clock on this send.
const SEND_TIMERS_MAY_LAG = 4;

/**
 * Sends `data` for the app (see sendThrough): returns the core's status (0 sent, > 0 queued id,
 * -1 failed), or undefined for data that is neither text nor bytes.
 */
export function sendPayload(link, taskId, data, awaited) {
  const isText = typeof data === 'string';
  const payload = isText ? data : binaryOf(data);
  if (!payload) return undefined;
  // While the core holds the task's bypass lane open, the payload goes around it: the socket
  // takes it and the lane counts it. A task with a queue also logs it, and the payload is kept
  // under its message id as if the core had queued it (below).
  const route = link.lanes.get(taskId);
  let status = route ?
    link.module.wxsSendAround(route.lane, route.socket, payload, link.timersMayLag, awaited) : -1;
  if (status === 0) return 0;
  if (status < 0) {
    // The transport takes it from here if the core sends it now (see payloadOf). A text goes
    // unmeasured (-1): the browser measures it as it sends it, and the core asks for its UTF-8
    // length (-2) only when it must wait.
    link.outbound = payload;
    try {
      const flags = (isText ? SEND_TEXT : 0) | (awaited ? SEND_AWAITED : 0) |
        (link.timersMayLag ? SEND_TIMERS_MAY_LAG : 0);
      status = link.core.send(taskId, flags, isText ? -1 : payload.byteLength);
      if (status === -2) status = link.core.send(taskId, flags, link.module.wxsUtf8Length(payload));
    } finally {
      link.outbound = null;
    }
  }
  // Kept until the core settled it, for a resend after a drop.
  if (status > 0) {
    let kept = link.kept.get(taskId);
    if (!kept) link.kept.set(taskId, kept = new KeptPayloads(link.spare));
    kept.keep(status, payload);
  }
  return status;
}

/**
 * The payload the transport sends for `messageId` of `taskId`: the one of the send under way
 * (0), or a queued message's.
 */
export function payloadOf(link, taskId, messageId) {
  return messageId ? link.kept.get(taskId)?.get(messageId) : link.outbound;
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
  const bytes = binaryOf(data);
  if (!bytes) return null;
  const at = scratch(link, bytes.byteLength);  // may grow wasm memory: read HEAPU8 only after
  if (at) link.module.HEAPU8.set(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes, at);
  return { isText: false, length: bytes.byteLength };
}

/** What a send reads of its argument (see readArgument in web/callbacks.mjs). */
export const readSendFields = ({ data, success, fail, complete }) => ({ data, success, fail, complete });

/**
 * `link` is {core, module, okMessage, timersMayLag, scratchAt, scratchCapacity, outbound, kept,
 * lanes, spare}, one per wx object (see Session); `argument` is what readArgument (web/callbacks.mjs)
 * gives for the fields readSendFields reads; `awaited` says whether anyone waits for the
 * outcome. Returns {errMsg, queuedId}: a final errMsg now, or (with the queue option) the id of a
 * queued message whose outcome arrives later as an event.
 */
export function sendThrough(link, taskId, argument, awaited) {
  const { fields } = argument;
  if (fields && isCallbackSlot(fields.success) && isCallbackSlot(fields.fail) &&
      isCallbackSlot(fields.complete)) {
    const status = sendPayload(link, taskId, fields.data, awaited);
    if (status === 0) return { errMsg: link.okMessage, queuedId: 0 };
    if (status > 0) return { errMsg: '', queuedId: status };
    if (status === -1) return { errMsg: link.core.lastSendError(), queuedId: 0 };
  }
  return { errMsg: link.core.rejectSend(wireOf(argument)), queuedId: 0 };
}
