// createWx({ wasm }): every kind of source loads the core, the first load decides, and a failed
// load rejects with an error that names the URL and what came back, then lets a later call retry.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

// In a fresh page (no core loaded yet): createWx with the source `kind` makes, then one echo.
async function loadAndEcho(kind, echoUrl) {
  const page = await fx.openPage();
  try {
    return await page.evaluate(async ({ kind, echoUrl }) => {
      const sources = {
        'string URL': () => '/dist/wx-core.wasm',
        'URL object': () => new URL('/dist/wx-core.wasm', location.href),
        Response: () => fetch('/dist/wx-core.wasm'),  // a promise of a Response
        'awaited Response': async () => ({ response: await fetch('/dist/wx-core.wasm') }),
        ArrayBuffer: async () => (await fetch('/dist/wx-core.wasm')).arrayBuffer(),
        Uint8Array: async () => new Uint8Array(await (await fetch('/dist/wx-core.wasm')).arrayBuffer()),
        'WebAssembly.Module': () => WebAssembly.compileStreaming(fetch('/dist/wx-core.wasm')),
      };
      let wasm = sources[kind]();
      if (kind !== 'Response') wasm = await wasm;
      if (wasm.response) wasm = wasm.response;
      const wx = await sdk.createWx({ wasm });
      const task = wx.connectSocket({ url: echoUrl });
      await nextEvent(task, 'open');
      task.send({ data: kind });
      const { data } = await nextEvent(task, 'message');
      // The core is loaded now: a later call's wasm is not used, even one that would fail.
      const later = await sdk.createWx({ wasm: '/missing.wasm' }).then(() => 'reused', (e) => e.message);
      wx.dispose();
      return { data, later };
    }, { kind, echoUrl });
  } finally {
    await page.close();
  }
}

for (const kind of ['string URL', 'URL object', 'Response', 'awaited Response', 'ArrayBuffer', 'Uint8Array', 'WebAssembly.Module']) {
  test(`config.wasm as ${kind} loads the core, which later calls reuse`, async () => {
    assert.deepEqual(await loadAndEcho(kind, fx.ws.url('/echo')), { data: kind, later: 'reused' });
  });
}

test('a failed load names the URL and its HTTP status or content type, and a later call retries', async () => {
  const page = await fx.openPage();
  const result = await page.evaluate(async () => {
    const failure = (wasm) => sdk.createWx({ wasm }).then(() => 'loaded', (e) => `${e.name}: ${e.message}`);
    return {
      missing: await failure('/dist/missing.wasm'),
      html: await failure('/tests/browser/pages/index.html'),
      notASource: await failure(42),
      retried: await sdk.createWx({ wasm: '/dist/wx-core.wasm' }).then(() => 'loaded'),
    };
  });
  await page.close();
  const help = '; see "Loading the wasm" in the README of wx-socket-wasm';
  assert.equal(result.missing,
    `Error: wx-socket-wasm: cannot load the wasm core from ${fx.web.origin}/dist/missing.wasm: Not Found (HTTP 404, content-type null)${help}`);
  assert.match(result.html, new RegExp(`^Error: wx-socket-wasm: cannot load the wasm core from ${fx.web.origin}/tests/browser/pages/index.html: .*expected magic word 00 61 73 6d, found 3c 21 64 6f.* \\(HTTP 200, content-type text/html; charset=utf-8\\)${help}$`));
  assert.match(result.notASource, /^Error: wx-socket-wasm: cannot load the wasm core from config.wasm: .*buffer source/);
  assert.equal(result.retried, 'loaded');
});
