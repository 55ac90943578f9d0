// JS heap bytes allocated per echoed message, and where, in the bench page against the real echo
// server: every object a message costs is work for the garbage collector, whose pauses count in
// the bench's main-thread time. Sampled by V8's allocation profiler (a sample every 32 bytes on
// average, objects collected since included), so figures move by a few bytes between runs.
// Each contender runs the bench's 8 slices of a row (pipelined burst, then round trips) on a
// warmed-up connection, RUNS times (default 5).
// Usage: [TOP=5] node bench/allocations.mjs [--contenders sdk,raw] [--base build/ab-base] [rows=text:16,binary:16,binary:1024]
// (--base adds other builds' contenders, as bench/run.mjs --base; --contenders picks the ones measured.)
import { SLICES, echoRow, openBenchPage } from './bench-page.mjs';
import { takeBaseOption, takeListOption } from './options.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const TOP = Number(process.env.TOP ?? 5);
const args = process.argv.slice(2);
const base = takeBaseOption(args);
const only = takeListOption(args, '--contenders');
const rows = (args[0] ?? 'text:16,binary:16,binary:1024').split(',');

const opened = await openBenchPage({ base });
const { page, echoUrl, close } = opened;
const contenders = opened.contenders.filter((contender) => !only || only.includes(contender));
const cdp = await page.context().newCDPSession(page);
await cdp.send('HeapProfiler.enable');

// Bytes by allocating function in a sampling profile's tree.
function bySite(profile) {
  const sites = {};
  (function walk(node) {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    if (node.selfSize) sites[site] = (sites[site] ?? 0) + node.selfSize;
    node.children.forEach(walk);
  })(profile.head);
  return sites;
}

console.log(`JS heap bytes allocated per echoed message (${RUNS} × ${SLICES} slices), and the ${TOP} largest sites`);
for (const row of rows) {
  const { kind, bytes, messages, roundTrips } = echoRow(row);
  for (const contender of contenders) {
    await page.evaluate((args) => window.bench.openEcho(args), { contender, url: echoUrl, kind, bytes });
    await cdp.send('HeapProfiler.startSampling', {
      samplingInterval: 32, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true,
    });
    for (let slice = 0; slice < RUNS * SLICES; slice++) {
      await page.evaluate((args) => window.bench.echoSlice(args), { contender, messages, roundTrips });
    }
    const { profile } = await cdp.send('HeapProfiler.stopSampling');
    await page.evaluate(() => window.bench.closeEchoes());
    const echoes = RUNS * SLICES * (messages + roundTrips);
    const sites = Object.entries(bySite(profile)).sort((a, b) => b[1] - a[1]);
    const total = sites.reduce((sum, [, size]) => sum + size, 0);
    const top = sites.slice(0, TOP).map(([site, size]) => `${(size / echoes).toFixed(0)} ${site}`).join(', ');
    console.log(`${`${kind} ${bytes} B`.padEnd(14)} ${contender.padEnd(22)} ${(total / echoes).toFixed(0).padStart(6)}   ${top}`);
  }
}
await close();
