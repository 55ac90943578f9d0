// The peers a user would pick instead, built for the page the way a user's bundler would:
// reconnecting-websocket, and Taro H5's connectSocket (only its websocket module, the smallest
// import a Taro H5 app can make; esbuild drops the rest of @tarojs/*).
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

import { ROOT } from '../scripts/local-servers.mjs';

const OUT = `${ROOT}build/bench`;
const TARO_ENTRY = `${OUT}/taro-entry.mjs`;

export async function bundle(entry, outfile) {
  await build({
    entryPoints: [entry], bundle: true, format: 'esm', minify: true, platform: 'browser',
    target: 'es2020', outfile, logLevel: 'warning', nodePaths: [`${ROOT}node_modules`],
  });
  return outfile;
}

export async function bundlePeers() {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(TARO_ENTRY,
    "export { connectSocket } from '@tarojs/taro-h5/dist/api/network/websocket/index.js';\n");
  return {
    rws: await bundle(`${ROOT}node_modules/reconnecting-websocket/dist/reconnecting-websocket-mjs.js`,
      `${OUT}/reconnecting-websocket.min.mjs`),
    taro: await bundle(TARO_ENTRY, `${OUT}/taro-socket.mjs`),
  };
}
