// A `ws` client for tests that wait for frames: every frame is kept in `received`, unclaimed
// ones in `inbox`; next(predicate) claims the first match, waiting up to timeoutMs, and fails
// at once if the socket closes first. Shared by the chat demo's server tests and the STOMP
// broker tests.
import WebSocket from 'ws';

/**
 * Opens `url` and resolves once open. `parse(data, isBinary)` makes each frame what the tests
 * match on. `closed` resolves with {code, reason} when the socket closes.
 */
export async function openInboxSocket(url, { protocols = [], parse, waitMs }) {
  const socket = new WebSocket(url, protocols);
  const received = [];
  const inbox = [];
  const waiters = new Set();
  const wakeWaiters = () => { for (const waiter of waiters) waiter(); };
  const closed = new Promise((resolve) => socket.once('close', (code, reason) => {
    resolve({ code, reason: reason.toString() });
    wakeWaiters();
  }));
  socket.on('message', (data, isBinary) => {
    const frame = parse(data, isBinary);
    received.push(frame);
    inbox.push(frame);
    wakeWaiters();
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const claim = (predicate) => {
    const index = inbox.findIndex(predicate);
    return index === -1 ? undefined : inbox.splice(index, 1)[0];
  };
  return {
    socket,
    received,
    inbox,
    closed,
    next(predicate, timeoutMs = waitMs) {
      return new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        const check = () => {
          const frame = claim(predicate);
          if (frame !== undefined) {
            finish();
            resolve(frame);
          } else if (socket.readyState === WebSocket.CLOSED) {
            finish();
            reject(new Error(`socket closed while waiting; received: ${JSON.stringify(received)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`nothing matched in ${timeoutMs} ms; received: ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
