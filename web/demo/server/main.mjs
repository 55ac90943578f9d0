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

const server = await startOnPreferredPort(Number(process.env.PORT ?? 8080));
const admin = `${server.origin}/admin`;
console.log(`wx-socket-wasm chat demo: ${server.pageUrl}`);
console.log(`admin (POST, from this machine): ${admin}/drop-all  ${admin}/pause?name=<user>  `
  + `${admin}/resume?name=<user>  ${admin}/restart?downMs=3000  (GET ${admin}/state)`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
