// SocketTask: what wx.connectSocket returns. Its state lives in the C++ core; this object
// holds the app's listeners and forwards calls.

import { argumentOf, invokeSafely, readArgument, settle } from './callbacks.mjs';
import { typeName, wireOf } from './wire.mjs';

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

/** WeChat's parameter error for a listener that is not a function; '' for a function. */
export function listenerError(listener, apiName) {
  return typeof listener === 'function'
    ? '' : `${apiName}: parameter error: listener should be Function instead of ${typeName(listener)}`;
}

// Only this module can make a task or reach its listeners and final figures: the Session does it
// through the functions below, which index.mjs does not export.
const CONSTRUCT = Symbol('SocketTask');
export let newSocketTask;
export let emitTaskEvent;
export let keepFinalStats;

export class SocketTask {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  #session;
  #id;
  #listeners = Object.fromEntries(Object.keys(EVENT_METHODS).map((kind) => [kind, []]));
  #finalStats = null;

  constructor(token, session, taskId) {
    if (token !== CONSTRUCT) throw new TypeError('Illegal constructor: wx.connectSocket() returns SocketTask objects');
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
    // Its fields are read once, into locals: the common fire-and-forget send (an object without
    // callbacks) makes no object of its own, as nobody hears its outcome.
    let data, success, fail, complete;
    let readable = Object(options) === options;
    if (readable) {
      try {
        ({ data, success, fail, complete } = options);
      } catch {
        readable = false;  // the core names it (wireOf)
      }
    }
    if (readable && success === undefined && fail === undefined && complete === undefined) {
      this.#session.sendUnawaited(this.#id, data);
      return;
    }
    const argument = argumentOf(options, readable && { data, success, fail, complete });
    if (!argument.fields) {
      // Not an object: there is no callback to fail.
      let refusal;
      this.#session.send(this.#id, argument, (result) => { refusal = result; });
      throw new TypeError(`SocketTask.send: ${refusal.errMsg}`);
    }
    // It names a callback. Bound, not a closure: a closure over the callbacks would make every
    // send, the fast one above too, allocate a context for them.
    this.#session.send(this.#id, argument, settle.bind(null, argument.callbacks));
  }

  close(options) {
    const argument = readArgument(options);
    const result = { errMsg: this.#session.core.close(this.#id, wireOf(argument)) };
    if (options !== undefined && !argument.fields) {
      // Not an object (its parameter error closed nothing): there is no callback to fail.
      throw new TypeError(`SocketTask.close: ${result.errMsg}`);
    }
    settle(argument.callbacks, result);
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

  static {
    newSocketTask = (session, taskId) => new SocketTask(CONSTRUCT, session, taskId);
    // Each listener gets the event; errors are reported. A listener added meanwhile hears the next
    // one (listeners are only ever added: the count at the start is the ones to call).
    emitTaskEvent = (task, kind, result) => {
      const listeners = task.#listeners[kind];
      for (let i = 0, count = listeners.length; i < count; i++) invokeSafely(listeners[i], result);
    };
    // The figures at close, kept for getStats() after the core releases the task.
    keepFinalStats = (task, json) => { task.#finalStats = JSON.parse(json); };
  }

  #listen(kind, listener) {
    const error = listenerError(listener, `SocketTask.${EVENT_METHODS[kind]}`);
    if (error) throw new TypeError(error);
    this.#listeners[kind].push(listener);
  }
}
