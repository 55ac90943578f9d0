// RabbitMQ Web-STOMP's heart-beats, both ways, at the shortest period it accepts (1 s). Its own
// file, its tests concurrent: they spend their time waiting, and node --test runs files in parallel.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { closeWithin, connectAsGuest, frame, isCommand, isHeartBeat } from './client.mjs';

// Heart-beats are 1 s apart: 3.5 s sees at least three, and is past the silent client's limit.
const WATCH_MS = 3500;

describe('heart-beats', { concurrency: true }, () => {
  test('heart-beat 1000,1000: the broker sends lone "\\n" text messages, one a second, and closes a silent client 1000 "STOMP died"', async (t) => {
    const client = await connectAsGuest(t, { heartBeat: '1000,1000' });
    const connectedAt = client.messages[0].at;
    const close = await closeWithin(client, 2 * WATCH_MS);
    assert.deepEqual(close, { code: 1000, reason: 'STOMP died' });
    const after = client.messages.slice(1);
    assert.ok(after.length >= 2, `heart-beats before the close: ${after.length}`);
    for (const message of after) assert.ok(isHeartBeat(message), JSON.stringify(message));
    const gaps = after.map((message, i) => message.at - (i === 0 ? connectedAt : after[i - 1].at));
    for (const gap of gaps.slice(1)) assert.ok(gap > 800 && gap < 1500, `gaps between heart-beats: ${gaps}`);
  });

  test('heart-beat 1000,1000: a client that sends "\\n" every 500 ms is kept', async (t) => {
    const client = await connectAsGuest(t, { heartBeat: '1000,1000' });
    const beating = setInterval(() => client.send('\n'), 500);
    t.after(() => clearInterval(beating));
    assert.equal(await closeWithin(client, WATCH_MS), undefined);
    assert.ok(client.messages.filter(isHeartBeat).length >= 3);
    client.send(frame('DISCONNECT'));
    assert.deepEqual(await closeWithin(client, WATCH_MS), { code: 1000, reason: 'STOMP died' });
  });

  test('heart-beat 0,0 (or none asked): CONNECTED says 0,0 and the broker sends no heart-beats', async (t) => {
    const client = await connectAsGuest(t);
    assert.equal(client.connected.split('\n').find((line) => line.startsWith('heart-beat:')), 'heart-beat:0,0');
    assert.equal(await closeWithin(client, 1500), undefined);
    assert.deepEqual(client.messages.filter((message) => !isCommand('CONNECTED')(message)), []);
  });
});
