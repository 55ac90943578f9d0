// The chaos scenarios, shared by the browser tests (which assert correctness) and
// `npm run chaos` (which prints the figures). Each takes a fixture: { page, ws, proxy }.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` numbered messages through the fault proxy with the queue, heartbeat and
 * reconnect on, killing every connection `drops` times meanwhile. Counts outcomes in the page
 * and arrivals at the server. `queue` is the task's queue option (default: room for them all).
 */
export async function numberedThroughDrops(fx, { count, drops, dropEveryMs, queue }) {
  fx.ws.received.length = 0;
  await fx.page.evaluate(() => { window.releaseNumbered = false; window.numberedEvents = []; });
  // Pace the sends so that they last longer than the drops: most drops hit traffic.
  const batch = 50;
  const pauseMs = Math.ceil((drops * dropEveryMs * 1.5) / (count / batch));
  const run = fx.page.evaluate((args) => window.sendNumbered(args), {
    url: fx.proxy.url('/collect'),
    count,
    batch,
    pauseMs,
    // A kill that finds the task reconnecting is retried: the last ones may come after the last
    // send (then they drop an idle connection), so the task waits for them.
    holdOpen: true,
    options: {
      queue: queue ?? { maxMessages: count, maxBytes: 16 * 1024 * 1024 },
      heartbeat: { intervalMs: 2000, timeoutMs: 2000 },
      reconnect: { minDelayMs: 20, maxDelayMs: 200, minUptimeMs: 100 },
    },
  });
  let killed = 0;
  try {
    // Only kills that hit a connection count; bounded in case the page stops reconnecting.
    for (let tries = 0; killed < drops && tries < drops * 20; tries++) {
      await sleep(dropEveryMs);
      if (await fx.proxy.killAll() > 0) killed++;
    }
    // The task closes once released: first let the page hear of the last drop (bounded).
    await fx.page.waitForFunction((count) => (window.numberedEvents ?? [])
      .filter(([kind]) => kind === 'Reconnecting').length >= count, killed, { timeout: 5000, polling: 20 }).catch(() => {});
  } finally {
    await fx.page.evaluate(() => { window.releaseNumbered = true; });
  }
  const page = await run;
  const arrived = fx.ws.received.map(Number);
  const arrivedSet = new Set(arrived);
  const succeededButLost = page.succeeded.filter((n) => !arrivedSet.has(n)).length;
  const failedButArrived = page.failedNumbers.filter((n) => arrivedSet.has(n)).length;
  let outOfOrder = 0;
  for (let i = 1; i < arrived.length; i++) if (arrived[i] < arrived[i - 1]) outOfOrder++;
  return {
    sent: count,
    drops: killed,
    reconnects: page.stats?.reconnects ?? page.events.filter(([kind]) => kind === 'Reconnected').length,
    outcomes: { ok: page.ok, failed: page.failed, none: page.noOutcome, moreThanOne: page.twice },
    failReasons: page.failReasons,
    server: {
      received: arrived.length,
      unique: arrivedSet.size,
      duplicates: arrived.length - arrivedSet.size,
      outOfOrder,
      succeededButNotReceived: succeededButLost,
      failedButReceived: failedButArrived,
    },
    events: page.events.map(([kind]) => kind),
  };
}

/** Black-holes an open connection and measures how long the heartbeat takes to notice. */
export async function halfOpenDetection(fx, { intervalMs, timeoutMs, rounds }) {
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const name = `half-open-${round}`;
    await fx.page.evaluate((args) => window.watchTask(args), {
      url: fx.proxy.url('/echo'),
      name,
      options: { heartbeat: { intervalMs, timeoutMs }, reconnect: { minDelayMs: 50, maxDelayMs: 50 } },
    });
    await sleep(intervalMs * (0.3 + 0.5 * Math.random()));  // at some point in the ping cycle
    await fx.proxy.blackholeAll();
    const blackholedAt = Date.now();
    const detectedAt = await fx.page.evaluate(async (taskName) => {
      const { log } = window.watched[taskName];
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline) {
        const found = log.find(([kind, , r]) => kind === 'Reconnecting' && r.reason === 'heartbeat timeout');
        if (found) return found[1];
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return null;
    }, name);
    await fx.page.evaluate((taskName) => window.watched[taskName].task.close(), name);
    await fx.proxy.killAll();
    results.push(detectedAt === null ? null : detectedAt - blackholedAt);
  }
  return { intervalMs, timeoutMs, targetMs: Math.round((intervalMs + timeoutMs) * 1.1), detectionMs: results };
}

/** Stops the server, restarts it on the same port, and times the task's way back. */
export async function serverRestart(fx, { downMs, minDelayMs, maxDelayMs }) {
  const name = `restart-${Date.now()}`;
  await fx.page.evaluate((args) => window.watchTask(args), {
    url: fx.ws.url('/echo'),
    name,
    options: { reconnect: { minDelayMs, maxDelayMs } },
  });
  await fx.ws.restart(downMs);
  const backAt = Date.now();
  const log = await fx.page.evaluate(async (taskName) => {
    const { log } = window.watched[taskName];
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && !log.some(([kind]) => kind === 'Reconnected')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    window.watched[taskName].task.close();
    return log;
  }, name);
  const reconnectedAt = log.find(([kind]) => kind === 'Reconnected')?.[1];
  const attempts = log.filter(([kind]) => kind === 'Reconnecting');
  const winning = attempts.at(-1);
  const scheduledFor = winning ? winning[1] + winning[2].delayMs : null;
  return {
    downMs,
    attempts: attempts.length,
    winningDelayMs: winning ? Math.round(winning[2].delayMs) : null,
    serverBackToReconnectedMs: reconnectedAt ? reconnectedAt - backAt : null,
    // How long after the attempt that could succeed was due the task was open again.
    dueToReconnectedMs: reconnectedAt && scheduledFor ? Math.round(Math.max(0, reconnectedAt - Math.max(scheduledFor, backAt))) : null,
  };
}

/** Drops 5 tasks at once and records when each one's reconnect was scheduled to fire. */
export async function outageSpread(fx, { tasks }) {
  const names = [];
  for (let i = 0; i < tasks; i++) {
    const name = `spread-${Date.now()}-${i}`;
    names.push(name);
    await fx.page.evaluate((args) => window.watchTask(args), {
      url: fx.proxy.url('/echo'),
      name,
      options: { reconnect: { minDelayMs: 500, maxDelayMs: 10000 } },
    });
  }
  await fx.proxy.killAll();
  const droppedAt = Date.now();
  const logs = await fx.page.evaluate(async (taskNames) => {
    const done = () => taskNames.every((n) => window.watched[n].log.some(([kind]) => kind === 'Reconnected'));
    const deadline = Date.now() + 30000;
    while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    return taskNames.map((n) => {
      window.watched[n].task.close();
      return window.watched[n].log;
    });
  }, names);
  const reconnectMs = logs.map((log) => {
    const at = log.find(([kind]) => kind === 'Reconnected')?.[1];
    return at ? at - droppedAt : null;
  });
  // Jittered delays are doubles: rounded to whole ms, 5 draws from [500, 1000] collide 2 % of the time.
  const delays = logs.map((log) => log.find(([kind]) => kind === 'Reconnecting')?.[2].delayMs ?? -1);
  const valid = reconnectMs.filter((ms) => ms !== null);
  return {
    tasks,
    scheduledDelaysMs: delays.map(Math.round),
    reconnectedAfterMs: reconnectMs,
    spreadMs: valid.length ? Math.max(...valid) - Math.min(...valid) : null,
    distinct: new Set(delays).size,
  };
}
