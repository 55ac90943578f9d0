// Compiled with `tsc --noEmit` by npm test: the hand-written index.d.ts must accept the code
// users write and reject what WeChat would reject.
import { createWx, install, installApi, SocketTask, type StompClient, type Wx } from '../../web/index.js';
import '../../web/global.js';

async function main(): Promise<void> {
  const wx: Wx = await install(globalThis, { maxConnections: 10, reconnect: true });
  const other = await createWx({ networkTimeout: { connectSocket: 5000 }, domainAllowlist: ['a.com'] });

  const task: SocketTask = wx.connectSocket({
    url: 'wss://a.com/ws',
    protocols: 'chat',
    queue: { maxMessages: 10, overflow: 'drop-oldest', ttlMs: 1000, highWaterMark: 16384 },
    heartbeat: { intervalMs: 1000, ping: { type: 'ping' }, pong: { type: 'pong' } },
    reconnect: { finalCodes: [4001, [4400, 4499]] },
    success: (res) => console.log(res.socketTaskId, res.errMsg),
  });
  task.onOpen(({ header, profile }) => console.log(header, profile.cost));
  task.onMessage(({ data }) => console.log(typeof data === 'string' ? data.length : data.byteLength));
  task.onClose(({ code, reason }) => console.log(code, reason));
  task.onReconnecting(({ attempt, delayMs }) => console.log(attempt, delayMs));
  task.send({ data: new Uint8Array([1, 2]) });
  task.close({ code: 4000, reason: 'bye' });
  const stomp: StompClient = wx.connectStomp({
    url: 'ws://127.0.0.1:15674/ws', connectHeaders: { login: 'guest', passcode: 'guest' },
    heartbeat: { outgoingMs: 10000, incomingMs: 10000 }, receipts: false,
  });
  stomp.onConnect(({ headers }) => console.log(headers.version));
  stomp.onError(({ message, headers, body }) => console.log(message, headers, body));
  const sub = stomp.subscribe('/topic/chat', (message) => {
    console.log(typeof message.body === 'string' ? message.body : message.body.byteLength);
    message.ack({ success: () => {} });
  }, { ack: 'client-individual' });
  sub.unsubscribe();
  stomp.send({ destination: '/app/chat', body: 'x', headers: {}, fail: ({ errMsg }) => console.log(errMsg) });
  await stomp.send({ destination: '/queue/a', body: new Uint8Array([1, 2]).buffer });
  await stomp.disconnect();
  console.log(stomp.task.getStats()?.state);
  // @ts-expect-error: a SEND needs a destination
  stomp.send({ body: 'x' });
  const state: 0 | 1 | 2 | 3 = task.readyState;
  const stats = task.getStats();
  console.log(state, stats?.rtt.averageMs, stats?.queue.bytes, stats?.queue.unwritten.bytes, SocketTask.OPEN);
  const buffered: number = task.bufferedAmount;
  console.log(buffered);
  // @ts-expect-error: bufferedAmount is read-only, as on a browser WebSocket
  task.bufferedAmount = 0;

  const sent = await wx.sendSocketMessage({ data: 'x' });
  console.log(sent.errMsg);
  other.dispose();

  // @ts-expect-error: overflow has two spellings only
  wx.connectSocket({ url: 'wss://a.com', queue: { overflow: 'drop-newest' } });
  // @ts-expect-error: send needs data
  task.send({});

  // Where the wasm is, and a WebSocket class for runtimes without one.
  await createWx({ wasm: new URL('https://cdn.example/wx-core.wasm'), WebSocket });
  await createWx({ wasm: fetch('/wx-core.wasm') });
  await createWx({ wasm: new Uint8Array(8) });

  // install() users get a typed global wx from 'wx-socket-wasm/global'.
  globalThis.wx.connectSocket({ url: 'wss://a.com' });
  wx.onSocketOpen(({ header }) => console.log(header));
  // @ts-expect-error: wx.onSocketOpen gets {header} only, as in WeChat
  wx.onSocketOpen(({ profile }) => console.log(profile));

  const Taro: Record<string, unknown> = {};
  const taroWx: Wx = await installApi(Taro);
  taroWx.dispose();

  // @ts-expect-error: only createWx() makes a Wx
  new (await import('../../web/index.js')).Wx();
  // @ts-expect-error: only connectSocket() makes a SocketTask
  new SocketTask();
}

void main;
