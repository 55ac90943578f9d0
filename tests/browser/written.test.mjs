// Queue mode in Chromium: a message succeeds once the browser wrote it (its bufferedAmount), and
// what the browser never wrote when a connection drops goes out on the next one. The fault
// proxy stalls uploads to play a slow link, and cuts connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const LARGE = 24 * 1024 * 1024;

// Opens a queued task on `path` through the proxy; the page keeps it as window.written.
function openQueued(path, options = {}) {
  return fx.page.evaluate(async ({ url, options }) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: { maxBytes: 32 * 1024 * 1024 }, ...options });
    const outcomes = [];
    window.written = { wx, task, outcomes };
    await nextEvent(task, 'open');
  }, { url: fx.proxy.url(path), options });
}

// Sends `bytes` zero bytes as one binary message; its outcomes land in window.written.outcomes.
function sendBinary(bytes) {
  return fx.page.evaluate((size) => {
    const { task, outcomes } = window.written;
    task.send({
      data: new Uint8Array(size).buffer,
      success: (r) => outcomes.push(r.errMsg),
      fail: (r) => outcomes.push(r.errMsg),
    });
    return { bufferedAmount: task.bufferedAmount, stats: task.getStats().queue };
  }, bytes);
}

function waitForOutcome(timeoutMs) {
  return fx.page.evaluate(async (timeout) => {
    const deadline = Date.now() + timeout;
    while (window.written.outcomes.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return window.written.outcomes;
  }, timeoutMs);
}

test('a 24 MiB message on a stalled link has no outcome; after a cut it goes again and succeeds once', async () => {
  fx.ws.received.length = 0;
  await openQueued('/sizes', { reconnect: { minDelayMs: 50, maxDelayMs: 50 } });
  await fx.proxy.stallUploads(true);
  try {
    const sent = await sendBinary(LARGE);
    assert.equal(sent.bufferedAmount, LARGE);  // all of it in the browser's buffer at first
    assert.deepEqual(sent.stats, { messages: 0, bytes: 0, unconfirmed: { messages: 0, bytes: 0 }, unwritten: { messages: 1, bytes: LARGE } });
    await sleep(700);
    const stalled = await fx.page.evaluate(() => ({
      outcomes: window.written.outcomes.slice(),
      bufferedAmount: window.written.task.bufferedAmount,
    }));
    assert.deepEqual(stalled.outcomes, []);  // handed over is not written
    assert.ok(stalled.bufferedAmount > 0, JSON.stringify(stalled));
    await fx.proxy.killAll();  // the cut: the browser never wrote the rest
  } finally {
    await fx.proxy.stallUploads(false);
  }
  assert.deepEqual(await waitForOutcome(30000), ['sendSocketMessage:ok']);
  await sleep(100);
  const final = await fx.page.evaluate(() => {
    window.written.task.close();
    return { outcomes: window.written.outcomes, stats: window.written.task.getStats() };
  });
  assert.deepEqual(final.outcomes, ['sendSocketMessage:ok']);
  assert.equal(final.stats.reconnects, 1);
  assert.deepEqual(fx.ws.received, [`binary:${LARGE}`]);  // whole, and once
});

test('sends nobody awaits, around the core or through it, are sent again after a cut, whole, once, in order', async () => {
  // Without callbacks, a queued task's send goes around the core and is logged for its queue
  // (sdk/bypass_lane.h); the log holds about highWaterMark bytes, so the text after the large
  // message goes through the core, and getStats() takes the log in, so the last goes around again.
  fx.ws.received.length = 0;
  await openQueued('/sizes', { reconnect: { minDelayMs: 50, maxDelayMs: 50 } });
  await fx.proxy.stallUploads(true);
  try {
    const unwritten = await fx.page.evaluate((size) => {
      const { task } = window.written;
      task.send({ data: new Uint8Array(size).buffer });
      task.send({ data: 'after' });
      const taken = task.getStats().queue.unwritten;
      task.send({ data: '你好' });
      return taken;
    }, LARGE);
    assert.deepEqual(unwritten, { messages: 2, bytes: LARGE + 5 });
    await sleep(300);
    await fx.proxy.killAll();  // the cut: the browser never wrote the rest
  } finally {
    await fx.proxy.stallUploads(false);
  }
  const final = await fx.page.evaluate(async () => {
    const { task } = window.written;
    const deadline = Date.now() + 30000;  // a bound against a hang, not a timing claim
    while (task.getStats().reconnects === 0 || task.getStats().queue.unwritten.messages > 0 ||
      task.getStats().queue.messages > 0) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const stats = task.getStats();
    task.close();
    return { reconnects: stats.reconnects, queue: stats.queue };
  });
  await sleep(100);
  assert.equal(final.reconnects, 1);
  assert.deepEqual(final.queue, { messages: 0, bytes: 0, unconfirmed: { messages: 0, bytes: 0 }, unwritten: { messages: 0, bytes: 0 } });
  assert.deepEqual(fx.ws.received, [`binary:${LARGE}`, 'text:5', 'text:6']);
});

test('close() while a message is unwritten fails it with a clear errMsg', async () => {
  await openQueued('/sizes', { timeout: 500 });
  await fx.proxy.stallUploads(true);
  try {
    await sendBinary(LARGE);
    const result = await fx.page.evaluate(async () => {
      const { task, outcomes } = window.written;
      const closed = nextEvent(task, 'close');
      task.close({});
      await closed;  // the stalled link never completes the closing handshake: 500 ms bound
      await new Promise((resolve) => setTimeout(resolve, 0));
      return outcomes;
    });
    assert.deepEqual(result, ['sendSocketMessage:fail the socket closed before the message was sent']);
  } finally {
    await fx.proxy.stallUploads(false);
    await fx.proxy.killAll();
  }
});

test('no timer runs while nothing is unwritten: an idle task, and after the buffer drains', async () => {
  const timers = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: true });
    await nextEvent(task, 'open');
    let started = 0;
    const original = window.setTimeout;
    window.setTimeout = (...args) => { started++; return original(...args); };
    const sleepFor = (ms) => new Promise((resolve) => original(resolve, ms));
    try {
      await sleepFor(300);
      const idle = started;
      let settled = 0;
      for (let i = 0; i < 20; i++) task.send({ data: `m${i}`, success: () => settled++ });
      while (settled < 20) await sleepFor(5);
      const whileSending = started;
      await sleepFor(300);
      return { idle, whileSending, afterDrain: started - whileSending };
    } finally {
      window.setTimeout = original;
      task.close();
    }
  }, fx.ws.url('/echo'));
  assert.equal(timers.idle, 0);
  assert.ok(timers.whileSending >= 1, JSON.stringify(timers));  // the write check did run
  assert.equal(timers.afterDrain, 0);
});

// A payload never enters wasm memory: the core counts its UTF-8 bytes without encoding it, and
// JS keeps a queued one until its outcome.
test('a queued payload goes out as it was at send(), its UTF-8 bytes counted exactly', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: true });
    const echoes = [];
    task.onMessage(({ data }) => echoes.push(typeof data === 'string' ? data : [...new Uint8Array(data)]));
    const bytes = new Uint8Array([1, 2, 3]);
    const texts = ['你好', 'a😀', '\ud800', 'é'];  // 6, 5, 3 (a lone surrogate is U+FFFD) and 2 bytes
    for (const data of texts) task.send({ data });
    task.send({ data: bytes });  // queued while connecting...
    bytes[0] = 9;  // ...then the app reuses its buffer
    const waiting = task.getStats().queue;
    await nextEvent(task, 'open');
    while (echoes.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const bytesOut = task.getStats().bytesOut;
    for (const data of texts) task.send({ data });  // sent at once: the browser measures them
    const bytesOutOpen = task.getStats().bytesOut - bytesOut;
    task.close();
    const plain = wx.connectSocket({ url });
    await nextEvent(plain, 'open');
    for (const data of texts) plain.send({ data });
    const bytesOutPlain = plain.getStats().bytesOut;
    plain.close();
    return { waiting, echoes, bytesOut, bytesOutOpen, bytesOutPlain };
  }, fx.ws.url('/echo'));
  assert.deepEqual([result.waiting.messages, result.waiting.bytes], [5, 19]);
  assert.deepEqual(result.echoes, ['你好', 'a😀', '\ufffd', 'é', [1, 2, 3]]);
  assert.equal(result.bytesOut, 19);
  assert.equal(result.bytesOutOpen, 16);
  assert.equal(result.bytesOutPlain, 16);
});

test('queued binary messages keep the bytes they had at send() while their copies are reused', async () => {
  // A queued message's bytes are copied into a buffer reused once the core settled it. 30 tasks
  // of one wx object each queue 10 messages of mixed sizes while connecting, from one buffer the
  // app overwrites after every send; the next task's copies reuse the buffer of the last.
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const sizes = [1, 63, 64, 65, 1000, 4096, 70000];
    const app = new Uint8Array(70000);
    let wrong = 0, failed = 0, echoed = 0;
    for (let burst = 0; burst < 30; burst++) {
      const task = wx.connectSocket({ url, queue: true });
      const echoes = [];
      task.onMessage(({ data }) => echoes.push(new Uint8Array(data)));
      const outcomes = [];
      const expected = [];
      for (let i = 0; i < 10; i++) {
        const n = burst * 10 + i;
        const view = app.subarray(0, sizes[n % sizes.length]);
        view.fill(n & 0xff);
        expected.push([view.length, n & 0xff]);
        task.send({ data: view, complete: ({ errMsg }) => outcomes.push(errMsg) });
        app.fill(0xee);  // the app reuses its buffer at once
      }
      const deadline = Date.now() + 10000;  // a bound against a hang, not a timing claim
      while ((outcomes.length < 10 || echoes.length < 10) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      task.close();
      echoed += echoes.length;
      failed += outcomes.filter((errMsg) => !errMsg.endsWith(':ok')).length;
      wrong += echoes.filter((bytes, i) => bytes.length !== expected[i][0] || bytes.some((b) => b !== expected[i][1])).length;
    }
    return { echoed, wrong, failed };
  }, fx.ws.url('/echo'));
  assert.deepEqual(result, { echoed: 300, wrong: 0, failed: 0 });
});

test('empty binary messages queued between texts keep their place, and stay empty though the app grows its resizable buffer', async () => {
  // A store with no buffer yet must keep a 0-byte payload without copying it; and the app's empty
  // buffer (or a view tracking one's length) is not what it keeps, as the app may grow it.
  const echoes = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: true });
    const echoes = [];
    task.onMessage(({ data }) => echoes.push(typeof data == 'string' ? data : data.byteLength));
    const resizable = new ArrayBuffer(0, { maxByteLength: 64 });
    const tracking = new Uint8Array(new ArrayBuffer(0, { maxByteLength: 64 }));
    const subclassed = new (class extends ArrayBuffer {})(0, { maxByteLength: 64 });  // not plain: viewed by the SDK
    const payloads = ['a', new ArrayBuffer(0), 'b', new Uint8Array([1, 2]), resizable, tracking, subclassed, 'c'];
    for (const data of payloads) task.send({ data });  // queued: the task is connecting
    resizable.resize(5);
    tracking.buffer.resize(3);
    subclassed.resize(4);
    const deadline = Date.now() + 10000;  // a bound against a hang, not a timing claim
    while (echoes.length < payloads.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    task.close();
    return echoes;
  }, fx.ws.url('/echo'));
  assert.deepEqual(echoes, ['a', 0, 'b', 2, 0, 0, 0, 'c']);
});

test('kept payloads: bytes copied end to end into one buffer, released by id, reused by the next burst', async () => {
  // web/kept-payloads.mjs, what a task keeps of its queued messages until the core settles them:
  // a burst of 25 × 64 KiB with a text after each (what a bench slice holds), then more after
  // half of it was released, then a second task, then a burst too large to keep a buffer for.
  const result = await fx.page.evaluate(async () => {
    const { KeptPayloads } = await import('/web/kept-payloads.mjs');
    const spare = { bytes: null };
    const app = new Uint8Array(64 * 1024);
    const burst = (kept, firstId, count) => {
      for (let i = 0; i < count; i++) {
        app.fill(i);
        kept.keep(firstId + 2 * i, app);
        kept.keep(firstId + 2 * i + 1, `text ${i}`);
      }
      app.fill(0xee);  // the app reuses its buffer at once
    };
    const intact = (kept, firstId, from, count) => Array.from({ length: count }, (_, k) => from + k).every((i) =>
      kept.get(firstId + 2 * i).every((b) => b === i) && kept.get(firstId + 2 * i + 1) === `text ${i}`);
    const first = new KeptPayloads(spare);
    burst(first, 1, 25);
    const intactAfterBurst = intact(first, 1, 0, 25);
    const buffer = first.get(1).buffer;
    first.releaseBelow(39);  // messages 0 to 18 of the burst
    const released = first.get(37) === undefined && first.get(38) === undefined && first.get(39) !== undefined;
    // Fits beside what is left once that moved to the front (it fills less than half the buffer).
    burst(first, 51, 12);
    const sameBufferAfterMore = first.get(51).buffer === buffer;
    const intactAfterMore = intact(first, 1, 19, 6) && intact(first, 51, 0, 12);
    first.releaseBelow(75);
    const spared = spare.bytes?.buffer === buffer;
    const second = new KeptPayloads(spare);
    burst(second, 1, 25);
    const reusedByNextTask = second.get(1).buffer === buffer && spare.bytes === null && intact(second, 1, 0, 25);
    second.releaseBelow(51);
    const largeSpare = { bytes: null };
    const third = new KeptPayloads(largeSpare);
    burst(third, 1, 100);  // 6.4 MiB
    third.releaseBelow(201);
    return {
      intactAfterBurst, released, sameBufferAfterMore, intactAfterMore, spared, reusedByNextTask,
      largeNotKept: largeSpare.bytes === null, unknownId: new KeptPayloads(spare).get(1),
    };
  });
  assert.deepEqual(result, {
    intactAfterBurst: true, released: true, sameBufferAfterMore: true, intactAfterMore: true, spared: true,
    reusedByNextTask: true, largeNotKept: true, unknownId: undefined,
  });
});

test('kept payloads: with no memory for a larger buffer, the copies move within theirs', async () => {
  // A backlog of eight 64 KiB messages wants a buffer over 1 MiB, which this page's memory
  // refuses (Uint8Array throws as on a failed allocation): the copies move to the front of the
  // buffer they have, instead of the app's own bytes being kept, which it refills at once.
  const result = await fx.page.evaluate(async () => {
    const { KeptPayloads } = await import('/web/kept-payloads.mjs');
    const RealUint8Array = Uint8Array;
    let refused = 0;
    globalThis.Uint8Array = class extends RealUint8Array {
      constructor(...args) {
        if (typeof args[0] == 'number' && args[0] > 1 << 20 && ++refused) throw new RangeError('Array buffer allocation failed');
        super(...args);
      }
    };
    try {
      const kept = new KeptPayloads({ bytes: null });
      const app = new RealUint8Array(64 * 1024);
      const holds = (id) => kept.get(id).every((byte) => byte === id);
      const wrong = [];
      for (let id = 1; id <= 200; id++) {
        app.fill(id);
        kept.keep(id, app);
        app.fill(0xee);
        if (id > 8) kept.releaseBelow(id - 7);
        if (!holds(id) || !holds(Math.max(1, id - 7))) wrong.push(id);
      }
      return { wrong, lastEight: [193, 194, 195, 196, 197, 198, 199, 200].every(holds), refused: refused > 0 };
    } finally {
      globalThis.Uint8Array = RealUint8Array;
    }
  });
  assert.deepEqual(result, { wrong: [], lastEight: true, refused: true });
});

test('kept payloads: a ring of slots that wraps around and grows while wrapped; an ArrayBuffer the app reuses is kept as it was at each send', async () => {
  // Texts and 4-byte ArrayBuffers (one buffer, refilled before each send) under consecutive ids,
  // released from the front as the core settles them: 64 slots at first, two per message.
  const result = await fx.page.evaluate(async () => {
    const { KeptPayloads } = await import('/web/kept-payloads.mjs');
    const kept = new KeptPayloads({ bytes: null });
    const app = new ArrayBuffer(4);
    const expected = new Map();  // id -> its text, or the byte its copy holds
    let next = 1;
    const keep = (count) => {
      for (let i = 0; i < count; i++, next++) {
        const value = next % 3 ? next & 0xff : `text ${next}`;
        if (typeof value == 'string') {
          kept.keep(next, value);
        } else {
          new Uint8Array(app).fill(value);
          kept.keep(next, app);
        }
        expected.set(next, value);
      }
    };
    const release = (below) => {
      kept.releaseBelow(below);
      for (const id of expected.keys()) if (id < below) expected.delete(id);
    };
    const intact = () => [...expected].every(([id, value]) => {
      const payload = kept.get(id);
      return typeof value == 'string' ? payload === value : payload.length === 4 && payload.every((b) => b === value);
    }) && kept.get(Math.min(...expected.keys()) - 1) === undefined && kept.get(next) === undefined;
    keep(20);
    release(15);
    keep(40);  // 45 kept, from slot 28: past the end of 64 slots, then twice as many
    const wrappedAndGrown = intact();
    release(50);
    keep(3000);
    const afterMany = intact();
    release(next);
    const emptied = kept.get(next - 1) === undefined;
    keep(5);
    return { wrappedAndGrown, afterMany, emptied, afterEmptied: intact() };
  });
  assert.deepEqual(result, { wrappedAndGrown: true, afterMany: true, emptied: true, afterEmptied: true });
});

test('kept payloads: the buffer grown for a backlog goes once it drained, though messages stay kept', async () => {
  // A task that always has a message kept (one sent every few milliseconds) never empties: a
  // backlog of 32 × 1 MiB, drained to one message, must not hold its 32 MiB for the task's life.
  const result = await fx.page.evaluate(async () => {
    const { KeptPayloads } = await import('/web/kept-payloads.mjs');
    const kept = new KeptPayloads({ bytes: null });
    const app = new Uint8Array(1 << 20);
    const expected = new Map();  // id -> the byte its copy holds
    let next = 1;
    const keepBinary = (byte) => {
      app.fill(byte);
      kept.keep(next, app);
      expected.set(next++, byte);
    };
    const release = (below) => {
      kept.releaseBelow(below);
      for (const id of expected.keys()) if (id < below) expected.delete(id);
    };
    const intact = () => [...expected].every(([id, value]) => {
      const payload = kept.get(id);
      return payload.length === app.length &&
        payload[0] === value && payload[app.length >> 1] === value && payload[app.length - 1] === value;
    }) && kept.get(Math.min(...expected.keys()) - 1) === undefined && kept.get(next) === undefined;
    for (let byte = 1; byte <= 32; byte++) keepBinary(byte);
    const grownBytes = kept.get(1).buffer.byteLength;
    release(32);
    const drainedBytes = kept.get(32).buffer.byteLength;
    const drainedIntact = intact();
    for (let byte = 33; byte <= 40; byte++) keepBinary(byte);
    release(38);
    return { grownBytes, drainedBytes, drainedIntact, afterMore: intact() };
  });
  assert.ok(result.grownBytes >= 32 << 20, `a 32 MiB backlog's buffer: ${result.grownBytes} B`);
  assert.deepEqual(result, {
    grownBytes: result.grownBytes, drainedBytes: 4 << 20, drainedIntact: true, afterMore: true,
  });
});

test('a backlog goes to the browser as it writes: highWaterMark bounds what waits in its buffer', async () => {
  fx.ws.received.length = 0;
  const MiB = 1024 * 1024;
  // Sent before the open, so all five wait; the server then reads nothing, so the first
  // (16 MiB, more than the kernel's socket buffers take) stays mostly unwritten.
  const sizes = [16 * MiB, MiB, MiB, MiB, MiB];
  const whileStalled = await fx.page.evaluate(async ({ url, sizes }) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: { maxBytes: 32 * 1024 * 1024, highWaterMark: 256 * 1024 } });
    const outcomes = [];
    window.written = { wx, task, outcomes };
    for (const [index, size] of sizes.entries()) {
      task.send({ data: new Uint8Array(size).buffer, success: () => outcomes.push(index), fail: (r) => outcomes.push(r.errMsg) });
    }
    await nextEvent(task, 'open');
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { stats: task.getStats().queue, bufferedAmount: task.bufferedAmount, outcomes: outcomes.slice() };
  }, { url: fx.ws.url('/stalled-sizes'), sizes });
  try {
    // One message always may go; the other four wait while it holds more than 256 KiB unwritten.
    assert.deepEqual(whileStalled.outcomes, []);
    assert.equal(whileStalled.stats.messages, 4, JSON.stringify(whileStalled));
    assert.equal(whileStalled.stats.unwritten.messages, 1, JSON.stringify(whileStalled));
    assert.ok(whileStalled.bufferedAmount <= 16 * MiB, JSON.stringify(whileStalled));
  } finally {
    fx.ws.resumeReading();
  }
  const outcomes = await fx.page.evaluate(async () => {
    const { task, outcomes } = window.written;
    const deadline = Date.now() + 30000;
    while (outcomes.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    task.close();
    return outcomes;
  });
  assert.deepEqual(outcomes, [0, 1, 2, 3, 4]);  // all written, in order, each once
  assert.deepEqual(fx.ws.received, sizes.map((size) => `binary:${size}`));
});

test('with a heartbeat, success waits for the server to answer a ping sent after the message', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const outcomesOf = async (heartbeat) => {
      const task = wx.connectSocket({ url, queue: true, heartbeat });
      await nextEvent(task, 'open');
      const outcomes = [];
      task.send({ data: 'x', success: (r) => outcomes.push(r.errMsg), fail: (r) => outcomes.push(r.errMsg) });
      task.send({ data: 'fire and forget' });  // nobody awaits it: written is enough
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seen = { outcomes: outcomes.slice(), stats: task.getStats().queue };
      task.close();
      return seen;
    };
    return {
      // The server answers "ping" only: this task's pings go unanswered.
      unanswered: await outcomesOf({ intervalMs: 60000, timeoutMs: 60000, ping: 'anyone?', pong: 'here' }),
      answered: await outcomesOf({ intervalMs: 60000, timeoutMs: 60000 }),
    };
  }, fx.ws.url('/sizes'));
  assert.deepEqual(result.unanswered.outcomes, []);
  assert.deepEqual(result.unanswered.stats.unconfirmed, { messages: 1, bytes: 1 });  // only 'x' waits
  assert.deepEqual(result.answered.outcomes, ['sendSocketMessage:ok']);
  assert.deepEqual(result.answered.stats.unconfirmed, { messages: 0, bytes: 0 });
});

test('after timers were held back, a send checks the heartbeat first only while the page is hidden', async () => {
  // A busy main thread holds timers back as a hidden tab's throttling does. The deadline check on
  // a send reads the clock, so the page tells the core when it can matter: while hidden. The page
  // goes hidden after the wx object was made: the SDK learns it from visibilitychange.
  const order = {};
  for (const visibility of ['hidden', 'visible']) {
    fx.ws.received.length = 0;
    await fx.page.evaluate(async ({ url, visibility }) => {
      const original = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState');
      let current = 'visible';
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => current });
      try {
        const wx = await sdk.createWx();
        const task = wx.connectSocket({ url, heartbeat: { intervalMs: 200, timeoutMs: 100, ping: 'heartbeat' } });
        await nextEvent(task, 'open');
        if (visibility !== current) {
          current = visibility;
          document.dispatchEvent(new Event('visibilitychange'));
        }
        const busyUntil = performance.now() + 400;  // the ping's timer cannot fire meanwhile
        while (performance.now() < busyUntil) { /* busy */ }
        task.send({ data: `sent while ${visibility}` });
        await new Promise((resolve) => setTimeout(resolve, 100));  // the late timer fires now
        task.close();
      } finally {
        delete document.visibilityState;
        if (!original) throw new Error('no visibilityState on Document.prototype');
      }
    }, { url: fx.ws.url('/collect'), visibility });
    const deadline = Date.now() + 5000;
    while (fx.ws.received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    order[visibility] = fx.ws.received.slice(0, 2);
  }
  assert.deepEqual(order, {
    hidden: ['heartbeat', 'sent while hidden'],
    visible: ['sent while visible', 'heartbeat'],
  });
});
