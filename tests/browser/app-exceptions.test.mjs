// App code that throws (getters, listeners, revoked Proxies) never unwinds through the wasm core:
// callbacks are read once, when the API is called, and every call into app code is reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

// Defined in the page. `throwOnSecondRead` gives options success/fail/complete getters that
// return the callback the first time and throw after that; `throwOnceCalled` ones that throw
// once `armed` is set (after the API call returned), as an app that replaces its callbacks would.
// Both count their reads.
const DEFINE_HELPERS = () => {
  const defineGetters = (options, callbacks, shouldThrow) => {
    const reads = { success: 0, fail: 0, complete: 0 };
    for (const key of Object.keys(reads)) {
      Object.defineProperty(options, key, {
        enumerable: true,
        get() {
          if (shouldThrow(++reads[key])) throw new Error(`${key} read again`);
          return callbacks[key];
        },
      });
    }
    return reads;
  };
  window.throwOnSecondRead = (options, callbacks) => defineGetters(options, callbacks, (count) => count > 1);
  window.throwOnceCalled = (options, callbacks) => {
    const guard = { armed: false };
    guard.reads = defineGetters(options, callbacks, () => guard.armed);
    return guard;
  };
  window.revokedProxy = (target = {}) => {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  };
  window.within = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('timed out'), ms))]);
};

test('queued messages whose callback getters throw when read again: every outcome, onClose, a clean dispose', async () => {
  const page = await fx.openPage();
  await page.evaluate(DEFINE_HELPERS);
  const result = await page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: true });
    const outcomes = [];
    const guards = [];
    // Queued while connecting: their outcomes arrive later, from inside the core's flush.
    for (const data of ['one', 'two', 'three']) {
      const options = { data };
      const guard = throwOnceCalled(options, {
        success: () => outcomes.push(`${data} ok`),
        fail: ({ errMsg }) => outcomes.push(`${data} ${errMsg}`),
        complete: () => outcomes.push(`${data} complete`),
      });
      task.send(options);
      guard.armed = true;
      guards.push(guard);
    }
    const closed = nextEvent(task, 'close');
    await within(nextEvent(task, 'open'), 2000);
    const deadline = Date.now() + 2000;
    while (outcomes.length < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    task.close();
    const close = await within(closed, 2000);
    // One more queued message, pending when the wx object is disposed.
    const late = { data: 'late' };
    const lateOutcome = new Promise((resolve) => {
      const guard = throwOnceCalled(late, { fail: ({ errMsg }) => resolve(errMsg) });
      wx.connectSocket({ url, queue: true }).send(late);
      guard.armed = true;
    });
    let disposeError = null;
    try { wx.dispose(); } catch (e) { disposeError = e.message; }
    await new Promise((resolve) => setTimeout(resolve, 20));
    return {
      outcomes, reads: guards.map((guard) => guard.reads), close, disposeError,
      late: await within(lateOutcome, 1000), stats: wx.debugStats, errors: pageErrors,
    };
  }, fx.ws.url('/echo'));
  await page.close();
  assert.deepEqual(result.outcomes, ['one ok', 'one complete', 'two ok', 'two complete', 'three ok', 'three complete']);
  assert.deepEqual(result.reads, Array(3).fill({ success: 1, fail: 1, complete: 1 }), 'each callback is read once');
  assert.deepEqual(result.close, { code: 1000, reason: '' });
  assert.equal(result.disposeError, null);
  assert.equal(result.late, 'sendSocketMessage:fail the wx object was disposed');
  assert.equal(result.stats.heldTasks, 0);
  assert.equal(result.stats.liveSocketHandles, 0);
  assert.deepEqual(result.errors, []);
});

test('connectSocket and close read success/fail/complete once and never throw for a getter', async () => {
  const page = await fx.openPage();
  await page.evaluate(DEFINE_HELPERS);
  const result = await page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const seen = [];
    const connectOptions = { url };
    const connectReads = throwOnSecondRead(connectOptions, {
      success: ({ errMsg }) => seen.push(errMsg), complete: () => seen.push('connect complete'),
    });
    let thrown = null;
    let task;
    try { task = wx.connectSocket(connectOptions); } catch (e) { thrown = e.message; }
    if (!task) return { thrown };
    await nextEvent(task, 'open');
    const closeOptions = { code: 4000 };
    const closeReads = throwOnSecondRead(closeOptions, { success: ({ errMsg }) => seen.push(errMsg) });
    task.close(closeOptions);
    const close = await nextEvent(task, 'close');
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { thrown, seen, connectReads, closeReads, close, stats: wx.debugStats, errors: pageErrors };
  }, fx.ws.url('/echo'));
  await page.close();
  assert.equal(result.thrown, null);
  assert.deepEqual(result.seen, ['connectSocket:ok', 'connect complete', 'closeSocket:ok']);
  assert.deepEqual(result.connectReads, { success: 1, fail: 1, complete: 1 });
  assert.deepEqual(result.closeReads, { success: 1, fail: 1, complete: 1 });
  assert.deepEqual(result.close, { code: 4000, reason: '' });
  assert.equal(result.stats.heldTasks, 0);
  assert.deepEqual(result.errors, []);
});

test('throwing listeners and callbacks, and revoked-Proxy functions, are reported; every event still arrives', async () => {
  const page = await fx.openPage();
  await page.evaluate(DEFINE_HELPERS);
  const result = await page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const seen = [];
    const thrower = (name) => () => { seen.push(name); throw new Error(`${name} threw`); };
    const revokedFunction = revokedProxy(() => {});
    wx.onSocketOpen(thrower('legacy open'));
    wx.onSocketMessage(revokedFunction);
    wx.onSocketClose(thrower('legacy close'));
    const task = wx.connectSocket({ url, queue: true, success: thrower('connect success'), complete: revokedFunction });
    for (const kind of ['Open', 'Message', 'Close', 'StateChange']) {
      task[`on${kind}`](thrower(kind));
      task[`on${kind}`](revokedFunction);
      task[`on${kind}`]((r) => seen.push(`${kind} after`));
    }
    task.send({ data: 'queued', success: thrower('send success'), complete: revokedFunction });
    await nextEvent(task, 'message');
    task.send({ data: 'open', fail: thrower('never'), success: thrower('second success') });
    await nextEvent(task, 'message');
    task.close({ success: thrower('close success') });
    await nextEvent(task, 'close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    let disposeError = null;
    try { wx.dispose(); } catch (e) { disposeError = e.message; }
    return { seen, errors: pageErrors.length, disposeError, stats: wx.debugStats, readyState: task.readyState };
  }, fx.ws.url('/echo'));
  await page.close();
  for (const name of ['connect success', 'legacy open', 'Open', 'Open after', 'send success', 'Message after',
    'second success', 'close success', 'Close', 'Close after', 'legacy close']) {
    assert.ok(result.seen.includes(name), `${name} ran: ${result.seen}`);
  }
  assert.ok(!result.seen.includes('never'));
  // Every throw and every call of a revoked Proxy was reported (window 'error' events).
  const throws = result.seen.filter((name) => !name.endsWith('after')).length;
  assert.ok(result.errors >= throws + 6, `${result.errors} errors reported for ${throws} throws`);
  assert.equal(result.disposeError, null);
  assert.equal(result.readyState, 3);
  assert.equal(result.stats.heldTasks, 0);
  assert.equal(result.stats.liveSocketHandles, 0);
});
