// WeChat's success/fail/complete convention, and its Promise style for the APIs that have one.
// Callbacks are read once, when the API is called: an outcome that arrives later, from inside
// the core, runs what was read then and never touches the app's object again.

import { readOnce, wireOf } from './wire.mjs';

/** `fields` as readOnce read them, or null when they name no success, fail or complete. */
export function callbacksOf(fields) {
  return fields && ['success', 'fail', 'complete'].some((key) => fields[key] !== undefined) ? fields : null;
}

/**
 * Reads the argument of connectSocket, close or closeSocket once: its callbacks (inherited ones
 * too) and its other own fields. Returns those `fields` (null for what is not a readable
 * object), the `callbacks` and the `wire` JSON for the core.
 */
export function readOptions(options) {
  const fields = readOnce(options, ({ success, fail, complete, ...rest }) => ({ ...rest, success, fail, complete }));
  return { fields, callbacks: callbacksOf(fields), wire: wireOf(options, fields) };
}

/** Runs a listener or callback; an exception is reported like an event listener's, not thrown. */
export function invokeSafely(fn, result) {
  if (typeof fn !== 'function') return;
  try {
    fn(result);
  } catch (error) {
    if (typeof reportError === 'function') reportError(error);
    else setTimeout(() => { throw error; });
  }
}

/** Calls success or fail, then complete, after the current call has returned. */
export function settle(callbacks, result) {
  if (!callbacks) return;  // the common fire-and-forget send
  const ok = result.errMsg.endsWith(':ok');
  queueMicrotask(() => {
    invokeSafely(ok ? callbacks.success : callbacks.fail, result);
    invokeSafely(callbacks.complete, result);
  });
}

/**
 * For APIs with a Promise style (wx.sendSocketMessage, wx.closeSocket). `run(settleWith)` starts
 * the call and hands its result to `settleWith` once known. With no callbacks, returns a Promise
 * that resolves or rejects with the result; otherwise settles the callbacks and returns undefined.
 */
export function settleOrPromise(callbacks, run) {
  if (callbacks) {
    run((result) => settle(callbacks, result));
    return undefined;
  }
  return new Promise((resolve, reject) => {
    run((result) => (result.errMsg.endsWith(':ok') ? resolve(result) : reject(result)));
  });
}
