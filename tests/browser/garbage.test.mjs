// Garbage per message: every object the SDK makes per message is work for the garbage collector
// on the page's main thread, whose pauses an app feels as it does the SDK's own time. A message
// sent without callbacks and its echo should cost the SDK one object: the {data} its listener
// gets. Measured with V8's sampling allocation profiler (a sample every 32 bytes on average,
// objects collected since included), against a raw WebSocket doing the same in the same page:
// bytes, not times, so a loaded machine does not move them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();
const ECHOES = 6000;

// Bytes the page allocated per echo while `run` (a page function's source) ran ECHOES echoes.
async function bytesPerEcho(cdp, run, args) {
  await fx.page.evaluate(`(${run})(${JSON.stringify({ ...args, count: 200 })})`);  // warm-up
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 32, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true,
  });
  await fx.page.evaluate(`(${run})(${JSON.stringify({ ...args, count: ECHOES })})`);
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  const total = (node) => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);
  return total(profile.head) / ECHOES;
}

// Pipelined in bursts of 50, the next burst sent from the last echo's listener. The options
// object is made once (send reads it once per call), so what is counted is the socket's.
const echoRaw = async ({ url, payload, count }) => {
  const data = payload === 'binary' ? new Uint8Array(16).buffer : 'sixteen bytes...';
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  await new Promise((resolve) => { socket.onopen = resolve; });
  await new Promise((resolve) => {
    let received = 0;
    socket.onmessage = (event) => {
      if (event.data === undefined) throw new Error('no data');  // read, as every app does
      if (++received === count) resolve();
      else if (received % 50 === 0) for (let i = 0; i < 50; i++) socket.send(data);
    };
    for (let i = 0; i < 50; i++) socket.send(data);
  });
  socket.close();
};

const echoSdk = async ({ url, payload, count, options }) => {
  const data = payload === 'binary' ? new Uint8Array(16).buffer : 'sixteen bytes...';
  const sendOptions = { data };
  window.garbageWx ??= await sdk.createWx();
  const task = garbageWx.connectSocket({ url, ...options });
  await nextEvent(task, 'open');
  await new Promise((resolve) => {
    let received = 0;
    task.onMessage(() => {
      if (++received === count) resolve();
      else if (received % 50 === 0) for (let i = 0; i < 50; i++) task.send(sendOptions);
    });
    for (let i = 0; i < 50; i++) task.send(sendOptions);
  });
  task.close();
};

test('a send without callbacks and its echo cost the SDK no more than the event object, with and without queue + heartbeat', async () => {
  const cdp = await fx.page.context().newCDPSession(fx.page);
  await cdp.send('HeapProfiler.enable');
  const url = fx.ws.url('/echo');
  const resilient = { queue: true, heartbeat: { intervalMs: 60000, timeoutMs: 60000 } };
  const extra = {};
  for (const payload of ['text', 'binary']) {
    const raw = await bytesPerEcho(cdp, echoRaw, { url, payload });
    extra[`plain ${payload}`] = Math.round(await bytesPerEcho(cdp, echoSdk, { url, payload, options: {} }) - raw);
    extra[`queue+heartbeat ${payload}`] = Math.round(await bytesPerEcho(cdp, echoSdk, { url, payload, options: resilient }) - raw);
  }
  await cdp.detach();
  // The {data} object is 16 bytes; the rest is the sampling's noise (and a queue task's
  // occasional call into wasm).
  for (const [row, bytes] of Object.entries(extra)) assert.ok(bytes <= 40, `${row}: ${bytes} B per echo above raw (${JSON.stringify(extra)})`);
});
