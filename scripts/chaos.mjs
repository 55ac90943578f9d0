// `npm run chaos`: the resilience figures, measured against real processes on 127.0.0.1
// (a fault proxy in front of a `ws` server, headless Chromium running the SDK).
//  1. 10,000 numbered messages through 20 forced drops with the queue on: outcomes and arrivals
//  2. time to detect a half-open (black-holed) connection vs heartbeat interval + timeout + 10%
//  3. time from the server being back to onReconnected vs the scheduled backoff delay
//  4. 5 tasks through one outage: how far apart their reconnects are
import { launchChromium } from './chromium.mjs';
import { startFaultProxy } from './fault-proxy.mjs';
import { startSocketServer, startStaticServer } from './local-servers.mjs';
import {
  halfOpenDetection, numberedThroughDrops, outageSpread, serverRestart,
} from '../tests/browser/resilience-scenarios.mjs';

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
  console.log('1. 10,000 numbered messages through 20 forced drops (queue + reconnect on)');
  const loss = await numberedThroughDrops(fx, { count: 10000, drops: 20, dropEveryMs: 150 });
  delete loss.events;
  console.log(JSON.stringify(loss, null, 2));
  console.log(`   lost from the queue's point of view (no outcome): ${loss.outcomes.none}; ` +
    `more than one outcome: ${loss.outcomes.moreThanOne}; handed to a socket that then died ` +
    `(success, never arrived): ${loss.server.succeededButNotReceived}`);

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
} finally {
  await fx.browser.close();
  await fx.proxy.close();
  await Promise.all([fx.web.close(), fx.ws.close()]);
}
