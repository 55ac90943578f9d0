// Calls across the wasm boundary and timers set, per echoed message, in the bench page against
// the real echo server: counts, not times, so one run says it exactly. Each contender runs the
// bench's 8 slices of a row (pipelined burst, then round trips) on a warmed-up connection.
// Usage: node bench/boundary-calls.mjs [--base build/ab-base] [rows=text:16,binary:16,binary:1024,binary:65536]
import { SLICES, echoRow, openBenchPage } from './bench-page.mjs';
import { takeBaseOption } from './options.mjs';
import { ROOT } from '../scripts/local-servers.mjs';

const args = process.argv.slice(2);
const base = takeBaseOption(args);
const rows = (args[0] ?? 'text:16,binary:16,binary:1024,binary:65536').split(',');
const { page, contenders, echoUrl, close } = await openBenchPage({ base, initScript: `${ROOT}scripts/count-wasm-calls.js` });

console.log('per echoed message: calls into wasm, calls from wasm to JS, timers set');
for (const row of rows) {
  const { kind, bytes, messages, roundTrips } = echoRow(row);
  for (const contender of contenders) {
    await page.evaluate((args) => window.bench.openEcho(args), { contender, url: echoUrl, kind, bytes });
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
await close();
