// The chat page, written the way a mini-program developer writes one: install() the SDK, then
// plain wx.connectSocket / SocketTask code — here with the queue, heartbeat and reconnect
// options on, so the page survives drops without code of its own for it.
import { install } from '/dist/wx-socket.mjs';

import { Dashboard } from './dashboard.mjs';
import { MAX_MESSAGE_BYTES, decodeBinaryFrame, encodeBinaryFrame } from './protocol.mjs';

const params = new URLSearchParams(location.search);
const HEARTBEAT_MS = Number(params.get('heartbeatMs') ?? 5000);
// After a reconnect the server may still hold our name for the dead connection until it notices
// (its idle timeout is 30 s): join again after 1, 2, 4, 8 and 16 s, then give up and say so.
const REJOIN_BASE_MS = Number(params.get('rejoinMs') ?? 1000);
const MAX_REJOINS = 5;
const NOTICE_MS = 6000;
const $ = (id) => document.getElementById(id);

await install();

const dashboard = new Dashboard({
  pill: $('state-pill'), timeline: $('timeline'), rtt: $('rtt'), rttFigures: $('rtt-figures'), stats: $('stats'),
});

const chat = {
  me: null,
  groups: [],
  joined: false,
  epoch: null,          // the server run the ids below belong to: a restarted server counts from 1 again
  lastId: 0,            // the newest message id seen: a rejoin asks for what came after it
  seen: new Set(),      // message ids already shown: a catch-up never shows one twice
  target: JSON.stringify({ kind: 'all' }),  // the chosen "Send to", kept while that user is away
  rejoins: 0,
  rejoinTimer: null,
  statsTimer: null,
  noticeTimer: null,
  // clientId -> {li, data, handedOver} for each message the server has not confirmed yet.
  pending: new Map(),
  task: null,
};

// ---- the socket -------------------------------------------------------------------------

function connect() {
  clearInterval(chat.statsTimer);
  const task = wx.connectSocket({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/chat`,
    queue: { maxMessages: 500, ttlMs: 5 * 60 * 1000 },
    heartbeat: { intervalMs: HEARTBEAT_MS, timeoutMs: Math.round(HEARTBEAT_MS * 0.6) },
    reconnect: { minDelayMs: 300, maxDelayMs: 5000 },
  });
  // Every (re)open joins first (what onOpen sends goes before the queued messages), asking
  // for the messages missed since the last one seen. Then what was handed to a connection that
  // died before the server confirmed it goes again: the server knows the clientId and only
  // confirms a copy it already has, so nothing is lost and nothing shows twice.
  task.onOpen(() => {
    clearTimeout(chat.rejoinTimer);  // this join replaces a scheduled one
    sendJoin();
    for (const [clientId, entry] of chat.pending) if (entry.handedOver) transmit(clientId);
  });
  task.onMessage(({ data }) => (typeof data === 'string' ? onEnvelope(JSON.parse(data)) : onImage(data)));
  task.onStateChange(({ state }) => dashboard.stateChanged(state));
  task.onReconnecting(({ attempt, delayMs, reason }) => {
    systemLine(`connection lost (${reason || 'dropped'}); retry ${attempt} in ${Math.round(delayMs)} ms`);
  });
  task.onReconnected(({ downtimeMs }) => systemLine(`reconnected after ${(downtimeMs / 1000).toFixed(1)} s`));
  task.onClose(({ code, reason }) => {
    systemLine(`closed (${code} ${reason})`);
    if (!chat.joined) $('join-button').disabled = false;  // the next Join connects anew
  });
  dashboard.stateChanged('connecting');
  chat.statsTimer = setInterval(() => dashboard.update(task.getStats()), 1000);
  chat.task = task;
}

function sendJson(envelope, callbacks = {}) {
  chat.task.send({ data: JSON.stringify(envelope), ...callbacks });
}

function sendJoin() {
  sendJson({ type: 'join', name: chat.me, groups: chat.groups, since: chat.lastId, epoch: chat.epoch ?? undefined });
}

// ---- what the server says ---------------------------------------------------------------

function onEnvelope(envelope) {
  switch (envelope.type) {
    case 'joined':
      if (envelope.epoch !== chat.epoch) {
        // Another server run (or the first join): its ids say nothing about the ones seen so far.
        if (chat.epoch !== null) systemLine('the server restarted; its message ids start over');
        chat.epoch = envelope.epoch;
        chat.seen.clear();
        chat.lastId = 0;
      }
      chat.joined = true;
      chat.rejoins = 0;
      $('join').hidden = true;
      $('chat').hidden = false;
      break;
    case 'online':
      renderOnline(envelope.users);
      break;
    case 'message':
      showMessage(envelope, (li) => li.append(textBody(envelope.text)));
      break;
    case 'error':
      onError(envelope);
      break;
    default:
      break;
  }
}

function onImage(frame) {
  const { header, bytes } = decodeBinaryFrame(frame);
  showMessage(header, (li) => {
    const image = document.createElement('img');
    image.alt = header.name;
    showImage(image, new Blob([bytes], { type: header.mime }));
    li.append(image);
  });
}

function onError({ code, message, ref }) {
  if (code === 'name-taken' && chat.joined) {
    rejoinLater();
    return;
  }
  if (ref === 'join' && !chat.joined) {
    $('join-button').disabled = false;  // pick another name or groups and join again
    showNotice(code === 'name-taken' ? `The name "${chat.me}" is taken: pick another.` : `${code}: ${message}`);
    return;
  }
  const pending = chat.pending.get(ref);
  if (pending) {
    markStatus(pending.li, 'failed', message);
    chat.pending.delete(ref);
  }
  showNotice(`${code}: ${message}`);
}

// Our previous connection is still held on the server (it has not noticed it died, or another
// tab took the name): join again later, a few times, then stop and tell the user.
function rejoinLater() {
  if (chat.rejoins === MAX_REJOINS) {
    chat.task.close({ reason: 'name held' });
    showNotice(`The server still gives the name "${chat.me}" to another connection (another tab?). `
      + 'Reload the page to join again.', { sticky: true });
    return;
  }
  const delayMs = REJOIN_BASE_MS * 2 ** chat.rejoins;
  chat.rejoins += 1;
  systemLine(`the name "${chat.me}" is still held on the server; joining again in ${delayMs / 1000} s`);
  chat.rejoinTimer = setTimeout(sendJoin, delayMs);
}

// ---- messages on screen ------------------------------------------------------------------

function describeTarget(to) {
  if (!to || to.kind === 'all') return 'everyone';
  return to.kind === 'group' ? `#${to.name}` : `@${to.name}`;
}

function messageItem({ from, to, at }, mine) {
  const li = document.createElement('li');
  li.classList.toggle('mine', mine);
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `${from} → ${describeTarget(to)} · ${new Date(at).toLocaleTimeString()}`;
  const status = document.createElement('span');
  status.className = 'status';
  meta.append(status);
  li.append(meta);
  return li;
}

function textBody(text) {
  const body = document.createElement('div');
  body.textContent = text;
  return body;
}

function markStatus(li, status, detail = '') {
  li.classList.remove('pending', 'sent', 'failed');
  li.classList.add(status);
  li.querySelector('.status').textContent = detail ? `${status}: ${detail}` : status;
}

// A message from the server: shown once, by id. Our own comes back as the delivery receipt.
function showMessage(message, fillBody) {
  if (chat.seen.has(message.id)) return;
  chat.seen.add(message.id);
  chat.lastId = Math.max(chat.lastId, message.id);
  let li = chat.pending.get(message.clientId)?.li;
  if (li) {
    chat.pending.delete(message.clientId);
    markStatus(li, 'delivered');
  } else {
    li = messageItem(message, message.from === chat.me);
    fillBody(li);
    $('messages').append(li);
  }
  li.dataset.id = message.id;
  li.scrollIntoView({ block: 'end' });
}

function systemLine(text) {
  const li = document.createElement('li');
  li.className = 'system';
  li.textContent = text;
  $('messages').append(li);
}

function showNotice(text, { sticky = false } = {}) {
  clearTimeout(chat.noticeTimer);  // an older notice's timer must not hide this one early
  $('notice').textContent = text;
  $('notice').hidden = false;
  if (!sticky) chat.noticeTimer = setTimeout(() => { $('notice').hidden = true; }, NOTICE_MS);
}

// The object URL is only needed until the image has loaded; revoking it frees the Blob.
function showImage(image, blob) {
  image.src = URL.createObjectURL(blob);
  image.addEventListener('load', () => URL.revokeObjectURL(image.src), { once: true });
  image.addEventListener('error', () => URL.revokeObjectURL(image.src), { once: true });
}

// What we send is shown at once as pending; the queue's outcome turns it into sent (the server
// answered a heartbeat ping sent after it) or failed, and the server's copy into delivered.
function sendWithStatus(li, clientId, data) {
  markStatus(li, 'pending', chat.task.readyState === chat.task.OPEN ? '' : 'waiting for the connection');
  chat.pending.set(clientId, { li, data, handedOver: false });
  $('messages').append(li);
  li.scrollIntoView({ block: 'end' });
  transmit(clientId);
}

function transmit(clientId) {
  const entry = chat.pending.get(clientId);
  entry.handedOver = false;
  chat.task.send({
    data: entry.data,
    success: () => {
      if (chat.pending.get(clientId) !== entry) return;  // already delivered
      entry.handedOver = true;
      markStatus(entry.li, 'sent');
    },
    fail: ({ errMsg }) => {
      if (errMsg.endsWith('(it may have arrived)')) {
        // Written into a connection that dropped before the server confirmed it: the next open
        // sends it again, and the server's clientId check keeps it from showing twice.
        entry.handedOver = true;
        return;
      }
      chat.pending.delete(clientId);
      markStatus(entry.li, 'failed', errMsg);
    },
  });
}

// ---- the people and the target -----------------------------------------------------------

function chooseTarget(value) {
  chat.target = value;
  $('target').value = value;
}

// A chosen user who is not in the list (dropped, reconnecting, gone) stays chosen, marked
// offline: a private message must never quietly become a public one.
function renderOnline(users) {
  $('online-count').textContent = `(${users.length})`;
  $('online').replaceChildren(...users.map((user) => {
    const li = document.createElement('li');
    li.textContent = user.name;
    li.classList.toggle('me', user.name === chat.me);
    if (user.groups.length) li.append(' ', Object.assign(document.createElement('small'), { textContent: user.groups.map((g) => `#${g}`).join(' ') }));
    if (user.name !== chat.me) li.onclick = () => chooseTarget(JSON.stringify({ kind: 'user', name: user.name }));
    return li;
  }));
  const targets = [{ kind: 'all' }, ...chat.groups.map((name) => ({ kind: 'group', name })),
    ...users.filter((u) => u.name !== chat.me).map((u) => ({ kind: 'user', name: u.name }))];
  const options = targets.map((to) => new Option(describeTarget(to), JSON.stringify(to)));
  if (!options.some((option) => option.value === chat.target)) {
    options.push(new Option(`${describeTarget(JSON.parse(chat.target))} (offline)`, chat.target));
  }
  $('target').replaceChildren(...options);
  $('target').value = chat.target;
}

$('target').onchange = () => { chat.target = $('target').value; };

const currentTarget = () => JSON.parse(chat.target);

// ---- the forms -----------------------------------------------------------------------------

// One task per page: after a refused join, the same task joins again with the new name.
$('join').onsubmit = (event) => {
  event.preventDefault();
  chat.me = $('name').value.trim();
  chat.groups = $('groups').value.split(',').map((g) => g.trim()).filter(Boolean);
  $('join-button').disabled = true;  // until the answer: a second join would be 'already-joined'
  const state = chat.task?.getStats().state ?? 'closed';
  if (state === 'closed') connect();
  else if (state === 'open') sendJoin();
  // else connecting or reconnecting: its onOpen joins with the new name.
};

$('composer').onsubmit = (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  const clientId = crypto.randomUUID();
  const to = currentTarget();
  const li = messageItem({ from: chat.me, to, at: Date.now() }, true);
  li.append(textBody(text));
  sendWithStatus(li, clientId, JSON.stringify({ type: 'say', to, text, clientId }));
};

$('image').onchange = async () => {
  const file = $('image').files[0];
  $('image').value = '';
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length > MAX_MESSAGE_BYTES - 1024) {
    showNotice(`"${file.name}" is ${Math.round(bytes.length / 1024)} KiB; the server takes up to 255 KiB.`);
    return;
  }
  const clientId = crypto.randomUUID();
  const to = currentTarget();
  const header = { type: 'image', to, mime: file.type || 'application/octet-stream', name: file.name, clientId };
  const li = messageItem({ from: chat.me, to, at: Date.now() }, true);
  const image = Object.assign(document.createElement('img'), { alt: file.name });
  showImage(image, file);
  li.append(image);
  sendWithStatus(li, clientId, encodeBinaryFrame(header, bytes));
};

for (const button of document.querySelectorAll('[data-admin]')) {
  button.onclick = () => {
    const action = button.dataset.admin;
    const query = action === 'pause' ? `?name=${encodeURIComponent(chat.me)}` : action === 'restart' ? '?downMs=3000' : '';
    fetch(`/admin/${action}${query}`, { method: 'POST' }).catch((error) => showNotice(String(error)));
  };
}

// Tests and the README screenshot join without typing.
if (params.get('name')) {
  $('name').value = params.get('name');
  $('groups').value = params.get('groups') ?? '';
  $('join').requestSubmit();
}
