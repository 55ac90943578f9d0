// The chat page, written the way a mini-program developer writes one: install() the SDK, then
// plain wx.connectSocket / SocketTask code — here with the queue, heartbeat and reconnect
// options on, so the page survives drops without code of its own for it.
import { install } from '/dist/wx-socket.mjs';

import { Dashboard } from './dashboard.mjs';
import { MAX_MESSAGE_BYTES, decodeBinaryFrame, encodeBinaryFrame } from './protocol.mjs';

const params = new URLSearchParams(location.search);
const HEARTBEAT_MS = Number(params.get('heartbeatMs') ?? 5000);
const $ = (id) => document.getElementById(id);

await install();

const dashboard = new Dashboard({
  pill: $('state-pill'), timeline: $('timeline'), rtt: $('rtt'), rttFigures: $('rtt-figures'), stats: $('stats'),
});

const chat = {
  me: null,
  groups: [],
  joined: false,
  lastId: 0,            // the newest message id seen: a rejoin asks for what came after it
  seen: new Set(),      // message ids already shown: a catch-up never shows one twice
  // clientId -> {li, data, handedOver} for each message the server has not confirmed yet.
  pending: new Map(),
  task: null,
};

// ---- the socket -------------------------------------------------------------------------

function connect() {
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
    sendJson({ type: 'join', name: chat.me, groups: chat.groups, since: chat.lastId });
    for (const [clientId, entry] of chat.pending) if (entry.handedOver) transmit(clientId);
  });
  task.onMessage(({ data }) => (typeof data === 'string' ? onEnvelope(JSON.parse(data)) : onImage(data)));
  task.onStateChange(({ state }) => dashboard.stateChanged(state));
  task.onReconnecting(({ attempt, delayMs, reason }) => {
    systemLine(`connection lost (${reason || 'dropped'}); retry ${attempt} in ${Math.round(delayMs)} ms`);
  });
  task.onReconnected(({ downtimeMs }) => systemLine(`reconnected after ${(downtimeMs / 1000).toFixed(1)} s`));
  task.onClose(({ code, reason }) => systemLine(`closed (${code} ${reason})`));
  dashboard.stateChanged('connecting');
  setInterval(() => dashboard.update(task.getStats()), 1000);
  chat.task = task;
}

function sendJson(envelope, callbacks = {}) {
  chat.task.send({ data: JSON.stringify(envelope), ...callbacks });
}

// ---- what the server says ---------------------------------------------------------------

function onEnvelope(envelope) {
  switch (envelope.type) {
    case 'joined':
      chat.joined = true;
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
    image.src = URL.createObjectURL(new Blob([bytes], { type: header.mime }));
    li.append(image);
  });
}

function onError({ code, message, ref }) {
  if (code === 'name-taken' && chat.joined) {
    // Our previous connection is still being closed on the server: join again shortly.
    setTimeout(() => sendJson({ type: 'join', name: chat.me, groups: chat.groups, since: chat.lastId }), 1000);
    return;
  }
  if (code === 'name-taken') {
    showNotice(`The name "${chat.me}" is taken: reload and pick another.`);
    return;
  }
  const pending = chat.pending.get(ref);
  if (pending) {
    markStatus(pending.li, 'failed', message);
    chat.pending.delete(ref);
  }
  showNotice(`${code}: ${message}`);
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

function showNotice(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
  setTimeout(() => { $('notice').hidden = true; }, 6000);
}

// What we send is shown at once as pending; the queue's outcome turns it into sent (handed to
// an open socket) or failed, and the server's copy into delivered.
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
      chat.pending.delete(clientId);
      markStatus(entry.li, 'failed', errMsg);
    },
  });
}

// ---- the people and the target -----------------------------------------------------------

function renderOnline(users) {
  $('online-count').textContent = `(${users.length})`;
  $('online').replaceChildren(...users.map((user) => {
    const li = document.createElement('li');
    li.textContent = user.name;
    li.classList.toggle('me', user.name === chat.me);
    if (user.groups.length) li.append(' ', Object.assign(document.createElement('small'), { textContent: user.groups.map((g) => `#${g}`).join(' ') }));
    if (user.name !== chat.me) li.onclick = () => { $('target').value = JSON.stringify({ kind: 'user', name: user.name }); };
    return li;
  }));
  const current = $('target').value;
  const targets = [{ kind: 'all' }, ...chat.groups.map((name) => ({ kind: 'group', name })),
    ...users.filter((u) => u.name !== chat.me).map((u) => ({ kind: 'user', name: u.name }))];
  $('target').replaceChildren(...targets.map((to) => new Option(describeTarget(to), JSON.stringify(to))));
  if ([...$('target').options].some((option) => option.value === current)) $('target').value = current;
}

const currentTarget = () => JSON.parse($('target').value || '{"kind":"all"}');

// ---- the forms -----------------------------------------------------------------------------

$('join').onsubmit = (event) => {
  event.preventDefault();
  chat.me = $('name').value.trim();
  chat.groups = $('groups').value.split(',').map((g) => g.trim()).filter(Boolean);
  connect();
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
  li.append(Object.assign(document.createElement('img'), { src: URL.createObjectURL(file), alt: file.name }));
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
