// Messages that go around the core on the bypass lane (docs/ARCHITECTURE.md) reach the same
// listeners and count in the same figures as those that go through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

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
