// `npm run chaos`: the resilience figures, measured against real processes on 127.0.0.1
// (a fault proxy in front of a `ws` server, headless Chromium running the SDK).
//  1. numbered messages through forced drops with the queue on, 5 runs each: outcomes, arrivals,
//     how many succeeded without arriving, and how many failed as maybe arrived (2,000 through
//     10 cuts with a large and with the default queue; 10,000 through 20 cuts)
//  2. time to detect a half-open (black-holed) connection vs heartbeat interval + timeout + 10%
//  3. time from the server being back to onReconnected vs the scheduled backoff delay
//  4. 5 tasks through one outage: how far apart their reconnects are
//  5. STOMP through forced drops, against a private RabbitMQ (tests/browser/stomp-scenarios.mjs)
import { launchChromium } from './chromium.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startSocketServer, startStaticServer } from './local-servers.mjs';
import {
  halfOpenDetection, numberedThroughDrops, outageSpread, serverRestart,
} from '../tests/browser/resilience-scenarios.mjs';
import { printStompChaos } from '../tests/browser/stomp-scenarios.mjs';

const fx = {};
fx.web = await startStaticServer();
fx.ws = await startSocketServer();
fx.proxy = await startFaultProxy(fx.ws.port);
fx.browser = await launchChromium();
fx.page = await fx.browser.newPage();
await fx.page.goto(`${fx.web.origin}/tests/browser/pages/index.html`);
await fx.page.waitForFunction(() => window.pageReady === true);

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
};

try {
  const RUNS = 5;
  const lossRows = [
    { title: '2,000 sends through 10 cuts, queue { maxMessages: 10000 }', count: 2000, drops: 10,
      queue: { maxMessages: 10000 }, target: 5 },
    { title: '2,000 sends through 10 cuts, default queue', count: 2000, drops: 10, queue: true, target: 5 },
    { title: '10,000 sends through 20 cuts', count: 10000, drops: 20,
      queue: { maxMessages: 10000, maxBytes: 16 * 1024 * 1024 }, target: 20 },
  ];
  console.log(`1. numbered messages through forced drops (queue + heartbeat + reconnect; ${RUNS} runs each)`);
  for (const row of lossRows) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await numberedThroughDrops(fx, { count: row.count, drops: row.drops, dropEveryMs: 150, queue: row.queue });
      delete result.events;
      runs.push(result);
    }
    const column = (pick) => runs.map(pick);
    const lost = column((r) => r.server.succeededButNotReceived);
    console.log(`\n   ${row.title}`);
    console.log(`   outcomes ok/failed/none/twice per run: ${column((r) => `${r.outcomes.ok}/${r.outcomes.failed}/${r.outcomes.none}/${r.outcomes.moreThanOne}`).join(', ')}`);
    console.log(`   failure reasons: ${JSON.stringify(Object.assign({}, ...column((r) => r.failReasons)))}`);
    console.log(`   drops hit: ${column((r) => r.drops).join(', ')}; reconnects: ${column((r) => r.reconnects).join(', ')}`);
    console.log(`   duplicates at the server: ${column((r) => r.server.duplicates).join(', ')}; out of order: ${column((r) => r.server.outOfOrder).join(', ')}`);
    console.log(`   success but never arrived: ${lost.join(', ')} (median ${median(lost)}, max ${Math.max(...lost)}; target <= ${row.target} in every run)`);
    const doubtful = column((r) => r.outcomes.failed);
    const arrivedAnyway = column((r) => r.server.failedButReceived);
    console.log(`   failed as maybe arrived: ${doubtful.join(', ')} (median ${median(doubtful)}); of those at the server: ${arrivedAnyway.join(', ')}`);
  }

  console.log('\n2. half-open detection (heartbeat 1000 ms + 500 ms timeout)');
  const halfOpen = await halfOpenDetection(fx, { intervalMs: 1000, timeoutMs: 500, rounds: 5 });
  console.log(JSON.stringify(halfOpen));
  console.log(`   max ${Math.max(...halfOpen.detectionMs)} ms, median ${median(halfOpen.detectionMs)} ms; ` +
    `target <= ${halfOpen.targetMs} ms`);

  console.log('\n3. server killed for 2 s and restarted: back -> onReconnected');
  const restarts = [];
  for (let i = 0; i < 3; i++) restarts.push(await serverRestart(fx, { downMs: 2000, minDelayMs: 200, maxDelayMs: 2000 }));
  for (const r of restarts) console.log(JSON.stringify(r));
  console.log(`   due attempt -> reconnected: ${restarts.map((r) => r.dueToReconnectedMs).join(', ')} ms (target <= 100 ms after the scheduled delay)`);

  console.log('\n4. 5 tasks through one outage');
  const spread = await outageSpread(fx, { tasks: 5 });
  console.log(JSON.stringify(spread));
  console.log(`   reconnects spread over ${spread.spreadMs} ms; ${spread.distinct} distinct delays`);

  await printStompChaos(fx.page);
} finally {
  await fx.browser.close();
  await fx.proxy.close();
  await Promise.all([fx.web.close(), fx.ws.close()]);
}
