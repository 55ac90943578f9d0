// SocketTask: what wx.connectSocket returns. Its state lives in the C++ core; this object
// holds the app's listeners and forwards calls.

import { isObject, invokeSafely, settle } from './callbacks.mjs';
import { sendThrough } from './send.mjs';
import { toWire, typeName } from './wire.mjs';

const EVENT_METHODS = { open: 'onOpen', message: 'onMessage', error: 'onError', close: 'onClose' };

export function requireListener(listener, apiName) {
  if (typeof listener !== 'function') {
    throw new TypeError(
      `${apiName}: parameter error: listener should be Function instead of ${typeName(listener)}`);
  }
  return listener;
}

export class SocketTask {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  #session;
  #id;
  #listeners = { open: [], message: [], error: [], close: [] };

  constructor(session, taskId) {
    this.#session = session;
    this.#id = taskId;
  }

  get CONNECTING() { return 0; }
  get OPEN() { return 1; }
  get CLOSING() { return 2; }
  get CLOSED() { return 3; }

  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED, as the browser's WebSocket. */
  get readyState() {
    return this.#session.disposed ? SocketTask.CLOSED : this.#session.core._readyState(this.#id);
  }

  send(options) {
    const result = sendThrough(this.#session.core, this.#id, options);
    if (!isObject(options)) throw new TypeError(`SocketTask.send: ${result.errMsg}`);
    settle(options, result);
  }

  close(options) {
    const result = { errMsg: this.#session.core._close(this.#id, toWire(options)) };
    if (options !== undefined && !isObject(options)) {
      throw new TypeError(`SocketTask.close: ${result.errMsg}`);
    }
    settle(options, result);
  }

  onOpen(listener) { this.#listen('open', listener); }
  onMessage(listener) { this.#listen('message', listener); }
  onError(listener) { this.#listen('error', listener); }
  onClose(listener) { this.#listen('close', listener); }

  /** @internal Called by the Session: each listener gets the event, errors are reported. */
  _emit(kind, result) {
    for (const listener of this.#listeners[kind].slice()) invokeSafely(listener, result);
  }

  #listen(kind, listener) {
    this.#listeners[kind].push(requireListener(listener, `SocketTask.${EVENT_METHODS[kind]}`));
  }
}
