// Each library's own main-thread work per message (bench/own-work-page.mjs: a stand-in socket,
// no network), as µs a message above the bare stand-in's loop, side by side in one headless
// Chromium run: in bursts (the sends, then their echoes) and one at a time (each send's echo
// before the next send). Resolves what `npm run bench` cannot: there the browser's WebSocket
// work is most of a message's time, and its noise larger than these differences.
// Usage: [REPEATS=50] node bench/own-work.mjs [--base build/ab-base] [text:16,binary:65536,...]
import { launchChromium } from '../scripts/chromium.mjs';
import { startStaticServer } from '../scripts/local-servers.mjs';
import { ECHO_ROWS, echoRow } from './bench-page.mjs';
import { bundlePeers } from './peers.mjs';

const REPEATS = Number(process.env.REPEATS ?? 50);
const args = process.argv.slice(2);
const base = args.includes('--base') ? args.splice(args.indexOf('--base'), 2)[1].replace(/^\/|\/$/g, '') : null;
const rows = args[0] ? args[0].split(',').map(echoRow) : ECHO_ROWS;

await bundlePeers();
const web = await startStaticServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${web.origin}/bench/own-work.html${base ? `?base=/${base}` : ''}`);
  await page.waitForFunction(() => window.ownWorkReady === true, null, { timeout: 20000 });
  const contenders = (await page.evaluate(() => window.ownWork.contenders())).filter((name) => name !== 'raw');
  console.log(`µs a message above the bare stand-in socket (raw), median of ${REPEATS} interleaved loops`);
  console.log(`${'row'.padEnd(28)} ${'raw'.padStart(6)} ${contenders.map((name) => name.padStart(Math.max(8, name.length))).join(' ')}`);
  for (const { kind, bytes } of rows) {
    const count = bytes >= 65536 ? 1000 : 4000;
    for (const [mode, burst] of [['bursts', bytes >= 65536 ? 25 : 250], ['one at a time', 1]]) {
      const us = await page.evaluate((a) => window.ownWork.measure(a), { kind, bytes, count, burst, repeats: REPEATS });
      const cells = contenders.map((name) => (us[name] - us.raw).toFixed(2).padStart(Math.max(8, name.length)));
      console.log(`${`${kind} ${bytes} B, ${mode}`.padEnd(28)} ${us.raw.toFixed(2).padStart(6)} ${cells.join(' ')}`);
    }
  }
} finally {
  await browser.close();
  await web.close();
}
