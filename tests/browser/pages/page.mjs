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
