// The JS half of one wx object: it owns the Core (web/core.mjs), maps task ids to SocketTask
// objects (and STOMP tasks to their client's event receiver), holds the legacy wx.onSocket*
// listeners, waits for the outcomes of queued messages, and turns core events into listener calls.

import { invokeSafely } from './callbacks.mjs';
import { PerTask } from './per-task.mjs';
import { bodyToScratch, payloadOf, sendPayload, sendThrough } from './send.mjs';
import { emitTaskEvent, keepFinalStats } from './socket-task.mjs';

const DISPOSED_ERROR = 'wx-socket-wasm: this wx object was disposed';
const disposedFail = (api) => `${api}:fail the wx object was disposed`;
// Browsers hold timers back in hidden pages only; without a document (a worker, Node), maybe.
const timersMayLag = (visibility) => visibility !== 'visible';

export class Session {
  #core;
  #link;  // what the send path needs (see send.mjs)
  #tasks = new Map();  // live task id -> SocketTask; dropped when its close is delivered
  #stompReceivers = new Map();  // STOMP task id -> its client's receiver (web/stomp-client.mjs)
  #legacyListeners = { open: null, message: null, error: null, close: null };
  #outcomes = new PerTask();  // task id, message id -> callback taking {errMsg}
  #dispatchDepth = 0;
  // The task wx.onSocket* follows (its legacy flag comes with every event from the core, but not
  // with a message that went around it), asked again after a connect or a close.
  #legacyTaskId = null;
  #probe = () => {
    const visibility = globalThis.document?.visibilityState;
    this.#link.timersMayLag = timersMayLag(visibility);
    if (this.#core && visibility !== 'hidden') this.#core.probe();
  };

  /**
   * @param module the Emscripten module (its functions and memory)
   * @param createCore builds the Core around the event sink it is given
   */
  constructor(module, createCore) {
    this.#core = createCore(this.#sink(module));
    this.#link = {
      core: this.#core, module, okMessage: this.#core.sendOkMessage(), scratchAt: 0, scratchCapacity: 0,
      timersMayLag: timersMayLag(globalThis.document?.visibilityState),  // kept by #probe
      outbound: null,  // the payload of the send under way
      kept: new Map(),  // task id -> its queued messages' KeptPayloads
      spare: { bytes: null },  // a buffer of copies a task emptied, for the next (web/kept-payloads.mjs)
      lanes: new Map(),  // task id -> {lane: its bypass lane's address (sdk/bypass_lane.h), socket}
    };
    // Coming back (tab visible, network online) is when connections are most likely dead.
    globalThis.document?.addEventListener?.('visibilitychange', this.#probe);
    globalThis.addEventListener?.('online', this.#probe);
  }

  get core() {
    if (!this.#core) throw new Error(DISPOSED_ERROR);
    return this.#core;
  }

  get disposed() {
    return this.#core === null;
  }

  track(taskId, task) {
    this.#tasks.set(taskId, task);
    this.#legacyTaskId = null;
  }

  trackStomp(taskId, receiver) {
    this.#stompReceivers.set(taskId, receiver);
  }

  /**
   * A STOMP SEND of `body` (text or bytes, or null when it is neither: callWire then names it).
   * `onResult({errMsg})` runs once, when the outcome is known.
   */
  stompSend(taskId, callWire, body, onResult) {
    const core = this.core;
    const written = body === null ? { isText: true, length: 0 } : bodyToScratch(this.#link, body);
    const { id, errMsg } = core.stompSendScratch(taskId, callWire, written.isText, written.length);
    if (!id) {
      onResult({ errMsg });
      return;
    }
    // A dispose fails every outcome as sendSocketMessage's: this one under its own API's name.
    const disposed = disposedFail('sendSocketMessage');
    this.#outcomes.set(taskId, id, (result) =>
      onResult(result.errMsg === disposed ? { errMsg: disposedFail('stompSend') } : result));
  }

  /** Bytes of wasm memory, read during the event that passed their address. */
  bytesAt(at, length) {
    return this.#link.module.HEAPU8.slice(at, at + length);
  }

  setLegacyListener(kind, listener) {
    this.#legacyListeners[kind] = listener;
  }

  /** Sends `data` now or queues it, for a caller that hears no outcome, not even a failure. */
  sendUnawaited(taskId, data) {
    if (!this.#core) throw new Error(DISPOSED_ERROR);
    sendPayload(this.#link, taskId, data, false);
  }

  /** Sends now or queues; `onResult({errMsg})`, if given, runs once, when the outcome is known. */
  send(taskId, options, onResult) {
    if (!this.#core) throw new Error(DISPOSED_ERROR);
    const { errMsg, queuedId } = sendThrough(this.#link, taskId, options, Boolean(onResult));
    if (!onResult) return;
    if (queuedId) this.#outcomes.set(taskId, queuedId, onResult);
    else onResult({ errMsg });
  }

  /** Closes every socket and frees the wasm side; safe to call from inside a listener. */
  dispose() {
    const core = this.#core;
    if (!core) return;
    this.#core = null;
    globalThis.document?.removeEventListener?.('visibilitychange', this.#probe);
    globalThis.removeEventListener?.('online', this.#probe);
    // Closed now, not only when the core is deleted: a dispose from an onOpen listener must stop
    // the queue flush that follows it, since its messages are reported failed below. The tasks
    // are forgotten first, so no listener hears of it.
    const taskIds = [...this.#tasks.keys()];
    this.#tasks.clear();
    const stompReceivers = [...this.#stompReceivers.values()];
    this.#stompReceivers.clear();
    for (const taskId of taskIds) core.close(taskId, '{}');
    for (const onResult of this.#outcomes.values()) onResult({ errMsg: disposedFail('sendSocketMessage') });
    this.#outcomes.clear();
    this.#link.kept.clear();
    this.#link.lanes.clear();
    for (const receiver of stompReceivers) receiver.disconnect(disposedFail('stompDisconnect'));
    // The core may be below us on the stack (a listener called dispose): delete it afterwards.
    if (this.#dispatchDepth > 0) queueMicrotask(() => core.delete());
    else core.delete();
  }

  // The object the C++ JsEventSink calls. A message is the browser's own MessageEvent.data
  // (string or ArrayBuffer), which the transport holds while the core handles it.
  #sink(module) {
    return {
      open: (taskId, legacy, startMs, endMs) => {
        const origin = performance.timeOrigin;
        // The task's onOpen gets the profile; wx.onSocketOpen only the header, as in WeChat.
        this.#dispatch(taskId, 'open', {
          header: {},
          profile: {
            fetchStart: origin + startMs,
            connectStart: origin + startMs,
            connectEnd: origin + endMs,
            cost: endMs - startMs,
          },
        }, legacy && { header: {} });
      },
      message: (taskId, legacy) => {
        this.#dispatch(taskId, 'message', { data: module.wxsInboundMessage() }, legacy);
      },
      // A message the core let go around it (its bypass lane was open): the browser's own data.
      bypassed: (taskId, data) => {
        this.#legacyTaskId ??= this.#core?.legacyTaskId();
        this.#dispatch(taskId, 'message', { data }, taskId === this.#legacyTaskId);
      },
      // A connection of the task opened a socket on its lane: the send path may go around too.
      lane: (taskId, lane, socket) => this.#link.lanes.set(taskId, { lane, socket }),
      error: (taskId, legacy, errMsg) => {
        this.#dispatch(taskId, 'error', { errMsg }, legacy && { errMsg });
      },
      close: (taskId, legacy, code, reason) => {
        const task = this.#tasks.get(taskId);
        if (task) keepFinalStats(task, this.#core.stats(taskId));
        this.#dispatch(taskId, 'close', { code, reason }, legacy && { code, reason });
        this.#tasks.delete(taskId);
        this.#stompReceivers.delete(taskId);
        this.#link.lanes.delete(taskId);
        this.#legacyTaskId = null;  // the legacy API moves on from a closed task
        // Its queue (or STOMP outbox) settled every message before it closed.
        this.#link.kept.delete(taskId);
        this.#outcomes.forgetTask(taskId);
      },
      // errMsg is null for a success (the common case: no text crosses from wasm).
      sendOutcome: (taskId, messageId, errMsg) => {
        const onResult = this.#outcomes.take(taskId, messageId);
        if (!onResult) return;  // every reported send has one; never throw back into wasm
        onResult({ errMsg: errMsg ?? this.#link.okMessage });
      },
      keptReleased: (taskId, belowId) => this.#link.kept.get(taskId)?.releaseBelow(belowId),
      // What the transport sends for an app's payload (it never entered wasm memory).
      payload: (taskId, messageId) => payloadOf(this.#link, taskId, messageId),
      lifecycle: (taskId, kind, json) => {
        this.#dispatch(taskId, kind, JSON.parse(json), null);
      },
      // A STOMP client's events: a body's bytes are read before the event returns.
      stompConnect: (taskId, headers) => this.#toStomp(taskId, 'connect', headers),
      stompMessage: (taskId, subscription, connection, headers, bodyAt, bodyLength) =>
        this.#toStomp(taskId, 'message', subscription, connection, headers, bodyAt, bodyLength),
      stompError: (taskId, message, headers, bodyAt, bodyLength) =>
        this.#toStomp(taskId, 'error', message, headers, bodyAt, bodyLength),
      stompDisconnect: (taskId, errMsg) => this.#toStomp(taskId, 'disconnect', errMsg),
    };
  }

  #toStomp(taskId, kind, ...args) {
    this.#dispatchDepth++;
    try {
      this.#stompReceivers.get(taskId)?.[kind](...args);
    } finally {
      this.#dispatchDepth--;
    }
  }

  // The task's listeners and the legacy wx.onSocket* listener (`legacyResult` null when the task
  // is not the legacy one) each get an object of their own, as each could change it. A message's
  // `legacyResult` is `true`: its {data} is made only when there is a listener for it (a message
  // is the event a page receives most), looked for once the task's listeners, which may set one, ran.
  #dispatch(taskId, kind, result, legacyResult) {
    this.#dispatchDepth++;
    try {
      const { data } = result;
      const task = this.#tasks.get(taskId);
      if (task) emitTaskEvent(task, kind, result);
      const legacyListener = this.#legacyListeners[kind];
      if (legacyResult && legacyListener) invokeSafely(legacyListener, legacyResult === true ? { data } : legacyResult);
    } finally {
      this.#dispatchDepth--;
    }
  }
}
