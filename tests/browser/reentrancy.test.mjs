// Every public entry point called again from inside every kind of listener (issue 13, finding 1):
// a close() inside a close() used to free the outer call's argument twice and kill the page's
// module. After each case a new task must still echo, and nothing may be left held or leaked.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

const ENTRIES = ['task.close', 'wx.closeSocket', 'wx.dispose', 'wx.connectSocket', 'task.send', 'wx.sendSocketMessage'];
const LISTENERS = ['onStateChange', 'onOpen', 'onError', 'onClose', 'onReconnecting', 'success', 'fail', 'complete'];
const TARGETS = ['same', 'sibling'];

// Runs in the page. Task `a` carries the listener; `b` is its sibling. The target task is also
// the newest, so the legacy wx.closeSocket / wx.sendSocketMessage reach it too. The listener
// re-enters at most twice (a connectSocket per state change would otherwise never end). Calls
// after a wx.dispose() throw the documented Error, which is not a failure here.
// Every wait is bounded, so a module that died ends the case rather than hanging it.
async function runCase({ entry, listener, target, echoUrl, refusedUrl }) {
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const within = (promise, ms) => Promise.race([promise, pause(ms)]);
  const DISPOSED = 'wx-socket-wasm: this wx object was disposed';
  const wx = await sdk.createWx();
  const created = [];
  const thrown = [];
  const kindOf = {
    onError: { url: refusedUrl },
    fail: { url: refusedUrl, queue: true },
    onReconnecting: { url: echoUrl, reconnect: { minDelayMs: 20, maxDelayMs: 20 } },
    success: { url: echoUrl, queue: true },
    complete: { url: echoUrl, queue: true },
  }[listener] ?? { url: echoUrl };
  const connect = (options) => { const task = wx.connectSocket(options); created.push(task); return task; };
  let a, b;
  if (target === 'same') { b = connect({ url: echoUrl }); a = connect(kindOf); }
  else { a = connect(kindOf); b = connect({ url: echoUrl }); }
  const targetTask = target === 'same' ? a : b;
  const act = {
    'task.close': () => targetTask.close(),
    'wx.closeSocket': () => wx.closeSocket().catch(() => {}),
    'wx.dispose': () => wx.dispose(),
    'wx.connectSocket': () => connect({ url: echoUrl }),
    'task.send': () => targetTask.send({ data: 'from a listener' }),
    'wx.sendSocketMessage': () => wx.sendSocketMessage({ data: 'from a listener' }).catch(() => {}),
  }[entry];
  let calls = 0;
  const reenter = () => {
    if (++calls > 2) return;
    try { act(); } catch (error) { thrown.push(String(error?.message ?? error)); }
  };
  const outer = (call) => { try { call(); } catch (error) { thrown.push(`outer: ${error?.message ?? error}`); } };

  if (['success', 'fail', 'complete'].includes(listener)) {
    // Queued before the open (or the refusal), so the outcome arrives later as an event.
    outer(() => a.send({ data: 'queued', [listener]: reenter }));
  } else if (listener === 'onStateChange') {
    // As in the issue: from the change to closing, which close() itself reports.
    a.onStateChange(({ state }) => { if (state !== 'open') reenter(); });
  } else {
    a[listener](reenter);
  }
  const opened = (task) => new Promise((resolve) => { task.onOpen(resolve); task.onClose(resolve); });
  await within(Promise.all([opened(a), opened(b)]), 3000);
  // What makes each listener fire: the close of an open task calls onStateChange from inside
  // close() itself, the case the issue found; a server drop starts a reconnect.
  if (listener === 'onStateChange' || listener === 'onClose') outer(() => a.close());
  if (listener === 'onReconnecting') outer(() => a.send({ data: 'terminate' }));
  await pause(100);

  // Whatever is still open is closed and awaited; the wx object is disposed.
  const closes = [];
  for (const task of created) {
    if (task.readyState === 3) continue;
    closes.push(new Promise((resolve) => task.onClose(resolve)));
    outer(() => task.close());
  }
  await within(Promise.all(closes), 3000);
  const openTasks = created.filter((task) => task.readyState !== 3).length;
  outer(() => wx.dispose());
  await pause(20);
  return { calls, thrown: thrown.filter((message) => !message.endsWith(DISPOSED)), openTasks };
}

// Runs in the page: a fresh wx object still works, and what the page holds afterwards.
async function echoAndStats(url) {
  const pause = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
  const wx = await sdk.createWx();
  const task = wx.connectSocket({ url });
  const echoed = await Promise.race([
    new Promise((resolve) => {
      task.onOpen(() => task.send({ data: 'echo me' }));
      task.onMessage(({ data }) => resolve(data));
    }),
    pause(3000, 'no echo within 3 s'),
  ]);
  const closed = new Promise((resolve) => task.onClose(resolve));
  task.close();
  await Promise.race([closed, pause(3000)]);
  await pause(20);
  const stats = wx.debugStats;
  wx.dispose();
  return { echoed, stats };
}

// Cases share a page while it is healthy; a failed case gets the next one a fresh page.
let page = null;
let baseline = null;

for (const listener of LISTENERS) {
  for (const entry of ENTRIES) {
    for (const target of TARGETS) {
      test(`${entry} on the ${target} task from ${listener}`, { timeout: 30000 }, async () => {
        const echoUrl = fx.ws.url('/echo');
        if (!page) {
          page = await fx.openPage();
          baseline = (await page.evaluate(echoAndStats, echoUrl)).stats;
        }
        try {
          const result = await page.evaluate(runCase, {
            entry, listener, target, echoUrl, refusedUrl: 'ws://127.0.0.1:1/',
          });
          const after = await page.evaluate(echoAndStats, echoUrl);
          const pageErrors = await page.evaluate(() => window.pageErrors);
          assert.ok(result.calls > 0, 'the listener ran');
          assert.deepEqual({ pageErrors, thrown: result.thrown, openTasks: result.openTasks },
            { pageErrors: [], thrown: [], openTasks: 0 });
          assert.equal(after.echoed, 'echo me', 'a new task still works');
          assert.equal(after.stats.heldTasks, 0);
          assert.equal(after.stats.liveSocketHandles, 0);
          assert.ok(after.stats.heapBytesInUse <= baseline.heapBytesInUse + 4096,
            `heap in use went from ${baseline.heapBytesInUse} to ${after.stats.heapBytesInUse}`);
        } catch (error) {
          await page.close();
          page = null;
          throw error;
        }
      });
    }
  }
}

// A heartbeat overdue at a send makes the send probe first, and the probe is refused. The drop
// used to run inside that send, so its listeners' sends overwrote the bytes of the message the
// outer send was still handling (issue 13, finding 3). Both messages must arrive as they were
// sent. (Its own page: the socket class is page-wide.)
test('a send that finds the heartbeat dead and a send from the drop\'s listener both arrive intact', { timeout: 30000 }, async () => {
  const own = await fx.openPage();
  const receivedBefore = fx.ws.received.length;
  try {
    const result = await own.evaluate(async (url) => {
      const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      // A socket the test can make refuse frames (readyState CLOSED) before its close event.
      const sockets = [];
      class RefusingSocket extends WebSocket {
        refuse = false;
        constructor(...args) { super(...args); sockets.push(this); }
        get readyState() { return this.refuse ? 3 : super.readyState; }
      }
      const wx = await sdk.createWx({ WebSocket: RefusingSocket });
      const task = wx.connectSocket({
        url, queue: true, heartbeat: { intervalMs: 50, timeoutMs: 50 }, reconnect: { minDelayMs: 10, maxDelayMs: 10 },
      });
      await Promise.race([new Promise((resolve) => task.onOpen(resolve)), pause(3000)]);
      let inner = 0;
      task.onReconnecting(() => {
        if (inner++ === 0) task.send({ data: 'LISTENER-MESSAGE' });
      });
      sockets.at(-1).refuse = true;
      const until = performance.now() + 150;
      while (performance.now() < until);  // holds the heartbeat's timer back: the ping is overdue
      const outer = new Promise((resolve) => task.send({ data: 'OUTER-MESSAGE', complete: resolve }));
      const outcome = await Promise.race([outer, pause(3000)]);
      const closed = new Promise((resolve) => task.onClose(resolve));
      task.close();
      await Promise.race([closed, pause(3000)]);
      wx.dispose();
      return { inner, errMsg: outcome?.errMsg, pageErrors: window.pageErrors };
    }, fx.ws.url('/collect'));
    const received = fx.ws.received.slice(receivedBefore).filter((text) => text.endsWith('-MESSAGE'));
    assert.deepEqual(result, { inner: 1, errMsg: 'sendSocketMessage:ok', pageErrors: [] });
    assert.deepEqual(received.sort(), ['LISTENER-MESSAGE', 'OUTER-MESSAGE']);
  } finally {
    await own.close();
  }
});
