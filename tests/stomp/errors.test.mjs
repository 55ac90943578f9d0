// How RabbitMQ's Web-STOMP reports errors: what arrives, and whether the socket closes. Two of
// these differ from what the STOMP spec suggests (the server "should close" after ERROR).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MAX_MESSAGE_BYTES } from '../../scripts/rabbitmq.mjs';
import { closeWithin, connectAsGuest, frame, isCommand, isReceipt, openSocket, uniqueQueue } from './client.mjs';

// Long enough for a close that follows an ERROR at once (they come within milliseconds).
const NO_CLOSE_MS = 1000;

test('bad credentials: ERROR "Bad CONNECT" and the socket stays open; a frame after it gets ERROR "Illegal command"', async (t) => {
  const client = await openSocket(t);
  client.send(frame('CONNECT', [['accept-version', '1.2'], ['host', '/'], ['login', 'guest'], ['passcode', 'wrong']]));
  assert.equal((await client.next(isCommand('ERROR'))).text,
    "ERROR\nmessage:Bad CONNECT\ncontent-type:text/plain\nversion:1.0,1.1,1.2\ncontent-length:32\n\nAccess refused for user 'guest'\n\0\n");
  assert.equal(await closeWithin(client, NO_CLOSE_MS), undefined);
  client.send(frame('SUBSCRIBE', [['id', 's'], ['destination', uniqueQueue('refused')], ['receipt', 'r']]));
  assert.equal((await client.next(isCommand('ERROR'))).text,
    'ERROR\nmessage:Illegal command\ncontent-type:text/plain\nversion:1.0,1.1,1.2\ncontent-length:35\n\nYou must log in using CONNECT first\0\n');
  assert.deepEqual(client.messages.filter(isCommand('RECEIPT')), []);
});

test(`a SEND of max_message_size (${MAX_MESSAGE_BYTES} octets) gets its RECEIPT; one octet more closes the socket 1000 "STOMP died" with no ERROR`, async (t) => {
  const client = await connectAsGuest(t);
  const queue = uniqueQueue('size');
  client.send(frame('SEND', [['destination', queue], ['receipt', 'at-limit']], 'x'.repeat(MAX_MESSAGE_BYTES)));
  await client.next(isReceipt('at-limit'));
  client.send(frame('SEND', [['destination', queue], ['receipt', 'over-limit']], 'x'.repeat(MAX_MESSAGE_BYTES + 1)));
  assert.deepEqual(await client.closed, { code: 1000, reason: 'STOMP died' });
  // RabbitMQ logs "STOMP error frame sent: precondition_failed", but the frame never reaches the client.
  assert.deepEqual(client.messages.map(({ text }) => text.split('\n')[0]), ['CONNECTED', 'RECEIPT']);
});
