// What a queue's copies of binary payloads cost as its backlog grows: µs per 64 KiB message kept
// (web/kept-payloads.mjs) while the oldest `backlog` messages wait to be settled (or a backlog
// that grows by one every 10 messages), and that cost as a ratio to keeping one with no backlog
// (its own copy only), measured side by side in one run. Extra files (another version of
// kept-payloads.mjs, from `git show`) are measured beside it.
// Usage, from the repository's root: node bench/kept-payloads.mjs [other-kept-payloads.mjs ...]
import { pathToFileURL } from 'node:url';

import { median } from './statistics.mjs';

const REPEATS = 7;
const MESSAGES = 2000;
const BACKLOGS = [0, 8, 16, 24, 31, 48, 100, 'growing'];
const files = ['web/kept-payloads.mjs', ...process.argv.slice(2)];
const versions = await Promise.all(files.map(async (file) => (await import(pathToFileURL(file))).KeptPayloads));
const payload = new Uint8Array(64 * 1024).map((_, i) => i & 0xff).buffer;

function microsecondsPerKeep(KeptPayloads, backlog) {
  const kept = new KeptPayloads({ bytes: null });
  const start = performance.now();
  for (let id = 1; id <= MESSAGES; id++) {
    kept.keep(id, payload);
    const waiting = backlog === 'growing' ? Math.floor(id / 10) : backlog;
    if (id > waiting) kept.releaseBelow(id - waiting + 1);
  }
  kept.releaseBelow(MESSAGES + 1);
  return ((performance.now() - start) * 1000) / MESSAGES;
}

const samples = versions.map(() => BACKLOGS.map(() => []));
for (let repeat = 0; repeat < REPEATS; repeat++) {
  BACKLOGS.forEach((backlog, row) => versions.forEach((version, v) => samples[v][row].push(microsecondsPerKeep(version, backlog))));
}
console.log(`${'backlog'.padStart(8)} ${files.map((file) => `${file} µs (× none)`.padStart(40)).join(' ')}`);
BACKLOGS.forEach((backlog, row) => {
  const cells = samples.map((rows) => {
    const us = median(rows[row]);
    return `${us.toFixed(1)} (${(us / median(rows[0])).toFixed(2)})`.padStart(40);
  });
  console.log(`${String(backlog).padStart(8)} ${cells.join(' ')}`);
});
