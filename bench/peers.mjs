// The peers a user would pick instead, built for the page: reconnecting-websocket (minified as
// a user's bundler would) and, if it can be bundled, Taro H5's connectSocket.
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

import { ROOT } from '../scripts/local-servers.mjs';

const OUT = `${ROOT}build/bench`;

export async function bundlePeers() {
  mkdirSync(OUT, { recursive: true });
  const rws = `${OUT}/reconnecting-websocket.min.mjs`;
  await build({
    entryPoints: [`${ROOT}node_modules/reconnecting-websocket/dist/reconnecting-websocket-mjs.js`],
    bundle: true, format: 'esm', minify: true, target: 'es2020', outfile: rws, logLevel: 'warning',
  });
  return { rws, taro: null, note: 'taro-h5: not bundled (see bench/README.md)' };
}
