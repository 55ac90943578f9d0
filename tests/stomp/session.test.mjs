// What RabbitMQ's Web-STOMP does in a working session, frame by frame: the behaviours the SDK's
// STOMP session relies on. Run against the private broker `npm test` starts (scripts/rabbitmq.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  closeWithin, connectAsGuest, frame, guestConnect, header, isCommand, isReceipt, masked, openSocket, uniqueQueue,
} from './client.mjs';

const ALL_FRAMES_MS = 2000;

test('CONNECT 1.2,1.1 as guest with heart-beat 1000,1000: CONNECTED version 1.2, the heart-beat agreed, subprotocol v12.stomp', async (t) => {
  const client = await connectAsGuest(t, { heartBeat: '1000,1000' });
  assert.equal(client.socket.protocol, 'v12.stomp');
  assert.equal(masked(client.connected),
    'CONNECTED\nserver:RabbitMQ/*\nsession:session-*\nheart-beat:1000,1000\nversion:1.2\n\n\0\n');
});

test('subprotocols: of v10, v11 and v12.stomp the broker picks v12.stomp; offering none gets none and STOMP still works', async (t) => {
  const offeringAll = await openSocket(t, ['v10.stomp', 'v11.stomp', 'v12.stomp']);
  assert.equal(offeringAll.socket.protocol, 'v12.stomp');
  const offeringNone = await openSocket(t, []);
  assert.equal(offeringNone.socket.protocol, '');
  offeringNone.send(guestConnect());
  const { text } = await offeringNone.next(isCommand('CONNECTED'));
  assert.equal(header(text, 'version'), '1.2');
});

test('three SENDs in one WebSocket message: each server frame comes as its own text message ending "\\0\\n"', async (t) => {
  const client = await connectAsGuest(t);
  const queue = uniqueQueue('split');
  client.send(frame('SUBSCRIBE', [['id', 's'], ['destination', queue], ['receipt', 'sub']]));
  await client.next(isReceipt('sub'));
  client.send(['1', '2', '3'].map((body) => frame('SEND', [['destination', queue], ['receipt', `r${body}`]], body)).join(''));
  await Promise.all(['r1', 'r2', 'r3'].map((id) => client.next(isReceipt(id))));
  const bodies = [];
  for (let i = 0; i < 3; i += 1) bodies.push((await client.next(isCommand('MESSAGE'))).text.split('\n\n')[1]);
  assert.deepEqual(bodies, ['1\0\n', '2\0\n', '3\0\n']);
  for (const message of client.messages) {
    assert.equal(message.isBinary, false);
    assert.match(message.text, /^[A-Z]+\n[^\0]*\0\n$/, `one whole frame per message: ${JSON.stringify(message.text)}`);
  }
});

test('SEND with a receipt to a subscribed queue: the MESSAGE carries the receipt header, and the RECEIPT arrives too (either order)', async (t) => {
  const client = await connectAsGuest(t);
  const queue = uniqueQueue('receipt');
  client.send(frame('SUBSCRIBE', [['id', 'sub-0'], ['destination', queue], ['receipt', 'r-sub']]));
  assert.equal((await client.next(isReceipt('r-sub'))).text, 'RECEIPT\nreceipt-id:r-sub\n\n\0\n');
  client.send(frame('SEND', [['destination', queue], ['content-type', 'text/plain'], ['receipt', 'r-send']], 'hello'));
  const [message, receipt] = await Promise.all([client.next(isCommand('MESSAGE')), client.next(isReceipt('r-send'))]);
  assert.equal(receipt.text, 'RECEIPT\nreceipt-id:r-send\n\n\0\n');
  assert.equal(masked(message.text), `MESSAGE\nsubscription:sub-0\ndestination:${queue}\n` +
    'message-id:T_sub-0@@session-*@@1\nredelivered:false\nreceipt:r-send\ncontent-type:text/plain\ncontent-length:5\n\nhello\0\n');
});

test('a body with NUL and multi-byte UTF-8 round-trips by content-length, which counts octets', async (t) => {
  const client = await connectAsGuest(t);
  const queue = uniqueQueue('nul');
  client.send(frame('SUBSCRIBE', [['id', 's'], ['destination', queue]]));
  const body = 'a\0bécd';   // 7 octets: é is two
  client.send(frame('SEND', [['destination', queue], ['content-length', '7']], body));
  const { text } = await client.next(isCommand('MESSAGE'));
  assert.equal(masked(text), `MESSAGE\nsubscription:s\ndestination:${queue}\n` +
    `message-id:T_s@@session-*@@1\nredelivered:false\ncontent-length:7\n\n${body}\0\n`);
});

test('escaped header names and values come back escaped as sent; custom headers in reverse order; of a repeated header the first wins', async (t) => {
  const client = await connectAsGuest(t);
  const queue = uniqueQueue('escapes');
  client.send(frame('SUBSCRIBE', [['id', 's'], ['destination', queue]]));
  client.send(frame('SEND', [
    ['destination', queue], ['x-escaped', 'a\\cb\\nc\\\\d\\re'], ['x\\cname', 'v'], ['twice', 'first'], ['twice', 'second'],
  ], 'x'));
  const { text } = await client.next(isCommand('MESSAGE'));
  assert.equal(masked(text), `MESSAGE\nsubscription:s\ndestination:${queue}\nmessage-id:T_s@@session-*@@1\n` +
    'redelivered:false\ntwice:first\nx\\cname:v\nx-escaped:a\\cb\\nc\\\\d\\re\ncontent-length:1\n\nx\0\n');
});

test('client-individual: NACK redelivers with redelivered:true, a new ack id and the SEND\'s receipt header; an ACKed message is gone', async (t) => {
  const queue = uniqueQueue('nack');
  const subscribe = frame('SUBSCRIBE', [['id', 's'], ['destination', queue], ['ack', 'client-individual']]);
  const first = await connectAsGuest(t);
  first.send(subscribe);
  first.send(frame('SEND', [['destination', queue], ['receipt', 'r-one']], 'one'));
  const delivery = (await first.next(isCommand('MESSAGE'))).text;
  assert.equal(header(delivery, 'ack'), header(delivery, 'message-id'));
  first.send(frame('NACK', [['id', header(delivery, 'ack')], ['receipt', 'r-nack']]));
  await first.next(isReceipt('r-nack'));
  const redelivery = (await first.next(isCommand('MESSAGE'))).text;
  assert.equal(masked(redelivery), `MESSAGE\nsubscription:s\ndestination:${queue}\nmessage-id:T_s@@session-*@@2\n` +
    'redelivered:true\nack:T_s@@session-*@@2\nreceipt:r-one\ncontent-length:3\n\none\0\n');
  first.send(frame('ACK', [['id', header(redelivery, 'ack')], ['receipt', 'r-ack']]));
  await first.next(isReceipt('r-ack'));
  first.send(frame('SEND', [['destination', queue], ['receipt', 'r-two']], 'two'));
  await first.next(isReceipt('r-two'));
  first.socket.terminate();   // what is unacknowledged goes back to the queue, ahead of "two"

  const second = await connectAsGuest(t);
  second.send(subscribe);
  const { text } = await second.next(isCommand('MESSAGE'));
  assert.equal(text.split('\n\n')[1], 'two\0\n');
});

test('DISCONNECT with a receipt: the socket closes 1000 "STOMP died" and no RECEIPT comes', async (t) => {
  const client = await connectAsGuest(t);
  client.send(frame('DISCONNECT', [['receipt', 'r-bye']]));
  assert.deepEqual(await closeWithin(client, ALL_FRAMES_MS), { code: 1000, reason: 'STOMP died' });
  assert.deepEqual(client.messages.filter(isCommand('RECEIPT')), []);
});
