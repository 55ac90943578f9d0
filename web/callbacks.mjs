// WeChat's success/fail/complete convention, and its Promise style for the APIs that have one.

const CALLBACK_KEYS = ['success', 'fail', 'complete'];

/** True when `options` names a success, fail or complete callback. */
export function hasCallbacks(options) {
  return isObject(options) && CALLBACK_KEYS.some((key) => options[key] !== undefined);
}

export function isObject(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
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
export function settle(options, result) {
  const callbacks = isObject(options) ? options : {};
  const { success, fail, complete } = callbacks;
  if (!success && !fail && !complete) return;  // the common fire-and-forget send
  const ok = result.errMsg.endsWith(':ok');
  queueMicrotask(() => {
    invokeSafely(ok ? success : fail, result);
    invokeSafely(complete, result);
  });
}

/**
 * For APIs with a Promise style (wx.sendSocketMessage, wx.closeSocket). `run(settleWith)` starts
 * the call and hands its result to `settleWith` once known. With no callback in `options`,
 * returns a Promise that resolves or rejects with the result; otherwise settles the callbacks
 * and returns undefined.
 */
export function settleOrPromise(options, run) {
  if (hasCallbacks(options)) {
    run((result) => settle(options, result));
    return undefined;
  }
  return new Promise((resolve, reject) => {
    run((result) => (result.errMsg.endsWith(':ok') ? resolve(result) : reject(result)));
  });
}
