// The STOMP chaos scenarios, shared by tests/browser/stomp-chaos.test.mjs (which asserts the
// invariants) and `npm run chaos` (which prints the figures): wx.connectStomp in Chromium talks
// to a private RabbitMQ through the fault proxy, which kills every connection at the TCP level.
// The checks are made by a second, independent client: @stomp/stompjs in Node over `ws`,
// connected to the broker directly (no proxy), which drains queues and publishes to topics.
import { randomUUID } from 'node:crypto';

import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';

import { startFaultProxy } from '../../scripts/fault-proxy.mjs';
import { startBroker } from '../../scripts/rabbitmq.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const GUEST = { login: 'guest', passcode: 'guest', host: '/' };
// Fast reconnects, so that many drops fit in a short run.
const RECONNECT = { minDelayMs: 20, maxDelayMs: 200, minUptimeMs: 100 };
const DEDUPE_HEADER = 'wx-message-id';

/**
 * A private broker (binary Web-STOMP frames) and the fault proxy in front of it. The scenarios
 * run in a `page` that has loaded tests/browser/pages/index.html (window.sdk).
 */
export async function startStompRig() {
  const broker = await startBroker({ wsFrame: 'binary' });  // rejects with its log tail
  const { port, pathname } = new URL(broker.wsUrl);
  let proxy;
  try {
    proxy = await startFaultProxy(Number(port));
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return {
    broker,
    proxy,
    brokerUrl: broker.wsUrl,
    proxyUrl: `ws://127.0.0.1:${proxy.port}${pathname}`,
    async close() {
      try {
        await proxy.close();
      } finally {
        await broker.stop();
      }
    },
  };
}

/** A connected @stomp/stompjs client in Node, straight to the broker. */
function connectPeer(url) {
  const client = new Client({
    webSocketFactory: () => new WebSocket(url, ['v12.stomp']),
    connectHeaders: GUEST,
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    debug: () => {},
  });
  return new Promise((resolve, reject) => {
    client.onConnect = () => resolve(client);
    client.onStompError = (frame) => reject(new Error(`peer: ERROR ${frame.headers.message}`));
    client.onWebSocketError = () => reject(new Error(`peer: cannot connect to ${url}`));
    client.activate();
  });
}

/** Publishes with a receipt; resolves on the RECEIPT (the broker has the message). */
function publishReceipted(peer, destination, body) {
  const receipt = randomUUID();
  return new Promise((resolve) => {
    peer.watchForReceipt(receipt, resolve);
    peer.publish({ destination, body, headers: { receipt } });
  });
}

/**
 * Takes everything out of `queue`: a sentinel published after the run marks the end (the queue
 * is FIFO), so no idle wait is needed. Resolves with [{body, id}] in queue order.
 */
async function drainQueue(peer, queue, { timeoutMs }) {
  const sentinel = `end-${randomUUID()}`;
  await publishReceipted(peer, queue, sentinel);
  const messages = [];
  let subscription;
  const drained = new Promise((resolve) => {
    subscription = peer.subscribe(queue, (message) => {
      if (message.body === sentinel) resolve(true);
      else messages.push({ body: message.body, id: message.headers[DEDUPE_HEADER] });
    });
  });
  let timer;
  const complete = await Promise.race([drained, new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs, false); })]);
  clearTimeout(timer);
  subscription.unsubscribe();
  if (!complete) throw new Error(`draining ${queue}: no end marker within ${timeoutMs} ms`);
  return messages;
}

// In the page: `count` receipted SENDs with bodies "1".."count", `batch` at a time with a pause
// between batches, on one client through the proxy; waits (bounded) for every outcome, and for
// the test to have made all its drops (a client that ended early would leave nothing to drop).
async function sendReceiptedInPage({ url, connectHeaders, reconnect, destination, count, batch, pauseMs, settleMs }) {
  window.stompDropsDone = false;
  const wx = await window.sdk.createWx();
  const client = wx.connectStomp({
    url, connectHeaders, reconnect, queue: { maxMessages: count, maxBytes: 16 * 1024 * 1024 },
  });
  let connects = 0;
  client.onConnect(() => connects++);
  const successes = new Uint16Array(count + 1);
  const failures = new Uint16Array(count + 1);
  const failReasons = {};
  let settled = 0;
  for (let i = 1; i <= count; i++) {
    client.send({
      destination,
      body: String(i),
      success: () => { successes[i]++; settled++; },
      fail: ({ errMsg }) => { failures[i]++; settled++; failReasons[errMsg] = (failReasons[errMsg] ?? 0) + 1; },
    });
    if (i % batch === 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  const deadline = Date.now() + settleMs;
  while ((settled < count || !window.stompDropsDone) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let none = 0;
  for (let i = 1; i <= count; i++) if (successes[i] + failures[i] === 0) none++;
  // A second outcome could only come later: end the session, then count.
  const stats = client.task.getStats();
  await client.disconnect().catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 50));
  wx.dispose();
  let twice = 0, ok = 0, failed = 0;
  const succeeded = [];
  for (let i = 1; i <= count; i++) {
    if (successes[i] + failures[i] > 1) twice++;
    if (successes[i]) { ok++; succeeded.push(i); }
    if (failures[i]) failed++;
  }
  return { ok, failed, none, twice, succeeded, failReasons, connects, reconnects: stats?.reconnects };
}

/**
 * `count` receipted SENDs into a fresh queue while the proxy kills the connection `drops` times,
 * then the peer drains the queue. Counts outcomes (exactly one each is the rule), successes
 * missing from the queue (must be none), and duplicates by the SDK's wx-message-id header.
 */
export async function receiptedSendsThroughDrops(rig, page, { count, drops, dropEveryMs = 150, settleMs = 30000 }) {
  const queue = `/queue/wx-chaos-${randomUUID()}`;
  const batch = Math.max(1, Math.min(50, Math.floor(count / (drops * 4))));
  // Pace the sends to last longer than the drops: every drop hits SENDs awaiting their RECEIPT.
  const pauseMs = Math.ceil((drops * dropEveryMs * 1.5) / (count / batch));
  const run = page.evaluate(sendReceiptedInPage, {
    url: rig.proxyUrl, connectHeaders: GUEST, reconnect: RECONNECT,
    destination: queue, count, batch, pauseMs, settleMs,
  });
  let killed = 0;
  // Only kills that hit a connection count; bounded in case the page stops reconnecting.
  for (let tries = 0; killed < drops && tries < drops * 20; tries++) {
    await sleep(dropEveryMs);
    if (await rig.proxy.killAll() > 0) killed++;
  }
  await page.evaluate(() => { window.stompDropsDone = true; });
  const inPage = await run;

  const peer = await connectPeer(rig.brokerUrl);
  let messages;
  try {
    messages = await drainQueue(peer, queue, { timeoutMs: 30000 });
  } finally {
    await peer.deactivate();
  }
  const bodies = new Set(messages.map(({ body }) => body));
  const ids = new Set(messages.map(({ id }) => id));
  const idOf = new Map();
  let idsOnTwoBodies = 0;  // the same wx-message-id on two different SENDs: must never happen
  for (const { body, id } of messages) {
    if (idOf.has(id) && idOf.get(id) !== body) idsOnTwoBodies++;
    idOf.set(id, body);
  }
  return {
    sent: count,
    drops: killed,
    connects: inPage.connects,
    outcomes: { ok: inPage.ok, failed: inPage.failed, none: inPage.none, moreThanOne: inPage.twice },
    failReasons: inPage.failReasons,
    queue: {
      messages: messages.length,
      unique: ids.size,
      duplicates: messages.length - ids.size,
      duplicateBodies: messages.length - bodies.size,
      withoutDedupeHeader: messages.filter(({ id }) => id === undefined).length,
      idsOnTwoBodies,
      succeededButMissing: inPage.succeeded.filter((n) => !bodies.has(String(n))).length,
    },
  };
}

// In the page: one client through the proxy, one subscription, one listener for the whole run.
async function subscribeOnceInPage({ url, connectHeaders, reconnect, destination }) {
  const wx = await window.sdk.createWx();
  const client = wx.connectStomp({ url, connectHeaders, reconnect });
  const state = { wx, client, connects: 0, got: [], subscriptionIds: new Set(), listenerCalls: 0 };
  client.onConnect(() => state.connects++);
  client.subscribe(destination, (message) => {
    state.listenerCalls++;
    state.subscriptionIds.add(message.headers.subscription);
    state.got.push(message.body);
  });
  window.stompSubscriber = state;
}

// In the page: after connect number `connects`, a receipted SEND of our own to the topic. The
// broker takes one connection's frames in order: once its RECEIPT is here, the SUBSCRIBE sent
// before it is in place, and a message published now reaches the subscription.
async function awaitResubscribedInPage({ connects, destination, timeoutMs }) {
  const state = window.stompSubscriber;
  const deadline = Date.now() + timeoutMs;
  while (state.connects < connects) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const marker = await state.client.send({ destination, body: `marker-${connects}` }).catch((r) => r);
  return marker.errMsg === 'stompSend:ok';
}

async function awaitMessagesInPage({ bodies, timeoutMs }) {
  const state = window.stompSubscriber;
  const deadline = Date.now() + timeoutMs;
  const arrived = () => bodies.filter((body) => state.got.includes(body)).length;
  while (arrived() < bodies.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return arrived();
}

async function endSubscriberInPage() {
  const { wx, client, got, subscriptionIds, listenerCalls } = window.stompSubscriber;
  await client.disconnect().catch(() => {});
  wx.dispose();
  delete window.stompSubscriber;
  return { got, subscriptionIds: [...subscriptionIds], listenerCalls };
}

/**
 * A subscription made once, then `drops` rounds of: kill the connection, wait for the reconnect
 * (and the SUBSCRIBE sent again), and the peer publishes `perRound` messages to the topic. A
 * topic keeps nothing for a missing subscriber: a message reaches the listener only if the
 * subscription was renewed. Counts what arrived, per round.
 */
export async function subscriptionThroughDrops(rig, page, { drops, perRound = 5, roundTimeoutMs = 5000 }) {
  const topic = `/topic/wx-chaos-${randomUUID()}`;
  await page.evaluate(subscribeOnceInPage, {
    url: rig.proxyUrl, connectHeaders: GUEST, reconnect: RECONNECT, destination: topic,
  });
  const peer = await connectPeer(rig.brokerUrl);
  const rounds = [];
  let killed = 0;
  try {
    // Round 0 is the first connection; rounds 1..drops each follow a forced drop.
    for (let round = 0; round <= drops; round++) {
      if (round > 0) killed += (await rig.proxy.killAll()) > 0 ? 1 : 0;
      const resubscribed = await page.evaluate(awaitResubscribedInPage,
        { connects: round + 1, destination: topic, timeoutMs: roundTimeoutMs });
      const bodies = Array.from({ length: perRound }, (_, i) => `round-${round}-${i}`);
      for (const body of bodies) peer.publish({ destination: topic, body });
      const arrived = await page.evaluate(awaitMessagesInPage, { bodies, timeoutMs: roundTimeoutMs });
      rounds.push({ round, resubscribed, published: bodies.length, arrived });
    }
  } finally {
    await peer.deactivate();
  }
  const inPage = await page.evaluate(endSubscriberInPage);
  const published = rounds.flatMap(({ round, published: n }) => Array.from({ length: n }, (_, i) => `round-${round}-${i}`));
  const got = inPage.got.filter((body) => !body.startsWith('marker-'));
  return {
    drops: killed,
    published: published.length,
    arrived: published.filter((body) => got.includes(body)).length,
    duplicates: got.length - new Set(got).size,
    roundsMissingMessages: rounds.filter((r) => r.arrived < r.published).map((r) => r.round),
    roundsNotResubscribed: rounds.filter((r) => !r.resubscribed).map((r) => r.round),
    subscriptionIds: inPage.subscriptionIds,
    listenerCalls: inPage.listenerCalls,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `npm run chaos`'s STOMP part: both scenarios `runs` times on one private broker; prints the figures. */
export async function printStompChaos(page, { runs = 5, count = 10000, drops = 20 } = {}) {
  const rig = await startStompRig();
  try {
    console.log(`\n5. STOMP (RabbitMQ ${rig.brokerUrl} behind the fault proxy; ${runs} runs each)`);
    console.log(`\n   ${count.toLocaleString('en')} receipted SENDs into one queue through ${drops} forced drops; the queue drained by @stomp/stompjs`);
    const sends = [];
    for (let run = 0; run < runs; run++) sends.push(await receiptedSendsThroughDrops(rig, page, { count, drops }));
    const column = (pick) => sends.map(pick);
    console.log(`   outcomes ok/failed/none/twice per run: ${column((r) => `${r.outcomes.ok}/${r.outcomes.failed}/${r.outcomes.none}/${r.outcomes.moreThanOne}`).join(', ')}`);
    console.log(`   failure reasons: ${JSON.stringify(Object.assign({}, ...column((r) => r.failReasons)))}`);
    console.log(`   drops hit: ${column((r) => r.drops).join(', ')}; handshakes (onConnect): ${column((r) => r.connects).join(', ')}`);
    console.log(`   success but not in the queue: ${column((r) => r.queue.succeededButMissing).join(', ')} (target 0 in every run)`);
    const duplicates = column((r) => r.queue.duplicates);
    console.log(`   in the queue: ${column((r) => r.queue.messages).join(', ')} messages, ${column((r) => r.queue.unique).join(', ')} distinct wx-message-id`);
    console.log(`   duplicates (same wx-message-id): ${duplicates.join(', ')} (median ${median(duplicates)}, ` +
      `${(100 * median(duplicates) / count).toFixed(1)} % of the SENDs); one id on two SENDs: ${column((r) => r.queue.idsOnTwoBodies).join(', ')}`);

    console.log(`\n   one subscription to a /topic, made once, through ${drops} forced drops; @stomp/stompjs publishes 5 after each reconnect`);
    const subs = [];
    for (let run = 0; run < runs; run++) subs.push(await subscriptionThroughDrops(rig, page, { drops }));
    console.log(`   arrived/published per run: ${subs.map((r) => `${r.arrived}/${r.published}`).join(', ')}; duplicates: ${subs.map((r) => r.duplicates).join(', ')}`);
    console.log(`   drops hit: ${subs.map((r) => r.drops).join(', ')}; rounds missing messages: ${subs.map((r) => r.roundsMissingMessages.length).join(', ')}; ` +
      `subscription ids seen: ${subs.map((r) => r.subscriptionIds.join('+')).join(', ')}`);
  } finally {
    await rig.close();
  }
}
