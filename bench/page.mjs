// The measurements the bench runs in the page (bench/run.mjs) on the contenders
// (bench/contenders.mjs): pipelined throughput, sequential round trips, connect time, tasks
// held open.
import { createContenders, payloadOf } from '/bench/contenders.mjs';

const { wx, contenders } = await createContenders({
  maxConnections: 250,
  resilience: { queue: true, heartbeat: { intervalMs: 5000, timeoutMs: 5000 }, reconnect: true },
});

// Sends run in tasks of their own (a timer, the message event), never in a promise continuation:
// Chromium's ScriptDuration, the bench's main-thread figure, leaves out script run in microtasks,
// and would count the receive path only.

/** Sends `count` messages back to back; resolves with ms until every echo came back. */
function pipelined(connection, payload, count) {
  if (count === 0) return Promise.resolve(0);
  return new Promise((resolve) => {
    let received = 0, start;
    connection.onData(() => { if (++received === count) resolve(performance.now() - start); });
    setTimeout(() => {
      start = performance.now();
      for (let i = 0; i < count; i++) connection.send(payload);
    });
  });
}

/** One message at a time, the next sent from the echo's handler; resolves with every round trip in ms. */
function sequential(connection, payload, count) {
  if (count === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const times = [];
    let start;
    const sendNext = () => { start = performance.now(); connection.send(payload); };
    connection.onData(() => {
      times.push(performance.now() - start);
      if (times.length === count) resolve(times);
      else sendNext();
    });
    setTimeout(sendNext);
  });
}

window.bench = {
  available: () => Object.keys(contenders),

  // Per row and repetition, every contender's connection is opened and warmed up first, then the
  // runner measures short slices of each in turn (see bench/run.mjs).
  open: {},  // contender -> { connection, payload }
  async openEcho({ contender, url, kind, bytes }) {
    const connection = await contenders[contender](url);
    const payload = payloadOf(kind, bytes);
    await pipelined(connection, payload, 50);  // warm-up
    this.open[contender] = { connection, payload };
  },

  /** `messages` pipelined, then `roundTrips` sequential, on the contender's open connection. */
  async echoSlice({ contender, messages, roundTrips }) {
    const { connection, payload } = this.open[contender];
    const pipelinedMs = await pipelined(connection, payload, messages);
    const rtts = await sequential(connection, payload, roundTrips);
    return { pipelinedMs, rtts };
  },

  closeEchoes() {
    for (const { connection } of Object.values(this.open)) connection.close();
    this.open = {};
  },

  async connectTimes({ contender, url, count }) {
    const times = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const connection = await contenders[contender](url);
      times.push(performance.now() - start);
      connection.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return times;
  },

  held: [],
  async openMany({ contender, url, count }) {
    for (let i = 0; i < count; i++) this.held.push(await contenders[contender](url));
    return wx.debugStats;
  },
  async closeAll() {
    for (const connection of this.held) connection.close();
    this.held = [];
    await new Promise((resolve) => setTimeout(resolve, 200));
    return wx.debugStats;
  },
  wasmStats: () => wx.debugStats,
};
window.benchReady = true;
