// WeChat's success/fail/complete convention, and its Promise style for the APIs that have one.
// Callbacks are read once, when the API is called: an outcome that arrives later, from inside
// the core, runs what was read then and never touches the app's options object again.

import { readFields, toWire, typeName } from './wire.mjs';

export const CALLBACK_KEYS = ['success', 'fail', 'complete'];

/** The fields read once, or null when they name no success, fail or complete callback. */
export function callbacksOf(fields) {
  return fields && CALLBACK_KEYS.some((key) => fields[key] !== undefined) ? fields : null;
}

/**
 * Reads the argument of connectSocket, close or closeSocket once: its own fields and its
 * callbacks (`fields`, null unless it is a readable plain object), and the JSON the core reads.
 */
export function readOptions(options) {
  let fields = null;
  if (typeName(options) === 'Object') {
    try {
      fields = readFields(options, new Set([...Object.keys(options), ...CALLBACK_KEYS]));
    } catch {
      // a Proxy whose ownKeys trap threw: the core is told it is unreadable
    }
  }
  return { fields, callbacks: callbacksOf(fields), wire: toWire(fields ?? options) };
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
