// Local servers for browser tests, benchmarks and chaos runs, all on 127.0.0.1 with random free ports:
// a static HTTP server for dist/ and test pages, a `ws` server whose behaviour is chosen by the
// URL path, a TCP server that accepts connections but never answers a handshake, and a malicious
// WebSocket server that writes raw frames no well-behaved library would.

import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { createServer as createTcpServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ws://127.0.0.1:*";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

// Listens on 127.0.0.1: on `port`, or on a free port when it is 0 or already taken.
function listen(server, port = 0) {
  return new Promise((resolve) => {
    server.once('error', () => server.listen(0, '127.0.0.1'));
    server.once('listening', () => resolve(server.address().port));
    server.listen(port, '127.0.0.1');
  });
}

/** Serves files under `root` (the repository's); paths listed in `cspPaths` get the strict CSP. */
export async function startStaticServer({ cspPaths = [], port: wantedPort = 0, root = ROOT } = {}) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    const file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(root)) return response.writeHead(403).end();
    try {
      const body = await readFile(file);
      const headers = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (cspPaths.includes(path)) headers['content-security-policy'] = STRICT_CSP;
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  const port = await listen(server, wantedPort);
  return { port, origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A `ws` server. Every path answers the text "ping" with "pong" (the SDK's default heartbeat),
 * and drops the connection without a close frame on the text "terminate". By path:
 *  /echo                  echoes every other frame, text as text and binary as binary
 *  /collect               records every other text frame in `received` (for loss counts)
 *  /sizes                 records every other frame in `received` as "text:<bytes>" or "binary:<bytes>"
 *  /stalled-sizes         as /sizes, but reads nothing after the handshake until resumeReading():
 *                         a link too slow to take what the page sends
 *  /close/<code>/<reason> closes right after the handshake with that code and reason
 * `closes` records the code and reason of every client-initiated close it received.
 * restart() closes it and listens again on the same port, as a restarted server would.
 */
export async function startSocketServer({ port: wantedPort = 0 } = {}) {
  const closes = [];
  const protocols = [];
  const received = [];
  const stalled = new Set();
  let http;
  let wss;

  const onConnection = (socket, request) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    protocols.push(socket.protocol);
    socket.on('close', (code, reason) => closes.push({ path, code, reason: reason.toString() }));
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      if (!isBinary && data.length === 4 && data.toString() === 'ping') {
        socket.send('pong');
      } else if (!isBinary && data.length === 9 && data.toString() === 'terminate') {
        socket.terminate();
      } else if (path === '/echo') {
        socket.send(data, { binary: isBinary });
      } else if (path === '/collect') {
        received.push(data.toString());
      } else if (path === '/sizes' || path === '/stalled-sizes') {
        received.push(`${isBinary ? 'binary' : 'text'}:${data.length}`);
      }
    });
    if (path === '/stalled-sizes') {
      socket.pause();
      stalled.add(socket);
    }
    if (path.startsWith('/close/')) {
      const [, , code, reason = ''] = path.split('/');
      socket.close(Number(code), decodeURIComponent(reason));
    }
  };
  const open = async (port) => {
    http = createServer();
    wss = new WebSocketServer({ server: http, handleProtocols: (offered) => [...offered][0] ?? false });
    wss.on('connection', onConnection);
    return listen(http, port);
  };
  const stop = () => new Promise((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close(() => http.close(resolve));
  });

  const port = await open(wantedPort);
  return {
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    closes,
    protocols,
    received,
    clientCount: () => wss.clients.size,
    resumeReading: () => {
      for (const socket of stalled) socket.resume();
      stalled.clear();
    },
    /** Stops, then listens again on the same port after `downMs`; resolves once listening. */
    async restart(downMs) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await open(port);
      return performance.now();
    },
    close: stop,
  };
}

/** Accepts TCP connections and never answers: a handshake that never completes. */
export async function startBlackHoleServer() {
  const sockets = new Set();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  const port = await listen(server);
  return {
    port,
    url: `ws://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(resolve);
    }),
  };
}

/** One unmasked server frame: FIN set, `opcode` (1 text, 2 binary, 8 close), any payload. */
export function rawFrame(opcode, payload) {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
    : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
      const size = Buffer.alloc(8);
      size.writeBigUInt64BE(BigInt(length));
      return size;
    })()]);
  return Buffer.concat([header, payload]);
}

/** A close frame's payload: a 2-byte code (none when `code` is null) and reason bytes. */
export function closePayload(code, reason = Buffer.alloc(0)) {
  if (code === null) return Buffer.alloc(0);
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(code);
  return Buffer.concat([bytes, reason]);
}

/**
 * A WebSocket server that answers the handshake by hand and then does what the URL path says,
 * with frames no library would write (an invalid close code, text that is not UTF-8):
 *  /frames/<id>   writes the frames registered with frames(id, [...buffers]), then, once the
 *                 client answers anything (its close), ends the connection
 *  /silent        reads and ignores everything: it never answers the closing handshake
 */
export async function startMaliciousServer() {
  const sockets = new Set();
  const scripts = new Map();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = '';
    const onHandshake = (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onHandshake);
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
      const path = /^GET (\S+)/.exec(head)?.[1] ?? '/';
      const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
      if (path === '/silent') {
        socket.on('data', () => {});
        return;
      }
      for (const frame of scripts.get(path.replace('/frames/', '')) ?? []) socket.write(frame);
      socket.once('data', () => socket.end());
    };
    socket.on('data', onHandshake);
  });
  const port = await listen(server);
  return {
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    /** Registers the frames /frames/<id> writes; returns that URL. */
    frames(id, frames) {
      scripts.set(String(id), frames);
      return `ws://127.0.0.1:${port}/frames/${id}`;
    },
    openConnections: () => sockets.size,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(resolve);
    }),
  };
}
