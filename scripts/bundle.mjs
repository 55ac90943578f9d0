// Bundles web/ and the Emscripten glue into one minified ES module: dist/wx-socket.mjs.
// Usage: node scripts/bundle.mjs <stage-dir-with-index.mjs-and-wx-core.mjs> <outfile>
import { build } from 'esbuild';

const [stage, outfile] = process.argv.slice(2);
await build({
  entryPoints: [`${stage}/index.mjs`],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  logLevel: 'warning',
  outfile,
});
