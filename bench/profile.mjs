// Where one contender's per-message time goes: a sampled CPU profile of the bench page's echo
// run, as self time per function (minified names: look the column up in dist/wx-socket.mjs).
// Usage: [ROUND_TRIPS=20] node bench/profile.mjs [contender=sdk] [kind=text] [bytes=16] [messages=4000]
import { openBenchPage } from './bench-page.mjs';
const { page, echoUrl, close } = await openBenchPage();
const cdp = await page.context().newCDPSession(page);
const [contender = 'sdk', kind = 'text', bytes = '16', messages = '4000'] = process.argv.slice(2);
// Sequential round trips per run: ROUND_TRIPS=2000 with messages=0 profiles the request/response case.
const roundTrips = Number(process.env.ROUND_TRIPS ?? 20);
await page.evaluate((a) => window.bench.openEcho(a), { contender, url: echoUrl, kind, bytes: Number(bytes) });
const run = () => page.evaluate((a) => window.bench.echoSlice(a), { contender, messages: Number(messages), roundTrips });
await run();
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
for (let i = 0; i < 5; i++) await run();
const { profile } = await cdp.send('Profiler.stop');
const total = {};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; const counts = {};
profile.samples.forEach((id, i) => { counts[id] = (counts[id] ?? 0) + (dt[i] ?? 0); });
for (const [id, us] of Object.entries(counts)) {
  const n = byId.get(Number(id)); const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
  total[key] = (total[key] ?? 0) + us;
}
const sum = Object.values(total).reduce((a, b) => a + b, 0);
Object.entries(total).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25)).forEach(([k, v]) => console.log((v / 1000).toFixed(1).padStart(8), 'ms', (100 * v / sum).toFixed(1).padStart(5), '%', k));
await close();
