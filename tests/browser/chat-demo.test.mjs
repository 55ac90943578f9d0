// The chat demo end to end: three Chromium pages on the demo server. Public, private and group
// messages reach exactly the right people; one user is black-holed, reconnects, and still sees
// every message exactly once; the dashboard shows the reconnect.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from '../../scripts/chromium.mjs';
import { ROOT } from '../../scripts/local-servers.mjs';
import { startChatServer } from '../../web/demo/server/chat-server.mjs';

const fx = {};

before(async () => {
  fx.server = await startChatServer();
  fx.browser = await launchChromium();
  fx.context = await fx.browser.newContext({ viewport: { width: 1280, height: 760 } });
  fx.open = async (name, groups) => {
    const page = await fx.context.newPage();
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(error.message));
    await page.goto(`${fx.server.pageUrl}?name=${name}&groups=${groups}&heartbeatMs=500`);
    await page.waitForSelector('#chat:not([hidden])', { timeout: 10000 });
    return page;
  };
  fx.alice = await fx.open('alice', 'dev');
  fx.bob = await fx.open('bob', 'dev,ops');
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
  const response = await fetch(`${fx.server.origin}/admin/pause?name=bob`, { method: 'POST' });
  assert.equal(response.status, 200);
  // While bob's connection is a black hole: others keep talking, and bob types.
  await say(fx.alice, { kind: 'all' }, 'missed 1');
  await say(fx.alice, { kind: 'user', name: 'bob' }, 'missed 2 (private)');
  await say(fx.carol, { kind: 'group', name: 'ops' }, 'missed 3 (ops)');
  await say(fx.bob, { kind: 'all' }, 'typed during the outage');
  assert.match(await statusOf(fx.bob, 'typed during the outage'), /pending|sent/);

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

test('the server answers bad input with an error envelope shown to the user', async () => {
  await say(fx.alice, { kind: 'user', name: 'carol' }, 'x'.repeat(10));
  await fx.carol.close();
  await fx.alice.waitForFunction(() => document.querySelectorAll('#online li').length === 2);
  await fx.alice.evaluate(() => {
    const option = new Option('@carol', JSON.stringify({ kind: 'user', name: 'carol' }));
    document.getElementById('target').append(option);
  });
  await say(fx.alice, { kind: 'user', name: 'carol' }, 'are you there?');
  await fx.alice.waitForSelector('#messages li.failed', { timeout: 5000 });
  const notice = await fx.alice.$eval('#notice', (el) => el.textContent);
  assert.match(notice, /^user-offline/);
});
