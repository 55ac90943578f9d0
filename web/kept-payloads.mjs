// The payloads of one task's queued messages, from send() until the core settled them, for a
// resend after a drop. The core numbers the messages it accepts one after another and reports,
// once per change, the oldest it has not settled (releaseBelow): everything older goes, so most
// messages need no event of their own. Payloads are kept in id order in one array, and the bytes
// of binary ones are copied (the app may reuse its buffer once send() returned, as with a
// WebSocket) into one buffer, end to end: nothing is allocated per message.

const FIRST_BYTES = 4096;
// A buffer a task emptied waits in `spare` ({bytes}, one per wx object) for the next one that
// needs room, if it is the largest waiting and not over this: a bench slice's burst of
// 25 × 64 KiB reuses its 2 MiB (allocating it again cost as much as sending), and a larger burst
// does not hold memory for the page's life.
const SPARE_BYTES = 4 << 20;

export class KeptPayloads {
  #spare;
  #first = 0;  // the id of the entry at #head
  #head = 0;
  // Two slots per message: a text, the app's own bytes (no memory for a copy) or where its copy
  // ends in the stream of bytes copied; then the copy's length.
  #entries = [];
  #bytes = null;  // a Uint8Array holding the stream from #base
  #base = 0;
  #end = 0;  // the stream's end
  #liveFrom = 0;  // where the oldest kept copy starts

  constructor(spare) {
    this.#spare = spare;
  }

  /**
   * Keeps `payload` (a string or a Uint8Array) as message `id`'s: the one after the last kept,
   * unless all were released (the queue numbers the messages it accepts one after another).
   */
  keep(id, payload) {
    const entries = this.#entries;
    if (this.#head === entries.length) {
      entries.length = this.#head = this.#base = this.#end = this.#liveFrom = 0;
      this.#first = id;
    }
    const size = payload.length;
    // A text, an empty binary (no bytes to copy) or one memory cannot hold a copy of.
    if (typeof payload == 'string' || !size || !this.#makeRoom(size)) return entries.push(payload, 0);
    this.#bytes.set(payload, this.#end - this.#base);
    entries.push(this.#end += size, size);
  }

  /** Message `id`'s payload: a string or a Uint8Array to send at once; undefined when none. */
  get(id) {
    const at = this.#head + 2 * (id - this.#first);
    const payload = this.#entries[at];
    if (id < this.#first || typeof payload != 'number') return payload;
    return this.#bytes.subarray(payload - this.#entries[at + 1] - this.#base, payload - this.#base);
  }

  /** Lets go of every payload older than message `id`. */
  releaseBelow(id) {
    const entries = this.#entries;
    for (; this.#head < entries.length && this.#first < id; this.#first++, this.#head += 2) {
      if (typeof entries[this.#head] == 'number') this.#liveFrom = entries[this.#head];
      entries[this.#head] = undefined;
    }
    if (this.#head === entries.length) {
      const bytes = this.#bytes, spare = this.#spare;
      if (bytes?.length <= SPARE_BYTES && !(spare.bytes?.length >= bytes.length)) spare.bytes = bytes;
      this.#bytes = null;
    } else if (this.#head > 2048 && 2 * this.#head > entries.length) {
      entries.splice(0, this.#head);
      this.#head = 0;
    }
  }

  // Room for `size` more bytes at the stream's end, moving the kept ones to the front of the
  // buffer or into a larger one; false when memory cannot hold them.
  #makeRoom(size) {
    const capacity = this.#bytes ? this.#bytes.length : 0;
    const live = this.#end - this.#liveFrom;
    if (this.#end - this.#base + size <= capacity) return true;
    let bytes = this.#bytes;
    if (live + size > capacity) {
      if (this.#spare.bytes?.length >= live + size) {
        bytes = this.#spare.bytes;
        this.#spare.bytes = null;
      } else {
        try {
          bytes = new Uint8Array(Math.max(FIRST_BYTES, 2 * capacity, live + size));
        } catch {
          return false;
        }
      }
    }
    if (live) bytes.set(this.#bytes.subarray(this.#liveFrom - this.#base, this.#end - this.#base));
    this.#bytes = bytes;
    this.#base = this.#liveFrom;
    return true;
  }
}
