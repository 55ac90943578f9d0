// The chat demo's server: static files, the chat WebSocket at /chat, and admin endpoints that
// break connections on purpose so the page can show the SDK reconnecting. 127.0.0.1 only.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

import {
  MAX_GROUPS, MAX_MESSAGE_BYTES, MAX_NAME_CHARS, MAX_TEXT_CHARS,
  canRead, decodeBinaryFrame, encodeBinaryFrame, isValidName, isValidTarget, roomFor,
} from '../protocol.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHAT_PATH = '/chat';
// Above MAX_MESSAGE_BYTES, so an oversized frame reaches our check (and gets a 'too-large' error)
// instead of making ws close the connection.
const WS_MAX_PAYLOAD = 4 * 1024 * 1024;
const MAX_CLIENT_ID_CHARS = 100;
const REMEMBERED_CLIENT_IDS = 10000;  // per server: enough for any resend after a reconnect
// Receipts are small (an image's is its header), but 10,000 long texts would still be ~40 MiB.
const DEFAULT_MAX_RECEIPT_BYTES = 4 * 1024 * 1024;
// Each room keeps historySize messages of up to 256 KiB: the rooms and their total are capped.
const DEFAULT_MAX_ROOMS = 500;
const DEFAULT_MAX_HISTORY_BYTES = 64 * 1024 * 1024;
// The page pings every 5 s and gives up after 3 s more: a connection silent for 30 s is dead, and
// terminating it frees its name for the reconnected page.
const DEFAULT_IDLE_TIMEOUT_MS = 30000;
const MAX_FILE_NAME_CHARS = 255;
const DEFAULT_DOWN_MS = 3000;
const MAX_DOWN_MS = 10 * 60 * 1000;
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// What the page loads: its own files and the SDK. Not the server's code, .git or anything else.
const DEMO_STATIC_PATHS = [/^\/web\/demo\/[\w.-]+$/, /^\/dist\/[\w.-]+$/];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

const NAME_RULE = `1–${MAX_NAME_CHARS} letters, digits, _ or -`;

/** A request the client got wrong; becomes an {type:'error'} envelope. */
class ClientError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function startChatServer({
  port = 0, host = '127.0.0.1', historySize = 100, maxRooms = DEFAULT_MAX_ROOMS,
  maxHistoryBytes = DEFAULT_MAX_HISTORY_BYTES, maxReceiptBytes = DEFAULT_MAX_RECEIPT_BYTES,
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
  staticRoot = REPO_ROOT, staticIndex = '/web/demo/index.html', staticPaths = DEMO_STATIC_PATHS,
} = {}) {
  const chat = createChatRooms({ historySize, maxRooms, maxHistoryBytes, maxReceiptBytes, idleTimeoutMs });
  const gate = createUpgradeGate();
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  wss.on('connection', (socket) => chat.accept(socket));

  const admin = createAdmin(chat, gate);
  const serveStatic = createStaticHandler(resolve(staticRoot), staticIndex, staticPaths);
  let ownHosts = new Set();  // filled in once the port is known
  const http = createServer((request, response) => {
    const url = requestUrl(request);
    if (!url) return response.writeHead(400).end();
    if (isForeign(request, ownHosts)) {
      return sendJson(response, 403, { ok: false, error: 'only for pages of 127.0.0.1 or localhost on this port' });
    }
    const handler = url.pathname.startsWith('/admin/') ? serveAdmin : serveStatic;
    handler(request, response, url, admin).catch((error) => {
      console.error('chat demo: request failed', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  http.on('upgrade', (request, socket, head) => {
    socket.on('error', () => {});
    if (requestUrl(request)?.pathname !== CHAT_PATH) return refuseUpgrade(socket, '404 Not Found');
    if (isForeign(request, ownHosts)) return refuseUpgrade(socket, '403 Forbidden');
    if (!gate.accepting) return refuseUpgrade(socket, '503 Service Unavailable');
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const boundPort = await listen(http, port, host);
  ownHosts = new Set([`127.0.0.1:${boundPort}`, `localhost:${boundPort}`, `[::1]:${boundPort}`]);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  return {
    port: boundPort,
    origin,
    wsUrl: `${origin.replace('http', 'ws')}${CHAT_PATH}`,
    pageUrl: `${origin}${staticIndex}`,
    admin,
    close: () => closeAll(http, wss, chat, gate),
  };
}

// True for a request not addressed to this server by its own name, or sent by a page of another
// origin. The Host check stops DNS rebinding: a page of attacker.example whose name now resolves
// to 127.0.0.1 is same-origin with itself, but its requests say Host: attacker.example:port.
// Clients without an Origin (curl, node) are not pages and may connect.
function isForeign(request, ownHosts) {
  const { host, origin } = request.headers;
  return !ownHosts.has(host) || (origin !== undefined && origin !== `http://${host}`);
}

// The request's URL, or null when URL cannot parse its target (e.g. '//').
function requestUrl(request) {
  try {
    return new URL(request.url, 'http://localhost');
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Chat: connections, rooms, history

function createChatRooms({ historySize, maxRooms, maxHistoryBytes, maxReceiptBytes, idleTimeoutMs }) {
  const connections = new Set();
  // room key -> [{id, payload, bytes}], oldest first, at most historySize; the room with the
  // oldest last message first.
  const history = new Map();
  let historyBytes = 0;
  let lastId = 0;
  // Ids count from 1 in each server run: a page that saw ids of another run must not take new
  // messages for ones it has seen. The epoch tells runs apart.
  const epoch = randomUUID();

  const joinedConnections = () => [...connections].filter((connection) => connection.user);
  const findJoined = (name) => joinedConnections()
    .find((connection) => connection.user.name.toLowerCase() === name.toLowerCase());
  const onlineUsers = () => joinedConnections()
    .map(({ user }) => ({ name: user.name, groups: [...user.groups] })).sort(byName);
  const broadcastOnline = () => {
    const payload = JSON.stringify({ type: 'online', users: onlineUsers() });
    for (const connection of joinedConnections()) deliver(connection, payload);
  };

  const dropOldestMessage = () => {
    let oldestRoom = null;
    for (const [room, entries] of history) {
      if (oldestRoom === null || entries[0].id < history.get(oldestRoom)[0].id) oldestRoom = room;
    }
    const entries = history.get(oldestRoom);
    historyBytes -= entries.shift().bytes;
    if (entries.length === 0) history.delete(oldestRoom);
  };

  const remember = (room, id, payload) => {
    const entries = history.get(room) ?? [];
    history.delete(room);  // re-inserted last: rooms stay ordered by their last message
    history.set(room, entries);
    const bytes = byteSize(payload);
    entries.push({ id, payload, bytes });
    historyBytes += bytes;
    if (entries.length > historySize) historyBytes -= entries.shift().bytes;
    while (history.size > maxRooms) {
      const [quietest, quietestEntries] = history.entries().next().value;
      for (const entry of quietestEntries) historyBytes -= entry.bytes;
      history.delete(quietest);
    }
    while (historyBytes > maxHistoryBytes) dropOldestMessage();
  };

  // Stores a message and sends it to every joined connection that may read its room.
  const publish = (room, makePayload) => {
    const id = ++lastId;
    const at = Date.now();
    const payload = makePayload(id, at);
    remember(room, id, payload);
    for (const connection of joinedConnections()) {
      if (canRead(room, connection.user)) deliver(connection, payload);
    }
    return { id, at, payload };
  };

  // A client resends a message whose receipt it never got (its connection died in between). A
  // clientId this sender already published gets its receipt again instead of a second copy.
  const receipts = new Map();  // `${sender}\n${clientId}` -> receipt, oldest first
  let receiptBytes = 0;
  const keepReceipt = (key, receipt) => {
    receipts.set(key, receipt);
    receiptBytes += byteSize(receipt);
    while (receipts.size > REMEMBERED_CLIENT_IDS || receiptBytes > maxReceiptBytes) {
      const [oldestKey, oldest] = receipts.entries().next().value;
      receipts.delete(oldestKey);
      receiptBytes -= byteSize(oldest);
    }
  };
  // makeReceipt(id, at) builds what confirms a resend; by default the message itself.
  const publishOnce = (connection, clientId, room, makePayload, makeReceipt = null) => {
    const key = clientId === null ? null : `${connection.user.name.toLowerCase()}\n${clientId}`;
    if (key !== null && receipts.has(key)) {
      deliver(connection, receipts.get(key));
      return;
    }
    const { id, at, payload } = publish(room, makePayload);
    if (key !== null) keepReceipt(key, makeReceipt ? makeReceipt(id, at) : payload);
  };

  const replaySince = (connection, since) => {
    const missed = [...history].filter(([room]) => canRead(room, connection.user))
      .flatMap(([, entries]) => entries.filter(({ id }) => id > since))
      .sort((a, b) => a.id - b.id);
    for (const { payload } of missed) deliver(connection, payload);
  };

  // Resolves the target to a room and the `to` recipients see; throws a ClientError if it cannot be reached.
  const route = (sender, to) => {
    if (to.kind === 'all') return { room: roomFor(to, sender.name), to: { kind: 'all' } };
    if (to.kind === 'group') {
      if (!sender.groups.includes(to.name)) throw new ClientError('not-in-group', `you are not in group "${to.name}"`);
      return { room: roomFor(to, sender.name), to: { kind: 'group', name: to.name } };
    }
    const recipient = findJoined(to.name);
    if (!recipient) throw new ClientError('user-offline', `user "${to.name}" is not online`);
    const canonical = { kind: 'user', name: recipient.user.name };
    return { room: roomFor(canonical, sender.name), to: canonical };
  };

  const textHandlers = {
    join(connection, request) {
      if (connection.user) throw new ClientError('already-joined', `already joined as "${connection.user.name}"`);
      const { name, groups, since, epoch: seenEpoch } = validateJoin(request);
      if (findJoined(name)) throw new ClientError('name-taken', `the name "${name}" is taken`);
      connection.user = { name, groups };
      deliver(connection, JSON.stringify({ type: 'joined', name, groups, lastId, epoch }));
      // `since` counts in the ids of the run the client saw: from another run, all of ours are new.
      replaySince(connection, seenEpoch === null || seenEpoch === epoch ? since : 0);
      broadcastOnline();
    },
    say(connection, request) {
      const sender = requireJoined(connection);
      const { to, text, clientId } = validateSay(request);
      const routed = route(sender, to);
      publishOnce(connection, clientId, routed.room, (id, at) => JSON.stringify({
        type: 'message', id, room: routed.room, from: sender.name, to: routed.to, text, at, clientId,
      }));
    },
  };

  const sendImage = (connection, header, bytes) => {
    const sender = requireJoined(connection);
    const { to, mime, name, clientId } = validateImage(header, bytes);
    const routed = route(sender, to);
    const headerOf = (id, at) => ({
      type: 'image', id, room: routed.room, from: sender.name, to: routed.to, mime, name, at, clientId,
    });
    // The sender has the bytes: a resend is confirmed by the header alone.
    publishOnce(connection, clientId, routed.room, (id, at) => encodeBinaryFrame(headerOf(id, at), bytes),
      (id, at) => encodeBinaryFrame(headerOf(id, at), new Uint8Array(0)));
  };

  const onText = (connection, text) => {
    if (text === 'ping') return deliver(connection, 'pong');
    const request = parseJsonRequest(text);
    const handler = Object.hasOwn(textHandlers, request.type) ? textHandlers[request.type] : null;
    if (!handler) throw new ClientError('unknown-type', `unknown message type: ${JSON.stringify(request.type)}`);
    handler(connection, request);
  };

  const onBinary = (connection, data) => {
    const { header, bytes } = decodeFrame(data);
    if (header.type !== 'image') {
      throw new ClientError('unknown-type', `unknown binary frame type: ${JSON.stringify(header.type)}`);
    }
    sendImage(connection, header, bytes);
  };

  const onFrame = (connection, data, isBinary) => {
    if (connection.paused) return;  // black-holed: as if the network had lost it
    connection.heardAt = Date.now();
    try {
      if (data.length > MAX_MESSAGE_BYTES) {
        throw new ClientError('too-large', `frame is ${data.length} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
      }
      if (isBinary) onBinary(connection, data);
      else onText(connection, data.toString('utf8'));
    } catch (error) {
      reportError(connection, error, refOf(data, isBinary));
    }
  };

  const idleSweep = idleTimeoutMs > 0 ? setInterval(() => {
    const silentSince = Date.now() - idleTimeoutMs;
    for (const connection of connections) if (connection.heardAt < silentSince) connection.socket.terminate();
  }, Math.max(10, idleTimeoutMs / 4)) : null;
  idleSweep?.unref();

  return {
    accept(socket) {
      const connection = { socket, user: null, paused: false, heardAt: Date.now() };
      connections.add(connection);
      socket.on('error', () => {});  // a broken peer: 'close' follows and cleans up
      socket.on('message', (data, isBinary) => onFrame(connection, data, isBinary));
      socket.on('close', () => {
        connections.delete(connection);
        if (connection.user) broadcastOnline();
      });
    },
    findJoined,
    onlineUsers,
    terminateAll() {
      const count = connections.size;
      for (const { socket } of connections) socket.terminate();
      return count;
    },
    stop() {
      clearInterval(idleSweep);
    },
    pausedNames: () => joinedConnections().filter(({ paused }) => paused).map(({ user }) => user.name).sort(),
    counts: () => ({
      connections: connections.size, rooms: history.size, historyBytes, receipts: receipts.size, receiptBytes,
    }),
    epoch,
    get lastId() {
      return lastId;
    },
  };
}

function byteSize(payload) {
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
}

function requireJoined(connection) {
  if (!connection.user) throw new ClientError('not-joined', 'join first: send {type:"join", name}');
  return connection.user;
}

function validateJoin({ name, groups = [], since = 0, epoch = null }) {
  if (!isValidName(name)) throw badRequest(`name must be ${NAME_RULE}`);
  if (!Array.isArray(groups) || groups.length > MAX_GROUPS || !groups.every(isValidName)) {
    throw badRequest(`groups must be an array of at most ${MAX_GROUPS} names of ${NAME_RULE}`);
  }
  if (!Number.isSafeInteger(since) || since < 0) throw badRequest('since must be a non-negative integer');
  if (epoch !== null && (typeof epoch !== 'string' || epoch.length > MAX_CLIENT_ID_CHARS)) {
    throw badRequest(`epoch must be the string a joined answer gave, at most ${MAX_CLIENT_ID_CHARS} characters`);
  }
  return { name, groups: [...new Set(groups)], since, epoch };
}

function validateSay({ to, text, clientId }) {
  validateTargetAndClientId(to, clientId);
  if (typeof text !== 'string' || text.length < 1 || text.length > MAX_TEXT_CHARS) {
    throw badRequest(`text must be a string of 1–${MAX_TEXT_CHARS} characters`);
  }
  return { to, text, clientId: clientId ?? null };
}

function validateImage({ to, mime, name, clientId }, bytes) {
  validateTargetAndClientId(to, clientId);
  if (typeof mime !== 'string' || !(mime.startsWith('image/') || mime === 'application/octet-stream')) {
    throw badRequest('mime must start with "image/" or be "application/octet-stream"');
  }
  if (typeof name !== 'string' || name.length < 1 || name.length > MAX_FILE_NAME_CHARS) {
    throw badRequest(`name must be a file name of 1–${MAX_FILE_NAME_CHARS} characters`);
  }
  if (bytes.length === 0) throw badRequest('the image bytes are empty');
  return { to, mime, name, clientId: clientId ?? null };
}

function validateTargetAndClientId(to, clientId) {
  if (!isValidTarget(to)) {
    throw badRequest(`to must be {kind:"all"}, {kind:"user", name} or {kind:"group", name} with a name of ${NAME_RULE}`);
  }
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId.length > MAX_CLIENT_ID_CHARS)) {
    throw badRequest(`clientId must be a string of at most ${MAX_CLIENT_ID_CHARS} characters`);
  }
}

function badRequest(message) {
  return new ClientError('bad-request', message);
}

function parseJsonRequest(text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    throw new ClientError('bad-json', 'text frames must be JSON or "ping"');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw badRequest('a request must be a JSON object with a "type"');
  }
  return request;
}

function decodeFrame(data) {
  try {
    return decodeBinaryFrame(data);
  } catch (error) {
    throw new ClientError('bad-frame', error.message);
  }
}

// The clientId of the request, else its type, else null: what the client can match the error to.
function refOf(data, isBinary) {
  if (data.length > MAX_MESSAGE_BYTES) return null;
  try {
    const request = isBinary ? decodeBinaryFrame(data).header : JSON.parse(data.toString('utf8'));
    if (typeof request?.clientId === 'string') return request.clientId;
    return typeof request?.type === 'string' ? request.type : null;
  } catch {
    return null;
  }
}

function reportError(connection, error, ref) {
  if (!(error instanceof ClientError)) {
    // A bug of ours: log it, keep the connection and everyone else going.
    console.error('chat demo: handler failed', error);
    return;
  }
  deliver(connection, JSON.stringify({ type: 'error', code: error.code, message: error.message, ref }));
}

// Sends text (string) or binary (ArrayBuffer) unless the connection is paused or closing.
function deliver(connection, payload) {
  if (connection.paused || connection.socket.readyState !== connection.socket.OPEN) return;
  connection.socket.send(payload);
}

function byName(a, b) {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Upgrade gate: closed while a simulated restart is "down"

function createUpgradeGate() {
  let reopenTimer = null;
  let waiters = [];
  const reopen = () => {
    clearTimeout(reopenTimer);
    reopenTimer = null;
    for (const resolveWaiter of waiters) resolveWaiter();
    waiters = [];
  };
  return {
    get accepting() {
      return reopenTimer === null;
    },
    /** Refuses upgrades for downMs; the promise resolves when they are accepted again. */
    closeFor(downMs) {
      clearTimeout(reopenTimer);
      reopenTimer = setTimeout(reopen, downMs);
      return new Promise((resolveWaiter) => waiters.push(resolveWaiter));
    },
    reopen,
  };
}

function refuseUpgrade(socket, status) {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

// ---------------------------------------------------------------------------------------------
// Admin: the same operations as functions (for tests) and as loopback-only HTTP endpoints

function createAdmin(chat, gate) {
  const setPaused = (name, paused) => {
    const connection = chat.findJoined(name);
    if (connection) connection.paused = paused;
    return connection ? 1 : 0;
  };
  const startRestart = (downMs) => {
    const dropped = chat.terminateAll();
    return { dropped, downMs, back: gate.closeFor(downMs) };
  };
  return {
    dropAll: () => ({ dropped: chat.terminateAll() }),
    pause: (name) => ({ paused: setPaused(name, true) }),
    resume: (name) => ({ resumed: setPaused(name, false) }),
    startRestart,
    async restart(downMs = DEFAULT_DOWN_MS) {
      const { dropped, back } = startRestart(downMs);
      await back;
      return { dropped, downMs };
    },
    state: () => ({
      users: chat.onlineUsers(), paused: chat.pausedNames(), accepting: gate.accepting, lastId: chat.lastId,
      epoch: chat.epoch, ...chat.counts(),
    }),
  };
}

const ADMIN_ROUTES = {
  'POST /admin/drop-all': (admin) => admin.dropAll(),
  'POST /admin/pause': (admin, query) => requireOnline(admin.pause(requireName(query)), 'paused', query),
  'POST /admin/resume': (admin, query) => requireOnline(admin.resume(requireName(query)), 'resumed', query),
  'POST /admin/restart': (admin, query) => {
    const { dropped, downMs } = admin.startRestart(parseDownMs(query));
    return { dropped, downMs };
  },
  'GET /admin/state': (admin) => admin.state(),
};

async function serveAdmin(request, response, url, admin) {
  if (!LOOPBACK_ADDRESSES.has(request.socket.remoteAddress)) {
    return sendJson(response, 403, { ok: false, error: 'admin is for this machine only' });
  }
  const route = ADMIN_ROUTES[`${request.method} ${url.pathname}`];
  if (!route) return sendJson(response, 404, { ok: false, error: `no admin route ${request.method} ${url.pathname}` });
  try {
    sendJson(response, 200, { ok: true, ...route(admin, url.searchParams) });
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    sendJson(response, error.status, { ok: false, error: error.message });
  }
}

class AdminError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function requireName(query) {
  const name = query.get('name');
  if (!name) throw new AdminError(400, 'name is required: ?name=<user>');
  return name;
}

function requireOnline(counts, key, query) {
  if (counts[key] === 0) throw new AdminError(404, `no user named "${query.get('name')}" is online`);
  return counts;
}

function parseDownMs(query) {
  if (!query.has('downMs')) return DEFAULT_DOWN_MS;
  const downMs = Number(query.get('downMs'));
  if (!Number.isSafeInteger(downMs) || downMs < 0 || downMs > MAX_DOWN_MS) {
    throw new AdminError(400, `downMs must be an integer from 0 to ${MAX_DOWN_MS}`);
  }
  return downMs;
}

function sendJson(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

// ---------------------------------------------------------------------------------------------
// Static files

function createStaticHandler(root, staticIndex, staticPaths) {
  const notFound = (response) => response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  return async (request, response, url) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return response.writeHead(405).end();
    const path = url.pathname;
    if (path === '/') return response.writeHead(302, { location: staticIndex }).end();
    if (!staticPaths.some((pattern) => pattern.test(path))) return notFound(response);
    const file = resolveInside(root, path);
    if (file === null) return response.writeHead(403).end('forbidden');
    let body;
    try {
      body = await readFile(file);
    } catch {
      return notFound(response);
    }
    const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

// The file for a URL path, or null when the decoded path leaves the root (e.g. through '..%2f')
// or does not decode.
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${decoded}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

// ---------------------------------------------------------------------------------------------
// Lifetime

// Listens on host:port; rejects (e.g. EADDRINUSE) instead of silently picking another port.
function listen(server, port, host) {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen(server.address().port);
    });
  });
}

function closeAll(http, wss, chat, gate) {
  gate.reopen();  // so no restart() promise is left pending
  chat.stop();
  chat.terminateAll();
  return new Promise((resolveClose) => {
    wss.close(() => http.close(() => resolveClose()));
    http.closeAllConnections();
  });
}
