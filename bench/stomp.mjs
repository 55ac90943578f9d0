// The STOMP rows of `npm run bench`: wx.connectStomp against @stomp/stompjs 7.5.0 (bundled with
// esbuild as a user's bundler would), both over the browser's WebSocket to one private RabbitMQ
// (Web-STOMP, its default text frames), in one page. Each contender publishes to a fresh /queue
// it is subscribed to on the same connection: pipelined throughput (until every message and
// every RECEIPT is back), sequential publish -> receive round trips, and main-thread script time
// per message (Chromium's ScriptDuration). With receipts (the SDK's default; stompjs with a
// `receipt` header and watchForReceipt) and without (receipts: false; stompjs's plain publish).
// Contenders are interleaved within every repetition. `node bench/stomp.mjs` runs it alone.
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../scripts/chromium.mjs';
import { ROOT, startStaticServer } from '../scripts/local-servers.mjs';
import { startBroker } from '../scripts/rabbitmq.mjs';
import { bundle } from './peers.mjs';
import { median, quantile, round, shuffle } from './statistics.mjs';

const PAYLOADS = [
  { bytes: 16, messages: 2000, roundTrips: 200, warmUp: 50 },
  { bytes: 1024, messages: 2000, roundTrips: 200, warmUp: 50 },
];
// Each SDK mode beside the stompjs setup that does the same.
const PAIRS = [['sdk', 'stompjs'], ['sdk receipts:false', 'stompjs no receipt']];

/** Runs the STOMP bench in a new page of `browser` (pages served by `web`); resolves with its rows. */
export async function benchStomp({ browser, web, repeats }) {
  await bundle(`${ROOT}node_modules/@stomp/stompjs/esm6/index.js`, `${ROOT}build/bench/stompjs.mjs`);
  const broker = await startBroker();
  const page = await browser.newPage();
  try {
    page.on('console', (message) => { if (message.type() === 'error') console.error(`stomp bench page: ${message.text()}`); });
    page.on('crash', () => console.error('stomp bench page crashed'));
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${web.origin}/bench/stomp-page.html`);
    await page.waitForFunction(() => window.stompBenchReady === true, null, { timeout: 20000 });
    const contenders = await page.evaluate(() => window.stompBench.available());
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });  // CPU time, as bench/run.mjs
    const scriptMs = async () => (await cdp.send('Performance.getMetrics')).metrics
      .find((m) => m.name === 'ScriptDuration').value * 1000;

    const samples = {};  // `${contender}|${bytes}` -> { throughput: [], p50: [], p99: [], scriptUs: [] }
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const payload of PAYLOADS) {
        for (const contender of shuffle(contenders)) {
          const before = await scriptMs();
          const { pipelinedMs, rtts } = await page.evaluate((args) => window.stompBench.run(args),
            { contender, url: broker.wsUrl, ...payload });
          const scriptUs = ((await scriptMs()) - before) * 1000 / (payload.warmUp + payload.messages + payload.roundTrips);
          const s = (samples[`${contender}|${payload.bytes}`] ??= { throughput: [], p50: [], p99: [], scriptUs: [] });
          s.throughput.push(payload.messages / (pipelinedMs / 1000));
          s.p50.push(median(rtts));
          s.p99.push(quantile(rtts, 0.99));
          s.scriptUs.push(scriptUs);
        }
      }
      process.stdout.write(`stomp repetition ${repeat + 1}/${repeats} done\n`);
    }
    const rows = [];
    for (const payload of PAYLOADS) {
      for (const [ours, theirs] of PAIRS) {
        for (const contender of [ours, theirs]) {
          const s = samples[`${contender}|${payload.bytes}`];
          const peer = samples[`${theirs}|${payload.bytes}`];
          rows.push({
            contender, bytes: payload.bytes, vs: theirs,
            messagesPerSecond: Math.round(median(s.throughput)),
            throughputSpread: [Math.round(Math.min(...s.throughput)), Math.round(Math.max(...s.throughput))],
            throughputRatio: round(median(s.throughput) / median(peer.throughput)),
            p50Ms: round(median(s.p50), 3),
            p99Ms: round(median(s.p99), 3),
            p50Ratio: round(median(s.p50) / median(peer.p50)),
            scriptMicrosecondsPerMessage: round(median(s.scriptUs), 1),
            scriptSpread: [round(Math.min(...s.scriptUs), 1), round(Math.max(...s.scriptUs), 1)],
            scriptRatio: round(median(s.scriptUs) / median(peer.scriptUs)),
          });
        }
      }
    }
    return { broker: 'RabbitMQ Web-STOMP (text frames), one /queue per run', repeats, rows };
  } finally {
    await page.close();
    await broker.stop();
  }
}

export function printStompTable({ rows }) {
  const pad = (value, width) => String(value).padStart(width);
  console.log(`\nSTOMP through RabbitMQ: publish -> receive on one connection (x = against the stompjs row of the same mode)`);
  console.log(`${'contender'.padEnd(20)} ${'text'.padEnd(6)} ${pad('msg/s', 7)} ${pad('min..max', 11)} ${pad('x', 5)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('x', 5)} ${pad('JS us/msg', 10)} ${pad('min..max', 11)} ${pad('x', 5)}`);
  for (const r of rows) {
    console.log(`${r.contender.padEnd(20)} ${`${r.bytes}B`.padEnd(6)} ${pad(r.messagesPerSecond, 7)} ${pad(r.throughputSpread.join('..'), 11)} ${pad(r.throughputRatio, 5)} ${pad(r.p50Ms, 7)} ${pad(r.p99Ms, 7)} ${pad(r.p50Ratio, 5)} ${pad(r.scriptMicrosecondsPerMessage, 10)} ${pad(r.scriptSpread.join('..'), 11)} ${pad(r.scriptRatio, 5)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const web = await startStaticServer();
  const browser = await launchChromium();
  try {
    printStompTable(await benchStomp({ browser, web, repeats: Number(process.env.BENCH_REPEATS ?? 5) }));
  } finally {
    await browser.close();
    await web.close();
  }
}
