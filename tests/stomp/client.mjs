// A raw STOMP-over-WebSocket client for characterizing the broker: frames go out exactly as the
// test writes them (escapes included), and every WebSocket message is kept as it came, so the
// tests assert bytes, not what a parser made of them.
import { randomUUID } from 'node:crypto';

import { openInboxSocket } from '../ws-inbox.mjs';

// `npm test` starts the broker (scripts/rabbitmq.mjs) and sets this; without it the tests fail.
const BROKER_URL = process.env.STOMP_BROKER_URL;
if (!BROKER_URL) {
  throw new Error('STOMP_BROKER_URL is not set: run `npm test`, or `node scripts/rabbitmq.mjs` and pass the URL it prints');
}

const WAIT_MS = 3000;

/** A STOMP frame; `headers` are [name, value] pairs written as given (already escaped). */
export function frame(command, headers = [], body = '') {
  return `${command}\n${headers.map(([name, value]) => `${name}:${value}\n`).join('')}\n${body}\0`;
}

/** The variable parts of a server frame, made constant so that a test can compare whole frames. */
export function masked(text) {
  return text
    .replace(/^server:RabbitMQ\/[\d.]+$/m, 'server:RabbitMQ/*')
    .replace(/session-[\w-]+/g, 'session-*');
}

/** The first value of header `name` in a server frame (names are escaped, as on the wire). */
export function header(text, name) {
  const head = text.slice(0, text.indexOf('\n\n'));
  return head.split('\n').slice(1).find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1);
}

export const isCommand = (command) => (message) => !message.isBinary && message.text.startsWith(`${command}\n`);
export const isReceipt = (id) => (message) => isCommand('RECEIPT')(message) && header(message.text, 'receipt-id') === id;
export const isHeartBeat = (message) => !message.isBinary && message.text === '\n';

/** A destination no other test uses: queues outlive sessions within one broker run. */
export const uniqueQueue = (name) => `/queue/${name}-${randomUUID()}`;

/**
 * Opens a WebSocket to the broker. `messages` holds every message received ({text, isBinary, at});
 * next() claims them one by one; `closed` resolves with {code, reason}.
 */
export async function openSocket(t, protocols = ['v12.stomp']) {
  const client = await openInboxSocket(BROKER_URL, {
    protocols,
    parse: (data, isBinary) => ({ text: data.toString('utf8'), isBinary, at: Date.now() }),
    waitMs: WAIT_MS,
  });
  t.after(() => client.socket.terminate());
  return { ...client, messages: client.received, send: (text) => client.socket.send(text) };
}

export const guestConnect = (heartBeat = '0,0') => frame('CONNECT', [
  ['accept-version', '1.2,1.1'], ['host', '/'], ['login', 'guest'], ['passcode', 'guest'], ['heart-beat', heartBeat],
]);

/** A socket with a STOMP session as guest; `connected` is the CONNECTED frame's text. */
export async function connectAsGuest(t, { heartBeat = '0,0' } = {}) {
  const client = await openSocket(t);
  client.send(guestConnect(heartBeat));
  const { text } = await client.next(isCommand('CONNECTED'));
  return { ...client, connected: text };
}

/** Resolves after `ms` unless the socket closes first: silence cannot be awaited, only sampled. */
export async function closeWithin(client, ms) {
  let timer;
  const elapsed = new Promise((resolve) => { timer = setTimeout(resolve, ms, undefined); });
  try {
    return await Promise.race([client.closed, elapsed]);
  } finally {
    clearTimeout(timer);   // a pending timer would hold the test file's process open
  }
}
