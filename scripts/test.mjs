// `npm test`: installs what is missing, runs the native Catch2 suite (ctest) and the browser
// suite (node:test + headless Chromium), and ends with one line: "N passed, N failed".
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Runs a command with its output shown live, and returns that output for counting.
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    const collect = (stream, sink) => stream.on('data', (chunk) => { output += chunk; sink.write(chunk); });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function step(title, command, args, env) {
  console.log(`\n== ${title}`);
  const result = await run(command, args, env);
  if (result.code !== 0) console.log(`== ${title}: exit code ${result.code}`);
  return result;
}

function countCtest(result) {
  const match = result.output.match(/(\d+)% tests passed, (\d+) tests? failed out of (\d+)/);
  if (!match) return { passed: 0, failed: 1 };  // the suite did not run: count it as a failure
  const [failed, total] = [Number(match[2]), Number(match[3])];
  return { passed: total - failed, failed };
}

function countNodeTest(result) {
  const pass = result.output.match(/^# pass (\d+)/m);
  const fail = result.output.match(/^# fail (\d+)/m);
  if (!pass || !fail) return { passed: 0, failed: 1 };
  return { passed: Number(pass[1]), failed: Number(fail[1]) + (result.code !== 0 && fail[1] === '0' ? 1 : 0) };
}

const totals = { passed: 0, failed: 0 };
const add = ({ passed, failed }) => { totals.passed += passed; totals.failed += failed; };

const setup = await step('setup', 'bash', ['scripts/setup.sh']);
if (setup.code !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const configure = await step('native: configure', 'cmake', ['-S', '.', '-B', 'build/native', '-DCMAKE_BUILD_TYPE=Debug']);
const nativeBuild = configure.code === 0 && await step('native: build', 'cmake', ['--build', 'build/native', '-j2']);
if (nativeBuild && nativeBuild.code === 0) {
  add(countCtest(await step('native: ctest', 'ctest', ['--test-dir', 'build/native', '--output-on-failure'])));
} else {
  add({ passed: 0, failed: 1 });
}

// The hand-written index.d.ts against a file of typical (and wrong) usage: one test.
const types = await step('types: tsc --noEmit tests/types', 'node', ['node_modules/typescript/bin/tsc', '-p', 'tests/types']);
add(types.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

// dist/ first: the demo server serves it, and the browser suite loads it.
const wasmBuild = await step('wasm: build dist/', 'bash', ['scripts/build.sh']);
if (wasmBuild.code !== 0) add({ passed: 0, failed: 1 });

// The bench's statistics, which the README's performance intervals rest on, and its tools' options (node:test, no browser).
add(countNodeTest(await step('bench statistics and options: node --test', 'node', ['--test', '--test-reporter=tap', 'tests/bench/'])));

// The chat demo's server (node:test, no browser).
add(countNodeTest(await step('demo server: node --test', 'node', ['--test', '--test-reporter=tap', '--test-timeout=60000', 'tests/demo/'])));

// Characterization tests of RabbitMQ's Web-STOMP (node:test, no browser) against one private broker
// for the group, stopped also when they fail; a broker that cannot start counts as a failure.
add(await stompBrokerTests());

if (wasmBuild.code === 0) {
  add(countNodeTest(await step('browser: node --test', 'node', ['--test', '--test-reporter=tap', '--test-concurrency=1', '--test-timeout=180000', 'tests/browser/'])));
  // The packed tarball in throw-away projects: bundlers, dev servers, workers, Node, Taro, TypeScript.
  add(countNodeTest(await step('consumers: node --test', 'node', ['--test', '--test-reporter=tap', '--test-timeout=240000', 'tests/consumers/'])));
}

async function stompBrokerTests() {
  console.log('\n== stomp broker: start a private RabbitMQ');
  // Imported here, not at the top: it needs the `ws` package, which setup installs.
  const { startBroker, stopOnSignals } = await import('./rabbitmq.mjs');
  let broker;
  try {
    broker = await startBroker();
  } catch (error) {
    console.log(error.message);
    return { passed: 0, failed: 1 };
  }
  console.log(`RabbitMQ ${broker.nodeName} ready in ${broker.startMs} ms at ${broker.wsUrl}`);
  const restoreSignals = stopOnSignals(broker);
  try {
    const result = await step('stomp broker: node --test tests/stomp/', 'node',
      ['--test', '--test-reporter=tap', '--test-concurrency=3', '--test-timeout=60000', 'tests/stomp/'],
      { STOMP_BROKER_URL: broker.wsUrl });
    if (result.code !== 0) console.log(`== the broker's log:\n${broker.logTail()}`);
    return countNodeTest(result);
  } finally {
    const stopStarted = Date.now();
    await broker.stop();
    restoreSignals();
    console.log(`RabbitMQ stopped in ${Date.now() - stopStarted} ms`);
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
