// B8, webhook half: one endpoint (the demo admin adds it through the REST API) points at a local HTTP
// receiver; events committed to the log reach it through the outbox and the delivery worker. Measured:
// how fast a burst is delivered, and the latency from each commit to its arrival when events come one at
// a time. Runs with the app's default WEBHOOK_POLL_INTERVAL_MS, so the latency includes the poll wait.
import { createServer } from 'node:http';
import { openDatabase } from '../lib/db.mjs';
import { percentile } from '../lib/processes.mjs';
import { signInDemoAdmin } from './connect-round-trip.mjs';
import { appendEvents } from './event-fan-out.mjs';

const BURST = 1_000;
const BURST_BATCH = 50;
const PACED = 100;
const PACE_MS = 20;
const TIMEOUT_MS = 120_000;
/** Above every seq the stream half used, so nothing it appended is counted here. */
const FIRST_SEQ = 1_000_000;
const SEQ = /"seq":(\d+)/;

/**
 * A receiver that answers 204 and reports each bench event's seq with its arrival time.
 * @param {(seq: number, at: number) => void} onEvent
 */
async function startReceiver(onEvent) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.writeHead(204).end();
      const seq = SEQ.exec(body);
      if (seq && Number(seq[1]) >= FIRST_SEQ) onEvent(Number(seq[1]), performance.now());
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/bench`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Waits until the webhooks consumer has read the whole log, so the new endpoint gets only what follows.
 * @param {import('../lib/db.mjs').BenchDatabase} db
 */
async function webhooksConsumerCaughtUp(db) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [{ last }] = await db.query('SELECT MAX(id) AS last FROM events');
    const [cursor] = await db.query('SELECT position FROM event_cursors WHERE consumer = ?', ['webhooks']);
    if (cursor && BigInt(cursor.position) >= BigInt(last ?? 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the webhooks consumer did not catch up with the log');
}

/**
 * Resolves with the time the receiver has had `count` distinct events.
 * @param {Set<number>} seen
 * @param {{ check: () => void }} progress
 * @param {number} count
 * @returns {Promise<number>}
 */
function received(seen, progress, count) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen.size} of ${count} webhooks arrived`)), TIMEOUT_MS);
    progress.check = () => {
      if (seen.size < count) return;
      clearTimeout(timer);
      resolve(performance.now());
    };
    progress.check();
  });
}

/** @param {{ appUrl: string, databaseUrl: string, accountId: string }} options */
export async function runWebhookFanOut({ appUrl, databaseUrl, accountId }) {
  const browser = await signInDemoAdmin(appUrl);
  const headers = { Cookie: browser.header(), Origin: appUrl, 'Content-Type': 'application/json' };
  const db = openDatabase(databaseUrl);
  /** @type {Set<number>} */
  const seen = new Set();
  const committedAt = new Map();
  /** @type {number[]} */
  const latencies = [];
  const progress = { check: () => undefined };
  const receiver = await startReceiver((seq, at) => {
    if (seen.has(seq)) return; // at-least-once: a repeat is not a second delivery of news
    seen.add(seq);
    const committed = committedAt.get(seq);
    if (committed !== undefined) latencies.push(at - committed);
    progress.check();
  });
  let endpointId = '';
  let burstSeconds = 0;
  try {
    await webhooksConsumerCaughtUp(db);
    const created = await fetch(`${appUrl}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiver.url, eventTypes: ['lead.received'] }),
    });
    if (created.status !== 201) throw new Error(`adding the endpoint: ${created.status} ${await created.text()}`);
    endpointId = (await created.json()).endpoint.id;

    const burstDone = received(seen, progress, BURST);
    const started = performance.now();
    for (let i = 0; i < BURST; i += BURST_BATCH) {
      await appendEvents(
        db,
        accountId,
        Array.from({ length: BURST_BATCH }, (_, j) => FIRST_SEQ + i + j),
      );
    }
    burstSeconds = ((await burstDone) - started) / 1000;

    const pacedDone = received(seen, progress, BURST + PACED);
    for (let i = 0; i < PACED; i++) {
      const seq = FIRST_SEQ + BURST + i;
      await appendEvents(db, accountId, [seq]);
      committedAt.set(seq, performance.now());
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
    await pacedDone;
  } finally {
    if (endpointId) await fetch(`${appUrl}/api/v1/webhook-endpoints/${endpointId}`, { method: 'DELETE', headers });
    await receiver.close();
    await db.close();
  }
  latencies.sort((a, b) => a - b);
  return {
    burst: BURST,
    eventsPerSecond: Math.round(BURST / burstSeconds),
    paced: PACED,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
