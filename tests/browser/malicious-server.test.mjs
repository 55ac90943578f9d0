// A server that attacks the page: a frame over maxInboundMessageSize, text that is not UTF-8, odd
// close codes, a closing handshake it never answers, a 100 k-frame burst. The page stays alive,
// every task reports its end, and the wasm heap in use returns to where it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { closePayload, rawFrame, startMaliciousServer } from '../../scripts/local-servers.mjs';
import { useBrowserFixture } from './fixture.mjs';

const fixture = useBrowserFixture();
let evil;
let baseline;

const DEFAULT_LIMIT = 64 * 1024 * 1024;
const OVER_LIMIT = 'message too big: at least 67108865 bytes, over maxInboundMessageSize';

before(async () => {
  evil = await startMaliciousServer();
});

test('warm-up: one wx object, one connection and the inbound buffer, before the baseline', async () => {
  baseline = await fixture.page.evaluate(async (url) => {
    window.evilWx = await sdk.createWx({ maxConnections: 50 });
    const task = evilWx.connectSocket({ url });
    await nextEvent(task, 'open');
    const echoed = nextEvent(task, 'message');
    task.send({ data: 'warm-up' });
    await echoed;
    const closed = nextEvent(task, 'close');
    task.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return evilWx.debugStats;
  }, fixture.ws.url('/echo'));
});
after(() => evil?.close());

// An action: waits (bounded) until the task received `count` messages, then closes it.
const UNTIL_MESSAGES = (count) => `const deadline = Date.now() + 30000;
  while (task.getStats().messagesIn < ${count} && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  task.close();`;

/** Connects, runs `action` (a function body given the task) once open, waits for onClose. */
function runTask(url, { options = {}, action = '', waitMs = 20000 } = {}) {
  return fixture.page.evaluate(async ({ url, options, action, waitMs }) => {
    const task = evilWx.connectSocket({ url, ...options });
    const events = [];
    let messages = 0;
    let lastMessage;
    task.onOpen(() => events.push('open'));
    task.onMessage(({ data }) => { messages++; lastMessage = typeof data === 'string' ? data.length : data.byteLength; });
    task.onError(({ errMsg }) => events.push(`error ${errMsg}`));
    const closed = new Promise((resolve) => task.onClose(({ code, reason }) => {
      events.push(`close ${code} ${reason}`);
      resolve();
    }));
    if (action) {
      await nextEvent(task, 'open');
      const AsyncFunction = (async () => {}).constructor;
      await new AsyncFunction('task', action)(task);
    }
    const started = performance.now();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    return { events, messages, lastMessage, closeMs: performance.now() - started };
  }, { url, options, action, waitMs });
}

test('a frame over the default maxInboundMessageSize (64 MiB) ends the task with 1009, uncopied', async () => {
  const url = evil.frames('big', [rawFrame(2, Buffer.alloc(DEFAULT_LIMIT + 1))]);
  const { events, messages } = await runTask(url);
  assert.deepEqual(events, ['open', `error ${OVER_LIMIT}`, `close 1009 ${OVER_LIMIT}`]);
  assert.equal(messages, 0);
  const stats = await fixture.page.evaluate(() => evilWx.debugStats);
  assert.ok(stats.heapBytesInUse < baseline.heapBytesInUse + 4096,
    `heap in use ${stats.heapBytesInUse}, baseline ${baseline.heapBytesInUse}`);
});

test('a text certainly over the limit (more UTF-16 units than bytes allowed) is not encoded', async () => {
  const url = evil.frames('long-text', [rawFrame(1, Buffer.alloc(1001, 'x'))]);
  const { events } = await runTask(url, { options: { maxInboundMessageSize: 1000 } });
  const reason = 'message too big: at least 1001 bytes, over maxInboundMessageSize';
  assert.deepEqual(events, ['open', `error ${reason}`, `close 1009 ${reason}`]);
});

test('a text under the limit in UTF-16 units but over it in UTF-8 bytes is measured', async () => {
  const url = evil.frames('euro', [
    rawFrame(1, Buffer.from('x'.repeat(3000))),  // exactly the limit: delivered
    rawFrame(1, Buffer.from('€'.repeat(1001))),  // 1001 units, 3003 bytes
  ]);
  const { events, messages, lastMessage } = await runTask(url, { options: { maxInboundMessageSize: 3000 } });
  const reason = 'message too big: at least 3003 bytes, over maxInboundMessageSize';
  assert.deepEqual(events, ['open', `error ${reason}`, `close 1009 ${reason}`]);
  assert.equal(messages, 1);
  assert.equal(lastMessage, 3000);
});

test('a large message within the limit is delivered and its memory given back', async () => {
  const url = evil.frames('large', [rawFrame(2, Buffer.alloc(8 << 20, 7)), rawFrame(1, Buffer.alloc(4 << 20, 'y'))]);
  const { messages, lastMessage } = await runTask(url, { action: UNTIL_MESSAGES(2) });
  assert.equal(messages, 2);
  assert.equal(lastMessage, 4 << 20);
  const stats = await fixture.page.evaluate(() => evilWx.debugStats);
  assert.ok(stats.heapBytesInUse < baseline.heapBytesInUse + 4096,
    `heap in use ${stats.heapBytesInUse}, baseline ${baseline.heapBytesInUse}`);
});

test('text that is not UTF-8, in a message or a close reason, fails the connection (1006)', async () => {
  const message = evil.frames('bad-utf8', [rawFrame(1, Buffer.from([0x61, 0xff, 0xfe]))]);
  const reason = evil.frames('bad-reason', [rawFrame(8, closePayload(4000, Buffer.from([0xc3])))]);
  for (const url of [message, reason]) {
    const { events } = await runTask(url);
    assert.deepEqual(events, ['open', 'error WebSocket connection error', 'close 1006 ']);
  }
});

test('odd close codes from a server reach onClose inside 1000-4999', async () => {
  const seen = {};
  for (const code of [null, 0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535]) {
    const { events } = await runTask(evil.frames(`code-${code}`, [rawFrame(8, closePayload(code))]));
    const close = events.at(-1);
    seen[code] = close;
    const reported = Number(close.split(' ')[1]);
    assert.ok(reported >= 1000 && reported <= 4999, `close code ${code} reported as ${close}`);
  }
  console.log('close codes as Chromium reports them:', seen);
});

test('a server that never answers the closing handshake: close() still ends within the bound', async () => {
  const { events, closeMs } = await runTask(evil.url('/silent'), {
    options: { timeout: 1000 },
    action: 'task.close({ code: 4000, reason: "bye" });',
  });
  assert.equal(events.at(-1).split(' ')[0], 'close');
  assert.ok(closeMs < 5000, `onClose after ${closeMs} ms`);
});

test('a 100 k-frame burst is delivered whole', async () => {
  const frames = [];
  for (let i = 1; i <= 100000; i++) frames.push(rawFrame(1, Buffer.from(String(i))));
  const url = evil.frames('burst', [Buffer.concat(frames)]);
  const started = Date.now();
  const { messages } = await runTask(url, { action: UNTIL_MESSAGES(100000) });
  console.log(`100 k frames in ${Date.now() - started} ms`);
  assert.equal(messages, 100000);
});

test('afterwards the page is alive, holds nothing, and the heap is back to its baseline', async () => {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await fixture.page.evaluate(async (url) => {
    const task = evilWx.connectSocket({ url });
    await nextEvent(task, 'open');
    const echoed = nextEvent(task, 'message');
    task.send({ data: 'still alive' });
    const { data } = await echoed;
    const closed = nextEvent(task, 'close');
    task.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { data, stats: evilWx.debugStats, pageErrors };
  }, fixture.ws.url('/echo'));
  assert.equal(after.data, 'still alive');
  assert.deepEqual(after.pageErrors, []);
  assert.equal(after.stats.heldTasks, 0);
  assert.equal(after.stats.liveSocketHandles, 0);
  assert.ok(after.stats.heapBytesInUse <= baseline.heapBytesInUse + 1024,
    `heap in use ${after.stats.heapBytesInUse}, baseline ${baseline.heapBytesInUse}`);
});

// A WebSocket class the page hands the SDK plays the server where no real one can in bounded
// time: a 2 GiB message (more than wasm memory can hold) and a close code no browser reports.
// A send of that size goes out: the app's payload never enters wasm memory.
test('a message wasm memory cannot hold fails cleanly, a binary one no rule reads is delivered, a send of that size goes out, the module lives on', async () => {
  const page = await fixture.openPage();
  const result = await page.evaluate(async () => {
    class FakeSocket {
      constructor(url) {
        this.url = url;
        this.readyState = 0;
        this.bufferedAmount = 0;
        FakeSocket.last = this;
        setTimeout(() => { this.readyState = 1; this.onopen(); });
      }
      send(data) { FakeSocket.sent.push(data); }
      close() { this.readyState = 3; }
    }
    FakeSocket.sent = [];
    const wx = await sdk.createWx({ WebSocket: FakeSocket, maxInboundMessageSize: 2147483647 });
    const huge = new ArrayBuffer(2 ** 31 - 1);  // zero pages: costs no memory until written

    const sender = wx.connectSocket({ url: 'ws://127.0.0.1:9/' });
    await nextEvent(sender, 'open');
    const sent = await new Promise((resolve) => sender.send({ data: huge, success: resolve, fail: resolve }));
    const sentSmall = await new Promise((resolve) => sender.send({ data: 'small', success: resolve, fail: resolve }));
    const sentSizes = FakeSocket.sent.map((data) => data.byteLength ?? data);

    const receiver = wx.connectSocket({ url: 'ws://127.0.0.1:9/' });
    const received = recordEvents(receiver);
    await nextEvent(receiver, 'open');
    FakeSocket.last.onmessage({ data: huge });

    // A STOMP task reads every frame, so its copy into wasm memory is attempted, and fails.
    const stomp = wx.connectStomp({ url: 'ws://127.0.0.1:9/', reconnect: false });
    const stompEvents = [];
    stomp.onError(({ message }) => stompEvents.push(`error ${message}`));
    stomp.onClose(({ code, reason }) => stompEvents.push(`close ${code} ${reason}`));
    await nextEvent(stomp.task, 'open');
    FakeSocket.last.onmessage({ data: huge });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const odd = wx.connectSocket({ url: 'ws://127.0.0.1:9/' });
    const oddEvents = recordEvents(odd);
    await nextEvent(odd, 'open');
    FakeSocket.last.onclose({ code: 65535, reason: 'odd' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      sent: sent.errMsg,
      sentSmall: sentSmall.errMsg,
      received: received.map(([kind, r]) => `${kind} ${r.errMsg ?? r.code ?? r.data?.byteLength ?? ''} ${r.reason ?? ''}`.trim()),
      stompEvents,
      odd: oddEvents.map(([kind, r]) => `${kind} ${r.code ?? ''} ${r.reason ?? ''}`.trim()),
      sentSizes,
      pageErrors,
    };
  });
  await page.close();
  assert.equal(result.sent, 'sendSocketMessage:ok');
  assert.equal(result.sentSmall, 'sendSocketMessage:ok');
  assert.deepEqual(result.sentSizes, [2 ** 31 - 1, 'small']);
  const reason = 'message too big: at least 2147483647 bytes, more than wasm memory can hold';
  assert.deepEqual(result.received, ['open', `message ${2 ** 31 - 1}`]);  // never copied
  assert.deepEqual(result.stompEvents, [`error ${reason}`, `close 1009 ${reason}`]);
  assert.deepEqual(result.odd, ['open', 'close 1006 odd']);
  assert.deepEqual(result.pageErrors, []);
});
