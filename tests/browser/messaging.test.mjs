// Text and binary round trips and close codes, through a real browser and a real ws server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

test('text round trip: unicode, U+0000 and a 64 KiB frame arrive intact', async () => {
  const texts = ['hello', '你好, мир 🌏', 'a\u0000b\u0000', 'x'.repeat(65536)];
  const echoed = await fx.page.evaluate(async ({ url, texts }) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const received = [];
    const all = new Promise((resolve) => task.onMessage(({ data }) => {
      received.push(data);
      if (received.length === texts.length) resolve();
    }));
    await nextEvent(task, 'open');
    for (const data of texts) task.send({ data });
    await all;
    task.close();
    return received;
  }, { url: fx.ws.url('/echo'), texts });
  assert.deepEqual(echoed, texts);
});

test('binary frames large enough to grow wasm memory arrive, and send, intact', async () => {
  // Each larger frame makes the SDK's buffers in wasm memory grow, which replaces HEAPU8.
  const sizesMiB = [1, 2, 4, 6, 8, 10, 12, 24];
  const result = await fx.page.evaluate(async ({ url, sizesMiB }) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const pattern = (size) => new Uint8Array(size).map((_, i) => (i * 31 + size) % 251);
    const received = [];
    const all = new Promise((resolve) => task.onMessage(({ data }) => {
      const expected = pattern(data.byteLength);
      const bytes = new Uint8Array(data);
      received.push({ bytes: data.byteLength, intact: bytes.every((b, i) => b === expected[i]) });
      if (received.length === sizesMiB.length) resolve();
    }));
    await nextEvent(task, 'open');
    const errMsgs = [];
    for (const mib of sizesMiB) {
      task.send({ data: pattern(mib * 1048576).buffer, complete: (r) => errMsgs.push(r.errMsg) });
    }
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 60000))]);
    task.close();
    return { received, errMsgs };
  }, { url: fx.ws.url('/echo'), sizesMiB });
  assert.deepEqual(result.errMsgs, sizesMiB.map(() => 'sendSocketMessage:ok'));
  assert.deepEqual(result.received, sizesMiB.map((mib) => ({ bytes: mib * 1048576, intact: true })));
});

// Browsers refuse the bytes of a resizable buffer in WebSocket.send: they go as a copy.
test('binary round trip: ArrayBuffer in, ArrayBuffer with the same bytes out (never Blob), a resizable buffer\'s too, with and without a queue', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const resizable = () => {
      const buffer = new ArrayBuffer(3, { maxByteLength: 16 });
      new Uint8Array(buffer).set([9, 8, 7]);
      return buffer;
    };
    const bytes = new Uint8Array(70000).map((_, i) => (i * 7) % 256);
    const inputs = [bytes.buffer, new Uint8Array([0, 1, 2, 255]), new DataView(bytes.buffer, 10, 5),
      new Float32Array([1.5]), new ArrayBuffer(0), resizable(), new Uint8Array(resizable(), 1)];
    const asBytes = (v) => Array.from(new Uint8Array(v.buffer ?? v, v.byteOffset ?? 0, v.byteLength));
    const outcome = {};
    for (const options of [{}, { queue: true }]) {
      const task = wx.connectSocket({ url, ...options });
      const received = [];
      const all = new Promise((resolve) => task.onMessage(({ data }) => {
        received.push(data);
        if (received.length === inputs.length) resolve();
      }));
      await nextEvent(task, 'open');
      const results = [];
      for (const data of inputs) task.send({ data, success: (r) => results.push(r.errMsg), fail: (r) => results.push(r.errMsg) });
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 5000))]);
      task.close();
      outcome[options.queue ? 'queue' : 'plain'] = {
        types: received.map((d) => Object.prototype.toString.call(d)),
        same: received.map((d, i) => JSON.stringify(asBytes(d)) === JSON.stringify(asBytes(inputs[i]))),
        results,
      };
    }
    return outcome;
  }, fx.ws.url('/echo'));
  const expected = {
    types: Array(7).fill('[object ArrayBuffer]'),
    same: Array(7).fill(true),
    results: Array(7).fill('sendSocketMessage:ok'),
  };
  assert.deepEqual(result, { plain: expected, queue: expected });
});

test('server-initiated close reports the real code and reason', async () => {
  const closed = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const events = recordEvents(task);
    await nextEvent(task, 'close');
    return { events: events.map(([kind]) => kind), close: events.at(-1)[1], readyState: task.readyState };
  }, fx.ws.url('/close/4321/' + encodeURIComponent('服务器 bye')));
  assert.deepEqual(closed.events, ['open', 'close']);
  assert.deepEqual(closed.close, { code: 4321, reason: '服务器 bye' });
  assert.equal(closed.readyState, 3);
});

test('client close sends its code and reason to the server', async () => {
  const before = fx.ws.closes.length;
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    await nextEvent(task, 'open');
    const done = nextEvent(task, 'close');
    let errMsg;
    task.close({ code: 4000, reason: 'client bye ✓', success: (r) => { errMsg = r.errMsg; } });
    const stateAfterClose = task.readyState;
    return { close: await done, errMsg, stateAfterClose };
  }, fx.ws.url('/echo'));
  assert.equal(result.errMsg, 'closeSocket:ok');
  assert.equal(result.stateAfterClose, 2);
  assert.deepEqual(result.close, { code: 4000, reason: 'client bye ✓' });
  assert.deepEqual(fx.ws.closes.slice(before), [{ path: '/echo', code: 4000, reason: 'client bye ✓' }]);
});

test('close validates code and reason itself instead of letting the browser throw', async () => {
  const results = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    await nextEvent(task, 'open');
    const fail = (options) => new Promise((resolve) => task.close({ ...options, fail: (r) => resolve(r.errMsg) }));
    const out = [await fail({ code: 1001 }), await fail({ reason: '好'.repeat(42) }), await fail({ code: '1000' })];
    out.push(task.readyState);
    task.close();
    return out;
  }, fx.ws.url('/echo'));
  assert.deepEqual(results, [
    'closeSocket:fail parameter error: parameter.code should be 1000 or an integer from 3000 to 4999 (got 1001);',
    'closeSocket:fail parameter error: parameter.reason should be at most 123 bytes of UTF-8 (got 126);',
    'closeSocket:fail parameter error: parameter.code should be Number instead of String;',
    1,
  ]);
});

test('subprotocols reach the server, as an array or a single string', async () => {
  const before = fx.ws.protocols.length;
  await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    for (const protocols of [['chat.v2', 'chat.v1'], 'single']) {
      const task = wx.connectSocket({ url, protocols });
      await nextEvent(task, 'open');
      task.close();
      await nextEvent(task, 'close');
    }
  }, fx.ws.url('/echo'));
  assert.deepEqual(fx.ws.protocols.slice(before), ['chat.v2', 'single']);
});

// Echoes one large message on a fresh page (its wasm memory not grown by earlier tests): what
// arrived, getStats().bytesIn, and how much wasm memory grew meanwhile.
async function echoLarge(kind) {
  const page = await fx.openPage();
  try {
    return await page.evaluate(async ({ url, kind }) => {
      const wx = await sdk.createWx();
      const task = wx.connectSocket({ url });
      await nextEvent(task, 'open');
      const before = wx.debugStats.wasmMemoryBytes;
      const data = kind === 'text'
        ? '你好'.repeat(4 * 1024 * 1024)  // 8 Mi code units, 24 MiB of UTF-8
        : new Uint8Array(32 * 1024 * 1024).buffer;
      const echoed = new Promise((resolve) => task.onMessage((event) => resolve(event.data)));
      task.send({ data });
      const received = await echoed;
      const stats = task.getStats();
      task.close();
      const same = kind === 'text' ? received === data : received.byteLength === data.byteLength;
      return { same, bytesIn: stats.bytesIn, grewBy: wx.debugStats.wasmMemoryBytes - before };
    }, { url: fx.ws.url('/echo'), kind });
  } finally {
    await page.close();
  }
}

test('a received text no rule reads never enters wasm memory: bytesIn counts its UTF-16 length', async () => {
  assert.deepEqual(await echoLarge('text'), { same: true, bytesIn: 8 * 1024 * 1024, grewBy: 0 });
});

test('a heartbeat picks its pong out of received texts by length, whatever the script', async () => {
  // '心跳' is 2 UTF-16 code units and 6 bytes of UTF-8: the texts that may be it are picked by
  // their code units and read by the core; '你好' has its length and reaches the app.
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, heartbeat: { intervalMs: 100, timeoutMs: 3000, ping: '心跳', pong: '心跳' } });
    const received = [];
    task.onMessage(({ data }) => received.push(data.length > 10 ? data.length : data));
    await nextEvent(task, 'open');
    for (const data of ['你好', 'x'.repeat(100000), '心跳!']) task.send({ data });
    const deadline = Date.now() + 10000;
    while ((task.getStats().rtt.samples < 2 || received.length < 3) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { rtt } = task.getStats();
    task.close();
    return { received, samples: rtt.samples };
  }, fx.ws.url('/echo'));
  assert.deepEqual(result.received, ['你好', 100000, '心跳!']);
  assert.ok(result.samples >= 2, `round trips: ${result.samples}`);
});

test('a received binary message never enters wasm memory: the core gets its size', async () => {
  assert.deepEqual(await echoLarge('binary'), { same: true, bytesIn: 32 * 1024 * 1024, grewBy: 0 });
});
