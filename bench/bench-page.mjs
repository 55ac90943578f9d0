// What the echo bench's tools share (bench/run.mjs, profile.mjs, boundary-calls.mjs,
// allocations.mjs, own-work.mjs): the rows and slices they measure, and the bench page
// (bench/page.mjs) open in headless Chromium against a `ws` echo server on 127.0.0.1.
import { launchChromium } from '../scripts/chromium.mjs';
import { startSocketServer, startStaticServer } from '../scripts/local-servers.mjs';
import { bundlePeers } from './peers.mjs';

// Each repetition measures every contender in SLICES short slices: per slice `messages`
// pipelined, then `roundTrips` sequential.
export const SLICES = 8;
export const ECHO_ROWS = [
  { kind: 'text', bytes: 16, messages: 500, roundTrips: 50 },
  { kind: 'text', bytes: 1024, messages: 250, roundTrips: 50 },
  { kind: 'text', bytes: 65536, messages: 25, roundTrips: 12 },
  { kind: 'cjk', bytes: 16, messages: 500, roundTrips: 50 },
  { kind: 'cjk', bytes: 1024, messages: 250, roundTrips: 50 },
  { kind: 'cjk', bytes: 65536, messages: 25, roundTrips: 12 },
  { kind: 'binary', bytes: 16, messages: 500, roundTrips: 50 },
  { kind: 'binary', bytes: 1024, messages: 250, roundTrips: 50 },
  { kind: 'binary', bytes: 65536, messages: 25, roundTrips: 12 },
];

/** The row named `kind:bytes` ('text:16', 'binary:65536', ...). */
export function echoRow(name) {
  const row = ECHO_ROWS.find(({ kind, bytes }) => `${kind}:${bytes}` === name);
  if (!row) throw new Error(`no echo row ${name}: ${ECHO_ROWS.map(({ kind, bytes }) => `${kind}:${bytes}`).join(', ')}`);
  return row;
}

/**
 * The bench page, its contenders ready: {page, contenders, echoUrl, peers (bundlePeers' files),
 * browser, close()}. `base`: the paths of other builds' directories, comma-separated, measured
 * beside dist/ as the `base`, `base2`, ... contenders (`/build/ab-base`, as takeBaseOption in
 * bench/options.mjs gives it); `initScript`: a file run before the page's own scripts;
 * `html`: another page under bench/ with the same `window.bench.available()` (own-work.html).
 */
export async function openBenchPage({ base = null, initScript = null, html = 'page.html' } = {}) {
  const peers = await bundlePeers();
  const web = await startStaticServer();
  const ws = await startSocketServer();
  const browser = await launchChromium();
  const page = await browser.newPage();
  if (initScript) await page.addInitScript({ path: initScript });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${web.origin}/bench/${html}${base ? `?base=${base}` : ''}`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 20000 });
  const contenders = await page.evaluate(() => window.bench.available());
  const close = async () => {
    await browser.close();
    await Promise.all([web.close(), ws.close()]);
  };
  return { page, contenders, echoUrl: ws.url('/echo'), peers, browser, web, close };
}
