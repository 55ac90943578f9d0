// wx-socket-wasm: the WeChat mini-program socket API for web pages, on a C++/WebAssembly core.

import createWxCoreModule from './wx-core.mjs';
import { compileWasm } from './load-wasm.mjs';
import { Wx, newWx } from './wx.mjs';

export { SocketTask } from './socket-task.mjs';
export { StompClient } from './stomp-client.mjs';
export { Wx };

// What installApi() puts on a framework object: the whole socket API of wx (connectSocket,
// onSocketOpen, ..., closeSocket), and nothing else.
const SOCKET_API = Object.getOwnPropertyNames(Wx.prototype).filter((name) => name.includes('Socket'));

let corePromise = null;
let socketClass = null;

// One wasm instance serves every wx object of the page; the first call's config.wasm loads it.
function loadCore(wasm) {
  corePromise ??= compileWasm(wasm).then((wasmModule) => new Promise((resolve, reject) => {
    createWxCoreModule({
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance), reject);
        return {};
      },
    }).then(resolve, reject);
  })).catch((error) => {
    corePromise = null;  // let a later call try again
    throw error;
  });
  return corePromise;
}

// config.WebSocket serves every wx object (the sockets live in the one shared core), so a second,
// different class is refused rather than silently replacing the first.
function useSocketClass(module, chosen) {
  if (chosen === undefined) return;
  if (typeof chosen !== 'function' || (socketClass ?? chosen) !== chosen) {
    throw new TypeError('createWx: config.WebSocket should be a WebSocket class, the same for every wx object');
  }
  module.wxsUseSocketClass(socketClass = chosen);
}

/** A fresh, independent `wx`-like object. Rejects with a TypeError for a bad config. */
export async function createWx(config) {
  const module = await loadCore(config?.wasm);
  useSocketClass(module, config?.WebSocket);
  return newWx(module, config);
}

function requireTarget(target, apiName) {
  if (typeof target !== 'object' || target === null) {
    throw new TypeError(`${apiName}: target should be an object`);
  }
}

/** createWx(), also assigned to `target.wx`, so unmodified mini-program code runs. */
export async function install(target = globalThis, config) {
  requireTarget(target, 'install');
  const wx = await createWx(config);
  target.wx = wx;
  return wx;
}

/** createWx(), with its socket API put on a framework's object (Taro, uni): Taro.connectSocket... */
export async function installApi(target, config) {
  requireTarget(target, 'installApi');
  const wx = await createWx(config);
  for (const name of SOCKET_API) target[name] = wx[name].bind(wx);
  return wx;
}
