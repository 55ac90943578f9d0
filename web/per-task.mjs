// Values held per task under small integer ids until they are taken: the callback waiting for a
// queued message's outcome. One map per task, because a single map keyed by
// task id × 2^32 + id made a heap number of every key, on every set, get and delete.

export class PerTask {
  #tasks = new Map();  // task id -> Map(id -> value)

  set(taskId, id, value) {
    let ofTask = this.#tasks.get(taskId);
    if (!ofTask) this.#tasks.set(taskId, ofTask = new Map());
    ofTask.set(id, value);
  }

  /** Removes the value and returns it (undefined when there was none). */
  take(taskId, id) {
    const ofTask = this.#tasks.get(taskId);
    const value = ofTask?.get(id);
    if (value !== undefined) ofTask.delete(id);
    return value;
  }

  forgetTask(taskId) {
    this.#tasks.delete(taskId);
  }

  * values() {
    for (const ofTask of this.#tasks.values()) yield* ofTask.values();
  }

  clear() {
    this.#tasks.clear();
  }
}
