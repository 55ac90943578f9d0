// results.json -> an SVG bar chart: throughput and p50 latency of every contender as a ratio
// to the raw WebSocket, per payload. Plain SVG, no dependency.
const COLORS = ['#6b7385', '#07c160', '#1a7f4b', '#1a5fb4', '#c64600', '#9141ac'];
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function panel(rows, contenders, metric, title, y0) {
  const payloads = [...new Set(rows.map((r) => `${r.kind} ${r.bytes}B`))];
  const max = Math.max(1.2, ...rows.map((r) => r[metric]));
  const left = 60, width = 840, height = 200, group = width / payloads.length, bar = (group - 20) / contenders.length;
  const scale = (v) => (v / max) * height;
  let svg = `<text x="${left}" y="${y0 - 12}" font-size="14" font-weight="600">${escape(title)}</text>`;
  svg += `<line x1="${left}" y1="${y0 + height - scale(1)}" x2="${left + width}" y2="${y0 + height - scale(1)}" stroke="#999" stroke-dasharray="4 3"/>`;
  svg += `<text x="${left - 8}" y="${y0 + height - scale(1) + 4}" font-size="11" text-anchor="end">1.0 = raw</text>`;
  payloads.forEach((payload, p) => {
    contenders.forEach((contender, c) => {
      const row = rows.find((r) => `${r.kind} ${r.bytes}B` === payload && r.contender === contender);
      if (!row) return;
      const x = left + p * group + 10 + c * bar, h = scale(row[metric]);
      svg += `<rect x="${x.toFixed(1)}" y="${(y0 + height - h).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[c % COLORS.length]}"><title>${escape(`${contender} ${payload}: ${row[metric]}`)}</title></rect>`;
    });
    svg += `<text x="${left + p * group + group / 2}" y="${y0 + height + 16}" font-size="11" text-anchor="middle">${escape(payload)}</text>`;
  });
  return svg;
}

export function renderChart(results) {
  const contenders = [...new Set(results.rows.map((r) => r.contender))];
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="940" height="620" font-family="system-ui, sans-serif" fill="#1d2330">`;
  svg += `<rect width="100%" height="100%" fill="white"/>`;
  svg += panel(results.rows, contenders, 'throughputRatio', 'Pipelined echo throughput, x raw WebSocket (higher is better)', 50);
  svg += panel(results.rows, contenders, 'p50Ratio', 'Sequential round trip p50, x raw WebSocket (lower is better)', 330);
  contenders.forEach((contender, c) => {
    svg += `<rect x="${60 + c * 150}" y="580" width="12" height="12" fill="${COLORS[c % COLORS.length]}"/><text x="${78 + c * 150}" y="590" font-size="12">${escape(contender)}</text>`;
  });
  svg += `<text x="60" y="612" font-size="10" fill="#6b7385">${escape(`${results.machine.cpu} x${results.machine.cores}, ${results.machine.chromium}, ${results.machine.date.slice(0, 10)}, median of ${results.repeats}`)}</text>`;
  return `${svg}</svg>\n`;
}
