// The STOMP contenders, each behind the same small interface, and what the STOMP bench measures
// in the page: pipelined publish -> receive throughput, and sequential round trips (publish,
// then wait for the message to come back through the broker), on one connection that is both
// publisher and subscriber of a fresh queue.
import { createWx } from '/dist/wx-socket.mjs';
import { Client } from '/build/bench/stompjs.mjs';

const wx = await createWx();
const LOGIN = { login: 'guest', passcode: 'guest', host: '/' };
// Heart-beats off for both: RabbitMQ 3.10's Web-STOMP kills a connection that has them when
// credit flow throttles a fast publisher (its heart-beat process crashes on flow control's
// `resume` message), and the pipelined runs publish as fast as they can.

// A connection: publish(destination, body, done) (done on the RECEIPT; without receipts, when
// the SDK has written the frame, or at once for stompjs), subscribe(destination, onBody),
// close() -> Promise, and `receipts`. Resolves once connected.
function openSdk(url, { receipts }) {
  return new Promise((resolve, reject) => {
    const client = wx.connectStomp({ url, connectHeaders: LOGIN, receipts, heartbeat: false });
    client.onError(({ message }) => reject(new Error(`sdk: ${message}`)));
    client.onConnect(() => resolve({
      receipts,
      publish: (destination, body, done) => client.send({
        destination, body, success: done, fail: ({ errMsg }) => console.error(errMsg),
      }),
      subscribe: (destination, onBody) => client.subscribe(destination, (message) => onBody(message.body)),
      close: () => client.disconnect(),
    }));
  });
}

function openStompjs(url, { receipts }) {
  return new Promise((resolve, reject) => {
    let receipt = 0;
    const client = new Client({
      brokerURL: url,
      connectHeaders: LOGIN,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      onStompError: (frame) => reject(new Error(`stompjs: ${frame.headers.message}`)),
      onConnect: () => resolve({
        receipts,
        publish: receipts
          ? (destination, body, done) => {
            const id = `r-${++receipt}`;
            client.watchForReceipt(id, done);
            client.publish({ destination, body, headers: { receipt: id } });
          }
          : (destination, body, done) => {
            client.publish({ destination, body });
            done();
          },
        subscribe: (destination, onBody) => client.subscribe(destination, (message) => onBody(message.body)),
        close: () => client.deactivate(),
      }),
    });
    client.activate();
  });
}

export const stompContenders = {
  sdk: (url) => openSdk(url, { receipts: true }),
  stompjs: (url) => openStompjs(url, { receipts: true }),
  'sdk receipts:false': (url) => openSdk(url, { receipts: false }),
  'stompjs no receipt': (url) => openStompjs(url, { receipts: false }),
};

/**
 * `count` publishes back to back; resolves with ms until every message is back, and with
 * receipts every RECEIPT too. (Without receipts, every message back means every frame written.)
 */
function pipelined(connection, destination, payload, count, setOnBody) {
  let received = 0;
  let settled = 0;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const stuck = setTimeout(() => reject(new Error(`pipelined: ${received} of ${count} received, ${settled} settled after 30 s`)), 30000);
    const check = () => {
      if (received < count || (connection.receipts && settled < count)) return;
      clearTimeout(stuck);
      resolve(performance.now() - start);
    };
    setOnBody(() => { received++; check(); });
    for (let i = 0; i < count; i++) connection.publish(destination, payload, () => { settled++; check(); });
  });
}

/**
 * One message at a time: resolves with every publish -> receive time in ms. The next waits for
 * the RECEIPT too, so that none is outstanding when the connection closes.
 */
async function sequential(connection, destination, payload, count, setOnBody) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await new Promise((resolve) => {
      let pending = 2;
      const one = () => { if (--pending === 0) resolve(); };
      setOnBody(() => { times.push(performance.now() - start); one(); });
      connection.publish(destination, payload, one);
    });
  }
  return times;
}

window.stompBench = {
  available: () => Object.keys(stompContenders),

  async run({ contender, url, bytes, messages, roundTrips, warmUp }) {
    const connection = await stompContenders[contender](url);
    const destination = `/queue/wx-bench-${crypto.randomUUID()}`;
    let onBody = () => {};
    const setOnBody = (fn) => { onBody = fn; };
    connection.subscribe(destination, (body) => onBody(body));
    const payload = 'x'.repeat(bytes);
    await pipelined(connection, destination, payload, warmUp, setOnBody);
    const pipelinedMs = await pipelined(connection, destination, payload, messages, setOnBody);
    const rtts = await sequential(connection, destination, payload, roundTrips, setOnBody);
    await connection.close();
    return { pipelinedMs, rtts };
  },
};
window.stompBenchReady = true;
