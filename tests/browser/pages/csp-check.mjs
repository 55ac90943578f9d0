// Runs inside a page served with `script-src 'self' 'wasm-unsafe-eval'`: everything here,
// including the SDK's start-up, is subject to that policy (unlike code a test injects).
import { createWx } from '/dist/wx-socket.mjs';

function evalIsBlocked() {
  try {
    new Function('return 1')();
    return false;
  } catch {
    return true;
  }
}

async function run() {
  const url = new URLSearchParams(location.search).get('ws');
  const wx = await createWx();
  const task = wx.connectSocket({ url });
  const reply = new Promise((resolve) => task.onMessage(({ data }) => resolve(data)));
  task.onOpen(() => task.send({ data: 'under csp' }));
  const data = await reply;
  task.close();
  return { evalBlocked: evalIsBlocked(), data };
}

run().then(
  (result) => { window.cspResult = result; },
  (error) => { window.cspResult = { error: String(error) }; },
).finally(() => { window.pageReady = true; });
