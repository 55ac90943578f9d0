// The connection dashboard: a timeline of the task's states, an RTT sparkline and the figures
// of task.getStats(), redrawn once a second.

// The timeline shows the time since the page connected, up to the last two minutes.
const MIN_WINDOW_MS = 20000;
const MAX_WINDOW_MS = 120000;
const STATE_COLORS = {
  open: '#07c160', connecting: '#e5a50a', reconnecting: '#e66100', closing: '#9a9996', closed: '#9a9996',
};

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function formatDuration(ms) {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export class Dashboard {
  #startedAt = null;
  #spans = [];  // {state, from, to?}, only those still in the window
  #rtts = [];   // {at, ms}, only those still in the window
  #lastSamples = 0;
  #elements;

  constructor(elements) {
    this.#elements = elements;
  }

  /** Feed it the task's onStateChange events. */
  stateChanged(state) {
    const now = Date.now();
    this.#startedAt ??= now;
    const current = this.#spans.at(-1);
    if (current) current.to = now;
    this.#spans.push({ state, from: now });
    this.#elements.pill.textContent = state;
    this.#elements.pill.className = `pill ${state}`;
  }

  /** Feed it task.getStats() once a second. */
  update(stats) {
    if (stats.rtt.samples > this.#lastSamples) {
      this.#lastSamples = stats.rtt.samples;
      this.#rtts.push({ at: Date.now(), ms: stats.rtt.lastMs });
    }
    this.#forgetOutsideWindow();
    this.#drawTimeline();
    this.#drawSparkline(stats);
    const figures = {
      state: stats.state,
      uptime: formatDuration(stats.uptimeMs),
      reconnects: stats.reconnects,
      'queue depth': `${stats.queue.messages} msg, ${formatBytes(stats.queue.bytes)}`,
      'messages in / out': `${stats.messagesIn} / ${stats.messagesOut}`,
      'in (text as UTF-16 units)': formatBytes(stats.bytesIn),
      'bytes out': formatBytes(stats.bytesOut),
      'dropped / expired': `${stats.dropped} / ${stats.expired}`,
    };
    this.#elements.stats.replaceChildren(...Object.entries(figures).flatMap(([name, value]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const detail = document.createElement('dd');
      detail.textContent = value;
      detail.dataset.stat = name;
      return [term, detail];
    }));
  }

  #windowMs() {
    const elapsed = this.#startedAt === null ? 0 : Date.now() - this.#startedAt;
    return Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, elapsed));
  }

  // A page left open for days would otherwise keep every span and RTT sample it ever had.
  #forgetOutsideWindow() {
    const start = Date.now() - this.#windowMs();
    this.#spans = this.#spans.filter((span) => span.to === undefined || span.to >= start);
    this.#rtts = this.#rtts.filter(({ at }) => at >= start);
  }

  #drawTimeline() {
    const canvas = this.#elements.timeline;
    const context = canvas.getContext('2d');
    const now = Date.now();
    const windowMs = this.#windowMs();
    const start = now - windowMs;
    context.clearRect(0, 0, canvas.width, canvas.height);
    for (const span of this.#spans) {
      const from = Math.max(span.from, start);
      const to = span.to ?? now;
      if (to < start) continue;
      const x = ((from - start) / windowMs) * canvas.width;
      const width = Math.max(1, ((to - from) / windowMs) * canvas.width);
      context.fillStyle = STATE_COLORS[span.state] ?? '#ccc';
      context.fillRect(x, 8, width, canvas.height - 22);
    }
    context.fillStyle = '#6b7385';
    context.font = '10px system-ui';
    context.fillText(`-${Math.round(windowMs / 1000)} s`, 2, canvas.height - 3);
    context.fillText('now', canvas.width - 20, canvas.height - 3);
  }

  #drawSparkline(stats) {
    const canvas = this.#elements.rtt;
    const context = canvas.getContext('2d');
    const windowMs = this.#windowMs();
    const points = this.#rtts;
    context.clearRect(0, 0, canvas.width, canvas.height);
    this.#elements.rttFigures.textContent = stats.rtt.samples
      ? `last ${stats.rtt.lastMs.toFixed(1)} · avg ${stats.rtt.averageMs.toFixed(1)} · max ${stats.rtt.maxMs.toFixed(1)} ms`
      : 'waiting for a pong';
    if (points.length < 2) return;
    const max = Math.max(1, ...points.map(({ ms }) => ms));
    context.strokeStyle = '#1a5fb4';
    context.lineWidth = 1.5;
    context.beginPath();
    points.forEach(({ at, ms }, i) => {
      const x = ((at - (Date.now() - windowMs)) / windowMs) * canvas.width;
      const y = canvas.height - 4 - (ms / max) * (canvas.height - 10);
      if (i === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
  }
}
