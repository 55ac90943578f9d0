// The package as users get it. `npm pack` once; then per case a throw-away consumer project in
// build/consumers/<case> that installs the tarball (offline: it has no dependencies), builds with
// the README's recipe for its bundler (the root's devDependencies, found on PATH and by Node's
// walk up to the root node_modules), and runs tests/consumers/scenario.mjs against the local echo
// server: in Chromium, or in Node. Ends with the table of cases and the sizes of their bundles.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

import { launchChromium } from '../../scripts/chromium.mjs';
import { ROOT, startSocketServer, startStaticServer } from '../../scripts/local-servers.mjs';
import { EXPECTED } from './scenario.mjs';

const WORK = `${ROOT}build/consumers`;
const FIXTURES = `${ROOT}tests/consumers/fixtures`;
const PATH = `${ROOT}node_modules/.bin:${process.env.PATH}`;
const execFileAsync = promisify(execFile);

const fx = { sizes: [] };

function sh(command, cwd) {
  return execFileAsync('bash', ['-c', command], { cwd, env: { ...process.env, PATH }, maxBuffer: 1 << 24 });
}

before(async () => {
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  // The prepare script builds dist/ first, as it does for every pack.
  const { stdout } = await sh(`npm pack --pack-destination ${WORK}`, ROOT);
  fx.tarball = join(WORK, stdout.trim().split('\n').pop());
  fx.ws = await startSocketServer();
  fx.browser = await launchChromium();
});

after(async () => {
  await fx.browser?.close();
  await fx.ws?.close();
  console.log('\nconsumer case | JS gzip | .wasm');
  for (const { name, js, wasm } of fx.sizes) console.log(`${name} | ${js} B | ${wasm ? `${wasm} B raw` : '-'}`);
});

// A consumer project: the fixture folders, the scenario in src/, the package installed (by
// default from the tarball).
async function consumer(name, fixtures, packageSpec = `file:${fx.tarball}`) {
  const dir = join(WORK, name);
  await mkdir(join(dir, 'src'), { recursive: true });
  for (const fixture of fixtures) await cp(join(FIXTURES, fixture), dir, { recursive: true });
  await cp(`${ROOT}tests/consumers/scenario.mjs`, join(dir, 'src/scenario.mjs'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({
    name: `consumer-${name}`, private: true, type: 'module', dependencies: { 'wx-socket-wasm': packageSpec },
  }));
  await sh('npm install --prefer-offline --no-audit --no-fund', dir);
  return dir;
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

// The built output: no absolute path of this machine in it; its JS and .wasm sizes recorded.
async function checkOutput(name, outDir) {
  let js = 0;
  let wasm = 0;
  for (const file of await filesUnder(outDir)) {
    const content = await readFile(file);
    if (file.endsWith('.wasm')) {
      wasm += content.length;
      continue;
    }
    assert.ok(!content.includes(ROOT.slice(0, -1)), `${file} holds the build machine's path ${ROOT}`);
    if (/\.m?js$/.test(file)) js += gzipSync(content, { level: 9 }).length;
  }
  assert.ok(wasm > 0, `no .wasm in ${outDir}`);
  fx.sizes.push({ name, js, wasm });
}

// Opens `origin + path` with the echo server's URL and returns what the page's scenario reported.
async function runPage(origin, path) {
  const page = await fx.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    const separator = path.includes('?') ? '&' : '?';
    await page.goto(`${origin}${path}${separator}ws=${encodeURIComponent(fx.ws.url('/echo'))}`);
    await page.waitForFunction(() => window.consumerResult !== undefined, null, { timeout: 30000 })
      .catch((error) => { throw new Error(`${error.message}; page errors: ${errors.join(' | ')}`); });
    return await page.evaluate(() => window.consumerResult);
  } finally {
    await page.close();
  }
}

async function runBuilt(dir, path = '/index.html') {
  const server = await startStaticServer({ root: dir });
  try {
    return await runPage(server.origin, path);
  } finally {
    await server.close();
  }
}

async function runNode(dir, args) {
  const { stdout } = await execFileAsync(process.execPath, [...args, fx.ws.url('/echo')], { cwd: dir, timeout: 30000 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

async function runViteDev(dir, vitePackage) {
  const { createServer } = await import(vitePackage);
  const server = await createServer({ root: dir, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  try {
    return await runPage(`http://127.0.0.1:${server.httpServer.address().port}`, '/index.html');
  } finally {
    await server.close();
  }
}

describe('consumers of the packed tarball', { concurrency: 2 }, () => {
  // First, as the longest: npm clones the committed HEAD, installs its devDependencies (from the
  // npm cache), builds dist/ through the prepare script from scratch, and packs that.
  test('npm install from git builds dist/ (Node 20 with ws)', async () => {
    const dir = await consumer('git-install', ['node'], `git+file://${ROOT}`);
    assert.deepEqual(await runNode(dir, ['ws.mjs']), EXPECTED);
  });

  test('Vite 8 build (no config)', async () => {
    const dir = await consumer('vite8-build', ['web']);
    await sh('vite build --logLevel warn', dir);
    await checkOutput('Vite 8 build', join(dir, 'dist'));
    assert.deepEqual(await runBuilt(join(dir, 'dist')), EXPECTED);
  });

  test('Vite 7 build (no config)', async () => {
    const dir = await consumer('vite7-build', ['web']);
    await sh(`node ${ROOT}node_modules/vite7/bin/vite.js build --logLevel warn`, dir);
    await checkOutput('Vite 7 build', join(dir, 'dist'));
    assert.deepEqual(await runBuilt(join(dir, 'dist')), EXPECTED);
  });

  test('Vite 8 dev server (no config)', async () => {
    const dir = await consumer('vite8-dev', ['web']);
    assert.deepEqual(await runViteDev(dir, 'vite'), EXPECTED);
  });

  test('Vite 7 dev server (optimizeDeps.exclude)', async () => {
    const dir = await consumer('vite7-dev', ['web', 'vite7']);
    assert.deepEqual(await runViteDev(dir, 'vite7'), EXPECTED);
  });

  test('webpack 5 production (no loader)', async () => {
    const dir = await consumer('webpack', ['web', 'webpack']);
    await sh('webpack', dir);
    await checkOutput('webpack 5', join(dir, 'dist'));
    assert.deepEqual(await runBuilt(dir), EXPECTED);
  });

  test('esbuild --format=esm, the .wasm copied beside the bundle', async () => {
    const dir = await consumer('esbuild-esm', ['web', 'esbuild']);
    await sh('esbuild src/main.js --bundle --format=esm --outdir=dist --log-level=warning && cp node_modules/wx-socket-wasm/dist/wx-core.wasm dist/', dir);
    await checkOutput('esbuild ESM', join(dir, 'dist'));
    assert.deepEqual(await runBuilt(dir), EXPECTED);
  });

  test('esbuild --format=iife, config.wasm given', async () => {
    const dir = await consumer('esbuild-iife', ['esbuild']);
    await sh('esbuild src/main-iife.js --bundle --format=iife --outdir=dist-iife --log-level=error && cp node_modules/wx-socket-wasm/dist/wx-core.wasm dist-iife/', dir);
    await checkOutput('esbuild IIFE', join(dir, 'dist-iife'));
    assert.deepEqual(await runBuilt(dir, '/iife.html'), EXPECTED);
  });

  test('Rollup 4 (node-resolve, the .wasm emitted beside the bundle)', async () => {
    const dir = await consumer('rollup', ['web', 'rollup']);
    await sh('rollup -c --silent', dir);
    await checkOutput('Rollup 4', join(dir, 'dist'));
    assert.deepEqual(await runBuilt(dir), EXPECTED);
  });

  test('a module Worker and a SharedWorker load dist/wx-socket.mjs by path', async () => {
    const dir = await consumer('worker', ['worker']);
    assert.deepEqual(await runBuilt(dir), { worker: EXPECTED, sharedWorker: EXPECTED });
  });

  test('Taro H5: installApi(Taro), then Taro.connectSocket and Taro.onSocketMessage (Vite 8 build)', async () => {
    const dir = await consumer('taro', ['web', 'taro']);
    await sh('vite build --logLevel warn', dir);
    await checkOutput('Taro H5 + Vite 8', join(dir, 'dist'));
    assert.deepEqual(await runBuilt(join(dir, 'dist')), EXPECTED);
  });

  test('Node 20 with the ws package\'s WebSocket passed in', async () => {
    const dir = await consumer('node-ws', ['node']);
    assert.deepEqual(await runNode(dir, ['ws.mjs']), EXPECTED);
  });

  test('Node with the global WebSocket of --experimental-websocket', async () => {
    const dir = await consumer('node-global', ['node']);
    assert.deepEqual(await runNode(dir, ['--experimental-websocket', 'global.mjs']), EXPECTED);
  });

  test('Node require() of the package (require(esm))', async () => {
    const dir = await consumer('node-require', ['node']);
    assert.deepEqual(await runNode(dir, ['--no-warnings', 'require.cjs']), EXPECTED);
  });

  test('Node without any WebSocket: connectSocket fails and says what to pass', async () => {
    const dir = await consumer('node-no-websocket', ['node']);
    assert.deepEqual(await runNode(dir, ['no-websocket.mjs']), {
      errMsg: 'connectSocket:fail this runtime has no WebSocket: pass a WebSocket class, as createWx({ WebSocket })',
    });
  });

  test('npm publish --dry-run passes, and the package holds dist/, its types, LICENSE and README', async () => {
    const { stderr } = await sh('npm publish --dry-run', ROOT);
    const files = [...stderr.matchAll(/^npm notice [\d.]+k?B (\S+)$/gm)].map((match) => match[1]).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/global.d.ts', 'dist/global.mjs', 'dist/index.d.ts',
      'dist/wx-core.wasm', 'dist/wx-socket.mjs', 'package.json']);
  });

  test('TypeScript --strict consumer, nodenext and bundler resolution', async () => {
    const dir = await consumer('typescript', ['typescript']);
    await sh('tsc -p tsconfig.nodenext.json && tsc -p tsconfig.bundler.json', dir);
  });
});
