// wx-socket-wasm: the WeChat mini-program socket API for web pages, on a C++/WebAssembly core.

import createWxCoreModule from './wx-core.mjs';
import { Wx } from './wx.mjs';

export { SocketTask } from './socket-task.mjs';
export { Wx };

let corePromise = null;

// One wasm instance serves every wx object of the page.
function loadCore() {
  corePromise ??= createWxCoreModule().catch((error) => {
    corePromise = null;  // let a later call try again
    throw error;
  });
  return corePromise;
}

/** A fresh, independent `wx`-like object. Rejects with a TypeError for a bad config. */
export async function createWx(config) {
  return new Wx(await loadCore(), config);
}

/** createWx(), also assigned to `target.wx`, so unmodified mini-program code runs. */
export async function install(target = globalThis, config) {
  if (typeof target !== 'object' || target === null) {
    throw new TypeError('install: target should be an object (default: globalThis)');
  }
  const wx = await createWx(config);
  target.wx = wx;
  return wx;
}
