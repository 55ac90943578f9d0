// The JS half of one wx object: it owns the WxCore handle, maps task ids to SocketTask objects,
// holds the legacy wx.onSocket* listeners, and turns core events into listener calls.

import { invokeSafely } from './callbacks.mjs';

const decoder = new TextDecoder();

export class Session {
  #core;
  #tasks = new Map();  // live task id -> SocketTask; dropped when its close is delivered
  #legacyListeners = { open: null, message: null, error: null, close: null };
  #dispatchDepth = 0;

  /** @param createCore builds the WxCore handle around the event sink it is given. */
  constructor(createCore) {
    this.#core = createCore(this.#sink());
  }

  get core() {
    if (!this.#core) throw new Error('wx-socket-wasm: this wx object was disposed');
    return this.#core;
  }

  get disposed() {
    return this.#core === null;
  }

  track(taskId, task) {
    this.#tasks.set(taskId, task);
  }

  setLegacyListener(kind, listener) {
    this.#legacyListeners[kind] = listener;
  }

  /** Closes every socket and frees the wasm side; safe to call from inside a listener. */
  dispose() {
    const core = this.#core;
    if (!core) return;
    this.#core = null;
    this.#tasks.clear();
    // The core may be below us on the stack (a listener called dispose): delete it afterwards.
    if (this.#dispatchDepth > 0) queueMicrotask(() => core.delete());
    else core.delete();
  }

  // The object the C++ JsEventSink calls. Message bytes are a view of wasm memory, valid only
  // during the call, so they are decoded or copied before any listener runs.
  #sink() {
    return {
      open: (taskId, legacy, startMs, endMs) => {
        const origin = performance.timeOrigin;
        this.#dispatch(taskId, legacy, 'open', () => ({
          header: {},
          profile: {
            fetchStart: origin + startMs,
            connectStart: origin + startMs,
            connectEnd: origin + endMs,
            cost: endMs - startMs,
          },
        }));
      },
      message: (taskId, legacy, isText, bytes) => {
        const data = isText ? decoder.decode(bytes) : bytes.slice().buffer;
        this.#dispatch(taskId, legacy, 'message', () => ({ data }));
      },
      error: (taskId, legacy, errMsg) => {
        this.#dispatch(taskId, legacy, 'error', () => ({ errMsg }));
      },
      close: (taskId, legacy, code, reason) => {
        this.#dispatch(taskId, legacy, 'close', () => ({ code, reason }));
        this.#tasks.delete(taskId);
      },
    };
  }

  #dispatch(taskId, legacy, kind, makeResult) {
    this.#dispatchDepth++;
    try {
      this.#tasks.get(taskId)?._emit(kind, makeResult());
      if (legacy) invokeSafely(this.#legacyListeners[kind], makeResult());
    } finally {
      this.#dispatchDepth--;
    }
  }
}
