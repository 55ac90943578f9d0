// Copies of queued binary payloads, in ArrayBuffers reused from one message to the next. A queued
// message's bytes must be kept until its outcome, as the app may reuse its buffer once send()
// returned; allocating a new ArrayBuffer for each cost about as much as sending it (64 KiB:
// about 50 µs, and garbage collections for small ones). A copy is released once its outcome is
// known: the browser copied what send() was given, so nothing else holds it.

const SMALLEST = 64;
// Free buffers kept for reuse, in bytes: a burst of up to this much reuses its copies next time
// (1 MiB left a 1.6 MiB burst of 64 KiB messages allocating a third of its buffers every time),
// and a larger burst does not hold all its memory for the page's life.
const MAX_FREE_BYTES = 4 << 20;

// Buffers come in powers of two, so one of each class fits every size of that class.
function classOf(size) {
  return size <= SMALLEST ? SMALLEST : 2 ** (32 - Math.clz32(size - 1));
}

function copyOfSize(bytes) {
  try {
    return bytes.slice();
  } catch {
    return bytes;
  }
}

export class CopyPool {
  #free = new Map();  // capacity -> ArrayBuffer[]
  #freeBytes = 0;
  #made = new WeakSet();  // the buffers this pool made: never an app's own

  /** A copy of `bytes` (a Uint8Array), or `bytes` itself when memory cannot hold a copy. */
  copy(bytes) {
    if (bytes.length > MAX_FREE_BYTES / 2) return copyOfSize(bytes);  // never kept: not rounded up
    const capacity = classOf(bytes.length);
    let buffer = this.#free.get(capacity)?.pop();
    if (buffer) {
      this.#freeBytes -= capacity;
    } else {
      try {
        buffer = new ArrayBuffer(capacity);
      } catch {
        return copyOfSize(bytes);
      }
      this.#made.add(buffer);
    }
    const copy = new Uint8Array(buffer, 0, bytes.length);
    copy.set(bytes);
    return copy;
  }

  /** Takes back what copy() returned, once its bytes are not needed any more. */
  release(copy) {
    const { buffer } = copy;
    const capacity = buffer.byteLength;
    if (!this.#made.has(buffer) || this.#freeBytes + capacity > MAX_FREE_BYTES) return;
    let buffers = this.#free.get(capacity);
    if (!buffers) this.#free.set(capacity, buffers = []);
    buffers.push(buffer);
    this.#freeBytes += capacity;
  }
}
