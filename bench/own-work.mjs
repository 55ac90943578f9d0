// Each library's own main-thread work per message (bench/own-work-page.mjs: a stand-in socket,
// no network), as µs a message above the bare stand-in's loop, side by side in one headless
// Chromium run: in bursts (the sends, then their echoes) and one at a time (each send's echo
// before the next send). Resolves what `npm run bench` cannot: there the browser's WebSocket
// work is most of a message's time, and its noise larger than these differences.
// Usage: [REPEATS=50] node bench/own-work.mjs [--base build/ab-base[,build/other]] [text:16,binary:65536,...]
import { ECHO_ROWS, echoRow, openBenchPage } from './bench-page.mjs';
import { takeBaseOption } from './options.mjs';

const REPEATS = Number(process.env.REPEATS ?? 50);
const args = process.argv.slice(2);
const base = takeBaseOption(args);
const rows = args[0] ? args[0].split(',').map(echoRow) : ECHO_ROWS;

const opened = await openBenchPage({ html: 'own-work.html', base });
const { page, close } = opened;
const contenders = opened.contenders.filter((name) => name !== 'raw');
try {
  console.log(`µs a message above the bare stand-in socket (raw), median of ${REPEATS} interleaved loops`);
  console.log(`${'row'.padEnd(28)} ${'raw'.padStart(6)} ${contenders.map((name) => name.padStart(Math.max(8, name.length))).join(' ')}`);
  for (const { kind, bytes } of rows) {
    const count = bytes >= 65536 ? 1000 : 4000;
    for (const [mode, burst] of [['bursts', bytes >= 65536 ? 25 : 250], ['one at a time', 1]]) {
      const us = await page.evaluate((a) => window.bench.measure(a), { kind, bytes, count, burst, repeats: REPEATS });
      const cells = contenders.map((name) => (us[name] - us.raw).toFixed(2).padStart(Math.max(8, name.length)));
      console.log(`${`${kind} ${bytes} B, ${mode}`.padEnd(28)} ${us.raw.toFixed(2).padStart(6)} ${cells.join(' ')}`);
    }
  }
} finally {
  await close();
}
