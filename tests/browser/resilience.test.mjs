// Queue, heartbeat and reconnect against real processes: a fault proxy that kills and
// black-holes connections, and a server that restarts. These assert correctness (no message
// without an outcome, none with two, order kept, events in order); `npm run chaos` prints timings.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';
import { halfOpenDetection, numberedThroughDrops, outageSpread, serverRestart } from './resilience-scenarios.mjs';

const fx = useBrowserFixture();

test('2,000 numbered messages through 10 forced drops: one outcome each, every success arrived, order kept', async () => {
  const result = await numberedThroughDrops(fx, { count: 2000, drops: 10, dropEveryMs: 120 });
  assert.equal(result.drops, 10);
  const { ok, failed, none, moreThanOne } = result.outcomes;
  assert.deepEqual({ settled: ok + failed, none, moreThanOne }, { settled: 2000, none: 0, moreThanOne: 0 });
  // A success was confirmed by a pong; a failure is only ever a message a cut left in doubt.
  assert.equal(result.server.succeededButNotReceived, 0);
  assert.deepEqual(Object.keys(result.failReasons).filter((reason) => !reason.includes('it may have arrived')), []);
  assert.ok(ok > 1000, JSON.stringify(result.outcomes));  // doubt is the exception, not the rule
  assert.equal(result.server.duplicates, 0);
  assert.equal(result.server.outOfOrder, 0);
  assert.ok(result.events.filter((kind) => kind === 'Reconnecting').length >= 10, result.events.join());
});

test('a black-holed (half-open) connection is found by the heartbeat and replaced', async () => {
  const result = await halfOpenDetection(fx, { intervalMs: 300, timeoutMs: 200, rounds: 2 });
  assert.ok(result.detectionMs.every((ms) => ms !== null), JSON.stringify(result));
});

test('a restarted server: the same task reconnects and onOpen fires again', async () => {
  const result = await serverRestart(fx, { downMs: 400, minDelayMs: 50, maxDelayMs: 400 });
  assert.ok(result.attempts >= 1);
  assert.notEqual(result.serverBackToReconnectedMs, null, JSON.stringify(result));
});

test('tasks dropped together reconnect at different times', async () => {
  const result = await outageSpread(fx, { tasks: 5 });
  assert.ok(result.reconnectedAfterMs.every((ms) => ms !== null), JSON.stringify(result));
  assert.equal(result.distinct, 5);
});

test('lifecycle events come in order and getStats follows the heartbeat', async () => {
  const first = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({
      url,
      heartbeat: { intervalMs: 50, timeoutMs: 1000 },
      reconnect: { minDelayMs: 30, maxDelayMs: 30 },
      queue: true,
    });
    const log = [];
    task.onStateChange(({ state }) => log.push(`state:${state}`));
    task.onOpen(() => log.push('open'));
    task.onReconnecting(({ attempt, code }) => log.push(`reconnecting:${attempt}:${code}`));
    task.onReconnected(({ attempts }) => log.push(`reconnected:${attempts}`));
    window.lifecycle = { task, log };
    await nextEvent(task, 'open');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { log: log.slice(), stats: task.getStats() };
  }, fx.proxy.url('/echo'));
  assert.deepEqual(first.log, ['state:open', 'open']);
  assert.ok(first.stats.rtt.samples >= 2, JSON.stringify(first.stats));
  assert.equal(first.stats.state, 'open');

  await fx.proxy.killAll();
  const after = await fx.page.evaluate(async () => {
    const { task, log } = window.lifecycle;
    while (log.filter((entry) => entry === 'open').length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stats = task.getStats();
    task.close();
    await nextEvent(task, 'close');
    return { log, stats, final: task.getStats() };
  });
  assert.deepEqual(after.log, ['state:open', 'open', 'state:reconnecting', 'reconnecting:1:1006',
    'state:connecting', 'state:open', 'reconnected:1', 'open', 'state:closing', 'state:closed']);
  assert.equal(after.stats.reconnects, 1);
  assert.equal(after.final.state, 'closed');
});

// The texts of the heartbeat pings a task with this `ping` option sends before it closes.
async function pingsSent(ping) {
  const before = fx.ws.received.length;
  const failure = await fx.page.evaluate(async ({ url, ping }) => {
    const wx = await sdk.createWx();
    const task = wx.connectSocket({ url, heartbeat: { intervalMs: 20, timeoutMs: 5000, ping } });
    const closed = nextEvent(task, 'close');
    const errors = [];
    task.onError(({ errMsg }) => errors.push(errMsg));
    if (!await Promise.race([nextEvent(task, 'open').then(() => true), closed.then(() => false)])) {
      return `closed before it opened: ${errors.join('; ')}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    task.close();
    await closed;
    return '';
  }, { url: fx.ws.url('/collect'), ping });
  assert.equal(failure, '');
  const pings = fx.ws.received.slice(before);
  assert.ok(pings.length >= 1, 'no ping reached the server');
  return pings;
}

test('a JSON heartbeat ping keeps its numbers exactly (parsed and written back by the core)', async () => {
  // Doubles whose nearest neighbours differ in the last bit: a parser that rounds once
  // wrong sends back a different number.
  const values = [0.1, 1 / 3, 0.30000000000000004, 5e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, -1.23456e-5, 1e21, 123456789.98765433];
  const pings = await pingsSent({ type: 'ping', values });
  assert.deepEqual(JSON.parse(pings[0]), { type: 'ping', values });
});

test('a JSON heartbeat ping is written as JSON.stringify would, control characters escaped', async () => {
  // The core writes the text (keys in order); control characters take the \u00XX escapes the
  // wasm build's own snprintf formats (bindings/integer_snprintf.cpp), the rest stays UTF-8.
  const text = '\u0001\u001f\b\t\n\u007f "\\ é 中 😀';
  const pings = await pingsSent({ text, type: 'ping' });
  assert.equal(pings[0], JSON.stringify({ text, type: 'ping' }));
  assert.match(pings[0], /\\u0001\\u001f\\b\\t\\n\u007f/);
});
