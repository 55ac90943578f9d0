// The chat demo's server and protocol module, through real ws clients and HTTP requests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

import {
  MAX_MESSAGE_BYTES, canRead, decodeBinaryFrame, encodeBinaryFrame, isValidName, roomFor, roomsOf,
} from '../../web/demo/protocol.mjs';
import { startChatServer } from '../../web/demo/server/chat-server.mjs';
import { openInboxSocket } from '../ws-inbox.mjs';

const WAIT_MS = 2000;
// How long a paused user's ping must stay unanswered: silence cannot be awaited, only sampled.
const SILENCE_MS = 200;

const isPong = (frame) => frame === 'pong';
const ofType = (type) => (frame) => frame?.type === type;
const isError = (code) => (frame) => frame?.type === 'error' && frame.code === code;
const isMessageId = (id) => (frame) => frame?.type === 'message' && frame.id === id;
const isImage = (frame) => frame?.binary === true && frame.header.type === 'image';
const isChat = (frame) => frame?.type === 'message' || isImage(frame);

async function startServer(t, options) {
  const server = await startChatServer(options);
  t.after(() => server.close());
  return server;
}

// Text frames arrive as parsed JSON (or the raw string, e.g. 'pong'), binary ones as {binary, header, bytes}.
function parseFrame(data, isBinary) {
  if (isBinary) return { binary: true, ...decodeBinaryFrame(data) };
  const text = data.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// A ws client that keeps unclaimed frames in `inbox`; next(predicate) claims the first match.
async function connectClient(server) {
  const client = await openInboxSocket(server.wsUrl, { parse: parseFrame, waitMs: WAIT_MS });
  const send = (frame) => client.socket.send(
    typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame));
  return { ...client, closed: client.closed.then(({ code }) => code), send };
}

async function joinAs(server, name, extra = {}) {
  const client = await connectClient(server);
  client.send({ type: 'join', name, ...extra });
  client.joined = await client.next(ofType('joined'));
  return client;
}

// The server answers frames of one connection in order, so once the pong is back every frame
// sent to this client before it has arrived.
async function roundTrip(client) {
  client.send('ping');
  await client.next(isPong);
}

async function assertNoChatFrames(client) {
  await roundTrip(client);
  assert.deepEqual(client.inbox.filter(isChat), []);
}

function httpCall(server, method, path, { headers = {}, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.origin}${path}`, { method, headers, localAddress, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function adminCall(server, method, path, options) {
  const response = await httpCall(server, method, path, options);
  return { status: response.status, body: JSON.parse(response.body) };
}

function connectionRefusal(server) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.wsUrl);
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('error', (error) => resolve(error.message));
  });
}

// ---------------------------------------------------------------------------------------------
// protocol.mjs

test('protocol: a binary frame round-trips its header and bytes, also from a view at an offset', () => {
  const header = { type: 'image', name: '猫.png', to: { kind: 'all' } };
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
  const frame = encodeBinaryFrame(header, bytes);
  assert.ok(frame instanceof ArrayBuffer);
  assert.equal(new DataView(frame).getUint32(0), new TextEncoder().encode(JSON.stringify(header)).length);

  const padded = new Uint8Array(frame.byteLength + 7);
  padded.set(new Uint8Array(frame), 7);
  for (const input of [frame, new Uint8Array(frame), padded.subarray(7)]) {
    const decoded = decodeBinaryFrame(input);
    assert.deepEqual(decoded.header, header);
    assert.ok(decoded.bytes instanceof Uint8Array);
    assert.deepEqual([...decoded.bytes], [...bytes]);
  }
  assert.deepEqual([...decodeBinaryFrame(encodeBinaryFrame({}, new ArrayBuffer(0))).bytes], []);
});

test('protocol: malformed binary frames throw errors that say what is wrong', () => {
  const withHeaderLength = (length, rest) => {
    const frame = new Uint8Array(4 + rest.length);
    new DataView(frame.buffer).setUint32(0, length);
    frame.set(rest, 4);
    return frame;
  };
  const text = (value) => new TextEncoder().encode(value);
  assert.throws(() => decodeBinaryFrame(new Uint8Array(3)), /too short: 3 bytes/);
  assert.throws(() => decodeBinaryFrame(withHeaderLength(100, text('{}'))), /header length 100 runs past the end/);
  assert.throws(() => decodeBinaryFrame(withHeaderLength(3, text('{no'))), /not UTF-8 JSON/);
  assert.throws(() => decodeBinaryFrame(withHeaderLength(2, [0xff, 0xfe])), /not UTF-8 JSON/);
  assert.throws(() => decodeBinaryFrame(withHeaderLength(2, text('[]'))), /not a JSON object/);
  assert.throws(() => decodeBinaryFrame(withHeaderLength(4, text('null'))), /not a JSON object/);
});

test('protocol: room keys, readable rooms and names', () => {
  assert.equal(roomFor({ kind: 'user', name: 'bob' }, 'alice'), 'dm:alice|bob');
  assert.equal(roomFor({ kind: 'user', name: 'alice' }, 'bob'), 'dm:alice|bob');
  assert.equal(roomFor({ kind: 'all' }, 'bob'), 'all');
  assert.equal(roomFor({ kind: 'group', name: 'ops' }, 'bob'), 'group:ops');
  assert.throws(() => roomFor({ kind: 'room' }, 'bob'), TypeError);

  const bob = { name: 'bob', groups: ['ops'] };
  assert.deepEqual(roomsOf(bob), ['all', 'group:ops']);
  assert.equal(canRead('dm:alice|bob', bob), true);
  assert.equal(canRead('dm:alice|carol', bob), false);
  assert.equal(canRead('group:ops', bob), true);
  assert.equal(canRead('group:dev', bob), false);

  for (const name of ['bob', '王小明', 'a_b-9', 'x'.repeat(24)]) assert.equal(isValidName(name), true, name);
  for (const name of ['', 'x'.repeat(25), 'a b', 'a|b', 'a:b', 42]) assert.equal(isValidName(name), false, String(name));
});

// ---------------------------------------------------------------------------------------------
// Chat

test('ping is answered with pong before join', async (t) => {
  const server = await startServer(t);
  const client = await connectClient(server);
  client.send('ping');
  assert.equal(await client.next(() => true), 'pong');
});

test('join replies joined, then pushes the sorted online list to every joined user', async (t) => {
  const server = await startServer(t);
  const bob = await joinAs(server, 'bob', { groups: ['ops', 'ops'] });
  assert.deepEqual(bob.joined, { type: 'joined', name: 'bob', groups: ['ops'], lastId: 0, epoch: server.admin.state().epoch });
  assert.deepEqual((await bob.next(ofType('online'))).users, [{ name: 'bob', groups: ['ops'] }]);

  const alice = await joinAs(server, 'alice');
  const expected = { type: 'online', users: [{ name: 'alice', groups: [] }, { name: 'bob', groups: ['ops'] }] };
  assert.deepEqual(await alice.next(ofType('online')), expected);
  assert.deepEqual(await bob.next(ofType('online')), expected);

  alice.send({ type: 'join', name: 'alice2' });
  assert.equal((await alice.next(isError('already-joined'))).ref, 'join');
});

test('a name taken case-insensitively is refused; its owner is unaffected and the loser may retry', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'Alice');
  const other = await connectClient(server);
  other.send({ type: 'join', name: 'aLICE' });
  assert.deepEqual(await other.next(isError('name-taken')), {
    type: 'error', code: 'name-taken', message: 'the name "aLICE" is taken', ref: 'join',
  });
  await roundTrip(alice);
  assert.deepEqual(server.admin.state().users, [{ name: 'Alice', groups: [] }]);

  other.send({ type: 'join', name: 'Alicia' });
  await other.next(ofType('joined'));
  alice.send({ type: 'say', to: { kind: 'all' }, text: 'hi', clientId: 'c1' });
  assert.equal((await other.next(ofType('message'))).text, 'hi');
});

test('say to all reaches everyone, the sender included, with its clientId', async (t) => {
  const server = await startServer(t);
  const [alice, bob] = [await joinAs(server, 'alice'), await joinAs(server, 'bob')];
  const before = Date.now();
  alice.send({ type: 'say', to: { kind: 'all' }, text: '你好 👋', clientId: 'c-1' });
  const receipt = await alice.next(ofType('message'));
  assert.deepEqual({ ...receipt, at: 0 }, {
    type: 'message', id: 1, room: 'all', from: 'alice', to: { kind: 'all' }, text: '你好 👋', at: 0, clientId: 'c-1',
  });
  assert.ok(receipt.at >= before && receipt.at <= Date.now());
  assert.deepEqual(await bob.next(ofType('message')), receipt);
});

test('say to a user reaches only the two of them, in the sorted dm room', async (t) => {
  const server = await startServer(t);
  const [carol, bob, alice] = [await joinAs(server, 'carol'), await joinAs(server, 'bob'), await joinAs(server, 'alice')];
  bob.send({ type: 'say', to: { kind: 'user', name: 'ALICE' }, text: 'psst', clientId: 'd1' });
  const receipt = await bob.next(ofType('message'));
  assert.equal(receipt.room, 'dm:alice|bob');
  assert.deepEqual(receipt.to, { kind: 'user', name: 'alice' });
  assert.deepEqual(await alice.next(ofType('message')), receipt);
  await assertNoChatFrames(carol);
});

test('say to a group reaches only its members; a non-member may not send to it', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'alice', { groups: ['ops'] });
  const bob = await joinAs(server, 'bob', { groups: ['ops', 'dev'] });
  const carol = await joinAs(server, 'carol', { groups: ['dev'] });
  alice.send({ type: 'say', to: { kind: 'group', name: 'ops' }, text: 'deploy?', clientId: 'g1' });
  const receipt = await alice.next(ofType('message'));
  assert.equal(receipt.room, 'group:ops');
  assert.deepEqual(await bob.next(ofType('message')), receipt);
  await assertNoChatFrames(carol);

  carol.send({ type: 'say', to: { kind: 'group', name: 'ops' }, text: 'me too', clientId: 'g2' });
  assert.equal((await carol.next(isError('not-in-group'))).ref, 'g2');
  await assertNoChatFrames(alice);
});

test('say to a user who is not online fails with user-offline', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'alice');
  alice.send({ type: 'say', to: { kind: 'user', name: 'nobody' }, text: 'hello?', clientId: 'o1' });
  const error = await alice.next(isError('user-offline'));
  assert.equal(error.ref, 'o1');
  assert.match(error.message, /nobody/);
  assert.equal(server.admin.state().lastId, 0);
});

test('bad requests get bad-json, unknown-type, bad-request naming the field, and not-joined', async (t) => {
  const server = await startServer(t);
  const stranger = await connectClient(server);
  stranger.send({ type: 'say', to: { kind: 'all' }, text: 'hi', clientId: 'n1' });
  assert.equal((await stranger.next(isError('not-joined'))).ref, 'n1');

  const alice = await joinAs(server, 'alice');
  alice.send('hello there');
  assert.equal((await alice.next(isError('bad-json'))).ref, null);
  alice.send({ type: 'dance' });
  assert.equal((await alice.next(isError('unknown-type'))).ref, 'dance');
  alice.send({ type: 'say', to: { kind: 'all' }, clientId: 'b1' });
  const missingText = await alice.next(isError('bad-request'));
  assert.equal(missingText.ref, 'b1');
  assert.match(missingText.message, /^text /);
  alice.send({ type: 'say', to: { kind: 'all' }, text: 'x'.repeat(2001), clientId: 'b2' });
  assert.match((await alice.next(isError('bad-request'))).message, /^text /);
  alice.send({ type: 'say', to: { kind: 'moon' }, text: 'hi', clientId: 'b3' });
  assert.match((await alice.next(isError('bad-request'))).message, /^to /);
  const otherStranger = await connectClient(server);
  otherStranger.send({ type: 'join', name: 'bad name' });
  assert.match((await otherStranger.next(isError('bad-request'))).message, /^name /);
});

test('a text frame over 256 KiB gets too-large and the connection stays usable', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'alice');
  alice.send(JSON.stringify({ type: 'say', to: { kind: 'all' }, text: 'x'.repeat(MAX_MESSAGE_BYTES) }));
  const error = await alice.next(isError('too-large'));
  assert.match(error.message, /262144/);
  alice.send({ type: 'say', to: { kind: 'all' }, text: 'still here', clientId: 's1' });
  assert.equal((await alice.next(ofType('message'))).clientId, 's1');
});

test('an image frame reaches the recipient byte-identical, with its header fields', async (t) => {
  const server = await startServer(t);
  const [alice, bob, carol] = [await joinAs(server, 'alice'), await joinAs(server, 'bob'), await joinAs(server, 'carol')];
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256);
  const header = { type: 'image', to: { kind: 'user', name: 'bob' }, mime: 'image/png', name: 'cat.png', clientId: 'i1' };
  alice.send(encodeBinaryFrame(header, bytes));

  const received = await bob.next(isImage);
  assert.deepEqual({ ...received.header, at: 0 }, {
    type: 'image', id: 1, room: 'dm:alice|bob', from: 'alice', to: { kind: 'user', name: 'bob' },
    mime: 'image/png', name: 'cat.png', at: 0, clientId: 'i1',
  });
  assert.ok(Buffer.from(received.bytes).equals(Buffer.from(bytes)));
  assert.deepEqual((await alice.next(isImage)).header, received.header);
  await assertNoChatFrames(carol);

  alice.send(encodeBinaryFrame({ ...header, mime: 'text/html', clientId: 'i2' }, bytes));
  const badMime = await alice.next(isError('bad-request'));
  assert.equal(badMime.ref, 'i2');
  assert.match(badMime.message, /^mime /);
});

test('a malformed binary frame gets bad-frame', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'alice');
  alice.send(new Uint8Array([0, 0, 0, 50, 123]).buffer);
  const error = await alice.next(isError('bad-frame'));
  assert.match(error.message, /runs past the end/);
  assert.equal(error.ref, null);
  alice.send(encodeBinaryFrame({ type: 'video' }, new Uint8Array(1)));
  assert.equal((await alice.next(isError('unknown-type'))).ref, 'video');
});

test('a re-join with since gets exactly the messages it missed, in order', async (t) => {
  const server = await startServer(t);
  const bob = await joinAs(server, 'bob');
  let alice = await joinAs(server, 'alice');
  const say = (text) => bob.send({ type: 'say', to: { kind: 'all' }, text, clientId: text });
  for (const text of ['m1', 'm2', 'm3']) say(text);
  for (const id of [1, 2, 3]) await alice.next(isMessageId(id));
  alice.socket.close();
  await alice.closed;

  for (const text of ['m4', 'm5']) say(text);
  await bob.next(isMessageId(5));
  alice = await joinAs(server, 'alice', { since: 3 });
  assert.equal(alice.joined.lastId, 5);
  await alice.next(ofType('online'));  // pushed after the replay, so the replay is all in the inbox
  assert.deepEqual(alice.inbox.filter(isChat).map(({ id, text }) => [id, text]), [[4, 'm4'], [5, 'm5']]);
});

test('history keeps the last historySize messages of each room', async (t) => {
  const server = await startServer(t, { historySize: 2 });
  const alice = await joinAs(server, 'alice', { groups: ['ops'] });
  alice.send({ type: 'say', to: { kind: 'group', name: 'ops' }, text: 'g1', clientId: 'g1' });
  for (const text of ['a2', 'a3', 'a4']) alice.send({ type: 'say', to: { kind: 'all' }, text, clientId: text });
  await alice.next(isMessageId(4));

  const bob = await joinAs(server, 'bob', { groups: ['ops'] });
  await bob.next(ofType('online'));
  assert.deepEqual(bob.inbox.filter(isChat).map(({ id }) => id), [1, 3, 4]);
  const carol = await joinAs(server, 'carol');
  await carol.next(ofType('online'));
  assert.deepEqual(carol.inbox.filter(isChat).map(({ id }) => id), [3, 4]);
});

test('replay includes images as binary frames and dm rooms of the user only', async (t) => {
  const server = await startServer(t);
  const [alice, bob] = [await joinAs(server, 'alice'), await joinAs(server, 'bob')];
  alice.send(encodeBinaryFrame({ type: 'image', to: { kind: 'all' }, mime: 'image/gif', name: 'a.gif' }, new Uint8Array([7])));
  alice.send({ type: 'say', to: { kind: 'user', name: 'bob' }, text: 'secret' });
  await bob.next(ofType('message'));
  bob.socket.close();
  await bob.closed;

  const rejoined = await joinAs(server, 'bob');
  await rejoined.next(ofType('online'));
  assert.deepEqual(rejoined.inbox.filter(isChat).map((frame) => frame.header?.id ?? frame.id), [1, 2]);
  const carol = await joinAs(server, 'carol');
  await carol.next(ofType('online'));
  assert.deepEqual(carol.inbox.filter(isChat).map((frame) => frame.header.id), [1]);
});

// ---------------------------------------------------------------------------------------------
// Admin

test('admin drop-all terminates every connection without a close frame', async (t) => {
  const server = await startServer(t);
  const [alice, stranger] = [await joinAs(server, 'alice'), await connectClient(server)];
  assert.deepEqual(await adminCall(server, 'POST', '/admin/drop-all'), { status: 200, body: { ok: true, dropped: 2 } });
  assert.equal(await alice.closed, 1006);
  assert.equal(await stranger.closed, 1006);
  await roundTrip(await joinAs(server, 'alice'));
});

test('admin pause black-holes one user; resume restores it', async (t) => {
  const server = await startServer(t);
  const [alice, bob] = [await joinAs(server, 'alice'), await joinAs(server, 'bob')];
  assert.deepEqual(await adminCall(server, 'POST', '/admin/pause?name=ALICE'), { status: 200, body: { ok: true, paused: 1 } });
  assert.deepEqual(server.admin.state().paused, ['alice']);

  alice.send('ping');
  alice.send({ type: 'say', to: { kind: 'all' }, text: 'lost', clientId: 'lost' });
  bob.send({ type: 'say', to: { kind: 'all' }, text: 'unseen', clientId: 'u1' });
  await bob.next(ofType('message'));
  await roundTrip(bob);
  await assert.rejects(alice.next(isPong, SILENCE_MS), /nothing matched/);

  assert.deepEqual(await adminCall(server, 'POST', '/admin/resume?name=alice'), { status: 200, body: { ok: true, resumed: 1 } });
  await roundTrip(alice);
  assert.deepEqual(alice.inbox.filter((frame) => isChat(frame) || isPong(frame)), []);
  assert.equal(server.admin.state().lastId, 1);
  await assertNoChatFrames(bob);
});

test('admin HTTP: state, restart, errors, and only from loopback and this origin', async (t) => {
  const server = await startServer(t);
  await joinAs(server, 'alice', { groups: ['ops'] });
  const { status, body: { epoch, ...state } } = await adminCall(server, 'GET', '/admin/state');
  assert.equal(status, 200);
  assert.match(epoch, /^[\da-f-]{36}$/);
  assert.deepEqual(state, {
    ok: true, users: [{ name: 'alice', groups: ['ops'] }], paused: [], accepting: true, lastId: 0,
    connections: 1, rooms: 0, historyBytes: 0, receipts: 0, receiptBytes: 0,
  });
  assert.equal((await adminCall(server, 'POST', '/admin/pause?name=zed')).status, 404);
  assert.equal((await adminCall(server, 'POST', '/admin/pause')).status, 400);
  assert.equal((await adminCall(server, 'POST', '/admin/restart?downMs=-1')).status, 400);
  assert.equal((await adminCall(server, 'GET', '/admin/drop-all')).status, 404);
  const crossSite = { headers: { origin: 'http://evil.example' } };
  assert.equal((await adminCall(server, 'POST', '/admin/drop-all', crossSite)).status, 403);
  const sameSite = { headers: { origin: server.origin } };
  assert.equal((await adminCall(server, 'GET', '/admin/state', sameSite)).status, 200);

  assert.deepEqual(await adminCall(server, 'POST', '/admin/restart?downMs=60000'), {
    status: 200, body: { ok: true, dropped: 1, downMs: 60000 },
  });
  assert.equal(server.admin.state().accepting, false);
});

test('admin refuses requests from a non-loopback address', async (t) => {
  const server = await startServer(t);
  try {
    // 127.0.0.2 reaches 127.0.0.1 on Linux but is not one of the loopback addresses admin trusts.
    const response = await adminCall(server, 'POST', '/admin/drop-all', { localAddress: '127.0.0.2' });
    assert.equal(response.status, 403);
  } catch (error) {
    if (error.code !== 'EADDRNOTAVAIL') throw error;
    t.skip('127.0.0.2 is not configured on this machine');
  }
});

test('admin restart refuses upgrades for downMs, then accepts again with history kept', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'alice');
  alice.send({ type: 'say', to: { kind: 'all' }, text: 'before', clientId: 'r1' });
  await alice.next(ofType('message'));

  const downMs = 300;
  const started = performance.now();
  const back = server.admin.restart(downMs);
  assert.equal(await alice.closed, 1006);
  assert.match(await connectionRefusal(server), /503/);
  assert.deepEqual(await back, { dropped: 1, downMs });
  assert.ok(performance.now() - started >= downMs - 5);

  const rejoined = await joinAs(server, 'alice');
  assert.equal((await rejoined.next(ofType('message'))).text, 'before');
});

// ---------------------------------------------------------------------------------------------
// HTTP and robustness

test('static files: content types, no-store, redirect, 404, 403, and upgrades only on /chat', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'chat-static-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await writeFile(join(root, 'page.html'), '<!doctype html>');
  await writeFile(join(root, 'core.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(root, 'icon.svg'), '<svg/>');
  const server = await startServer(t, { staticRoot: root, staticIndex: '/page.html', staticPaths: [/^\//] });

  const page = await httpCall(server, 'GET', '/page.html');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.equal(page.body, '<!doctype html>');
  assert.equal((await httpCall(server, 'GET', '/core.wasm')).headers['content-type'], 'application/wasm');
  assert.equal((await httpCall(server, 'GET', '/icon.svg')).headers['content-type'], 'image/svg+xml');
  assert.equal(server.pageUrl, `${server.origin}/page.html`);

  const redirect = await httpCall(server, 'GET', '/');
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.location, '/page.html');
  assert.equal((await httpCall(server, 'GET', '/missing.js')).status, 404);
  assert.equal((await httpCall(server, 'GET', '/..%2f..%2fetc%2fpasswd')).status, 403);
  assert.equal((await httpCall(server, 'GET', '//')).status, 400);

  const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/other`);
  assert.match(await new Promise((resolve) => socket.once('error', (error) => resolve(error.message))), /404/);
});

test('by default only the page\'s files and dist/ are served from the repository', async (t) => {
  const server = await startServer(t);
  const response = await httpCall(server, 'GET', '/web/demo/protocol.mjs');
  assert.equal(response.status, 200);
  assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(response.body, /export function encodeBinaryFrame/);
  for (const path of ['/web/demo/index.html', '/web/demo/app.mjs', '/dist/wx-socket.mjs', '/dist/wx-core.wasm']) {
    assert.equal((await httpCall(server, 'HEAD', path)).status, 200, path);
  }
  for (const path of ['/.git/HEAD', '/package.json', '/web/demo/server/chat-server.mjs', '/web/demo/',
    '/dist/../package.json', '/dist/%2e%2e/package.json', '/node_modules/ws/package.json']) {
    assert.equal((await httpCall(server, 'GET', path)).status, 404, path);
  }
});

test('requests for another host name (DNS rebinding) or from another origin are refused', async (t) => {
  const server = await startServer(t);
  const port = server.port;
  const rebound = { headers: { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` } };
  assert.equal((await adminCall(server, 'POST', '/admin/drop-all', rebound)).status, 403);
  assert.equal((await adminCall(server, 'GET', '/admin/state', { headers: { host: `attacker.example:${port}` } })).status, 403);
  assert.equal((await httpCall(server, 'GET', '/web/demo/index.html', rebound)).status, 403);
  const local = { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` } };
  assert.equal((await adminCall(server, 'GET', '/admin/state', local)).status, 200);
  const mixed = { headers: { host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` } };
  assert.equal((await adminCall(server, 'GET', '/admin/state', mixed)).status, 403);

  const upgrade = (headers) => new Promise((resolve) => {
    const socket = new WebSocket(server.wsUrl, { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('error', (error) => resolve(error.message));
  });
  assert.match(await upgrade({ origin: 'http://evil.example' }), /403/);
  assert.match(await upgrade({ host: `attacker.example:${port}` }), /403/);
  assert.match(await upgrade({ host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` }), /403/);
  assert.equal(await upgrade({ origin: server.origin }), 'open');
  assert.equal(await upgrade({}), 'open');  // no Origin: not a page (node, curl)
});

// Opens a raw WebSocket handshake, then sends bytes that are not a valid frame.
function sendInvalidFrames(server) {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(server.port, '127.0.0.1');
    socket.on('error', reject);
    socket.once('connect', () => socket.write([
      'GET /chat HTTP/1.1', `Host: 127.0.0.1:${server.port}`, 'Upgrade: websocket', 'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', '',
    ].join('\r\n')));
    socket.once('data', (handshake) => {
      assert.match(handshake.toString(), /^HTTP\/1.1 101/);
      socket.write(Buffer.from([0x8f, 0x80, 1, 2, 3, 4]));  // reserved opcode 0xF
      socket.once('data', () => {  // the server's close frame: it has seen the garbage
        socket.destroy();
        resolve();
      });
    });
  });
}

// Sends a request that is not HTTP and waits until the server has hung up.
function sendGarbageHttp(server) {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(server.port, '127.0.0.1', () => socket.end('NOT HTTP\r\n\r\n'));
    socket.on('error', reject);
    socket.once('close', resolve);
    socket.resume();  // read the 400 and the end, or 'close' never comes
  });
}

test('the server survives garbage and abrupt disconnects; others keep chatting', async (t) => {
  const server = await startServer(t);
  const [alice, bob] = [await joinAs(server, 'alice'), await joinAs(server, 'bob')];
  const onlineCount = (count) => (frame) => frame?.type === 'online' && frame.users.length === count;
  await alice.next(onlineCount(2));

  const vandal = await joinAs(server, 'vandal');
  vandal.send('{{{');
  vandal.send(new Uint8Array([255, 255, 255, 255, 0]).buffer);
  vandal.send('[1,2]');
  vandal.send({ type: 'join', name: { toString: null } });
  vandal.send({ type: 'say', to: null, text: null, clientId: 7 });
  await roundTrip(vandal);
  vandal.socket.terminate();
  await sendInvalidFrames(server);
  await sendGarbageHttp(server);

  await alice.next(onlineCount(3));
  await alice.next(onlineCount(2));
  alice.send({ type: 'say', to: { kind: 'user', name: 'bob' }, text: 'still up?', clientId: 'x1' });
  assert.equal((await bob.next(ofType('message'))).text, 'still up?');
  assert.deepEqual(server.admin.state().users.map(({ name }) => name), ['alice', 'bob']);
});

test('a message resent with the same clientId is confirmed again, not published twice', async (t) => {
  const server = await startServer(t);
  const alice = await joinAs(server, 'alice');
  const bob = await joinAs(server, 'bob');
  const say = { type: 'say', to: { kind: 'all' }, text: 'once', clientId: 'c-1' };
  alice.send(say);
  const first = await alice.next(ofType('message'));
  await bob.next(ofType('message'));
  alice.send(say);  // its connection died before the receipt, as far as alice knows
  const receipt = await alice.next(ofType('message'));
  assert.equal(receipt.id, first.id);
  bob.send({ type: 'say', to: { kind: 'all' }, text: 'next', clientId: 'c-1' });
  const next = await bob.next(ofType('message'));
  assert.equal(next.text, 'next');  // the same clientId from another sender is another message
  assert.equal(next.id, first.id + 1);
  await assertNoChatFrames(bob);  // bob never saw a second 'once'
});

test('a join with the epoch of another server run gets all of this run\'s history', async (t) => {
  const first = await startChatServer();
  const alice = await joinAs(first, 'alice');
  for (const text of ['m1', 'm2', 'm3']) alice.send({ type: 'say', to: { kind: 'all' }, text, clientId: text });
  await alice.next(isMessageId(3));
  const oldEpoch = alice.joined.epoch;
  await first.close();

  // The process restarted: ids count from 1 again.
  const second = await startServer(t);
  const bob = await joinAs(second, 'bob');
  assert.notEqual(bob.joined.epoch, oldEpoch);
  for (const text of ['n1', 'n2', 'n3', 'n4']) bob.send({ type: 'say', to: { kind: 'all' }, text, clientId: text });
  await bob.next(isMessageId(4));

  const rejoined = await joinAs(second, 'alice', { since: 3, epoch: oldEpoch });
  assert.equal(rejoined.joined.epoch, bob.joined.epoch);
  await rejoined.next(ofType('online'));
  assert.deepEqual(rejoined.inbox.filter(isChat).map(({ id, text }) => [id, text]),
    [[1, 'n1'], [2, 'n2'], [3, 'n3'], [4, 'n4']]);
  const sameRun = await joinAs(second, 'carol', { since: 3, epoch: bob.joined.epoch });
  await sameRun.next(ofType('online'));
  assert.deepEqual(sameRun.inbox.filter(isChat).map(({ id }) => id), [4]);
  const badEpoch = await connectClient(second);
  badEpoch.send({ type: 'join', name: 'dave', epoch: 7 });
  assert.match((await badEpoch.next(isError('bad-request'))).message, /^epoch /);
});

test('a connection silent for idleTimeoutMs is terminated and its name freed', async (t) => {
  const server = await startServer(t, { idleTimeoutMs: 150 });
  const alice = await joinAs(server, 'alice');
  const bob = await joinAs(server, 'bob');
  const talker = setInterval(() => bob.send('ping'), 30);
  t.after(() => clearInterval(talker));
  assert.equal(await alice.closed, 1006);
  const started = performance.now();
  await joinAs(server, 'alice');  // the name is free again
  assert.deepEqual(server.admin.state().users.map(({ name }) => name), ['alice', 'bob']);

  // A black-holed connection is silent too, even while its peer keeps sending.
  server.admin.pause('bob');
  assert.equal(await bob.closed, 1006);
  assert.ok(performance.now() - started < 1000);
});

test('resend receipts stay small: an image\'s is its header; texts are capped by maxReceiptBytes', async (t) => {
  const server = await startServer(t, { maxReceiptBytes: 4000, maxHistoryBytes: 2 * 1024 * 1024 });
  const alice = await joinAs(server, 'alice');
  const bytes = new Uint8Array(200 * 1024).fill(7);
  const image = (clientId) => encodeBinaryFrame({ type: 'image', to: { kind: 'all' }, mime: 'image/png', name: 'big.png', clientId }, bytes);
  for (let i = 1; i <= 40; i += 1) alice.send(image(`i${i}`));
  for (let i = 1; i <= 40; i += 1) await alice.next(isImage);
  let state = server.admin.state();
  assert.ok(state.receipts >= 20, `${state.receipts} receipts: an image's takes under 200 bytes`);
  assert.ok(state.receiptBytes <= 4000, `${state.receiptBytes} receipt bytes`);
  assert.ok(state.historyBytes <= 2 * 1024 * 1024, `${state.historyBytes} history bytes`);
  assert.ok(state.historyBytes > 1.8 * 1024 * 1024, 'history keeps what fits');

  alice.send(image('i40'));  // a resend: confirmed by the header, without the bytes
  const receipt = await alice.next(isImage);
  assert.equal(receipt.header.id, 40);
  assert.equal(receipt.bytes.length, 0);
  alice.send(image('i1'));  // forgotten: published again
  assert.equal((await alice.next(isImage)).header.id, 41);

  for (let i = 1; i <= 30; i += 1) alice.send({ type: 'say', to: { kind: 'all' }, text: 'x'.repeat(300), clientId: `t${i}` });
  await alice.next(isMessageId(71));
  state = server.admin.state();
  assert.ok(state.receiptBytes <= 4000 && state.receipts < 30, JSON.stringify(state));
});

test('history keeps at most maxRooms rooms, dropping the one quiet longest', async (t) => {
  const server = await startServer(t, { maxRooms: 3 });
  const groups = ['g1', 'g2', 'g3', 'g4'];
  const alice = await joinAs(server, 'alice', { groups });
  for (const group of [...groups, 'g2']) {
    alice.send({ type: 'say', to: { kind: 'group', name: group }, text: group, clientId: `${group}-${Math.random()}` });
  }
  await alice.next(isMessageId(5));
  assert.equal(server.admin.state().rooms, 3);
  const bob = await joinAs(server, 'bob', { groups });
  await bob.next(ofType('online'));
  assert.deepEqual(bob.inbox.filter(isChat).map(({ text }) => text), ['g2', 'g3', 'g4', 'g2']);
});

// ---------------------------------------------------------------------------------------------
// main.mjs

test('main.mjs: a PORT that is not a port number gets one clear line, not a stack trace', async () => {
  for (const port of ['abc', '-1', '65536', '8080x', '']) {
    const { code, stderr } = await runMain({ PORT: port });
    assert.equal(code, 2, `PORT=${port}`);
    assert.equal(stderr, `PORT must be a port number from 0 to 65535 (0: any free port), not ${JSON.stringify(port)}\n`);
  }
});

test('main.mjs: PORT=0 starts the demo on a free port and SIGTERM stops it', async () => {
  const { code, stdout } = await runMain({ PORT: '0' }, (child, output) => {
    if (/admin \(POST/.test(output) && child.signalCode === null && !child.killed) child.kill('SIGTERM');
  });
  assert.equal(code, 0);
  assert.match(stdout, /^wx-socket-wasm chat demo: http:\/\/127\.0\.0\.1:\d+\/web\/demo\/index\.html\n/);
});

// Runs main.mjs with env added; onStdout(child, allStdoutSoFar) may stop it.
function runMain(env, onStdout = () => {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../web/demo/server/main.mjs', import.meta.url))], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onStdout(child, stdout);
    });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
