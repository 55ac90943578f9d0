// Calls across the wasm boundary and timers set, per echoed message, in the bench page against
// the real echo server: counts, not times, so one run says it exactly. Each contender runs the
// bench's 8 slices of a row (pipelined burst, then round trips) on a warmed-up connection.
// Usage: node bench/boundary-calls.mjs [rows=text:16,binary:16,binary:1024,binary:65536]
import { bundlePeers } from './peers.mjs';
import { launchChromium } from '../scripts/chromium.mjs';
import { ROOT, startSocketServer, startStaticServer } from '../scripts/local-servers.mjs';

const SLICES = 8;
const MESSAGES = { 16: [500, 50], 1024: [250, 50], 65536: [25, 12] };  // as bench/run.mjs
const rows = (process.argv[2] ?? 'text:16,binary:16,binary:1024,binary:65536').split(',');

await bundlePeers();
const web = await startStaticServer();
const ws = await startSocketServer();
const browser = await launchChromium();
const page = await browser.newPage();
await page.addInitScript({ path: `${ROOT}scripts/count-wasm-calls.js` });
page.on('pageerror', (error) => console.error('page error:', error.message));
await page.goto(`${web.origin}/bench/page.html`);
await page.waitForFunction(() => window.benchReady === true, null, { timeout: 20000 });
const contenders = await page.evaluate(() => window.bench.available());

console.log('per echoed message: calls into wasm, calls from wasm to JS, timers set');
for (const row of rows) {
  const [kind, bytes] = row.split(':');
  const [messages, roundTrips] = MESSAGES[bytes];
  for (const contender of contenders) {
    await page.evaluate((args) => window.bench.openEcho(args), { contender, url: ws.url('/echo'), kind, bytes: Number(bytes) });
    const before = await page.evaluate(() => ({ ...globalThis.wasmCallCounts }));
    for (let slice = 0; slice < SLICES; slice++) {
      await page.evaluate((args) => window.bench.echoSlice(args), { contender, messages, roundTrips });
    }
    const after = await page.evaluate(() => globalThis.wasmCallCounts);
    const perMessage = (key) => ((after[key] - before[key]) / (SLICES * (messages + roundTrips))).toFixed(3).padStart(7);
    console.log(`${`${kind} ${bytes} B`.padEnd(14)} ${contender.padEnd(22)} ${perMessage('into')} ${perMessage('out')} ${perMessage('timers')}`);
    await page.evaluate(() => window.bench.closeEchoes());
  }
}
await browser.close();
await Promise.all([web.close(), ws.close()]);
