// wx.connectStomp through forced drops (the fault proxy between Chromium and a private RabbitMQ):
// the small version of `npm run chaos`'s STOMP part (tests/browser/stomp-scenarios.mjs).
// Invariants only, never timings: every SEND gets exactly one outcome and every success is in
// the queue afterwards (drained by @stomp/stompjs, an independent client); a subscription made
// once receives what is published after each reconnect.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';
import { receiptedSendsThroughDrops, startStompRig, subscriptionThroughDrops } from './stomp-scenarios.mjs';

const fx = useBrowserFixture();
let rig;

before(async () => {
  rig = await startStompRig();
});

after(async () => {
  await rig?.close();  // the broker by PID (scripts/rabbitmq.mjs), also after a failure
});

test('300 receipted SENDs through 5 forced drops: one outcome each, every success is in the queue', { timeout: 60000 }, async () => {
  const result = await receiptedSendsThroughDrops(rig, fx.page, { count: 300, drops: 5, settleMs: 15000 });
  const detail = JSON.stringify(result);
  assert.equal(result.drops, 5, `every drop hit a connection: ${detail}`);
  assert.deepEqual(result.outcomes, { ok: 300, failed: 0, none: 0, moreThanOne: 0 }, detail);
  assert.equal(result.queue.succeededButMissing, 0, detail);
  // At-least-once: a SEND may be in the queue twice (its RECEIPT was lost with the connection),
  // but then under the same wx-message-id, never under another SEND's.
  assert.equal(result.queue.duplicates, result.queue.duplicateBodies, detail);
  assert.equal(result.queue.idsOnTwoBodies, 0, detail);
  assert.equal(result.queue.withoutDedupeHeader, 0, detail);
});

test('a subscription made once keeps receiving through 5 forced drops', { timeout: 60000 }, async () => {
  const result = await subscriptionThroughDrops(rig, fx.page, { drops: 5, perRound: 5 });
  const detail = JSON.stringify(result);
  assert.equal(result.drops, 5, detail);
  assert.deepEqual(result.roundsNotResubscribed, [], detail);
  assert.deepEqual(result.roundsMissingMessages, [], detail);
  assert.equal(result.arrived, result.published, detail);
  assert.equal(result.duplicates, 0, detail);
  assert.equal(result.subscriptionIds.length, 1, `one subscription id throughout: ${detail}`);
});
