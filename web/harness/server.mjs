// `npm start`: serves the harness page and an echo server on 127.0.0.1, and prints the URL.
// PORT chooses the page's port (default 8080; a free one if that is taken).
import { startSocketServer, startStaticServer } from '../../scripts/local-servers.mjs';

const web = await startStaticServer({ port: Number(process.env.PORT ?? 8080) });
const ws = await startSocketServer();
const url = `${web.origin}/web/harness/index.html?ws=${encodeURIComponent(ws.url('/echo'))}`;
console.log(`wx-socket-wasm harness: ${url}`);
console.log('echo server:', ws.url('/echo'), '(also /close/<code>/<reason>)');
console.log('Ctrl-C to stop.');

const stop = async () => {
  await Promise.all([web.close(), ws.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
