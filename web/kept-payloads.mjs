// The payloads of one task's queued messages, from send() until the core settled them, for a
// resend after a drop. The core numbers the messages it accepts one after another and reports,
// once per change, the oldest it has not settled (releaseBelow): everything older goes, so most
// messages need no event of their own. Payloads are kept in id order in a ring of slots, and the
// bytes of binary ones are copied (the app may reuse its buffer once send() returned, as with a
// WebSocket) into one buffer, end to end: nothing is allocated per message, as every object made
// per message is work for the garbage collector on the page's main thread.

const FIRST_BYTES = 4096;
// A buffer a task emptied waits in `spare` ({bytes}, one per wx object) for the next one that
// needs room, if it is the largest waiting and not over this: a bench slice's burst of
// 25 × 64 KiB reuses its 2 MiB (allocating it again cost as much as sending), and a larger burst
// does not hold memory for the page's life. A task whose backlog drained to half this size moves
// its kept bytes from a larger buffer into one of this size, though it still keeps some: one that
// always does would hold the backlog's buffer for its life.
const SPARE_BYTES = 4 << 20;
// Slots of the ring at first (two per message), and the most it keeps once emptied: a backlog
// of thousands holds its slots (8 bytes a message) only until the task has nothing kept.
const FIRST_SLOTS = 64;
const SLOTS_KEPT = 4096;

export class KeptPayloads {
  #spare;
  #first = 0;  // the id of the message at #head
  #head = 0;
  #count = 0;  // messages kept
  // Two slots per message, from #head, wrapping around (its length is a power of two): a text,
  // the app's own bytes (no memory for a copy) or where its copy ends in the stream of bytes
  // copied, then the copy's length.
  #slots = new Array(FIRST_SLOTS);
  #bytes = null;  // a Uint8Array holding the stream from #base
  #base = 0;
  #end = 0;  // the stream's end
  #liveFrom = 0;  // where the oldest kept copy starts
  // A view of the last ArrayBuffer copied: an app that sends from one buffer again and again
  // needs no new view each time (ArrayBuffer bytes can only be read through one). Held while
  // messages are kept, as their copies are.
  #view = null;

  constructor(spare) {
    this.#spare = spare;
  }

  /**
   * Keeps `payload` (a string, an ArrayBuffer or a Uint8Array) as message `id`'s: the one after
   * the last kept, unless all were released (the queue numbers the messages it accepts one after
   * another).
   */
  keep(id, payload) {
    let slots = this.#slots;
    if (this.#count === 0) {
      this.#first = id;
      this.#base = this.#end = this.#liveFrom = 0;
    } else if (2 * this.#count === slots.length) {
      // Twice the slots, the kept ones from the start.
      this.#slots = slots = slots.slice(this.#head).concat(slots.slice(0, this.#head), new Array(slots.length));
      this.#head = 0;
    }
    const at = (this.#head + 2 * this.#count++) & (slots.length - 1);
    slots[at] = payload;
    // A text (no byteLength), an empty binary (never the app's: see binaryOf in send.mjs) or one
    // memory cannot hold a copy of stays as it is.
    const size = payload.byteLength;
    if (!size || !this.#makeRoom(size)) return;
    if (payload instanceof ArrayBuffer) {
      if (payload !== this.#view?.buffer) this.#view = new Uint8Array(payload);
      payload = this.#view;
    }
    this.#bytes.set(payload, this.#end - this.#base);
    slots[at] = this.#end += size;
    slots[at + 1] = size;
  }

  /** Message `id`'s payload: a string or bytes to send at once; undefined when none. */
  get(id) {
    const index = id - this.#first;
    if (index < 0 || index >= this.#count) return undefined;
    const at = (this.#head + 2 * index) & (this.#slots.length - 1);
    const payload = this.#slots[at];
    if (typeof payload != 'number') return payload;
    return this.#bytes.subarray(payload - this.#slots[at + 1] - this.#base, payload - this.#base);
  }

  /** Lets go of every payload older than message `id`. */
  releaseBelow(id) {
    const slots = this.#slots, mask = slots.length - 1;
    for (; this.#count > 0 && this.#first < id; this.#first++, this.#count--) {
      if (typeof slots[this.#head] == 'number') this.#liveFrom = slots[this.#head];
      slots[this.#head] = undefined;
      this.#head = (this.#head + 2) & mask;
    }
    const bytes = this.#bytes, spare = this.#spare;
    if (this.#count > 0) {
      if (bytes?.length > SPARE_BYTES && 2 * (this.#end - this.#liveFrom) <= SPARE_BYTES) {
        try {
          this.#moveBytes(new Uint8Array(SPARE_BYTES));
        } catch {
          // no memory for it: the larger one stays
        }
      }
      return;
    }
    if (bytes?.length <= SPARE_BYTES && !(spare.bytes?.length >= bytes.length)) spare.bytes = bytes;
    this.#bytes = this.#view = null;
    this.#head = 0;
    if (slots.length > SLOTS_KEPT) this.#slots = new Array(FIRST_SLOTS);
  }

  // Room for `size` more bytes at the stream's end, moving the kept ones to the front of the
  // buffer or into a larger one; false when memory cannot hold them. They move within the buffer
  // only if it then has room left for as many bytes as they fill: the bytes kept before the next
  // move pay for it. Moving them whenever they fitted made a backlog just under the buffer's
  // size move for nearly every message (80 µs a 64 KiB message, against 2 for its own copy).
  #makeRoom(size) {
    const capacity = this.#bytes ? this.#bytes.length : 0;
    const live = this.#end - this.#liveFrom;
    if (this.#end - this.#base + size <= capacity) return true;
    let bytes = this.#bytes;
    const needed = 2 * live + size;
    if (needed > capacity) {
      if (this.#spare.bytes?.length >= needed) {
        bytes = this.#spare.bytes;
        this.#spare.bytes = null;
      } else {
        try {
          // At least twice the old size: a backlog that keeps growing allocates rarely.
          bytes = new Uint8Array(Math.max(FIRST_BYTES, needed, 2 * capacity));
        } catch {
          // No memory for a larger one: the kept bytes move within this one if the new ones fit.
          if (live + size > capacity) return false;
        }
      }
    }
    this.#moveBytes(bytes);
    return true;
  }

  // The kept bytes to the front of `bytes`, which may be the buffer they are in.
  #moveBytes(bytes) {
    if (this.#end > this.#liveFrom) bytes.set(this.#bytes.subarray(this.#liveFrom - this.#base, this.#end - this.#base));
    this.#bytes = bytes;
    this.#base = this.#liveFrom;
  }
}
