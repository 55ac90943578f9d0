// The chat demo end to end: three Chromium pages on the demo server. Public, private and group
// messages reach exactly the right people; one user is black-holed, reconnects, and still sees
// every message exactly once; the dashboard shows the reconnect. Then the failure cases: typing
// while the server is down, a private target whose user is away, refused joins, a name still
// held after a reconnect, a user who left, and a real server restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';

import { launchChromium } from '../../scripts/chromium.mjs';
import { ROOT } from '../../scripts/local-servers.mjs';
import { startChatServer } from '../../web/demo/server/chat-server.mjs';

const fx = {};

before(async () => {
  fx.server = await startChatServer();
  fx.browser = await launchChromium();
  const viewport = { width: 1280, height: 760 };
  fx.context = await fx.browser.newContext({ viewport });
  fx.bobContext = await fx.browser.newContext({ viewport });  // bob alone can be taken offline
  fx.load = async (query, { context = fx.context } = {}) => {
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(error.message));
    await page.goto(`${fx.server.pageUrl}?heartbeatMs=500&${query}`);
    return page;
  };
  fx.open = async (name, groups, { context, query = '' } = {}) => {
    const page = await fx.load(`name=${name}&groups=${groups}&${query}`, { context });
    await page.waitForSelector('#chat:not([hidden])', { timeout: 10000 });
    return page;
  };
  fx.alice = await fx.open('alice', 'dev');
  fx.bob = await fx.open('bob', 'dev,ops', { context: fx.bobContext });
  fx.carol = await fx.open('carol', 'ops');
  await fx.alice.waitForFunction(() => document.querySelectorAll('#online li').length === 3);
});

after(async () => {
  await fx.browser?.close();
  await fx.server?.close();
});

async function say(page, to, text) {
  await page.selectOption('#target', JSON.stringify(to));
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

// The texts a page shows as delivered messages (with a server id), in server order. (The page
// shows one's own message where it was typed, which may come before messages it then received.)
function texts(page) {
  return page.$$eval('#messages li[data-id]', (items) => items
    .sort((a, b) => Number(a.dataset.id) - Number(b.dataset.id))
    .map((li) => li.lastElementChild.textContent));
}

function ids(page) {
  return page.$$eval('#messages li[data-id]', (items) => items.map((li) => Number(li.dataset.id)));
}

function statusOf(page, text) {
  return page.$$eval('#messages li.mine', (items, t) => items
    .find((li) => li.lastElementChild.textContent === t)?.querySelector('.status').textContent, text);
}

async function waitForText(page, text) {
  await page.waitForFunction((t) => [...document.querySelectorAll('#messages li[data-id]')]
    .some((li) => li.lastElementChild.textContent === t), text, { timeout: 15000 });
}

async function waitForStatus(page, text, status) {
  await page.waitForFunction(([t, s]) => [...document.querySelectorAll('#messages li.mine')]
    .some((li) => li.lastElementChild.textContent === t && li.querySelector('.status').textContent === s),
  [text, status], { timeout: 15000 });
}

function admin(action, query = '') {
  return fetch(`${fx.server.origin}/admin/${action}${query}`, { method: 'POST' });
}

async function waitForOnline(page, names) {
  await page.waitForFunction((expected) => JSON.stringify([...document.querySelectorAll('#online li')]
    .map((li) => li.firstChild.textContent)) === JSON.stringify(expected), names, { timeout: 15000 });
}

function chosenTarget(page) {
  return page.$eval('#target', (select) => ({ value: select.value, label: select.selectedOptions[0]?.textContent }));
}

function systemLines(page) {
  return page.$$eval('#messages li.system', (items) => items.map((li) => li.textContent));
}

// True when the dashboard's timeline canvas has a pixel of the 'reconnecting' colour (#e66100).
function timelineShowsReconnecting(page) {
  return page.$eval('#timeline', (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === 0xe6 && data[i + 1] === 0x61 && data[i + 2] === 0x00 && data[i + 3] === 255) return true;
    }
    return false;
  });
}

test('public, private and group messages reach exactly the right people', async () => {
  await say(fx.alice, { kind: 'all' }, 'hello everyone');
  await say(fx.bob, { kind: 'user', name: 'alice' }, 'psst alice');
  await say(fx.bob, { kind: 'group', name: 'ops' }, 'ops only');
  await say(fx.carol, { kind: 'group', name: 'ops' }, 'ops reply');
  for (const [page, text] of [[fx.alice, 'psst alice'], [fx.carol, 'ops reply'], [fx.bob, 'ops reply']]) {
    await waitForText(page, text);
  }
  await waitForText(fx.carol, 'hello everyone');
  assert.deepEqual(await texts(fx.alice), ['hello everyone', 'psst alice']);
  assert.deepEqual(await texts(fx.bob), ['hello everyone', 'psst alice', 'ops only', 'ops reply']);
  assert.deepEqual(await texts(fx.carol), ['hello everyone', 'ops only', 'ops reply']);
});

test('a black-holed user reconnects and gets every message exactly once', async () => {
  assert.equal((await admin('pause', '?name=bob')).status, 200);
  // While bob's connection is a black hole: others keep talking, and bob types (handed to the
  // dead socket or queued: the resend after the reconnect delivers it once either way).
  await say(fx.alice, { kind: 'all' }, 'missed 1');
  await say(fx.alice, { kind: 'user', name: 'bob' }, 'missed 2 (private)');
  await say(fx.carol, { kind: 'group', name: 'ops' }, 'missed 3 (ops)');
  await say(fx.bob, { kind: 'all' }, 'typed during the outage');

  for (const text of ['missed 1', 'missed 2 (private)', 'missed 3 (ops)', 'typed during the outage']) {
    await waitForText(fx.bob, text);
  }
  await waitForText(fx.alice, 'typed during the outage');
  const bobIds = await ids(fx.bob);
  assert.equal(new Set(bobIds).size, bobIds.length, `no message shown twice: ${bobIds}`);
  assert.deepEqual(await texts(fx.bob), ['hello everyone', 'psst alice', 'ops only', 'ops reply',
    'missed 1', 'missed 2 (private)', 'missed 3 (ops)', 'typed during the outage']);
  assert.equal(await statusOf(fx.bob, 'typed during the outage'), 'delivered');

  await fx.bob.waitForFunction(() => Number(document.querySelector('[data-stat="reconnects"]')?.textContent) >= 1,
    null, { timeout: 5000 });
  await fx.bob.waitForTimeout(1100);  // one more dashboard refresh after the catch-up
  await fx.bob.screenshot({ path: `${ROOT}build/screenshots/chat-demo.png` });  // docs/ keeps a copy
  for (const page of [fx.alice, fx.bob, fx.carol]) assert.deepEqual(page.errors, []);
});

test('typed while the server is down: pending, then delivered; the timeline shows the reconnecting span', async () => {
  assert.equal(await timelineShowsReconnecting(fx.alice), false, 'alice has not reconnected yet');
  assert.equal((await admin('restart', '?downMs=3000')).status, 200);
  await fx.alice.waitForFunction(() => document.getElementById('state-pill').textContent === 'reconnecting');
  await say(fx.alice, { kind: 'all' }, 'typed while down');
  assert.equal(await statusOf(fx.alice, 'typed while down'), 'pending: waiting for the connection');
  await waitForStatus(fx.alice, 'typed while down', 'delivered');
  await waitForText(fx.bob, 'typed while down');
  await fx.alice.waitForTimeout(1100);  // one dashboard refresh
  assert.equal(await timelineShowsReconnecting(fx.alice), true);
  assert.deepEqual(fx.alice.errors, []);
});

test('a private target stays chosen while its user is away in a drop-all, and still reaches only them', async () => {
  await fx.alice.selectOption('#target', JSON.stringify({ kind: 'user', name: 'bob' }));
  await fx.bobContext.setOffline(true);  // bob cannot reconnect until he is back online
  assert.equal((await admin('drop-all')).status, 200);
  await waitForOnline(fx.alice, ['alice', 'carol']);
  const bobValue = JSON.stringify({ kind: 'user', name: 'bob' });
  assert.deepEqual(await chosenTarget(fx.alice), { value: bobValue, label: '@bob (offline)' });

  await fx.bobContext.setOffline(false);
  await waitForOnline(fx.alice, ['alice', 'bob', 'carol']);
  assert.deepEqual(await chosenTarget(fx.alice), { value: bobValue, label: '@bob' });
  await fx.alice.fill('#text', 'still private');
  await fx.alice.press('#text', 'Enter');
  await waitForText(fx.bob, 'still private');
  await waitForStatus(fx.alice, 'still private', 'delivered');
  await say(fx.carol, { kind: 'all' }, 'after the private one');
  await waitForText(fx.alice, 'after the private one');
  assert.ok(!(await texts(fx.carol)).includes('still private'), 'carol never sees it');
});

test('an image reaches its recipient as an image', async () => {
  // A 1x1 PNG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await fx.alice.selectOption('#target', JSON.stringify({ kind: 'user', name: 'bob' }));
  await fx.alice.setInputFiles('#image', { name: 'dot.png', mimeType: 'image/png', buffer: png });
  await fx.bob.waitForSelector('#messages li[data-id] img[alt="dot.png"]', { timeout: 10000 });
  const size = await fx.bob.$eval('#messages li[data-id] img[alt="dot.png"]', async (image) => {
    await image.decode();
    return [image.naturalWidth, image.naturalHeight];
  });
  assert.deepEqual(size, [1, 1]);
});

test('after a refused join (bad group, taken name) Join again uses the same connection', async () => {
  const connections = fx.server.admin.state().connections;
  const page = await fx.load('name=Alice&groups=bad group');
  await page.waitForFunction(() => /^bad-request: groups/.test(document.getElementById('notice').textContent));
  await page.fill('#groups', 'dev');
  await page.click('#join-button');
  await page.waitForFunction(() => /"Alice" is taken/.test(document.getElementById('notice').textContent));
  await page.fill('#name', 'alice2');
  await page.click('#join-button');
  await page.waitForSelector('#chat:not([hidden])');
  assert.equal(fx.server.admin.state().connections, connections + 1, 'one connection for the page');
  await page.waitForTimeout(1100);  // a second stats timer would be a second task's
  assert.deepEqual(page.errors, []);
  await page.close();
  await waitForOnline(fx.alice, ['alice', 'bob', 'carol']);
});

// Joins as `name` from node right after a drop-all, before the page (300 ms at the earliest) is back.
async function takeNameAfterDropAll(name) {
  assert.equal((await admin('drop-all')).status, 200);
  const socket = new WebSocket(fx.server.wsUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'join', name }));
  const answer = await new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data))));
  assert.equal(answer.type, 'joined');
  return socket;
}

test('a name still held after a reconnect: joins again with backoff, then gives up and says so', async () => {
  const dave = await fx.open('dave', '', { query: 'rejoinMs=100' });
  const heldBriefly = await takeNameAfterDropAll('dave');
  await dave.waitForFunction(() => /"dave" is still held on the server; joining again in 0.1 s/
    .test(document.getElementById('messages').textContent));
  heldBriefly.close();
  await new Promise((resolve) => heldBriefly.once('close', resolve));
  // Online again: this 'dave' is the page, the impostor is gone.
  while (!fx.server.admin.state().users.some(({ name }) => name === 'dave')) await dave.waitForTimeout(50);

  const linesBefore = (await systemLines(dave)).length;
  const held = await takeNameAfterDropAll('dave');
  await dave.waitForFunction(() => document.getElementById('state-pill').textContent === 'closed', null, { timeout: 15000 });
  const delays = (await systemLines(dave)).slice(linesBefore)
    .filter((line) => line.includes('still held')).map((line) => line.match(/in ([\d.]+) s/)[1]);
  assert.deepEqual(delays, ['0.1', '0.2', '0.4', '0.8', '1.6']);
  assert.match(await dave.$eval('#notice:not([hidden])', (el) => el.textContent), /Reload the page to join again/);
  held.close();
  assert.deepEqual(dave.errors, []);
  await dave.close();
});

test('the server answers bad input with an error envelope shown to the user', async () => {
  await say(fx.alice, { kind: 'user', name: 'carol' }, 'x'.repeat(10));
  await waitForText(fx.carol, 'x'.repeat(10));
  await fx.carol.close();
  await waitForOnline(fx.alice, ['alice', 'bob']);
  // carol stays the target, marked offline: the server, not the page, says she is gone.
  assert.equal((await chosenTarget(fx.alice)).label, '@carol (offline)');
  await fx.alice.fill('#text', 'are you there?');
  await fx.alice.press('#text', 'Enter');
  await waitForStatus(fx.alice, 'are you there?', 'failed: user "carol" is not online');
  const notice = await fx.alice.$eval('#notice', (el) => el.textContent);
  assert.match(notice, /^user-offline/);
});

test('after a real server restart (ids start over) new messages still show and turn delivered', async () => {
  const { port } = fx.server;
  await fx.server.close();
  fx.server = await startChatServer({ port });  // a new run: empty history, ids from 1
  await waitForOnline(fx.alice, ['alice', 'bob']);
  await waitForOnline(fx.bob, ['alice', 'bob']);
  await say(fx.bob, { kind: 'all' }, 'first after the restart');
  await waitForText(fx.alice, 'first after the restart');
  await waitForStatus(fx.bob, 'first after the restart', 'delivered');
  assert.ok((await systemLines(fx.alice)).includes('the server restarted; its message ids start over'));
  for (const page of [fx.alice, fx.bob]) assert.deepEqual(page.errors, []);
});
