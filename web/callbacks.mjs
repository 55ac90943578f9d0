// WeChat's success/fail/complete convention, and its Promise style for the APIs that have one.
// Callbacks are read once, when the API is called: an outcome that arrives later, from inside
// the core, runs what was read then and never touches the app's object again.

// The fields of connectSocket, close and closeSocket: the callbacks (inherited ones too) and
// every other own field.
const readOptionFields = ({ success, fail, complete, ...rest }) => ({ ...rest, success, fail, complete });

/**
 * Reads a wx API argument once, as WeChat would: `read(options)` takes the fields the API uses.
 * Returns {options, fields, callbacks}: `fields` is null for what is not an object or cannot be
 * read (a revoked Proxy, a getter that throws), `callbacks` null when they name no success,
 * fail or complete. web/wire.mjs's wireOf gives the JSON the core reads.
 */
export function readArgument(options, read = readOptionFields) {
  let fields = null;
  if (Object(options) === options) {
    try {
      fields = read(options);
    } catch {
      // unreadable: the core names it (wireOf)
    }
  }
  return argumentOf(options, fields);
}

/** readArgument's result for `fields` already read from `options` (null or false: none could be). */
export function argumentOf(options, fields) {
  const named = fields && (fields.success !== undefined || fields.fail !== undefined ||
    fields.complete !== undefined);
  return { options, fields, callbacks: named ? fields : null };
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
