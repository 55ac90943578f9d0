// `npm start`: the chat demo on 127.0.0.1. PORT chooses the port (default 8080; a free one if
// that is taken).
import { startChatServer } from './chat-server.mjs';

async function startOnPreferredPort(port) {
  try {
    return await startChatServer({ port });
  } catch (error) {
    if (error.code !== 'EADDRINUSE') throw error;
    console.log(`port ${port} is taken; using a free one`);
    return startChatServer({ port: 0 });
  }
}

// PORT as given, or null when it is not a port number.
function parsePort(text) {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return port <= 65535 ? port : null;
}

const port = parsePort(process.env.PORT ?? '8080');
if (port === null) {
  console.error(`PORT must be a port number from 0 to 65535 (0: any free port), not ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const server = await startOnPreferredPort(port);
const stop = async () => {
  await server.close();
  process.exit(0);
};
// Before the address is announced: whoever acts on it may stop us at once.
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const admin = `${server.origin}/admin`;
console.log(`wx-socket-wasm chat demo: ${server.pageUrl}`);
console.log(`admin (POST, from this machine): ${admin}/drop-all  ${admin}/pause?name=<user>  `
  + `${admin}/resume?name=<user>  ${admin}/restart?downMs=3000  (GET ${admin}/state)`);
