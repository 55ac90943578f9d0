// What every consumer runs against the local echo server, through `api`: a wx object, or a
// framework object installApi() filled (Taro). A text and an ArrayBuffer round trip, then the
// server drops the connection, the task reconnects by itself, and a text goes round again; a
// heartbeat runs meanwhile (in Node and workers too, where there is no document).
export async function runScenario(api, url) {
  const inbox = [];
  let wake = () => {};
  let legacyMessages = 0;
  // `await`, as Taro code awaits Taro.connectSocket (a SocketTask is no thenable).
  const task = await api.connectSocket({
    url, reconnect: { minDelayMs: 20, maxDelayMs: 100 }, heartbeat: { intervalMs: 50, timeoutMs: 2000 },
  });
  api.onSocketMessage(() => { legacyMessages++; });
  task.onMessage(({ data }) => { inbox.push(data); wake(); });
  const next = async () => {
    while (inbox.length === 0) await new Promise((resolve) => { wake = resolve; });
    return inbox.shift();
  };
  const reconnected = new Promise((resolve) => task.onReconnected(resolve));
  await new Promise((resolve) => task.onOpen(resolve));

  task.send({ data: 'hello' });
  const text = await next();
  task.send({ data: new Uint8Array([1, 2, 255]).buffer });
  const binary = await next();
  task.send({ data: 'terminate' });  // the server drops the connection, no close frame
  const { attempts } = await reconnected;
  task.send({ data: 'again' });
  const afterReconnect = await next();
  for (let waited = 0; task.getStats().rtt.samples === 0 && waited < 3000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));  // pings go out every 50 ms
  }
  const heartbeatAnswered = task.getStats().rtt.samples > 0;
  task.close();
  return {
    text,
    binary: binary instanceof ArrayBuffer ? [...new Uint8Array(binary)] : String(binary),
    reconnectAttempts: attempts,
    afterReconnect,
    legacyMessages,
    heartbeatAnswered,
  };
}

/** What runScenario returns when everything worked. */
export const EXPECTED = {
  text: 'hello', binary: [1, 2, 255], reconnectAttempts: 1, afterReconnect: 'again', legacyMessages: 3,
  heartbeatAnswered: true,
};
