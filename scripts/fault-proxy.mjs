// A TCP proxy on 127.0.0.1 between a page and a server that can break the connections in the
// ways real networks do: kill them, black-hole them (the TCP connection stays, nothing passes:
// half-open), delay them, stall the uploads (a link too slow to take what the page sends), or
// refuse new ones.
import { connect, createServer } from 'node:net';

export async function startFaultProxy(targetPort) {
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
    const upstream = connect(targetPort, '127.0.0.1');
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

  return {
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    /** Drops every current connection at the TCP level: no close frame, the browser sees 1006. */
    killAll() {
      const count = links.size;
      for (const link of [...links]) {
        link.client.destroy();
        link.upstream.destroy();
      }
      return count;
    },
    /** Current connections stay open but nothing passes any more, either way. */
    blackholeAll() {
      for (const link of links) link.blackholed = true;
      return links.size;
    },
    setRefusing(value) { refusing = value; },
    /**
     * Stops (or resumes) reading what pages send: the kernel's buffers fill, then the browser's,
     * and its bufferedAmount stays up, as on a link too slow for the traffic.
     */
    stallUploads(value) {
      uploadsStalled = value;
      for (const link of links) {
        if (value) link.client.pause();
        else link.client.resume();
      }
    },
    setDelay(ms) { delayMs = ms; },
    connectionCount: () => links.size,
    close() {
      this.killAll();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
