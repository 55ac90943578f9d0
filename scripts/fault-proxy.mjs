// A TCP proxy on 127.0.0.1 between a page and a server that can break the connections in the
// ways real networks do: kill them, black-hole them (the TCP connection stays, nothing passes:
// half-open), delay them, stall the uploads (a link too slow to take what the page sends), or
// refuse new ones.
//
// It runs in a child process of its own: in the test process, whose event loop also drives the
// browser and the `ws` server, bytes could wait in the proxy's socket buffers for many
// milliseconds, a "network" far slower than loopback, and a kill would lose them.
import { fork } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);

/** Starts the proxy in front of `targetPort`; its controls answer once the child has acted. */
export async function startFaultProxy(targetPort) {
  const child = fork(THIS_FILE, ['--proxy-to', String(targetPort)], { stdio: 'inherit' });
  const replies = new Map();
  let nextRequest = 1;
  child.on('message', ({ request, result }) => {
    replies.get(request)?.(result);
    replies.delete(request);
  });
  const call = (command, value) => new Promise((resolve, reject) => {
    if (!child.connected) {
      reject(new Error(`fault proxy: the child process is gone (${command})`));
      return;
    }
    const request = nextRequest++;
    replies.set(request, resolve);
    child.send({ request, command, value });
  });
  const port = await call('port');

  return {
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    /** Drops every current connection at the TCP level: no close frame, the browser sees 1006. Resolves with how many. */
    killAll: () => call('killAll'),
    /** Current connections stay open but nothing passes any more, either way. */
    blackholeAll: () => call('blackholeAll'),
    setRefusing: (value) => call('setRefusing', value),
    setDelay: (ms) => call('setDelay', ms),
    /**
     * Stops (or resumes) reading what pages send: the kernel's buffers fill, then the browser's,
     * and its bufferedAmount stays up, as on a link too slow for the traffic.
     */
    stallUploads: (value) => call('stallUploads', value),
    connectionCount: () => call('connectionCount'),
    async close() {
      await call('close');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

// The proxy itself, in the child process.
async function runProxy(targetPort) {
  const links = new Set();
  let refusing = false;
  let delayMs = 0;
  let uploadsStalled = false;

  const forward = (link, to, chunk) => {
    if (link.blackholed) return;
    if (delayMs > 0) setTimeout(() => to.write(chunk), delayMs);
    else to.write(chunk);
  };

  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    // No Nagle delay: a transparent proxy must not add 40 ms to every small frame (a pong).
    client.setNoDelay(true);
    const upstream = connect({ port: targetPort, host: '127.0.0.1', noDelay: true });
    const link = { client, upstream, blackholed: false };
    links.add(link);
    if (uploadsStalled) client.pause();
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => forward(link, upstream, chunk));
    upstream.on('data', (chunk) => forward(link, client, chunk));
    for (const socket of [client, upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  const port = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

  const killAll = () => {
    const count = links.size;
    for (const link of [...links]) {
      link.client.destroy();
      link.upstream.destroy();
    }
    return count;
  };
  const commands = {
    port: () => port,
    killAll,
    blackholeAll: () => {
      for (const link of links) link.blackholed = true;
      return links.size;
    },
    setRefusing: (value) => { refusing = value; },
    setDelay: (ms) => { delayMs = ms; },
    stallUploads: (value) => {
      uploadsStalled = value;
      for (const link of links) {
        if (value) link.client.pause();
        else link.client.resume();
      }
    },
    connectionCount: () => links.size,
    close: () => new Promise((resolve) => {
      killAll();
      server.close(resolve);
    }),
  };
  process.on('message', async ({ request, command, value }) => {
    const result = await commands[command](value);
    process.send({ request, result });
    if (command === 'close') process.disconnect();
  });
  // The parent is gone (a crashed test run): do not outlive it.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === '--proxy-to') await runProxy(Number(process.argv[3]));
