// Quick side-by-side main-thread figures for a few rows while working on the per-message path:
// `node bench/quick.mjs [repeats=3] [kind:bytes ...]`, contenders interleaved as in run.mjs.
import { launchChromium } from '../scripts/chromium.mjs';
import { startSocketServer, startStaticServer } from '../scripts/local-servers.mjs';
import { bundlePeers } from './peers.mjs';

const [repeatsArg = '3', ...rowArgs] = process.argv.slice(2);
const rows = (rowArgs.length ? rowArgs : ['text:16', 'text:1024', 'text:65536', 'cjk:65536'])
  .map((row) => { const [kind, bytes] = row.split(':'); return { kind, bytes: Number(bytes) }; });
const messagesFor = (bytes) => (bytes <= 16 ? 4000 : bytes <= 1024 ? 2000 : 200);
await bundlePeers();
const web = await startStaticServer(); const ws = await startSocketServer();
const browser = await launchChromium(); const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await page.goto(`${web.origin}/bench/page.html`);
await page.waitForFunction(() => window.benchReady === true, null, { timeout: 20000 });
await cdp.send('Performance.enable');
const scriptMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
const contenders = ['raw', 'sdk', 'sdk+queue+heartbeat', 'reconnecting-websocket'];
const samples = {};
for (let r = 0; r < Number(repeatsArg); r++) {
  for (const row of rows) {
    for (const contender of [...contenders].sort(() => Math.random() - 0.5)) {
      const messages = messagesFor(row.bytes), roundTrips = messages / 10;
      const before = await scriptMs();
      await page.evaluate((a) => window.bench.echo(a), { contender, url: ws.url('/echo'), ...row, messages, roundTrips });
      ((samples[`${row.kind} ${row.bytes}`] ??= {})[contender] ??= []).push(((await scriptMs()) - before) * 1000 / (messages + Math.min(50, messages) + roundTrips));
    }
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const [row, byContender] of Object.entries(samples)) {
  const raw = median(byContender.raw);
  console.log(row.padEnd(12), contenders.map((c) => `${c} ${median(byContender[c]).toFixed(1)} [${Math.min(...byContender[c]).toFixed(0)}..${Math.max(...byContender[c]).toFixed(0)}] (${(median(byContender[c]) / raw).toFixed(2)}×)`).join('  '));
}
await browser.close(); await web.close(); await ws.close();
