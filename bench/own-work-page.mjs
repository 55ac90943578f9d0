// The libraries' own main-thread work per message, without the network (bench/own-work.mjs):
// the page's WebSocket is a stand-in that keeps what is sent and dispatches the echoes as
// MessageEvents when the loop says, as the browser would. A contender's time above the same
// loop on the bare stand-in (raw) is what the library itself costs: the send path, the
// receive path and its garbage, without the browser's own WebSocket work that makes most of a
// message's time in `npm run bench` and most of its noise.

// Installed before the SDK is created, so that the SDK takes it for the runtime's own WebSocket.
class StandInSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static last = null;
  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  sent = [];
  #onmessage = null;

  constructor(url) {
    super();
    this.url = url;
    StandInSocket.last = this;
    setTimeout(() => {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
      this.dispatchEvent(new Event('open'));
    });
  }

  get onmessage() { return this.#onmessage; }
  set onmessage(listener) {
    if (this.#onmessage) this.removeEventListener('message', this.#onmessage);
    this.#onmessage = listener;
    if (listener) this.addEventListener('message', listener);
  }

  send(data) {
    this.sent.push(data);
  }

  close(code = 1000) {
    this.readyState = 3;
    setTimeout(() => {
      const event = new CloseEvent('close', { code, wasClean: true });
      this.onclose?.(event);
      this.dispatchEvent(event);
    });
  }

  // Echoes what was sent since the last call, as a server would.
  echo(data) {
    const count = this.sent.length;
    this.sent.length = 0;
    for (let i = 0; i < count; i++) this.dispatchEvent(new MessageEvent('message', { data }));
  }
}
globalThis.WebSocket = StandInSocket;

const { createContenders, payloadOf } = await import('/bench/contenders.mjs');
const { median, shuffle } = await import('/bench/statistics.mjs');
const URL = 'ws://127.0.0.1:9/';
// No ping in a row's time: the stand-in echoes the payload for whatever was sent.
const { contenders } = await createContenders({
  maxConnections: 50,
  resilience: { queue: true, heartbeat: { intervalMs: 60000, timeoutMs: 60000 }, reconnect: true },
});

// A contender's connection, with the stand-in socket it opened (one each, opened one at a time).
async function open(name) {
  const connection = await contenders[name](URL);
  return { ...connection, socket: StandInSocket.last };
}

// `count` messages in bursts of `burst` (1: each send's echo before the next send); µs a message.
async function timeLoop({ connection, payload, echo }, count, burst) {
  let received = 0;
  connection.onData(() => { received++; });
  const start = performance.now();
  for (let sent = 0; sent < count; sent += burst) {
    for (let i = 0; i < burst; i++) connection.send(payload);
    connection.socket.echo(echo);
  }
  const microseconds = (1000 * (performance.now() - start)) / count;
  if (received !== count) throw new Error(`${received} of ${count} echoes arrived`);
  await new Promise((resolve) => setTimeout(resolve));  // the SDK's timers and microtasks run between loops
  return microseconds;
}

window.bench = {
  available: () => Object.keys(contenders),
  /** Median µs a message per contender, `repeats` interleaved loops of `count`. */
  async measure({ kind, bytes, count, burst, repeats }) {
    const payload = payloadOf(kind, bytes);
    const echo = typeof payload == 'string' ? payload : payload.slice(0);
    const runs = {};
    for (const name of Object.keys(contenders)) {
      runs[name] = { connection: await open(name), payload, echo, samples: [] };
      await timeLoop(runs[name], burst > 1 ? burst : 200, burst);  // warm-up
    }
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const name of shuffle(Object.keys(runs))) {
        runs[name].samples.push(await timeLoop(runs[name], count, burst));
      }
    }
    for (const { connection } of Object.values(runs)) connection.close();
    return Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, median(run.samples)]));
  },
};
window.benchReady = true;
