// Arguments no JSON can describe (revoked Proxies, detached buffers, objects posing as the wire's
// type tags) get WeChat's usual treatment: a `fail` or a rejected Promise with a parameter error
// that names them, a TypeError only where there is no callback, and never a task and a throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

// Runs in the page: `calls` maps a name to a function of (wx, task, url, hostile) returning what
// happened: a callback's errMsg, a Promise's rejection, or what was thrown.
async function outcomes(url, calls) {
  const hostile = {
    revoked: () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
    detached: (View) => {
      const buffer = new ArrayBuffer(8);
      const view = View ? new View(buffer) : buffer;
      structuredClone(buffer, { transfer: [buffer] });
      return view;
    },
  };
  const describe = (value) => (value instanceof Error ? `${value.name}: ${value.message}`
    : value && typeof value === 'object' ? JSON.stringify(value) : String(value));
  const wx = await sdk.createWx();
  const task = wx.connectSocket({ url });
  await nextEvent(task, 'open');
  const results = {};
  const within = (promise) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('nothing'), 500))]);
  for (const [name, source] of Object.entries(calls)) {
    const call = eval(`(${source})`);  // eslint-disable-line no-eval
    let failed;
    const fail = new Promise((resolve) => { failed = resolve; });
    try {
      const returned = call({ wx, task, url, hostile, fail: ({ errMsg }) => failed(errMsg) });
      if (returned instanceof Promise) {
        results[name] = `rejected ${await within(returned.then(() => 'resolved', describe))}`;
      } else if (returned instanceof sdk.SocketTask) {
        results[name] = `task, ${await within(Promise.race([fail, nextEvent(returned, 'error').then((r) => `onError ${r.errMsg}`)]))}`;
        returned.close();
      } else {
        results[name] = `fail ${await within(fail)}`;
      }
    } catch (error) {
      results[name] = `threw ${describe(error)}`;
    }
  }
  const closed = nextEvent(task, 'close');
  task.close();
  await within(closed);
  await new Promise((resolve) => setTimeout(resolve, 50));  // released tasks go on the next tick
  return { results, stats: wx.debugStats, errors: pageErrors };
}

async function run(calls) {
  const page = await fx.openPage();
  const sources = Object.fromEntries(Object.entries(calls).map(([name, call]) => [name, call.toString()]));
  const result = await page.evaluate(`(${outcomes})(${JSON.stringify(fx.ws.url('/echo'))}, ${JSON.stringify(sources)})`);
  await page.close();
  return result;
}

test('detached buffers and revoked Proxies: a fail or rejection naming them, a TypeError only without callbacks', async () => {
  const { results, stats, errors } = await run({
    sendDetachedBuffer: ({ task, hostile, fail }) => task.send({ data: hostile.detached(), fail }),
    sendDetachedDataView: ({ task, hostile, fail }) => task.send({ data: hostile.detached(DataView), fail }),
    sendDetachedUint8Array: ({ task, hostile, fail }) => task.send({ data: hostile.detached(Uint8Array), fail }),
    sendRevokedData: ({ task, hostile, fail }) => task.send({ data: hostile.revoked(), fail }),
    sendRevoked: ({ task, hostile }) => task.send(hostile.revoked()),
    sendSocketMessageDetached: ({ wx, hostile }) => wx.sendSocketMessage({ data: hostile.detached(DataView) }),
    sendSocketMessageRevoked: ({ wx, hostile }) => wx.sendSocketMessage(hostile.revoked()),
    closeSocketRevoked: ({ wx, hostile }) => wx.closeSocket(hostile.revoked()),
    closeSocketRevokedReason: ({ wx, hostile, fail }) => wx.closeSocket({ reason: hostile.revoked(), fail }),
    closeRevoked: ({ task, hostile }) => task.close(hostile.revoked()),
    closeDetachedReason: ({ task, hostile, fail }) => task.close({ reason: hostile.detached(DataView), fail }),
    connectRevoked: ({ wx, hostile }) => wx.connectSocket(hostile.revoked()),
    connectRevokedUrl: ({ wx, hostile, fail }) => wx.connectSocket({ url: hostile.revoked(), fail }),
    connectDetachedProtocols: ({ wx, url, hostile, fail }) => wx.connectSocket({ url, protocols: [hostile.detached()], fail }),
    onOpenRevoked: ({ task, hostile }) => task.onOpen(hostile.revoked()),
    onSocketOpenRevoked: ({ wx, hostile }) => wx.onSocketOpen(hostile.revoked()),
  });
  const send = 'sendSocketMessage:fail parameter error: parameter';
  const close = 'closeSocket:fail parameter error: parameter';
  const connect = 'connectSocket:fail parameter error: parameter';
  assert.deepEqual(results, {
    sendDetachedBuffer: `fail ${send}.data should be String or ArrayBuffer instead of detached ArrayBuffer;`,
    sendDetachedDataView: `fail ${send}.data should be String or ArrayBuffer instead of detached DataView;`,
    sendDetachedUint8Array: `fail ${send}.data should be String or ArrayBuffer instead of detached Uint8Array;`,
    sendRevokedData: `fail ${send}.data should be String or ArrayBuffer instead of revoked Proxy;`,
    sendRevoked: `threw TypeError: SocketTask.send: ${send} should be Object instead of revoked Proxy;`,
    sendSocketMessageDetached: `rejected {"errMsg":"${send}.data should be String or ArrayBuffer instead of detached DataView;"}`,
    sendSocketMessageRevoked: `rejected {"errMsg":"${send} should be Object instead of revoked Proxy;"}`,
    closeSocketRevoked: `rejected {"errMsg":"${close} should be Object instead of revoked Proxy;"}`,
    closeSocketRevokedReason: `fail ${close}.reason should be String instead of revoked Proxy;`,
    closeRevoked: `threw TypeError: SocketTask.close: ${close} should be Object instead of revoked Proxy;`,
    closeDetachedReason: `fail ${close}.reason should be String instead of detached DataView;`,
    connectRevoked: `task, onError ${connect} should be Object instead of revoked Proxy;`,
    connectRevokedUrl: `task, ${connect}.url should be String instead of revoked Proxy;`,
    connectDetachedProtocols: `task, ${connect}.protocols[0] should be String instead of detached ArrayBuffer;`,
    onOpenRevoked: 'threw TypeError: SocketTask.onOpen: parameter error: listener should be Function instead of revoked Proxy',
    onSocketOpenRevoked: 'fail nothing',  // reported on the console and ignored, as WeChat does
  });
  assert.equal(stats.heldTasks, 0);
  assert.deepEqual(errors, []);
});

// An ArrayBuffer's bytes are its own; a view's are those its buffer, offset and length name,
// refused beyond the buffer's end. Either way, what is counted, reserved and copied is what is sent.
test('bytes claiming a byteLength they do not have: what is sent is what is counted, kept and framed', async () => {
  const result = await fx.page.evaluate(async (url) => {
    // Own byteLength properties, a subclass's getter and a Proxy that passes everything through.
    const claiming = (value, claimed) => Object.defineProperty(value, 'byteLength', { value: claimed });
    class Claiming extends Uint8Array {
      get byteLength() { return 1; }
    }
    const wx = await sdk.createWx();
    // A STOMP body is written into wasm memory (whether or not the client is connected yet):
    // room reserved by a false size would be overrun.
    const stomp = wx.connectStomp({ url, reconnect: false });
    let stompThrew = null;
    try {
      stomp.send({ destination: '/queue/q', body: claiming(new ArrayBuffer(256 * 1024), 1), fail: () => {} });
      stomp.send({ destination: '/queue/q', body: new Claiming(64 * 1024), fail: () => {} });
    } catch (error) {
      stompThrew = String(error);
    }
    const echoes = [];
    for (const options of [{}, { queue: true }]) {
      const task = wx.connectSocket({ url, ...options });
      await nextEvent(task, 'open');
      const sizes = [];
      task.onMessage(({ data }) => sizes.push(data.byteLength));
      task.send({ data: claiming(new ArrayBuffer(1000), 10) });
      task.send({ data: claiming(new Uint8Array(10), 1000) });  // beyond its buffer: refused
      task.send({ data: new Claiming(100) });  // one byte, as it says
      task.send({ data: new Proxy(new Uint8Array(3), {}) });  // not bytes: refused
      const deadline = Date.now() + 5000;
      while (sizes.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      echoes.push({ sizes, bytesOut: task.getStats().bytesOut });
    }
    wx.dispose();
    // The page's one wasm instance still works.
    const after = await sdk.createWx();
    const task = after.connectSocket({ url });
    const opened = (await nextEvent(task, 'open')) !== undefined;
    after.dispose();
    return { stompThrew, echoes, opened };
  }, fx.ws.url('/echo'));
  const echoed = { sizes: [1000, 1], bytesOut: 1001 };
  assert.deepEqual(result, { stompThrew: null, echoes: [echoed, echoed], opened: true });
});

test('an argument whose getter throws is Unreadable: its callbacks too, so a TypeError or a rejection where none was read', async () => {
  const { results, stats } = await run({
    sendData: ({ task, fail }) => task.send({ get data() { throw new Error('no data'); }, fail }),
    sendSocketMessageSuccess: ({ wx }) => wx.sendSocketMessage({ data: 'x', get success() { throw new Error('no'); } }),
    connectUrl: ({ wx, fail }) => wx.connectSocket({ get url() { throw new Error('no url'); }, fail }),
    closeCode: ({ task, fail }) => task.close({ get code() { throw new Error('no code'); }, fail }),
    // Below the top level, the callbacks were read: they get the error.
    connectHeartbeatPing: ({ wx, url, fail }) => wx.connectSocket({ url, heartbeat: { get ping() { throw new Error('no'); } }, fail }),
    closeSocketToStringTag: ({ wx, fail }) => wx.closeSocket({ reason: { get [Symbol.toStringTag]() { throw new Error('no'); } }, fail }),
  });
  const unreadable = 'parameter error: parameter should be Object instead of Unreadable;';
  assert.deepEqual(results, {
    sendData: `threw TypeError: SocketTask.send: sendSocketMessage:fail ${unreadable}`,
    sendSocketMessageSuccess: `rejected {"errMsg":"sendSocketMessage:fail ${unreadable}"}`,
    connectUrl: `task, onError connectSocket:fail ${unreadable}`,
    closeCode: `threw TypeError: SocketTask.close: closeSocket:fail ${unreadable}`,
    connectHeartbeatPing: `task, connectSocket:fail ${unreadable}`,
    closeSocketToStringTag: 'fail closeSocket:fail parameter error: parameter.reason should be String instead of Unreadable;',
  });
  assert.equal(stats.heldTasks, 0);
});

test('user objects never pass for the wire\'s type tags (finding 5): they are named for what they are', async () => {
  const { results, errors } = await run({
    pingTaggedString: ({ wx, url, fail }) => wx.connectSocket({ url, heartbeat: { ping: { __wxType: 'String' } }, fail }),
    pongTaggedString: ({ wx, url, fail }) => wx.connectSocket({ url, heartbeat: { pong: { __wxType: 'String' } }, fail }),
    pingStringObject: ({ wx, url, fail }) => wx.connectSocket({ url, heartbeat: { ping: new String('ping') }, fail }),
    urlTagged: ({ wx, fail }) => wx.connectSocket({ url: { __wxType: 'String', value: 'ws://x' }, fail }),
    optionsTaggedUndefined: ({ task, fail }) => task.close({ __wxType: 'Undefined', fail }),
    successPosingAsFunction: ({ wx, url, fail }) => wx.connectSocket({ url, success: { [Symbol.toStringTag]: 'Function' }, fail }),
    timeoutPosingAsNumber: ({ wx, url, fail }) => wx.connectSocket({ url, timeout: { __wxType: 'Number', value: '5' }, fail }),
    createWxTaggedPing: ({ url }) => sdk.createWx({ heartbeat: { ping: { __wxType: 'String' } } }),
  });
  const connect = 'connectSocket:fail parameter error: parameter';
  const tagged = 'Object with a __wxType key';
  assert.deepEqual(results, {
    pingTaggedString: `task, ${connect}.heartbeat.ping should be String or Object instead of ${tagged};`,
    pongTaggedString: `task, ${connect}.heartbeat.pong should be String or Object instead of ${tagged};`,
    pingStringObject: `task, ${connect}.heartbeat.ping should be String or Object instead of String object;`,
    urlTagged: `task, ${connect}.url should be String instead of ${tagged};`,
    optionsTaggedUndefined: `fail closeSocket:fail parameter error: parameter should be Object instead of ${tagged};`,
    successPosingAsFunction: `task, ${connect}.success should be Function instead of Function object;`,
    timeoutPosingAsNumber: `task, ${connect}.timeout should be Number instead of ${tagged};`,
    createWxTaggedPing: `rejected TypeError: createWx: parameter error: parameter.heartbeat.ping should be String or Object instead of ${tagged};`,
  });
  assert.deepEqual(errors, []);
});
