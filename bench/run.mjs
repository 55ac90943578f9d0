// `npm run bench`: the SDK side by side with the raw browser WebSocket and the peers, in one
// headless Chromium run against a `ws` echo server on 127.0.0.1. Contenders are interleaved
// within every repetition so machine noise hits them alike; medians and spreads are reported.
// Writes results.json, results.md and results.svg to build/bench/results/ (ignored by git), or
// with `npm run bench -- --save` to the committed bench/results/, and prints a table.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

import { fileSize } from '../scripts/download-size.mjs';
import { ROOT } from '../scripts/local-servers.mjs';
import { ECHO_ROWS, SLICES, echoRow, openBenchPage } from './bench-page.mjs';
import { takeBaseOption, takeListOption } from './options.mjs';
import { renderReports } from './report.mjs';
import { median, medianInterval, quantile, round, shuffle } from './statistics.mjs';
import { benchStomp, printStompTable } from './stomp.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const args = process.argv.slice(2);
// `--rows text:16,cjk:65536`: only those echo rows, printed, nothing written (while working).
const ONLY_ROWS = takeListOption(args, '--rows');
// `--base build/ab-base`: a directory under the repository holding another build's
// wx-socket.mjs and wx-core.wasm, measured beside dist/ as the `base` contenders (an A/B of a
// change in one run); `--base build/a,build/b` measures several, as `base`, `base2`, ...
const BASE = takeBaseOption(args);
// `--contenders sdk+queue+heartbeat,base+queue+heartbeat`: only those, beside raw and
// reconnecting-websocket (every ratio's yardsticks), so the same minutes buy more repetitions.
const ONLY_CONTENDERS = takeListOption(args, '--contenders');
const SAVE = args.includes('--save');
if (args.some((arg) => arg !== '--save')) throw new Error(`unknown arguments: ${args.join(' ')}`);
if ((BASE || ONLY_CONTENDERS) && !ONLY_ROWS) throw new Error('--base and --contenders compare echo rows only: give --rows too');
if (SAVE && ONLY_ROWS) throw new Error('--rows runs write nothing: --save needs every row');
const OUT_DIR = SAVE ? 'bench/results/' : 'build/bench/results/';
const PAYLOADS = ONLY_ROWS ? ONLY_ROWS.map(echoRow) : ECHO_ROWS;
const HELD_COUNTS = [5, 200];

// A ratio's 95 % interval (statistics.mjs), to three decimals: whether an end is above 1 must not
// rest on rounding; null below 6 repetitions, printed as such.
const ratioInterval = (ratios) => medianInterval(ratios)?.map((ratio) => round(ratio, 3)) ?? null;
const intervalText = (interval) => interval?.join('..') ?? 'n/a (< 6)';

// Summaries and ratios to raw.
function summarize() {
  const rows = [];
  for (const payload of PAYLOADS) {
    const rawKey = `raw|${payload.kind}|${payload.bytes}`;
    const rawThroughput = median(samples[rawKey].throughput);
    const rawP50 = median(samples[rawKey].p50);
    // The issue's other yardstick: reconnecting-websocket, a pass-through, in the same repetition.
    const rwsUs = samples[`reconnecting-websocket|${payload.kind}|${payload.bytes}`].scriptUs;
    for (const contender of contenders) {
      const s = samples[`${contender}|${payload.kind}|${payload.bytes}`];
      // Each repetition's ratio to raw's figure in the same repetition (their median cancels the
      // machine's drift between repetitions).
      const scriptRatios = s.scriptUs.map((us, repeat) => us / samples[rawKey].scriptUs[repeat]);
      const rwsRatios = s.scriptUs.map((us, repeat) => us / rwsUs[repeat]);
      const throughput = median(s.throughput);
      rows.push({
        contender, kind: payload.kind, bytes: payload.bytes,
        messagesPerSecond: Math.round(throughput),
        throughputSpread: [Math.round(Math.min(...s.throughput)), Math.round(Math.max(...s.throughput))],
        megabytesPerSecond: round((throughput * payload.bytes) / 1e6),
        throughputRatio: round(throughput / rawThroughput),
        p50Ms: round(median(s.p50), 3),
        p50Spread: [round(Math.min(...s.p50), 3), round(Math.max(...s.p50), 3)],
        p99Ms: round(median(s.p99), 3),
        p50Ratio: round(median(s.p50) / rawP50),
        scriptMicrosecondsPerMessage: round(median(s.scriptUs), 1),
        scriptRatio: round(median(scriptRatios)),
        scriptRatioSpread: [round(Math.min(...scriptRatios)), round(Math.max(...scriptRatios))],
        scriptRatioToRws: round(median(rwsRatios)),
        scriptRatioToRwsInterval: ratioInterval(rwsRatios),
      });
    }
  }
  return rows;
}

function printEchoTable(rows) {
  const pad = (value, width) => String(value).padStart(width);
  console.log(`${'contender'.padEnd(22)} ${'payload'.padEnd(13)} ${pad('msg/s', 9)} ${pad('MB/s', 8)} ${pad('x raw', 6)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ${pad('x raw', 6)} ${pad('JS us/msg', 10)} ${pad('x raw', 6)} ${pad('spread', 11)} ${pad('x rws', 6)} ${pad('95% CI', 13)}`);
  for (const r of rows) {
    console.log(`${r.contender.padEnd(22)} ${`${r.kind} ${r.bytes}B`.padEnd(13)} ${pad(r.messagesPerSecond, 9)} ${pad(r.megabytesPerSecond, 8)} ${pad(r.throughputRatio, 6)} ${pad(r.p50Ms, 8)} ${pad(r.p99Ms, 8)} ${pad(r.p50Ratio, 6)} ${pad(r.scriptMicrosecondsPerMessage, 10)} ${pad(r.scriptRatio, 6)} ${pad(r.scriptRatioSpread.join('..'), 11)} ${pad(r.scriptRatioToRws, 6)} ${pad(intervalText(r.scriptRatioToRwsInterval), 13)}`);
  }
}

function machine() {
  const chromium = execSync('/usr/bin/chromium --version').toString().trim();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1), os: `${os.type()} ${os.release()}`,
    node: process.version, chromium, date: new Date().toISOString(),
  };
}

function shippedSize(files) {
  let raw = 0, gzip = 0;
  for (const file of files) {
    const size = fileSize(file);
    raw += size.raw;
    gzip += size.gzip;
  }
  return { raw, gzip, files: files.map((f) => f.replace(ROOT, '')) };
}

const { page, contenders: available, echoUrl: url, peers, browser, web, close } = await openBenchPage({ base: BASE });
const unknown = ONLY_CONTENDERS?.find((name) => !available.includes(name));
if (unknown) {
  await close();
  throw new Error(`no contender ${unknown}: ${available.join(', ')}`);
}
const contenders = ONLY_CONTENDERS ?
  available.filter((name) => ['raw', 'reconnecting-websocket', ...ONLY_CONTENDERS].includes(name)) : available;
const cdp = await page.context().newCDPSession(page);
// Main-thread time spent in scripts (ms): the CPU a contender costs per message, which is
// steadier than wall-clock rates on a loaded 2-core machine. Counted in the thread's CPU time
// (threadTicks), not wall time, which also counted the moments the echo server or the browser's
// other processes held the core the page's thread was running on.
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
async function scriptMs() {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
}
console.log(`contenders: ${contenders.join(', ')}; ${REPEATS} repetitions`);

const samples = {};  // `${contender}|${kind}|${bytes}` -> { throughput: [], p50: [], p99: [], scriptUs: [] }
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const payload of PAYLOADS) {
    const { kind, bytes, messages, roundTrips } = payload;
    for (const contender of shuffle(contenders)) {
      await page.evaluate((args) => window.bench.openEcho(args), { contender, url, kind, bytes });
    }
    const run = Object.fromEntries(contenders.map((c) => [c, { scriptMs: 0, pipelinedMs: 0, rtts: [] }]));
    for (let slice = 0; slice < SLICES; slice++) {
      for (const contender of shuffle(contenders)) {
        const scriptBefore = await scriptMs();
        const { pipelinedMs, rtts } = await page.evaluate((args) => window.bench.echoSlice(args), { contender, messages, roundTrips });
        run[contender].scriptMs += (await scriptMs()) - scriptBefore;
        run[contender].pipelinedMs += pipelinedMs;
        // The first round trip after a burst is left out of the latency (it would make most of
        // the p99): script time counts it with the others.
        run[contender].rtts.push(...rtts.slice(1));
      }
    }
    await page.evaluate(() => window.bench.closeEchoes());
    for (const contender of contenders) {
      const { scriptMs: totalScriptMs, pipelinedMs, rtts } = run[contender];
      const key = `${contender}|${kind}|${bytes}`;
      samples[key] ??= { throughput: [], p50: [], p99: [], scriptUs: [] };
      samples[key].scriptUs.push((totalScriptMs * 1000) / (SLICES * (messages + roundTrips)));
      samples[key].throughput.push((SLICES * messages) / (pipelinedMs / 1000));
      samples[key].p50.push(median(rtts));
      samples[key].p99.push(quantile(rtts, 0.99));
    }
  }
  process.stdout.write(`repetition ${repeat + 1}/${REPEATS} done\n`);
}
// An A/B's own answer: each `base` contender's time over its dist/ twin's in the same
// repetition, a paired ratio, which the machine's drift between repetitions does not widen as it
// widens the two ratios to reconnecting-websocket compared side by side.
function printBaseRatios() {
  for (const payload of PAYLOADS) {
    for (const contender of contenders.filter((name) => name.startsWith('base'))) {
      const twin = contender.replace(/^base\d*/, 'sdk');
      if (!contenders.includes(twin)) {
        console.log(`${contender}: no paired ratio, as ${twin} was not measured (add it to --contenders)`);
        continue;
      }
      const at = (name) => samples[`${name}|${payload.kind}|${payload.bytes}`].scriptUs;
      const ratios = at(contender).map((us, repeat) => us / at(twin)[repeat]);
      console.log(`${contender} x ${twin}, ${payload.kind} ${payload.bytes}B: ${round(median(ratios), 3)} (95% CI ${intervalText(ratioInterval(ratios))})`);
    }
  }
}

if (ONLY_ROWS) {
  printEchoTable(summarize());
  printBaseRatios();
  await close();
  process.exit(0);
}

const connect = {};
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const contender of shuffle(contenders)) {
    const times = await page.evaluate((args) => window.bench.connectTimes(args), { contender, url, count: 10 });
    (connect[contender] ??= []).push(...times);
  }
}

async function heapUsed() {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}
const memory = {};
for (const contender of contenders) {
  memory[contender] = {};
  for (const count of HELD_COUNTS) {
    const before = await heapUsed();
    const wasmBefore = await page.evaluate(() => window.bench.wasmStats());
    try {
      const wasmAfter = await page.evaluate((args) => window.bench.openMany(args), { contender, url, count });
      const after = await heapUsed();
      memory[contender][count] = {
        jsHeapBytesPerTask: Math.round((after - before) / count),
        wasmHeapBytesPerTask: Math.round((wasmAfter.heapBytesInUse - wasmBefore.heapBytesInUse) / count),
        wasmMemoryBytes: wasmAfter.wasmMemoryBytes,
      };
    } catch (error) {
      memory[contender][count] = { error: error.message.split('\n')[0].slice(0, 160) };
    }
    await page.evaluate(() => window.bench.closeAll());
  }
}

const sizes = {
  raw: { raw: 0, gzip: 0, files: [] },
  sdk: shippedSize([`${ROOT}dist/wx-socket.mjs`, `${ROOT}dist/wx-core.wasm`]),
  'reconnecting-websocket': shippedSize([peers.rws]),
  'taro-h5': shippedSize([peers.taro]),
};
sizes['sdk+queue+heartbeat'] = sizes.sdk;

const stomp = await benchStomp({ browser, web, repeats: REPEATS });
await close();

const rows = summarize();
const connectSummary = Object.fromEntries(contenders.map((c) => [c, {
  medianMs: round(median(connect[c]), 2), p90Ms: round(quantile(connect[c], 0.9), 2),
}]));
const results = {
  machine: machine(), repeats: REPEATS, slices: SLICES, payloads: PAYLOADS, rows, connect: connectSummary, memory, sizes, stomp,
};
mkdirSync(`${ROOT}${OUT_DIR}`, { recursive: true });
writeFileSync(`${ROOT}${OUT_DIR}results.json`, `${JSON.stringify(results, null, 2)}\n`);
renderReports(results, `${ROOT}${OUT_DIR}`);

console.log(`\n${results.machine.cpu} x${results.machine.cores}, ${results.machine.chromium}`);
printEchoTable(rows);
printStompTable(stomp);
console.log('\nconnect-to-open (ms):', JSON.stringify(connectSummary));
console.log('memory per task:');
for (const [contender, byCount] of Object.entries(memory)) {
  const describe = (m) => (m.error ? `failed: ${m.error}` : `JS ${m.jsHeapBytesPerTask} B + wasm ${m.wasmHeapBytesPerTask} B`);
  console.log(`  ${contender.padEnd(22)} ${HELD_COUNTS.map((n) => `${n} tasks: ${describe(byCount[n])}`).join('; ')}`);
}
console.log('shipped size (raw / gzip bytes):');
for (const [contender, size] of Object.entries(sizes)) console.log(`  ${contender.padEnd(22)} ${size.raw} / ${size.gzip}`);
console.log(`\nwrote ${OUT_DIR}results.json, results.md and results.svg${OUT_DIR.startsWith('build') ? ' (npm run bench -- --save to update the committed bench/results/)' : ''}`);
