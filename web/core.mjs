// The wasm core of one wx object, behind the integer id bindings/bindings.cpp gave it: the only
// JS that calls into wasm. Its owner (a Session) calls delete() exactly once.
//
// The exports take numbers only. Text goes in as (address, byte length) in wasm memory that the
// call allocates and frees itself, so a listener that calls in again while the call runs (a
// close() from onStateChange, inside close()) writes its own copy and frees only that. Text
// comes back in module.wxsReplies, taken as soon as the export returns, before app code runs.

const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

// Returns call(address, byteLength) with `text` as UTF-8 in wasm memory of this call's own.
function withText(module, text, call) {
  const at = module._malloc(MAX_UTF8_BYTES_PER_UTF16_UNIT * text.length || 1);
  if (!at) throw new RangeError('wx-socket-wasm: out of wasm memory');
  try {
    return call(at, module.wxsUtf8Into(text, at));
  } finally {
    module._free(at);
  }
}

// The text results of the export that just returned, in the order it gave them.
const takeReplies = (module) => module.wxsReplies.splice(0);
const takeReply = (module) => takeReplies(module)[0] ?? '';

/** WebSocket handles held by the page, across all wx objects: a leak shows here. */
export const liveSocketHandles = (module) => module._wxs_live_socket_handles();
/** Bytes of wasm heap in use, page-wide. */
export const heapBytesInUse = (module) => module._wxs_heap_bytes_in_use();

export class Core {
  #module;
  #id;

  /** Creates the core; `sink` is the object bindings/boundary_library.js calls with its events. */
  constructor(module, sink, configWire) {
    this.#module = module;
    this.#id = withText(module, configWire, (at, length) => module._wxs_create_core(at, length));
    module.wxsSinks[this.#id] = sink;
  }

  /** Frees the core: its tasks close, their sockets are released. */
  delete() {
    this.#module._wxs_delete_core(this.#id);
    delete this.#module.wxsSinks[this.#id];
  }

  configError() {
    this.#module._wxs_config_error(this.#id);
    return takeReply(this.#module);
  }

  connect(optionsWire) {
    const module = this.#module;
    const taskId = withText(module, optionsWire, (at, length) => module._wxs_connect(this.#id, at, length));
    const [errMsg = '', warning = ''] = takeReplies(module);
    return { taskId, errMsg, warning };
  }

  close(taskId, optionsWire) {
    const module = this.#module;
    withText(module, optionsWire, (at, length) => module._wxs_close(this.#id, taskId, at, length));
    return takeReply(module);
  }

  // wx.connectStomp and its client (web/stomp-client.mjs). A SEND's body is in the scratch buffer.
  connectStomp(optionsWire) {
    const module = this.#module;
    const taskId = withText(module, optionsWire, (at, length) => module._wxs_connect_stomp(this.#id, at, length));
    const [errMsg = '', warning = ''] = takeReplies(module);
    return { taskId, errMsg, warning };
  }

  /** {id, errMsg}: id 0 when refused. */
  stompSubscribe(taskId, callWire) {
    const module = this.#module;
    const id = withText(module, callWire, (at, length) => module._wxs_stomp_subscribe(this.#id, taskId, at, length));
    return { id, errMsg: takeReply(module) };
  }

  stompUnsubscribe(taskId, id) {
    this.#module._wxs_stomp_unsubscribe(this.#id, taskId, id);
    return takeReply(this.#module);
  }

  /** {id, errMsg}: settled now (id 0, errMsg says how), or the id whose outcome comes later. */
  stompSendScratch(taskId, callWire, isText, length) {
    const module = this.#module;
    const id = withText(module, callWire,
      (at, wireLength) => module._wxs_stomp_send_scratch(this.#id, taskId, at, wireLength, isText, length));
    return { id, errMsg: takeReply(module) };
  }

  stompAck(taskId, ackId, connection, nack) {
    const module = this.#module;
    withText(module, ackId, (at, length) => module._wxs_stomp_ack(this.#id, taskId, at, length, connection, nack));
    return takeReply(module);
  }

  /** '' when accepted (the outcome comes as an event), else the errMsg. */
  stompDisconnect(taskId) {
    this.#module._wxs_stomp_disconnect(this.#id, taskId);
    return takeReply(this.#module);
  }

  readyState(taskId) { return this.#module._wxs_ready_state(this.#id, taskId); }

  stats(taskId) {
    this.#module._wxs_stats(this.#id, taskId);
    return takeReply(this.#module);
  }

  bufferedAmount(taskId) { return this.#module._wxs_buffered_amount(this.#id, taskId); }
  probe() { this.#module._wxs_probe(this.#id); }
  legacyTaskId() { return this.#module._wxs_legacy_task_id(this.#id); }
  heldTasks() { return this.#module._wxs_held_tasks(this.#id); }

  // The send path (web/send.mjs): a send of `size` bytes that JS keeps (-1: a text not measured
  // yet): 0 sent, > 0 queued with that message id, -1 failed (lastSendError() says why), -2
  // nothing done: send again with the size.
  send(taskId, flags, size) { return this.#module._wxs_send(this.#id, taskId, flags, size); }
  // A STOMP body's way in: the address of a reused buffer in wasm memory with room for
  // `capacity` bytes.
  scratch(capacity) { return this.#module._wxs_scratch(this.#id, capacity); }

  lastSendError() {
    this.#module._wxs_last_send_error(this.#id);
    return takeReply(this.#module);
  }

  sendOkMessage() {
    this.#module._wxs_send_ok_message(this.#id);
    return takeReply(this.#module);
  }

  rejectSend(optionsWire) {
    const module = this.#module;
    withText(module, optionsWire, (at, length) => module._wxs_reject_send(this.#id, at, length));
    return takeReply(module);
  }
}
