// The contenders, each behind the same small interface, and the measurements the bench runs
// in the page: pipelined throughput, sequential round trips, connect time, tasks held open.
import { createWx } from '/dist/wx-socket.mjs';
import ReconnectingWebSocket from '/build/bench/reconnecting-websocket.min.mjs';

import * as taro from '/build/bench/taro-socket.mjs';
const wx = await createWx({ maxConnections: 250 });
// `?base=/build/ab-base`: another build of the SDK (its wx-socket.mjs and wx-core.wasm), measured
// beside this one as the `base` contenders (`node bench/run.mjs --base build/ab-base`).
const baseDirectory = new URLSearchParams(location.search).get('base');
const baseWx = baseDirectory &&
  await (await import(`${baseDirectory}/wx-socket.mjs`)).createWx({ maxConnections: 250 });

// A connection: send(data), onData(fn), close(). Resolves once open.
function openRaw(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => resolve({
      send: (data) => socket.send(data),
      onData: (fn) => { socket.onmessage = (event) => fn(event.data); },
      close: () => socket.close(),
    });
    socket.onerror = () => reject(new Error('raw: connection failed'));
  });
}

function openWx(url, options = {}, sdk = wx) {
  return new Promise((resolve, reject) => {
    const task = sdk.connectSocket({ url, ...options });
    let handler = () => {};
    task.onMessage(({ data }) => handler(data));
    task.onOpen(() => resolve({
      send: (data) => task.send({ data }),
      onData: (fn) => { handler = fn; },
      close: () => task.close(),
    }));
    task.onError(({ errMsg }) => reject(new Error(`sdk: ${errMsg}`)));
  });
}

function openRws(url) {
  return new Promise((resolve) => {
    const socket = new ReconnectingWebSocket(url, [], { maxRetries: 0 });
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => resolve({
      send: (data) => socket.send(data),
      onData: (fn) => { socket.onmessage = (event) => fn(event.data); },
      close: () => socket.close(),
    }), { once: true });
  });
}

async function openTaro(url) {
  const task = await taro.connectSocket({ url }).catch(({ errMsg }) => { throw new Error(`taro-h5: ${errMsg}`); });
  return new Promise((resolve) => {
    task.onOpen(() => resolve({
      send: (data) => task.send({ data }),
      onData: (fn) => task.onMessage((res) => fn(res.data)),
      close: () => task.close({}),
    }));
  });
}

const RESILIENCE = { queue: true, heartbeat: { intervalMs: 5000, timeoutMs: 5000 }, reconnect: true };

export const contenders = {
  raw: openRaw,
  sdk: (url) => openWx(url),
  'sdk+queue+heartbeat': (url) => openWx(url, RESILIENCE),
  'reconnecting-websocket': openRws,
  'taro-h5': openTaro,
};
if (baseWx) {
  contenders.base = (url) => openWx(url, {}, baseWx);
  contenders['base+queue+heartbeat'] = (url) => openWx(url, RESILIENCE, baseWx);
}

// `bytes` of UTF-8: ASCII text, Chinese text (3 bytes a character, the common case for WeChat
// apps: '你好世界' repeated, one character short when `bytes` is not a multiple of 3) or binary.
function payloadOf(kind, bytes) {
  if (kind === 'text') return 'x'.repeat(bytes);
  if (kind === 'cjk') return '你好世界'.repeat(Math.ceil(bytes / 12)).slice(0, Math.floor(bytes / 3));
  return new Uint8Array(bytes).map((_, i) => i & 0xff).buffer;
}

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
