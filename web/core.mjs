// The wasm core of one wx object, behind the integer id bindings/bindings.cpp gave it: the only
// JS that calls the Embind functions. Its owner (a Session) calls delete() exactly once.

export class Core {
  #module;
  #id;

  /** Creates the core; `sink` is the object the C++ JsEventSink calls. */
  constructor(module, sink, configWire) {
    this.#module = module;
    this.#id = module.createCore(sink, configWire);
  }

  /** Frees the core: its tasks close, their sockets are released. */
  delete() { this.#module.deleteCore(this.#id); }

  configError() { return this.#module.configError(this.#id); }
  connect(optionsWire) { return this.#module.connect(this.#id, optionsWire); }
  close(taskId, optionsWire) { return this.#module.close(this.#id, taskId, optionsWire); }
  readyState(taskId) { return this.#module.readyState(this.#id, taskId); }
  stats(taskId) { return this.#module.stats(this.#id, taskId); }
  bufferedAmount(taskId) { return this.#module.bufferedAmount(this.#id, taskId); }
  probe() { this.#module.probe(this.#id); }
  legacyTaskId() { return this.#module.legacyTaskId(this.#id); }
  heldTasks() { return this.#module.heldTasks(this.#id); }

  // The send path (web/send.mjs): the address of a reused buffer in wasm memory with room for
  // `capacity` bytes, then a send of its first `length` bytes: 0 sent, > 0 queued with that
  // message id, -1 failed (lastSendError() says why).
  scratch(capacity) { return this.#module.scratch(this.#id, capacity); }
  sendScratch(taskId, isText, length) { return this.#module._wxs_send_scratch(this.#id, taskId, isText, length); }
  lastSendError() { return this.#module.lastSendError(this.#id); }
  sendOkMessage() { return this.#module.sendOkMessage(this.#id); }
  rejectSend(optionsWire) { return this.#module.rejectSend(this.#id, optionsWire); }
}
