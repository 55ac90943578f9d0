// wx.connectStomp in Chromium against a real RabbitMQ (Web-STOMP): publish/subscribe, receipts,
// bodies with NUL and binary bodies, escaped headers, client acks and NACK redelivery, refused
// login, DISCONNECT, and a subscription that survives a forced reconnect (the fault proxy).
// It starts its own private broker (scripts/rabbitmq.mjs, stopped by PID also on failure), with
// Web-STOMP sending binary WebSocket messages: with its default, text, a MESSAGE whose body is not
// UTF-8 is a text message the browser refuses, and the connection dies.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import { startFaultProxy } from '../../scripts/fault-proxy.mjs';
import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();
let brokerUrl;
let broker;
let proxy;

before(async () => {
  const { startBroker } = await import('../../scripts/rabbitmq.mjs');
  broker = await startBroker({ wsFrame: 'binary' });  // rejects with its log tail: fail, never skip
  brokerUrl = broker.wsUrl;
  const { port, pathname } = new URL(brokerUrl);
  proxy = await startFaultProxy(Number(port));
  proxy.wsUrl = `ws://127.0.0.1:${proxy.port}${pathname}`;
  await fx.page.exposeFunction('killProxy', () => proxy.killAll());
});

after(async () => {
  await proxy?.close();
  await broker?.stop();  // by PID (scripts/rabbitmq.mjs), also after a failure
});

const queue = (name) => `/queue/wx-${name}-${randomUUID()}`;
const guest = { login: 'guest', passcode: 'guest', host: '/' };

// Runs `body(wx, client, helpers)` in the page with a connected client; the page's helpers:
// connected() resolves on onConnect, received(sub listener array, n) waits for n messages.
function inPage(fn, arg) {
  return fx.page.evaluate(async ({ source, arg, url, guest }) => {
    const wx = await sdk.createWx();
    const waitFor = async (condition, ms = 10000) => {
      const end = Date.now() + ms;
      while (!condition()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${condition}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const connect = (options = {}) => {
      const client = wx.connectStomp({ url, connectHeaders: guest, ...options });
      client.connects = [];
      client.errors = [];
      client.onConnect((event) => client.connects.push(event));
      client.onError((event) => client.errors.push(event));
      return client;
    };
    try {
      return await (0, eval)(`(${source})`)({ wx, connect, waitFor, arg });
    } finally {
      wx.dispose();
    }
  }, { source: fn.toString(), arg, url: arg?.url ?? brokerUrl, guest });
}

test('publish/subscribe on /queue and /topic: success on RECEIPT, onConnect with CONNECTED headers', { timeout: 20000 }, async () => {
  const result = await inPage(async ({ connect, waitFor, arg }) => {
    const client = connect();
    const got = [];
    client.subscribe(arg.queue, (message) => got.push(['queue', message.body, message.headers.destination]));
    client.subscribe(arg.topic, (message) => got.push(['topic', message.body, message.headers.destination]));
    await waitFor(() => client.connects.length === 1);
    const outcomes = await Promise.all([
      client.send({ destination: arg.queue, body: 'to the queue' }),
      new Promise((resolve) => client.send({
        destination: arg.topic, body: 'to the topic', success: resolve, fail: resolve,
      })),
    ]);
    await waitFor(() => got.length === 2);
    return { got: got.sort(), outcomes, version: client.connects[0].headers.version, task: typeof client.task.getStats };
  }, { queue: queue('pubsub'), topic: `/topic/wx-${randomUUID()}` });
  assert.deepEqual(result.outcomes, [{ errMsg: 'stompSend:ok' }, { errMsg: 'stompSend:ok' }]);
  assert.equal(result.version, '1.2');
  assert.equal(result.task, 'function');
  assert.equal(result.got.length, 2);
  assert.deepEqual(result.got[0].slice(0, 2), ['queue', 'to the queue']);
  assert.deepEqual(result.got[1].slice(0, 2), ['topic', 'to the topic']);
});

test('a body with NUL arrives whole; a binary body comes back as the same bytes in an ArrayBuffer', { timeout: 20000 }, async () => {
  const result = await inPage(async ({ connect, waitFor, arg }) => {
    const client = connect();
    const got = [];
    client.subscribe(arg.queue, (message) => got.push(message));
    await client.send({ destination: arg.queue, body: 'a\0b\0' });
    const bytes = new Uint8Array(256).map((_, i) => i);
    await client.send({ destination: arg.queue, body: bytes.buffer });
    await waitFor(() => got.length === 2);
    return {
      text: got[0].body,
      binaryIsBuffer: got[1].body instanceof ArrayBuffer,
      bytes: Array.from(new Uint8Array(got[1].body)),
      contentType: got[1].headers['content-type'],
    };
  }, { queue: queue('bodies') });
  assert.equal(result.text, 'a\0b\0');
  assert.equal(result.binaryIsBuffer, true);
  assert.deepEqual(result.bytes, Array.from({ length: 256 }, (_, i) => i));
  assert.equal(result.contentType, 'application/octet-stream');
});

test('headers with ":", "\\n" and "\\\\" round-trip through the broker', { timeout: 20000 }, async () => {
  const headers = await inPage(async ({ connect, waitFor, arg }) => {
    const client = connect();
    const got = [];
    client.subscribe(arg.queue, (message) => got.push(message.headers));
    await client.send({ destination: arg.queue, body: 'h', headers: { 'x-odd': 'a:b\nc\\d', 'x-plain': 'yes' } });
    await waitFor(() => got.length === 1);
    return got[0];
  }, { queue: queue('headers') });
  assert.equal(headers['x-odd'], 'a:b\nc\\d');
  assert.equal(headers['x-plain'], 'yes');
});

test('client-individual ack: a NACKed message is redelivered, an ACKed one is not', { timeout: 20000 }, async () => {
  const result = await inPage(async ({ connect, waitFor, arg }) => {
    const client = connect();
    const got = [];
    const acks = [];
    client.subscribe(arg.queue, (message) => {
      got.push([message.body, message.headers.redelivered ?? 'false']);
      const firstTime = got.filter(([body]) => body === message.body).length === 1;
      if (message.body === 'nack me' && firstTime) message.nack({ complete: (r) => acks.push(r.errMsg) });
      else message.ack({ complete: (r) => acks.push(r.errMsg) });
    }, { ack: 'client-individual' });
    await client.send({ destination: arg.queue, body: 'ack me' });
    await client.send({ destination: arg.queue, body: 'nack me' });
    await waitFor(() => got.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 300));  // nothing else comes
    return { got, acks };
  }, { queue: queue('acks') });
  assert.deepEqual(result.got, [['ack me', 'false'], ['nack me', 'false'], ['nack me', 'true']]);
  assert.deepEqual(result.acks, ['stompAck:ok', 'stompNack:ok', 'stompAck:ok']);
});

test('bad credentials: onError with the ERROR frame, then onClose, and no reconnect', { timeout: 20000 }, async () => {
  const result = await inPage(async ({ wx, waitFor, arg }) => {
    const client = wx.connectStomp({ url: arg.url, connectHeaders: { login: 'guest', passcode: 'wrong' } });
    const events = [];
    client.onError((event) => events.push(['error', event.message, typeof event.headers, typeof event.body]));
    client.onClose(({ code }) => events.push(['close', code]));
    client.task.onReconnecting(() => events.push(['reconnecting']));
    await waitFor(() => events.some(([kind]) => kind === 'close'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { events, opens: client.task.getStats()?.reconnects };
  }, { url: brokerUrl });
  const kinds = result.events.map(([kind]) => kind);
  assert.equal(kinds[0], 'error');
  assert.ok(result.events[0][1].length > 0, 'the ERROR message header is reported');
  assert.deepEqual(result.events[0].slice(2), ['object', 'string']);
  assert.equal(kinds.at(-1), 'close');
  assert.ok(!kinds.includes('reconnecting'), `no reconnect after a refused login: ${JSON.stringify(result.events)}`);
});

test('disconnect(): success, then the close; bad arguments and a frame over maxFrameBytes get a parameter error or a TypeError', { timeout: 20000 }, async () => {
  const result = await inPage(async ({ connect, waitFor }) => {
    const client = connect();
    const closes = [];
    client.onClose((event) => closes.push(event.code));
    await waitFor(() => client.connects.length === 1);
    const bad = await new Promise((resolve) => client.send({ destination: 7, body: 'x', fail: resolve }));
    const badBody = await new Promise((resolve) => client.send({ destination: '/queue/x', body: 12, fail: resolve }));
    const tooBig = await client.send({ destination: '/queue/x', body: 'x'.repeat(2 << 20) }).catch((r) => r);
    const thrownBy = (call) => {
      try { call(); } catch (error) { return `${error.constructor.name}: ${error.message}`; }
      return 'nothing thrown';
    };
    const thrown = thrownBy(() => client.subscribe(42, () => {}));
    const notObject = thrownBy(() => client.send('x'));
    const disconnected = await client.disconnect();
    await waitFor(() => closes.length === 1);
    return { bad: bad.errMsg, badBody: badBody.errMsg, tooBig: tooBig.errMsg, thrown, notObject, disconnected, closes };
  });
  assert.equal(result.bad, 'stompSend:fail parameter error: parameter.destination should be String instead of Number;');
  assert.equal(result.thrown,
    'TypeError: StompClient.subscribe: stompSubscribe:fail parameter error: parameter.destination should be String instead of Number;');
  assert.equal(result.badBody, 'stompSend:fail parameter error: parameter.body should be String or ArrayBuffer instead of Number;');
  assert.match(result.tooBig, /^stompSend:fail frame of \d+ bytes is over maxFrameBytes 1048576$/);
  assert.equal(result.notObject,
    'TypeError: StompClient.send: stompSend:fail parameter error: parameter should be Object instead of String;');
  assert.deepEqual(result.disconnected, { errMsg: 'stompDisconnect:ok' });
  assert.equal(result.closes.length, 1);
});

test('a subscription made once keeps receiving after a forced reconnect', { timeout: 20000 }, async () => {
  const result = await inPage(async ({ connect, waitFor, arg }) => {
    const client = connect({ url: arg.proxyUrl, reconnect: { minDelayMs: 50, maxDelayMs: 100 } });
    const got = [];
    client.subscribe(arg.queue, (message) => got.push(message.body));
    await client.send({ destination: arg.queue, body: 'before' });
    await waitFor(() => got.length === 1);
    window.killProxy();
    await waitFor(() => client.connects.length === 2);
    await client.send({ destination: arg.queue, body: 'after' });
    await waitFor(() => got.length === 2);
    return got;
  }, { queue: queue('survive'), proxyUrl: proxy.wsUrl, url: proxy.wsUrl });
  assert.deepEqual(result, ['before', 'after']);
});

test('wx.dispose() fails what waits: a SEND not yet receipted and a disconnect under their own names', { timeout: 20000 }, async () => {
  const result = await fx.page.evaluate(async (url) => {
    const wx = await sdk.createWx();
    // A port nothing listens on: the SEND waits in the queue, the disconnect for the connection.
    const client = wx.connectStomp({ url });
    const sent = client.send({ destination: '/queue/never', body: 'x' }).catch((r) => r);
    const disconnected = new Promise((resolve) => client.disconnect({ complete: resolve }));
    wx.dispose();
    return { sent: (await sent).errMsg, disconnected: (await disconnected).errMsg };
  }, 'ws://127.0.0.1:9/ws');
  assert.equal(result.sent, 'stompSend:fail the wx object was disposed');
  assert.equal(result.disconnected, 'stompDisconnect:fail the wx object was disposed');
});
