// The echo bench's contenders, each behind the same small interface, and the payloads they echo.
// Shared by the bench page (bench/page.mjs, against the echo server) and the own-work page
// (bench/own-work-page.mjs, on a stand-in socket): every contender opens its socket with the
// page's global WebSocket, whichever that is.
import { createWx } from '/dist/wx-socket.mjs';
import ReconnectingWebSocket from '/build/bench/reconnecting-websocket.min.mjs';
import * as taro from '/build/bench/taro-socket.mjs';

// `bytes` of UTF-8: ASCII text, Chinese text (3 bytes a character, the common case for WeChat
// apps: '你好世界' repeated, one character short when `bytes` is not a multiple of 3) or binary.
export function payloadOf(kind, bytes) {
  if (kind === 'text') return 'x'.repeat(bytes);
  if (kind === 'cjk') return '你好世界'.repeat(Math.ceil(bytes / 12)).slice(0, Math.floor(bytes / 3));
  return new Uint8Array(bytes).map((_, i) => i & 0xff).buffer;
}

// A connection: send(data), onData(fn), close(). Resolves once open.
function openRaw(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => resolve({
      send: (data) => socket.send(data),
      onData: (fn) => { socket.onmessage = (event) => fn(event.data); },
      close: () => socket.close(),
    });
    socket.onerror = () => reject(new Error('raw: connection failed'));
  });
}

function openWx(sdk, url, options) {
  return new Promise((resolve, reject) => {
    const task = sdk.connectSocket({ url, ...options });
    let handler = () => {};
    task.onMessage(({ data }) => handler(data));
    task.onOpen(() => resolve({
      send: (data) => task.send({ data }),
      onData: (fn) => { handler = fn; },
      close: () => task.close(),
    }));
    task.onError(({ errMsg }) => reject(new Error(`sdk: ${errMsg}`)));
  });
}

function openRws(url) {
  return new Promise((resolve) => {
    const socket = new ReconnectingWebSocket(url, [], { maxRetries: 0 });
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => resolve({
      send: (data) => socket.send(data),
      onData: (fn) => { socket.onmessage = (event) => fn(event.data); },
      close: () => socket.close(),
    }), { once: true });
  });
}

// Taro H5's wx.connectSocket: the same API shape as this SDK's.
async function openTaro(url) {
  const task = await taro.connectSocket({ url }).catch(({ errMsg }) => { throw new Error(`taro-h5: ${errMsg}`); });
  return new Promise((resolve) => {
    task.onOpen(() => resolve({
      send: (data) => task.send({ data }),
      onData: (fn) => task.onMessage((res) => fn(res.data)),
      close: () => task.close({}),
    }));
  });
}

/**
 * {wx, contenders}: this SDK's wx object, and the openers by name (each takes a URL). With
 * `?base=/build/ab-base` in the page's address, another build of the SDK (its wx-socket.mjs and
 * wx-core.wasm) is measured beside this one as the `base` contenders (`--base` of the tools);
 * with `?base=/build/a,/build/b`, the second is `base2`, and so on.
 * `resilience`: the options of the `+queue+heartbeat` contenders.
 */
export async function createContenders({ maxConnections, resilience }) {
  const wx = await createWx({ maxConnections });
  const contenders = {
    raw: openRaw,
    sdk: (url) => openWx(wx, url, {}),
    'sdk+queue+heartbeat': (url) => openWx(wx, url, resilience),
    'reconnecting-websocket': openRws,
    'taro-h5': openTaro,
  };
  const baseDirectories = new URLSearchParams(location.search).get('base')?.split(',') ?? [];
  for (const [index, directory] of baseDirectories.entries()) {
    const baseWx = await (await import(`${directory}/wx-socket.mjs`)).createWx({ maxConnections });
    const name = index ? `base${index + 1}` : 'base';
    contenders[name] = (url) => openWx(baseWx, url, {});
    contenders[`${name}+queue+heartbeat`] = (url) => openWx(baseWx, url, resilience);
  }
  return { wx, contenders };
}
