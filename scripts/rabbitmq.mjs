// A private RabbitMQ broker with Web-STOMP for the STOMP tests: Debian's rabbitmq-server, run from a
// temporary directory on free loopback ports, with its own epmd, no systemd and nothing global.
//
//   const broker = await startBroker();   // resolves once ws://127.0.0.1:<port>/ws speaks v12.stomp
//   ... broker.wsUrl ...
//   await broker.stop();                  // graceful, bounded, then SIGKILL; removes the directory
//
// What is guaranteed to end the broker:
//  - stop(): SIGTERM (RabbitMQ stops cleanly), SIGKILL after GRACEFUL_STOP_MS; safe to call twice.
//  - this process ending without stop() (an exception, process.exit, Ctrl-C, SIGKILL, OOM): a
//    watchdog shell waits on a pipe from this process; when the pipe closes it SIGKILLs the
//    broker's processes and removes the directory.
// Only processes whose environment carries this run's BROKER_MARKER are ever signalled, so a
// recycled PID or a developer's own RabbitMQ is never touched.
//
// `node scripts/rabbitmq.mjs` starts one and prints its URL for `STOMP_BROKER_URL=... node --test tests/stomp/`.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';   // not /usr/sbin's: that one su's to rabbitmq and uses /var/lib/rabbitmq
const EPMD = '/usr/bin/epmd';
const START_TIMEOUT_MS = 60000;       // ~5 s warm, ~10 s on the first start after install
const GRACEFUL_STOP_MS = 15000;       // ~1.3 s measured
const KILL_WAIT_MS = 3000;
const POLL_MS = 100;
const LOG_TAIL_LINES = 80;
// The largest message the test broker accepts (RabbitMQ's default is 128 MiB, too much to send
// in a fast test): the STOMP tests go over it to see what a session gets.
export const MAX_MESSAGE_BYTES = 1024 * 1024;

const BROKER_MARKER = 'WX_SOCKET_WASM_RABBITMQ_DIR';

// Kills what carries the marker and removes the directory when its stdin closes without a line
// first (stop() writes one). /proc/*/environ of a zombie is empty, so exited processes never match.
const WATCHDOG_SCRIPT = `
read -r _ && exit 0
for environ in /proc/[0-9]*/environ; do
  if grep -qzxF "${BROKER_MARKER}=$1" "$environ" 2>/dev/null; then
    pid=\${environ#/proc/}
    kill -KILL "\${pid%/environ}" 2>/dev/null
  fi
done
rm -rf "$1"
`;

// PIDs of the live processes started for the broker in `dir` (epmd, the rabbitmq-server script,
// beam.smp and its helpers): they all inherit the marker from their environment.
function processesOf(dir) {
  const marker = `${BROKER_MARKER}=${dir}`;
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;   // gone meanwhile, or not ours to read
    }
    if (environ.split('\0').includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

function signalEach(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited since it was listed
    }
  }
}

// Polls `condition` (sync or async) until it holds; false when timeoutMs passed first.
async function waitUntil(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

// Distinct free ports on 127.0.0.1, all held open at once so that none is handed out twice. Another
// process may take one before the broker binds it: the start then fails with eaddrinuse in the log.
async function freeLoopbackPorts(count) {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function acceptsTcp(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

// Ready means what a STOMP client needs: the upgrade on /ws answers 101 with subprotocol v12.stomp
// (the listener opens after the broker's boot steps, so an open port alone is not enough).
function answersWebStomp(wsUrl) {
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl, 'v12.stomp', { handshakeTimeout: 2000 });
    socket.once('open', () => {
      resolve(socket.protocol === 'v12.stomp');
      socket.close(1000);
    });
    socket.once('error', () => resolve(false));
  });
}

function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function writeConfig(dir, { webStompPort, wsFrame }) {
  await Promise.all(['home', 'mnesia', 'log'].map((sub) => mkdir(join(dir, sub))));
  await writeFile(join(dir, 'enabled_plugins'), '[rabbitmq_web_stomp].\n');   // brings rabbitmq_stomp along
  await writeFile(join(dir, 'rabbitmq.conf'), [
    'listeners.tcp = none',              // no AMQP listener: the tests speak STOMP over WebSocket only
    'stomp.listeners.tcp = none',        // nor STOMP over TCP
    'web_stomp.tcp.ip = 127.0.0.1',
    `web_stomp.tcp.port = ${webStompPort}`,
    `max_message_size = ${MAX_MESSAGE_BYTES}`,
    // Web-STOMP writes every frame as a text WebSocket message unless told `binary`: a MESSAGE
    // whose body is not UTF-8 then kills the browser's connection (tests/browser/stomp.test.mjs).
    ...(wsFrame === 'binary' ? ['web_stomp.ws_frame = binary'] : []),
    'log.console = false',
    'log.file.level = info',
    '',
  ].join('\n'));
  await writeFile(join(dir, 'rabbitmq-env.conf'), '');   // instead of /etc/rabbitmq/rabbitmq-env.conf
  // The node and its CLI read $HOME/.erlang.cookie, which Erlang accepts only when owner-only.
  const cookie = join(dir, 'home', '.erlang.cookie');
  await writeFile(cookie, randomBytes(20).toString('hex').toUpperCase());
  await chmod(cookie, 0o400);
}

// Nothing from this process's environment but PATH: a developer's RABBITMQ_* settings must not leak in.
function brokerEnvironment(dir, { nodeName, distPort, epmdPort }) {
  return {
    PATH: process.env.PATH,
    LC_ALL: 'C.UTF-8',
    [BROKER_MARKER]: dir,
    HOME: join(dir, 'home'),
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_LOGS: join(dir, 'log', 'broker.log'),
    // Our epmd, never the daemonised one a node starts by default (it would outlive the run on 0.0.0.0:4369).
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}',
  };
}

// Own session (detached), so a Ctrl-C in the terminal reaches only us and we decide how it stops.
function spawnLogged(command, args, { dir, env, log }) {
  const output = openSync(join(dir, 'log', log), 'a');
  try {
    return spawn(command, args, { cwd: dir, env, detached: true, stdio: ['ignore', output, output] });
  } finally {
    closeSync(output);
  }
}

/**
 * Starts a private broker and resolves once its Web-STOMP endpoint answers; rejects with the
 * log tail in the message when it cannot start (nothing is left running then).
 * `wsFrame: 'binary'` makes Web-STOMP send its frames as binary WebSocket messages.
 * @returns {Promise<{wsUrl: string, ports: {webStomp: number, dist: number, epmd: number},
 *   nodeName: string, dir: string, startMs: number, logTail: () => string, stop: () => Promise<void>}>}
 */
export async function startBroker({ wsFrame = 'text' } = {}) {
  const startedAt = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'wx-rabbitmq-'));
  const [webStompPort, distPort, epmdPort] = await freeLoopbackPorts(3);
  const ports = { webStomp: webStompPort, dist: distPort, epmd: epmdPort };
  const nodeName = `wxtest-${process.pid}-${randomBytes(3).toString('hex')}@localhost`;
  const wsUrl = `ws://127.0.0.1:${webStompPort}/ws`;
  const env = brokerEnvironment(dir, { nodeName, distPort, epmdPort });

  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'wx-rabbitmq-watchdog', dir],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: process.env.PATH } });
  watchdog.stdin.on('error', () => {});   // it was killed from outside: stop() still does its work

  const logTail = () => ['stdout.log', 'broker.log', 'epmd.log']
    .map((log) => [log, tail(join(dir, 'log', log), LOG_TAIL_LINES)])
    .filter(([, text]) => text)
    .map(([log, text]) => `--- ${join(dir, 'log', log)}\n${text}`)
    .join('\n');

  let epmd;
  let server;
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      const notEpmd = () => processesOf(dir).filter((pid) => pid !== epmd?.pid);
      // The rabbitmq-server script turns SIGTERM into a clean shutdown and waits for beam.smp;
      // if the script is gone, beam.smp shuts down cleanly on SIGTERM too.
      const running = notEpmd();
      signalEach(running.includes(server?.pid) ? [server.pid] : running, 'SIGTERM');
      await waitUntil(() => notEpmd().length === 0, GRACEFUL_STOP_MS);
      for (const signal of ['SIGTERM', 'SIGKILL']) {   // epmd, and whatever ignored the first SIGTERM
        signalEach(processesOf(dir), signal);
        if (await waitUntil(() => processesOf(dir).length === 0, KILL_WAIT_MS)) break;
      }
      watchdog.stdin.end('stopped\n');
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await writeConfig(dir, { webStompPort, wsFrame });
    epmd = spawnLogged(EPMD, ['-port', String(epmdPort), '-address', '127.0.0.1'], { dir, env, log: 'epmd.log' });
    const epmdExited = () => epmd.exitCode !== null || epmd.signalCode !== null;
    const epmdListening = await waitUntil(async () => epmdExited() || await acceptsTcp(epmdPort), 5000) && !epmdExited();
    if (!epmdListening) throw new Error(`epmd did not listen on 127.0.0.1:${epmdPort}`);

    server = spawnLogged(RABBITMQ_SERVER, [], { dir, env, log: 'stdout.log' });
    const serverExited = () => server.exitCode !== null || server.signalCode !== null;
    const ready = await waitUntil(async () => serverExited() || await answersWebStomp(wsUrl),
      START_TIMEOUT_MS - (Date.now() - startedAt));
    if (serverExited()) throw new Error(`rabbitmq-server exited (${server.exitCode ?? server.signalCode}) before ${wsUrl} answered`);
    if (!ready) throw new Error(`${wsUrl} did not answer within ${START_TIMEOUT_MS / 1000} s`);
  } catch (error) {
    const logs = logTail();
    await stop();
    throw new Error(`RabbitMQ did not start: ${error.message}\n${logs}`);
  }
  return { wsUrl, ports, nodeName, dir, startMs: Date.now() - startedAt, logTail, stop };
}

/**
 * Stops the broker when this process is asked to end (Ctrl-C, kill, a closed terminal), then ends
 * with the signal's usual exit code: a handler replaces Node's default exit on those signals.
 */
export function stopOnSignals(broker) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = async (signal) => {
    await broker.stop();
    process.exit(128 + osConstants.signals[signal]);
  };
  for (const signal of signals) process.once(signal, onSignal);
  return () => { for (const signal of signals) process.off(signal, onSignal); };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const broker = await startBroker();
  stopOnSignals(broker);
  console.log(`RabbitMQ ${broker.nodeName} ready in ${broker.startMs} ms; Ctrl-C stops it.`);
  console.log(`STOMP_BROKER_URL=${broker.wsUrl}`);
}
