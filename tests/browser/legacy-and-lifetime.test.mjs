// The legacy global API, install() with unmodified wx code, the strict CSP, and leaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CSP_PAGE, useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

test('install() makes unmodified mini-program code run (doc sample with socketMsgQueue)', async () => {
  const log = await fx.page.evaluate(async (url) => {
    const wx = await sdk.install();
    if (globalThis.wx !== wx) throw new Error('not installed on globalThis');
    // Verbatim shape of WeChat's documentation sample for the legacy API.
    const log = [];
    let socketOpen = false;
    const socketMsgQueue = ['queued 1', 'queued 2'];
    const done = new Promise((resolve) => {
      globalThis.wx.connectSocket({ url });
      globalThis.wx.onSocketOpen(function () {
        socketOpen = true;
        for (let i = 0; i < socketMsgQueue.length; i++) sendSocketMessage(socketMsgQueue[i]);
      });
      globalThis.wx.onSocketMessage(function (res) {
        log.push(res.data);
        if (log.length === 2) globalThis.wx.closeSocket();
      });
      globalThis.wx.onSocketClose(function (res) { log.push(`closed ${res.code}`); resolve(); });
    });
    function sendSocketMessage(msg) {
      if (socketOpen) globalThis.wx.sendSocketMessage({ data: msg });
      else socketMsgQueue.push(msg);
    }
    await done;
    return log;
  }, fx.ws.url('/echo'));
  assert.deepEqual(log, ['queued 1', 'queued 2', 'closed 1000']);
});

test('legacy listeners follow the newest task, and each wx.onSocket* replaces the last', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const seen = [];
    wx.onSocketMessage(() => seen.push('replaced listener'));
    wx.onSocketMessage(({ data }) => seen.push(`legacy ${data}`));
    const older = wx.connectSocket({ url });
    const newer = wx.connectSocket({ url });
    older.onMessage(({ data }) => seen.push(`older ${data}`));
    newer.onMessage(({ data }) => seen.push(`newer ${data}`));
    await Promise.all([nextEvent(older, 'open'), nextEvent(newer, 'open')]);
    const viaGlobal = await wx.sendSocketMessage({ data: 'g' });  // Promise style: no callbacks
    const echoed = nextEvent(newer, 'message');
    await echoed;
    older.send({ data: 'o' });
    await nextEvent(older, 'message');
    // Closing the newest makes the older one the target of wx.closeSocket.
    newer.close();
    await nextEvent(newer, 'close');
    const closedOlder = nextEvent(older, 'close');
    const closeResult = await wx.closeSocket({ code: 4100 });
    const olderClose = await closedOlder;
    const noTask = await wx.sendSocketMessage({ data: 'x' }).catch((e) => e.errMsg);
    return { seen, viaGlobal: viaGlobal.errMsg, closeResult: closeResult.errMsg, olderClose, noTask };
  }, fx.ws.url('/echo'));
  assert.deepEqual(result.seen, ['newer g', 'legacy g', 'older o']);
  assert.equal(result.viaGlobal, 'sendSocketMessage:ok');
  assert.equal(result.closeResult, 'closeSocket:ok');
  assert.deepEqual(result.olderClose, { code: 4100, reason: '' });
  assert.equal(result.noTask, 'sendSocketMessage:fail WebSocket is not connected');
});

test('a wx.onSocketMessage listener set from a task\'s onMessage hears that message too, each with a {data} of its own', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    await nextEvent(task, 'open');
    const legacy = [];
    const own = [];
    task.onMessage((result) => {
      own.push(result.data);
      result.data = 'changed by the task listener';
      if (own.length === 1) wx.onSocketMessage(({ data }) => legacy.push(data));
    });
    task.send({ data: 'a' });
    task.send({ data: new Uint8Array([1]).buffer });
    const deadline = Date.now() + 5000;
    while (legacy.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    wx.dispose();
    return { own: own.map(String), legacy: legacy.map(String) };
  }, fx.ws.url('/echo'));
  assert.deepEqual(result, { own: ['a', '[object ArrayBuffer]'], legacy: ['a', '[object ArrayBuffer]'] });
});

test('wrong types to methods with no callback throw a TypeError that names the field', async () => {
  const messages = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const out = [];
    for (const call of [() => task.send('text'), () => task.onOpen(5), () => task.close(7)]) {
      try { call(); out.push('no throw'); } catch (e) { out.push(`${e.name}: ${e.message}`); }
    }
    out.push(await wx.sendSocketMessage().catch((e) => e.errMsg));
    out.push(await new Promise((resolve) => task.send({ data: 12, fail: (r) => resolve(r.errMsg) })));
    out.push(await new Promise((resolve) => task.send({ data: new Blob(['x']), fail: (r) => resolve(r.errMsg) })));
    task.close();
    return out;
  }, fx.ws.url('/echo'));
  assert.deepEqual(messages, [
    'TypeError: SocketTask.send: sendSocketMessage:fail parameter error: parameter should be Object instead of String;',
    'TypeError: SocketTask.onOpen: parameter error: listener should be Function instead of Number',
    'TypeError: SocketTask.close: closeSocket:fail parameter error: parameter should be Object instead of Number;',
    'sendSocketMessage:fail parameter error: parameter should be Object instead of Undefined;',
    'sendSocketMessage:fail parameter error: parameter.data should be String or ArrayBuffer instead of Number;',
    'sendSocketMessage:fail parameter error: parameter.data should be String or ArrayBuffer instead of Blob;',
  ]);
});

test('wx.onSocket*(not a function) reports a parameter error and keeps the listener, as WeChat', async () => {
  const page = await fx.openPage();
  const result = await page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const opens = [];
    wx.onSocketOpen((res) => opens.push(Object.keys(res)));
    wx.onSocketOpen(5);
    wx.onSocketError(null);
    const task = wx.connectSocket({ url });
    const taskOpen = await nextEvent(task, 'open');
    await new Promise((resolve) => setTimeout(resolve, 0));
    task.close();
    return { opens, taskOpenKeys: Object.keys(taskOpen) };
  }, fx.ws.url('/echo'));
  const errors = page.consoleMessages.filter((m) => m.startsWith('error:'));
  await page.close();
  assert.deepEqual(result.opens, [['header']], 'the first listener stays; the global one gets {header} only');
  assert.deepEqual(result.taskOpenKeys, ['header', 'profile']);
  assert.deepEqual(errors, [
    'error: wx.onSocketOpen: parameter error: listener should be Function instead of Number',
    'error: wx.onSocketError: parameter error: listener should be Function instead of Null',
  ]);
});

test('app code cannot construct Wx or SocketTask, nor reach a task\'s listeners or final stats', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const names = (object) => Object.getOwnPropertyNames(Object.getPrototypeOf(object)).filter((name) => name.startsWith('_'));
    const construct = (Class) => { try { new Class(); return 'constructed'; } catch (e) { return `${e.name}: ${e.message}`; } };
    const out = { hidden: [...names(task), ...names(wx)], wx: construct(sdk.Wx), task: construct(sdk.SocketTask) };
    task.close();
    await nextEvent(task, 'close');
    out.stats = task.getStats().state;
    return out;
  }, fx.ws.url('/echo'));
  assert.deepEqual(result, {
    hidden: [],
    wx: 'TypeError: Illegal constructor: createWx() returns Wx objects',
    task: 'TypeError: Illegal constructor: wx.connectSocket() returns SocketTask objects',
    stats: 'closed',
  });
});

test('the SDK runs under script-src \'self\' \'wasm-unsafe-eval\' (no eval, no new Function)', async () => {
  const page = await fx.openPage(`${CSP_PAGE}?ws=${encodeURIComponent(fx.ws.url('/echo'))}`);
  const result = await page.evaluate(() => window.cspResult);
  const violations = page.consoleMessages.filter((m) => /Content Security Policy|Refused/.test(m));
  await page.close();
  assert.deepEqual(result, { evalBlocked: true, data: 'under csp' });
  assert.deepEqual(violations, []);
});

test('1,000 connect/close cycles: no growth of wasm memory, heap in use or live handles', async () => {
  const figures = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const cycle = async () => {
      // Tasks are dropped without listeners of the app's own; only the close is awaited.
      const task = wx.connectSocket({ url });
      await nextEvent(task, 'open');
      task.close();
      await nextEvent(task, 'close');
    };
    for (let i = 0; i < 50; i++) await cycle();  // warm-up: allocator pools, handle table
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = wx.debugStats;
    for (let i = 0; i < 1000; i++) await cycle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { before, after: wx.debugStats };
  }, fx.ws.url('/echo'));
  console.log('leak check:', JSON.stringify(figures));
  assert.equal(figures.after.heldTasks, 0);
  assert.equal(figures.after.liveSocketHandles, figures.before.liveSocketHandles);
  assert.equal(figures.after.wasmMemoryBytes, figures.before.wasmMemoryBytes);
  assert.ok(figures.after.heapBytesInUse <= figures.before.heapBytesInUse + 1024,
    `heap in use grew from ${figures.before.heapBytesInUse} to ${figures.after.heapBytesInUse}`);
});

test('dispose() from inside a listener closes everything and frees the core', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    await new Promise((resolve) => task.onOpen(() => { wx.dispose(); resolve(); }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    let thrown = '';
    try { wx.connectSocket({ url }); } catch (e) { thrown = e.message; }
    return { readyState: task.readyState, thrown, stats: wx.debugStats };
  }, fx.ws.url('/echo'));
  assert.equal(result.readyState, 3);
  assert.equal(result.thrown, 'wx-socket-wasm: this wx object was disposed');
  assert.equal(result.stats.heldTasks, 0);
});

test('dispose() from onOpen: queued messages fail and none of them is sent', async () => {
  const before = fx.ws.received.length;
  const outcomes = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, queue: true });
    const results = [];
    for (const data of ['queued 1', 'queued 2']) {
      task.send({ data, success: () => results.push('ok'), fail: ({ errMsg }) => results.push(errMsg) });
    }
    await new Promise((resolve) => task.onOpen(() => { wx.dispose(); resolve(); }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    return results;
  }, fx.ws.url('/collect'));
  assert.deepEqual(outcomes, ['sendSocketMessage:fail the wx object was disposed',
    'sendSocketMessage:fail the wx object was disposed']);
  assert.deepEqual(fx.ws.received.slice(before), []);
});
