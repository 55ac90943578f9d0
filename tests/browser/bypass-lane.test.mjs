// Messages that go around the core on the bypass lane (docs/ARCHITECTURE.md) reach the same
// listeners and count in the same figures as those that go through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ROOT } from '../../scripts/local-servers.mjs';
import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

test('getStats counts what a plain task sent and received around the core', async () => {
  const stats = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url });
    await nextEvent(task, 'open');
    let received = 0;
    const echoed = new Promise((resolve) => task.onMessage(() => { if (++received === 3) resolve(); }));
    task.send({ data: 'abc' });
    task.send({ data: '你好' });
    task.send({ data: new Uint8Array([1, 2, 3, 4]).buffer });
    await echoed;
    const { messagesIn, messagesOut, bytesIn, bytesOut } = task.getStats();
    wx.dispose();
    return { messagesIn, messagesOut, bytesIn, bytesOut };
  }, fx.ws.url('/echo'));
  // Sent text in UTF-8 bytes (3 + 6); received text no rule reads in UTF-16 code units (3 + 2).
  assert.deepEqual(stats, { messagesIn: 3, messagesOut: 3, bytesIn: 9, bytesOut: 13 });
});

test('wx.onSocketMessage moves to the older task when the newest closes, for messages around the core too', async () => {
  const seen = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const seen = [];
    wx.onSocketMessage(({ data }) => seen.push(`legacy ${data}`));
    const older = wx.connectSocket({ url });
    const newer = wx.connectSocket({ url });
    await Promise.all([nextEvent(older, 'open'), nextEvent(newer, 'open')]);
    older.send({ data: 'before' });
    await nextEvent(older, 'message');
    newer.send({ data: 'newest' });
    await nextEvent(newer, 'message');
    newer.close();
    await nextEvent(newer, 'close');
    older.send({ data: 'after' });
    await nextEvent(older, 'message');
    wx.dispose();
    return seen;
  }, fx.ws.url('/echo'));
  assert.deepEqual(seen, ['legacy newest', 'legacy after']);
});

// Counts, not times: the lane exists so that an echoed message costs no call into wasm. A queue
// task logs its sends nobody awaits (32 to a log) and the core takes a full log in with one
// call; their echoes go around it.
test('echoes cost no call into wasm on a plain or heartbeat task, and one per log of sends on a queue task whose sends nobody awaits', async () => {
  // A page of its own, whose first createWx makes the wasm instance the counter wraps.
  const page = await fx.openPage(undefined, { initScript: `${ROOT}scripts/count-wasm-calls.js` });
  const calls = await page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    // 160 sends back to back, then 40 each sent from the previous one's echo: text and binary.
    const callsFor200Echoes = async (options) => {
      const task = wx.connectSocket({ url, ...options });
      await nextEvent(task, 'open');
      const payloads = ['hello', new Uint8Array([1, 2, 3]).buffer];
      let received = 0;
      let sent = 0;
      const send = () => task.send({ data: payloads[sent++ % 2] });
      const before = wasmCallCounts.into;
      await new Promise((resolve) => {
        task.onMessage(() => {
          if (++received === 200) resolve();
          else if (received >= 160) send();
        });
        while (sent < 160) send();
      });
      const calls = wasmCallCounts.into - before;
      task.close();
      return calls;
    };
    const result = {
      plain: await callsFor200Echoes({}),
      heartbeat: await callsFor200Echoes({ heartbeat: { intervalMs: 60000, timeoutMs: 60000 } }),
      queueAndHeartbeat: await callsFor200Echoes({ queue: true, heartbeat: { intervalMs: 60000, timeoutMs: 60000 } }),
    };
    wx.dispose();
    return result;
  }, fx.ws.url('/echo'));
  await page.close();
  // At most one: a message around the core may ask which task the wx.onSocket* listeners follow.
  assert.ok(calls.plain <= 1, `calls into wasm: ${calls.plain}`);
  // A heartbeat's ping is due in a minute: meanwhile its task is as plain (the page is visible).
  assert.ok(calls.heartbeat <= 1, `calls into wasm: ${calls.heartbeat}`);
  // About 200 / 32 logs, and a check of what the browser has written.
  assert.ok(calls.queueAndHeartbeat > 0 && calls.queueAndHeartbeat <= 200 / 16, `calls into wasm: ${calls.queueAndHeartbeat}`);
});
