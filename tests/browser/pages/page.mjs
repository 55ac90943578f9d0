// Loaded by the test pages: exposes the SDK and a few helpers to page.evaluate().
import * as sdk from '/dist/wx-socket.mjs';

window.sdk = sdk;
window.pageErrors = [];
window.addEventListener('error', (event) => window.pageErrors.push(String(event.error?.message ?? event.message)));

/** Resolves with the first event of `kind` on a task ('open', 'message', 'error', 'close'). */
window.nextEvent = (task, kind) => new Promise((resolve) => {
  const method = { open: 'onOpen', message: 'onMessage', error: 'onError', close: 'onClose' }[kind];
  let done = false;
  task[method]((result) => { if (!done) { done = true; resolve(result); } });
});

/** Records every event of a task in order, as [kind, result] pairs. */
window.recordEvents = (task) => {
  const events = [];
  task.onOpen((r) => events.push(['open', r]));
  task.onMessage((r) => events.push(['message', r]));
  task.onError((r) => events.push(['error', r]));
  task.onClose((r) => events.push(['close', r]));
  return events;
};

window.pageReady = true;

/**
 * Sends `count` numbered text messages ("1", "2", ...) on one task, `batch` at a time with a
 * pause between batches, and waits (bounded) until every message has its outcome. Returns how
 * many successes and failures each message got, and the task's lifecycle events.
 */
// With `holdOpen`, the task stays open after its outcomes until the test sets
// window.releaseNumbered (or settleMs more pass), so drops made after the last send still hit it.
window.sendNumbered = async ({ url, count, batch = 50, pauseMs = 10, options = {}, settleMs = 20000, holdOpen = false }) => {
  const wx = await sdk.createWx();
  const task = wx.connectSocket({ url, ...options });
  const events = [];
  window.numberedEvents = events;  // read by a test holding the task open
  for (const kind of ['Open', 'Close', 'Error', 'Reconnecting', 'Reconnected', 'ReconnectFailed']) {
    task[`on${kind}`]((result) => events.push([kind, Date.now(), result]));
  }
  const successes = new Uint16Array(count + 1);
  const failures = new Uint16Array(count + 1);
  const failReasons = {};
  let settled = 0;
  for (let i = 1; i <= count; i++) {
    task.send({
      data: String(i),
      success: () => { successes[i]++; settled++; },
      fail: (r) => { failures[i]++; settled++; failReasons[r.errMsg] = (failReasons[r.errMsg] ?? 0) + 1; },
    });
    if (i % batch === 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  const deadline = Date.now() + settleMs;
  while (settled < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const holdDeadline = Date.now() + settleMs;
  while (holdOpen && !window.releaseNumbered && Date.now() < holdDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const stats = task.getStats();
  task.close();
  let noOutcome = 0, twice = 0, ok = 0, failed = 0;
  const succeeded = [];
  const failedNumbers = [];
  for (let i = 1; i <= count; i++) {
    const total = successes[i] + failures[i];
    if (total === 0) noOutcome++;
    if (total > 1) twice++;
    if (successes[i]) { ok++; succeeded.push(i); }
    if (failures[i]) { failed++; failedNumbers.push(i); }
  }
  return { ok, failed, noOutcome, twice, succeeded, failedNumbers, failReasons, events, stats };
};

/** Opens a task and records its lifecycle with wall-clock times; returns a handle for later. */
window.watchTask = async ({ url, options = {}, name = 'task' }) => {
  window.wxForWatch ??= await sdk.createWx({ maxConnections: 50 });
  const task = window.wxForWatch.connectSocket({ url, ...options });
  const log = [];
  for (const kind of ['Open', 'Close', 'Error', 'Reconnecting', 'Reconnected', 'ReconnectFailed']) {
    task[`on${kind}`]((result) => log.push([kind, Date.now(), result]));
  }
  (window.watched ??= {})[name] = { task, log };
  await nextEvent(task, 'open');
  return Date.now();
};
