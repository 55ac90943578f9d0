// SocketTask: what wx.connectSocket returns. Its state lives in the C++ core; this object
// holds the app's listeners and forwards calls.

import { isObject, invokeSafely, settle } from './callbacks.mjs';
import { toWire, typeName } from './wire.mjs';

const EVENT_METHODS = {
  open: 'onOpen',
  message: 'onMessage',
  error: 'onError',
  close: 'onClose',
  stateChange: 'onStateChange',
  reconnecting: 'onReconnecting',
  reconnected: 'onReconnected',
  reconnectFailed: 'onReconnectFailed',
};

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
  #listeners = Object.fromEntries(Object.keys(EVENT_METHODS).map((kind) => [kind, []]));
  #finalStats = null;

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
    return this.#session.disposed ? SocketTask.CLOSED : this.#session.core.readyState(this.#id);
  }

  /** Bytes the browser holds unwritten on the current connection, as WebSocket.bufferedAmount. */
  get bufferedAmount() {
    return this.#session.disposed ? 0 : this.#session.core.bufferedAmount(this.#id);
  }

  send(options) {
    let immediate = null;
    this.#session.send(this.#id, options, (result) => {
      immediate ??= result;
      settle(options, result);
    });
    if (!isObject(options)) throw new TypeError(`SocketTask.send: ${immediate.errMsg}`);
  }

  close(options) {
    const result = { errMsg: this.#session.core.close(this.#id, toWire(options)) };
    if (options !== undefined && !isObject(options)) {
      throw new TypeError(`SocketTask.close: ${result.errMsg}`);
    }
    settle(options, result);
  }

  onOpen(listener) { this.#listen('open', listener); }
  onMessage(listener) { this.#listen('message', listener); }
  onError(listener) { this.#listen('error', listener); }
  onClose(listener) { this.#listen('close', listener); }

  // Beyond WeChat: the lifecycle of the queue / heartbeat / reconnect options.
  onStateChange(listener) { this.#listen('stateChange', listener); }
  onReconnecting(listener) { this.#listen('reconnecting', listener); }
  onReconnected(listener) { this.#listen('reconnected', listener); }
  onReconnectFailed(listener) { this.#listen('reconnectFailed', listener); }

  /** State, uptime, RTT, traffic, reconnects and queue figures (see index.d.ts). */
  getStats() {
    if (this.#finalStats || this.#session.disposed) return this.#finalStats;
    const stats = JSON.parse(this.#session.core.stats(this.#id));
    return stats ?? this.#finalStats;
  }

  /** @internal The figures at close, kept for getStats() after the core releases the task. */
  _keepFinalStats(json) {
    this.#finalStats = JSON.parse(json);
  }

  /** @internal Called by the Session: each listener gets the event, errors are reported. */
  _emit(kind, result) {
    for (const listener of this.#listeners[kind].slice()) invokeSafely(listener, result);
  }

  #listen(kind, listener) {
    this.#listeners[kind].push(requireListener(listener, `SocketTask.${EVENT_METHODS[kind]}`));
  }
}
