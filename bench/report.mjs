// Renders bench/results/results.json as results.md (tables) and results.svg (chart).
// run.mjs calls renderReports() after measuring; `node bench/report.mjs` re-renders alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { renderChart } from './chart.mjs';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function renderMarkdown(results) {
  const { machine, rows, connect, memory, sizes } = results;
  const lines = [
    `Measured by \`npm run bench\` on ${machine.cpu} x${machine.cores} (${machine.memoryGiB} GiB), ` +
      `${machine.chromium}, Node ${machine.node}, ${machine.date.slice(0, 10)}; median of ${results.repeats} ` +
      'interleaved repetitions (spread = min..max of the repetitions).',
    '',
    '| contender | payload | msg/s (spread) | MB/s | × raw | p50 ms | p99 ms | p50 × raw | JS µs/msg | JS × raw | JS × rws |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.contender} | ${r.kind} ${r.bytes} B | ${r.messagesPerSecond} (${r.throughputSpread.join('..')}) | ` +
      `${r.megabytesPerSecond} | ${r.throughputRatio} | ${r.p50Ms} | ${r.p99Ms} | ${r.p50Ratio} | ${r.scriptMicrosecondsPerMessage} | ${r.scriptRatio ?? ''}${r.scriptRatioSpread ? ` (${r.scriptRatioSpread.join('..')})` : ''} | ${r.scriptRatioToRws ?? ''}${r.scriptRatioToRwsInterval ? ` (${r.scriptRatioToRwsInterval.join('..')})` : ''} |`),
    '',
    'JS µs/msg: main-thread script time per echoed message (Chromium `ScriptDuration`, sends and receives). ' +
      (results.slices ? `Each repetition measures every contender in ${results.slices} interleaved slices (see bench/README.md). ` : '') +
      'JS × raw: the median of each repetition\'s ratio to raw in the same repetition (spread: min..max of those ratios). ' +
      'JS × rws: the same with reconnecting-websocket\'s figure as the yardstick (in parentheses: a 95 % confidence ' +
      `interval for the median of those per-repetition ratios, not for the ratio of the µs medians; from the ${results.repeats} repetitions, none below 6). ` +
      'An interval that holds 1 shows no difference from reconnecting-websocket\'s; among many rows, one or two may ' +
      'exclude 1 by chance.',
    '',
    '| contender | connect-to-open p50 ms | p90 ms | memory per task at 5 tasks | at 200 tasks | shipped raw bytes | gzip bytes |',
    '|---|---|---|---|---|---|---|',
    ...Object.keys(connect).map((c) => {
      const describe = (m) => (m.error ? `n/a (${m.error.replace(/^.*?: /, '')})` : `JS ${m.jsHeapBytesPerTask} B + wasm ${m.wasmHeapBytesPerTask} B`);
      return `| ${c} | ${connect[c].medianMs} | ${connect[c].p90Ms} | ${describe(memory[c][5])} | ${describe(memory[c][200])} | ${sizes[c].raw} | ${sizes[c].gzip} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** Writes results.md and results.svg into `dir` (default: the committed bench/results/). */
export function renderReports(results, dir = RESULTS) {
  writeFileSync(`${dir}results.md`, renderMarkdown(results));
  writeFileSync(`${dir}results.svg`, renderChart(results));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  renderReports(JSON.parse(readFileSync(`${RESULTS}results.json`, 'utf8')));
}
