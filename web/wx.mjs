// Wx: the `wx` object mini-program code calls: connectSocket plus the legacy global socket API,
// which follows the newest live task as WeChat's does.

import { invokeSafely, readArgument, settle, settleOrPromise } from './callbacks.mjs';
import { Core, heapBytesInUse, liveSocketHandles } from './core.mjs';
import { readSendFields } from './send.mjs';
import { Session } from './session.mjs';
import { listenerError, newSocketTask } from './socket-task.mjs';
import { newStompClient } from './stomp-client.mjs';
import { toWire, wireOf } from './wire.mjs';

// Only createWx() makes Wx objects (through newWx, which index.mjs does not export).
const CONSTRUCT = Symbol('Wx');
export const newWx = (coreModule, config) => new Wx(CONSTRUCT, coreModule, config);

export class Wx {
  #coreModule;
  #session;

  constructor(token, coreModule, config) {
    if (token !== CONSTRUCT) throw new TypeError('Illegal constructor: createWx() returns Wx objects');
    this.#coreModule = coreModule;
    let configError = '';
    this.#session = new Session(coreModule, (sink) => {
      const core = new Core(coreModule, sink, toWire(config));
      configError = core.configError();
      return core;
    });
    if (configError) {
      this.#session.dispose();
      throw new TypeError(configError);
    }
  }

  connectSocket(options) {
    return this.#connect(options, false);
  }

  /**
   * Not a WeChat API: a STOMP 1.2 client on a SocketTask (web/stomp-client.mjs). Options are
   * connectSocket's (queue and reconnect on by default) plus connectHeaders, heartbeat, receipts,
   * receiptTimeoutMs and maxFrameBytes (sdk/stomp/stomp_options.h).
   */
  connectStomp(options) {
    return this.#connect(options, true);
  }

  #connect(options, stomp) {
    const session = this.#session;
    const argument = readArgument(options);
    const result = stomp ? session.core.connectStomp(wireOf(argument)) : session.core.connect(wireOf(argument));
    const task = newSocketTask(session, result.taskId);
    session.track(result.taskId, task);
    // Nothing below may throw: the task exists. (A console that throws is the app's.)
    if (result.warning) invokeSafely(console.warn, result.warning);
    const ok = result.errMsg.endsWith(':ok');
    const client = stomp ? newStompClient(session, result.taskId, task) : task;
    settle(argument.callbacks, ok ? { errMsg: result.errMsg, socketTaskId: result.taskId } : { errMsg: result.errMsg });
    return client;
  }

  onSocketOpen(listener) { this.#listen('open', listener, 'wx.onSocketOpen'); }
  onSocketMessage(listener) { this.#listen('message', listener, 'wx.onSocketMessage'); }
  onSocketError(listener) { this.#listen('error', listener, 'wx.onSocketError'); }
  onSocketClose(listener) { this.#listen('close', listener, 'wx.onSocketClose'); }

  sendSocketMessage(options) {
    const session = this.#session;
    const argument = readArgument(options, readSendFields);
    return settleOrPromise(argument.callbacks, (settleWith) => {
      session.send(session.core.legacyTaskId(), argument, settleWith);
    });
  }

  closeSocket(options) {
    const core = this.#session.core;
    const argument = readArgument(options);
    return settleOrPromise(argument.callbacks, (settleWith) => {
      settleWith({ errMsg: core.close(core.legacyTaskId(), wireOf(argument)) });
    });
  }

  /**
   * Closes every socket of this wx object and frees its wasm memory. Not a WeChat API: a page
   * that creates wx objects dynamically calls it when it is done with one.
   */
  dispose() {
    this.#session.dispose();
  }

  /** Not a WeChat API: figures for leak checks. Handles and memory are page-wide. */
  get debugStats() {
    const module = this.#coreModule;
    return {
      heldTasks: this.#session.disposed ? 0 : this.#session.core.heldTasks(),
      liveSocketHandles: liveSocketHandles(module),
      heapBytesInUse: heapBytesInUse(module),
      wasmMemoryBytes: module.HEAP8.length,
    };
  }

  // Each wx.onSocket* call replaces the previous listener, as in WeChat. A listener that is not a
  // function is reported and ignored, as WeChat does, so code written for it goes on running.
  #listen(kind, listener, apiName) {
    const error = listenerError(listener, apiName);
    if (error) console.error(error);
    else this.#session.setLegacyListener(kind, listener);
  }
}

