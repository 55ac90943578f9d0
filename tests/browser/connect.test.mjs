// connectSocket's contract: a task always, async callbacks, errMsg table, limit, timeout.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

test('connectSocket returns a task synchronously; success runs after return, then open', async () => {
  const order = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const order = [];
    const task = wx.connectSocket({
      url,
      success: (r) => order.push(`success ${r.errMsg} ${typeof r.socketTaskId}`),
      complete: () => order.push('complete'),
    });
    order.push(`returned ${task instanceof sdk.SocketTask} ${task.readyState}`);
    await nextEvent(task, 'open');
    order.push(`open ${task.readyState}`);
    task.close();
    return order;
  }, fx.ws.url('/echo'));
  assert.deepEqual(order, ['returned true 0', 'success connectSocket:ok number', 'complete', 'open 1']);
});

test('onOpen gives {header, profile} and several listeners all fire', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const seen = [];
    task.onOpen(() => seen.push('first'));
    task.onOpen(() => { throw new Error('listener bug'); });
    const open = await nextEvent(task, 'open');
    task.close();
    return { seen, header: open.header, profileKeys: Object.keys(open.profile), cost: open.profile.cost, errors: pageErrors };
  }, fx.ws.url('/echo'));
  assert.deepEqual(result.seen, ['first']);
  assert.deepEqual(result.header, {});
  assert.deepEqual(result.profileKeys, ['fetchStart', 'connectStart', 'connectEnd', 'cost']);
  assert.ok(result.cost >= 0);
  assert.ok(result.errors.includes('listener bug'), 'a throwing listener is reported like an event listener error');
});

test('send before open fails with WeChat\'s errMsg', async () => {
  const errMsg = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    const errMsg = await new Promise((resolve) => task.send({ data: 'early', fail: (r) => resolve(r.errMsg) }));
    task.close();
    return errMsg;
  }, fx.ws.url('/echo'));
  assert.equal(errMsg, 'sendSocketMessage:fail WebSocket is not connected');
});

test('errMsg table: every bad argument reaches fail, then onError and onClose', async () => {
  const rows = await fx.page.evaluate(async () => {
    const wx = await sdk.createWx({ domainAllowlist: ['127.0.0.1', 'chat.example.com'] });
    const cases = [
      { url: 42 },
      { url: 'http://127.0.0.1/' },
      { url: 'ws://127.0.0.1/#frag' },
      { url: 'ws://evil.example.com/' },
      { url: 'ws://127.0.0.1/', protocols: ['ok', 'not ok'] },
      { url: 'ws://127.0.0.1/', timeout: NaN },
      { url: 'ws://127.0.0.1/', header: 'token' },
      { url: 'ws://127.0.0.1/', complete: 'nope', fail: undefined },
    ];
    const out = [];
    for (const options of cases) {
      const failed = new Promise((resolve) => { options.fail ??= (r) => resolve(r.errMsg); });
      const task = wx.connectSocket(options);
      const events = recordEvents(task);
      await nextEvent(task, 'close');
      out.push({ fail: options.complete === 'nope' ? null : await failed, events: events.map(([k, r]) => (k === 'error' ? r.errMsg : k === 'close' ? `close ${r.code}` : k)) });
    }
    return out;
  });
  const expected = [
    'connectSocket:fail parameter error: parameter.url should be String instead of Number;',
    'connectSocket:fail invalid url "http://127.0.0.1/": the scheme must be ws:// or wss://',
    'connectSocket:fail invalid url "ws://127.0.0.1/#frag": a WebSocket URL has no #fragment',
    'connectSocket:fail url not in domain list: "evil.example.com" is not in domainAllowlist',
    'connectSocket:fail parameter error: parameter.protocols[1] "not ok" is not a valid subprotocol token;',
    'connectSocket:fail parameter error: parameter.timeout should be a finite Number;',
    'connectSocket:fail parameter error: parameter.header should be Object instead of String;',
    'connectSocket:fail parameter error: parameter.complete should be Function instead of String;',
  ];
  rows.forEach((row, i) => {
    if (row.fail !== null) assert.equal(row.fail, expected[i]);
    assert.deepEqual(row.events, [expected[i], 'close 1006']);
  });
});

test('connectSocket with no argument still returns a task that reports the error', async () => {
  const events = await fx.page.evaluate(async () => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket();
    const events = recordEvents(task);
    await nextEvent(task, 'close');
    return events.map(([kind, r]) => `${kind} ${r.errMsg ?? r.code}`);
  });
  assert.deepEqual(events, [
    'error connectSocket:fail parameter error: parameter should be Object instead of Undefined;',
    'close 1006',
  ]);
});

test('requireWss refuses ws:// URLs', async () => {
  const errMsg = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx({ requireWss: true });
    return new Promise((resolve) => wx.connectSocket({ url, fail: (r) => resolve(r.errMsg) }));
  }, fx.ws.url('/echo'));
  assert.equal(errMsg, `connectSocket:fail url must use wss:// (requireWss is on): "${fx.ws.url('/echo')}"`);
});

test('unsupported options are accepted with one warning per option', async () => {
  const page = await fx.openPage();
  await page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    for (let i = 0; i < 3; i++) {
      const task = wx.connectSocket({ url, header: { token: 'x' }, tcpNoDelay: true });
      await nextEvent(task, 'open');
      task.close();
      await nextEvent(task, 'close');
    }
  }, fx.ws.url('/echo'));
  const warnings = page.consoleMessages.filter((m) => m.startsWith('warning: wx-socket-wasm'));
  await page.close();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /option\(s\) header, tcpNoDelay cannot be honoured by a browser/);
});

test('the 6th concurrent connection fails and a closed one frees its slot', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const tasks = [];
    for (let i = 0; i < 5; i++) tasks.push(wx.connectSocket({ url }));
    await Promise.all(tasks.map((t) => nextEvent(t, 'open')));
    const sixth = await new Promise((resolve) => wx.connectSocket({ url, fail: (r) => resolve(r.errMsg) }));
    // Closing one frees its slot, although the app registered no onClose listener.
    tasks[0].close();
    await new Promise((resolve) => { const poll = () => (tasks[0].readyState === 3 ? resolve() : setTimeout(poll, 5)); poll(); });
    const again = wx.connectSocket({ url });
    const reused = await new Promise((resolve) => { again.onOpen(() => resolve('open')); again.onError((r) => resolve(r.errMsg)); });
    for (const t of [...tasks, again]) t.close();
    return { sixth, reused };
  }, fx.ws.url('/echo'));
  assert.equal(result.sixth, 'connectSocket:fail exceed max concurrent count 5');
  assert.equal(result.reused, 'open');
});

test('a handshake that never completes is aborted at the timeout', async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx({ networkTimeout: { connectSocket: 60000 } });
    const started = performance.now();
    const task = wx.connectSocket({ url, timeout: 300 });
    const events = recordEvents(task);
    await nextEvent(task, 'close');
    return { elapsed: performance.now() - started, events: events.map(([k, r]) => `${k} ${r.errMsg ?? r.code + ' ' + r.reason}`), stats: wx.debugStats };
  }, fx.blackHole.url);
  assert.deepEqual(result.events, ['error connectSocket:fail timeout', 'close 1006 connect timeout']);
  assert.ok(result.elapsed >= 290, `aborted after ${result.elapsed} ms`);
});

test('a refused connection reports onError then onClose and frees the slot', async () => {
  const result = await fx.page.evaluate(async () => {
    const wx = await sdk.createWx({ maxConnections: 1 });
    const task = wx.connectSocket({ url: 'ws://127.0.0.1:1/' });
    const events = recordEvents(task);
    await nextEvent(task, 'close');
    const next = await new Promise((resolve) => wx.connectSocket({ url: 'ws://127.0.0.1:1/', success: (r) => resolve(r.errMsg) }));
    return { events: events.map(([k, r]) => `${k} ${r.errMsg ?? r.code}`), next };
  });
  assert.deepEqual(result.events, ['error WebSocket connection failed', 'close 1006']);
  assert.equal(result.next, 'connectSocket:ok');
});

test('createWx rejects a bad config with a TypeError naming the field', async () => {
  const message = await fx.page.evaluate(() => sdk.createWx({ maxConnections: 0 }).then(() => 'resolved', (e) => `${e.name}: ${e.message}`));
  assert.equal(message, 'TypeError: createWx: parameter error: parameter.maxConnections should be an integer from 1 to 1000;');
});
