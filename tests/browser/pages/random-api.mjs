// A seeded random driver of the whole wx API, for tests/browser/random-api.test.mjs: random
// argument shapes (wrong types, throwing getters, revoked Proxies, detached buffers, large and
// odd values) and listeners that call random APIs from inside events. Everything it checks is
// collected in the report `runRandomApi` returns; the test asserts on it.

const THROWN_ON_PURPOSE = 'random-api: thrown on purpose';
const DISPOSED = 'wx-socket-wasm: this wx object was disposed';
const THREW = Symbol('threw');
// Page errors the run causes on purpose: its own throws, and calls of revoked function Proxies.
const ON_PURPOSE = new RegExp(`${THROWN_ON_PURPOSE}|proxy that has been revoked`);

// mulberry32: small, fast, and the same sequence for the same seed in every browser.
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `calls` random API calls with the given seed. `urls` has echo, close (a server that
 * closes at once) and blackHole (a handshake that never completes). With `closeInClose` false,
 * no listener calls close, closeSocket or dispose while an app's close, closeSocket or dispose
 * is on the stack (issue 13 finding 1).
 */
export async function runRandomApi({ seed, calls, urls, closeInClose }) {
  const random = prng(seed);
  const int = (n) => Math.floor(random() * n);
  const pick = (items) => items[int(items.length)];
  const chance = (p) => random() < p;

  const report = { seed, calls: 0, reentrantCalls: 0, closeInClose: 0, unexpected: [], badResults: [], outcomeErrors: [] };
  const wxs = [];
  const tasks = [];
  const expectations = [];  // calls that promised exactly one outcome
  let closeDepth = 0;  // app close/closeSocket/dispose calls on the stack
  let listenerDepth = 0;
  let reentrantBudget = Math.ceil(calls / 4);

  const unexpected = (where, error) => {
    if (report.unexpected.length < 20) report.unexpected.push(`${where}: ${error?.name}: ${error?.message ?? error}`);
  };
  const checkResult = (where, result) => {
    if (typeof result?.errMsg !== 'string' && report.badResults.length < 20) {
      report.badResults.push(`${where}: ${JSON.stringify(result)}`);
    }
  };

  // --- values ---------------------------------------------------------------------------------

  const revoked = (target = {}) => {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  };
  const detached = (View) => {
    const buffer = new ArrayBuffer(8 * (1 + int(8)));
    const view = View ? new View(buffer) : buffer;
    structuredClone(buffer, { transfer: [buffer] });
    return view;
  };
  const text = () => pick([
    () => '',
    () => 'hello',
    () => 'é€😀\u0000\ud800 lone',
    () => 'x'.repeat(int(70000)),
    () => String(random()),
  ])();
  const bytes = () => {
    const buffer = new ArrayBuffer(int(5000));
    return pick([
      () => buffer,
      () => new Uint8Array(buffer),
      () => new Uint8Array(buffer, Math.min(3, buffer.byteLength)),
      () => new DataView(buffer),
      () => new Float64Array(int(100)),
    ])();
  };
  const odd = () => pick([
    () => undefined, () => null, () => 0, () => -1, () => NaN, () => Infinity, () => 2 ** 53 + 1,
    () => 1e308, () => true, () => 'string', () => Symbol('s'), () => 10n, () => [], () => [1, 'a'],
    () => ({}), () => ({ __wxType: pick(['String', 'Function', 'Undefined', 'Number']) }),
    () => new String('boxed'), () => ({ [Symbol.toStringTag]: pick(['Function', 'String']) }),
    () => new Date(), () => new Map(), () => new Blob(['b']), () => revoked(), () => revoked(() => {}),
    () => detached(), () => detached(DataView), () => detached(Uint16Array), () => () => {},
    () => ({ a: { b: { c: { d: { e: { f: { g: { h: { i: {} } } } } } } } } }),
  ])();
  const payload = () => (chance(0.8) ? (chance(0.6) ? text() : bytes()) : odd());

  // A callback that counts its calls; sometimes it throws, or calls random APIs.
  const callback = (counter, key) => (result) => {
    checkResult(`callback ${key}`, result);
    counter[key]++;
    if (chance(0.1)) throw new Error(THROWN_ON_PURPOSE);
    if (chance(0.15)) reentrant(`callback ${key}`);
  };
  // Adds success/fail/complete of random shapes to `options`. Returns a counter of the calls of
  // those that count (`counting`), or null when a getter that always throws makes the whole
  // argument unreadable (and so without callbacks).
  const addCallbacks = (options) => {
    const counter = { success: 0, fail: 0, complete: 0, counting: [] };
    let readable = true;
    for (const key of ['success', 'fail', 'complete']) {
      const shape = int(10);
      if (shape < 6) {
        options[key] = callback(counter, key);
        counter.counting.push(key);
      } else if (shape === 6) {
        options[key] = pick([5, 'x', null, revoked(() => {})]);
      } else if (shape === 7) {
        // A getter that gives the callback once and throws after that (issue 13 finding 4).
        let reads = 0;
        const fn = callback(counter, key);
        Object.defineProperty(options, key, {
          enumerable: true,
          get() { if (++reads > 1) throw new Error(THROWN_ON_PURPOSE); return fn; },
        });
        counter.counting.push(key);
      } else if (shape === 8) {
        Object.defineProperty(options, key, { enumerable: true, get() { throw new Error(THROWN_ON_PURPOSE); } });
        readable = false;
      }
    }
    return readable ? counter : null;
  };
  const expectOutcome = (where, counter) => {
    if (counter) expectations.push({ where, counter });
  };

  // --- actions --------------------------------------------------------------------------------

  const liveWx = () => wxs.filter((wx) => !wx.disposedByUs);
  const someWx = () => pick(liveWx()) ?? null;
  const someTask = () => (tasks.length ? tasks[tasks.length - 1 - int(Math.min(tasks.length, 12))] : null);

  // Runs one API call; a TypeError (no callback to fail) and the disposed Error are documented.
  const call = (where, fn) => {
    report.calls++;
    try {
      const returned = fn();
      if (returned instanceof Promise) {
        returned.then((result) => checkResult(`${where} resolved`, result), (error) => {
          if (error instanceof Error ? error.message !== DISPOSED : typeof error?.errMsg !== 'string') {
            unexpected(`${where} rejected`, error);
          }
        });
      }
      return returned;
    } catch (error) {
      if (!(error instanceof TypeError) && error?.message !== DISPOSED) unexpected(where, error);
      return THREW;
    }
  };
  const closing = (fn) => () => {
    if (closeDepth > 0) report.closeInClose++;
    closeDepth++;
    try {
      return fn();
    } finally {
      closeDepth--;
    }
  };

  const connectOptions = () => {
    const options = {};
    const where = int(20);
    options.url = where < 14 ? urls.echo : where < 16 ? urls.close : where < 17 ? urls.blackHole : odd();
    if (chance(0.3)) options.timeout = chance(0.8) ? 200 + int(800) : odd();
    if (options.url === urls.blackHole) options.timeout = 300;
    if (chance(0.1)) options.protocols = chance(0.5) ? pick(['chat', ['a', 'b'], ['a', 'a']]) : odd();
    if (chance(0.3)) options.queue = pick([true, { maxMessages: 1 + int(5), overflow: 'drop-oldest' }, { ttlMs: 50 }, odd()]);
    if (chance(0.2)) options.heartbeat = pick([true, { intervalMs: 50 + int(200), timeoutMs: 100 + int(300) }, { ping: odd() }, { pong: odd() }, odd()]);
    if (chance(0.2)) options.reconnect = pick([true, { maxAttempts: 1 + int(3), minDelayMs: 10, maxDelayMs: 50 }, odd()]);
    if (chance(0.05)) options.header = pick([{ a: 'b' }, odd()]);
    if (chance(0.05)) {
      Object.defineProperty(options, pick(['extra', '__proto__', '__wxType']), { value: odd(), enumerable: true, writable: true });
    }
    return options;
  };

  const listenerKinds = ['Open', 'Message', 'Error', 'Close', 'StateChange', 'Reconnecting', 'Reconnected', 'ReconnectFailed'];
  const listener = (where) => pick([
    () => (result) => { if (result === undefined) report.badResults.push(`${where}: no result`); reentrant(where); },
    () => () => { throw new Error(THROWN_ON_PURPOSE); },
    () => revoked(() => {}),
    () => odd(),
  ])();

  const actions = [
    [3, 'createWx', async () => {
      if (liveWx().length >= 3) return;
      const config = chance(0.8) ? pick([undefined, {}, { maxConnections: 1 + int(8) }]) : odd();
      try {
        wxs.push(await sdk.createWx(config));
      } catch (error) {
        if (!(error instanceof TypeError)) unexpected('createWx', error);
      }
    }],
    [14, 'connectSocket', () => {
      const wx = someWx();
      if (!wx || tasks.filter((task) => task.readyState !== 3).length >= 12) return;
      const plain = chance(0.95);
      const options = plain ? connectOptions() : odd();
      const counter = plain ? addCallbacks(options) : null;
      const task = call('connectSocket', () => wx.connectSocket(options));
      if (task !== THREW) {
        tasks.push(task);
        expectOutcome('connectSocket', counter);
        for (const kind of listenerKinds) if (chance(0.3)) call(`on${kind}`, () => task[`on${kind}`](listener(`on${kind}`)));
        // State changes run inside close(): where a listener's own close() re-enters it.
        if (chance(0.5)) call('onStateChange', () => task.onStateChange(() => reentrant('onStateChange')));
      }
    }],
    [30, 'send', () => {
      const task = someTask();
      if (!task) return;
      const shape = int(20);
      if (shape === 0) return call('send', () => task.send(odd()));
      if (shape === 1) return call('send', () => task.send(revoked({ data: 'x' })));
      const options = { data: payload() };
      const counter = addCallbacks(options);
      if (shape === 2) Object.defineProperty(options, 'data', { enumerable: true, get() { throw new Error(THROWN_ON_PURPOSE); } });
      if (call('send', () => task.send(options)) !== THREW) expectOutcome('send', counter);
    }],
    [8, 'sendSocketMessage', () => {
      const wx = someWx();
      if (!wx) return;
      if (chance(0.1)) return call('sendSocketMessage', () => wx.sendSocketMessage(pick([odd(), revoked()])));
      const options = { data: payload() };
      const counter = chance(0.5) ? addCallbacks(options) : null;
      const returned = call('sendSocketMessage', () => wx.sendSocketMessage(options));
      if (returned !== THREW) expectOutcome('sendSocketMessage', counter);
    }],
    [6, 'close', closing(() => {
      const task = someTask();
      if (!task) return;
      if (chance(0.15)) return call('close', () => task.close(odd()));
      const options = chance(0.2) ? undefined : {};
      if (options && chance(0.5)) options.code = pick([1000, 3000 + int(2000), 1001, 999, 5000, NaN, '4000']);
      if (options && chance(0.3)) options.reason = pick(['bye', 'é'.repeat(70), 'x'.repeat(130), odd()]);
      const counter = options ? addCallbacks(options) : null;
      if (call('close', () => task.close(options)) !== THREW) expectOutcome('close', counter);
    })],
    [3, 'closeSocket', closing(() => {
      const wx = someWx();
      if (!wx) return;
      const plain = chance(0.8);
      const options = plain ? { code: pick([1000, 4001, 12]) } : pick([undefined, odd(), revoked()]);
      const counter = plain && chance(0.5) ? addCallbacks(options) : null;
      const returned = call('closeSocket', () => wx.closeSocket(options));
      if (returned !== THREW) expectOutcome('closeSocket', counter);
    })],
    [6, 'listeners', () => {
      const task = someTask();
      const wx = someWx();
      if (task && chance(0.7)) {
        const kind = pick(listenerKinds);
        call(`on${kind}`, () => task[`on${kind}`](listener(`on${kind}`)));
      } else if (wx) {
        const kind = pick(['Open', 'Message', 'Error', 'Close']);
        call(`onSocket${kind}`, () => wx[`onSocket${kind}`](listener(`onSocket${kind}`)));
      }
    }],
    [5, 'read', () => {
      const task = someTask();
      const wx = someWx();
      if (task) call('getters', () => [task.readyState, task.bufferedAmount, task.getStats(), task.CLOSED]);
      if (wx) call('debugStats', () => wx.debugStats);
    }],
    [1, 'dispose', closing(() => {
      const wx = someWx();
      if (!wx || chance(0.5)) return;
      wx.disposedByUs = true;
      call('dispose', () => wx.dispose());
    })],
  ];
  const closeActions = actions.filter(([, name]) => /close|dispose/i.test(name)).map(([, , run]) => run);
  const totalWeight = actions.reduce((sum, [weight]) => sum + weight, 0);
  const chooseAction = (allowClose) => {
    for (;;) {
      let roll = random() * totalWeight;
      for (const [weight, name, run] of actions) {
        roll -= weight;
        if (roll < 0) {
          if (name === 'createWx') break;  // async: the run loop calls it
          if (!allowClose && (name === 'close' || name === 'closeSocket' || name === 'dispose')) break;
          return () => { run(); };  // a Promise a call returned is the call's business
        }
      }
    }
  };

  // From inside a listener or callback: one or two random calls, within a budget.
  function reentrant(where) {
    if (listenerDepth > 2 || reentrantBudget <= 0) return;
    listenerDepth++;
    try {
      for (let i = 1 + int(2); i > 0 && reentrantBudget > 0; i--) {
        reentrantBudget--;
        report.reentrantCalls++;
        // Inside a close, half the calls are closes themselves when that is allowed.
        if (closeInClose && closeDepth > 0 && chance(0.5)) pick(closeActions)();
        else chooseAction(closeInClose || closeDepth === 0)();
      }
    } catch (error) {
      unexpected(`reentrant from ${where}`, error);
    } finally {
      listenerDepth--;
    }
  }

  // --- the run --------------------------------------------------------------------------------

  window.addEventListener('unhandledrejection', (event) => unexpected('unhandled rejection', event.reason));
  wxs.push(await sdk.createWx());
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const createWx = actions[0][2];
  while (report.calls < calls) {
    if (liveWx().length === 0 || chance(0.01)) await createWx();
    chooseAction(true)();
    if (chance(0.1)) await sleep(int(5));
  }

  // Close everything (listeners call nothing more now), then every promised outcome must have
  // arrived exactly once.
  reentrantBudget = 0;
  for (const task of tasks) closing(() => call('final close', () => task.close()))();
  const deadline = Date.now() + 5000;
  const pending = () => tasks.filter((task) => task.readyState !== 3).length;
  while (pending() > 0 && Date.now() < deadline) await sleep(10);
  await sleep(50);
  report.tasks = tasks.length;
  report.unclosedTasks = pending();
  report.unclosed = tasks.filter((task) => task.readyState !== 3).slice(0, 3).map((task) => {
    try { return task.getStats(); } catch (error) { return String(error); }
  });
  report.heldTasks = liveWx().reduce((sum, wx) => sum + wx.debugStats.heldTasks, 0);
  // At most one of success/fail and one complete; exactly one where the callbacks count.
  for (const { where, counter } of expectations) {
    const { success, fail, complete, counting } = counter;
    const due = (keys) => keys.every((key) => counting.includes(key)) ? 1 : 0;
    const wrong = success + fail > 1 || complete > 1 ||
      success + fail < due(['success', 'fail']) || complete < due(['complete']);
    if (wrong && report.outcomeErrors.length < 20) report.outcomeErrors.push(`${where}: ${JSON.stringify(counter)}`);
  }
  report.expectedOutcomes = expectations.length;
  for (const wx of liveWx()) wx.dispose();
  await sleep(20);

  // A fresh wx object still works, and nothing is held.
  // A bound, not a timing claim: 2 s once ran out in a full npm test on 2 cores.
  const within = (promise) => Promise.race([promise, sleep(10000)]);
  const wx = await sdk.createWx();
  const task = wx.connectSocket({ url: urls.echo });
  const echoed = new Promise((resolve) => task.onMessage(({ data }) => resolve(data)));
  await within(new Promise((resolve) => task.onOpen(resolve)));
  task.send({ data: `echo ${seed}` });
  report.echo = await within(echoed);
  task.close();
  await within(new Promise((resolve) => task.onClose(resolve)));
  await sleep(20);
  report.finalStats = wx.debugStats;
  wx.dispose();
  report.pageErrors = window.pageErrors.filter((message) => !ON_PURPOSE.test(message));
  report.thrownOnPurpose = window.pageErrors.length - report.pageErrors.length;
  return report;
}
