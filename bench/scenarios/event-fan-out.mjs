// B8: event fan-out. Events are committed to the log the way EventsService.append writes them (the
// sequence row, then the rows, one transaction), and 100 browser streams (GET /events/stream, one
// signed-in admin) receive them. Measured: how fast a burst reaches every stream, and the latency from
// each commit to its arrival at each stream when events come one at a time.
import { openDatabase } from '../lib/db.mjs';
import { percentile } from '../lib/processes.mjs';
import { signInDemoAdmin } from './connect-round-trip.mjs';

const STREAMS = 100;
const BURST = 5_000;
const BURST_BATCH = 50;
const PACED = 300;
const PACE_MS = 10;
const TIMEOUT_MS = 120_000;
const SEQ = /"seq":(\d+)/;

/**
 * One SSE stream, counting the events it receives and when.
 * @param {string} appUrl
 * @param {string} cookie the signed-in admin's Cookie header
 * @param {(seq: number, at: number) => void} onEvent
 * @param {AbortSignal} signal ends the stream
 */
async function openStream(appUrl, cookie, onEvent, signal) {
  const response = await fetch(`${appUrl}/api/v1/events/stream`, {
    headers: { Cookie: cookie, Accept: 'text/event-stream' },
    signal,
  });
  if (response.status !== 200) throw new Error(`stream: ${response.status} ${await response.text()}`);
  if (!response.body) throw new Error('stream: no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const messages = buffer.split('\n\n');
        buffer = messages.pop() ?? '';
        const at = performance.now();
        // The bench's own events carry {"seq":n}; reading just that keeps the client from being the bottleneck.
        for (const message of messages) {
          const seq = SEQ.exec(message);
          if (seq) onEvent(Number(seq[1]), at);
        }
      }
    } catch {
      // Aborted at the end of the scenario.
    }
  })();
}

/**
 * Appends `lead.received` events carrying `seqs` in one transaction; resolves at commit.
 * @param {import('../lib/db.mjs').BenchDatabase} db
 * @param {string} accountId
 * @param {number[]} seqs
 */
export function appendEvents(db, accountId, seqs) {
  return db.transaction(async (query) => {
    await query('UPDATE event_sequence SET last_id = last_id + ? WHERE name = ?', [seqs.length, 'events']);
    const [{ last_id: last }] = await query('SELECT last_id FROM event_sequence WHERE name = ?', ['events']);
    const occurredAt = new Date().toISOString().slice(0, 23).replace('T', ' ');
    const first = BigInt(last) - BigInt(seqs.length) + 1n;
    const rows = seqs.map((seq, index) => [
      String(first + BigInt(index)),
      'lead.received',
      accountId,
      occurredAt,
      JSON.stringify({ seq, bench: true }),
    ]);
    await query(
      `INSERT INTO events (id, type, account_id, occurred_at, data) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    );
  });
}

/**
 * Resolves (with the time) once the streams have received `count` events each, counted since `state.total` was reset.
 * @param {{ total: number, onProgress: () => void }} state
 * @param {number} count
 * @returns {Promise<number>}
 */
function allReceived(state, count) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${state.total} of ${count * STREAMS} deliveries arrived`)), TIMEOUT_MS);
    state.onProgress = () => {
      if (state.total < count * STREAMS) return;
      clearTimeout(timer);
      resolve(performance.now());
    };
    state.onProgress();
  });
}

/** @param {{ appUrl: string, databaseUrl: string, accountId: string }} options */
export async function runEventFanOut({ appUrl, databaseUrl, accountId }) {
  const browser = await signInDemoAdmin(appUrl);
  const db = openDatabase(databaseUrl);
  const abort = new AbortController();
  const committedAt = new Map();
  /** @type {number[]} */
  const latencies = [];
  const state = { total: 0, onProgress: () => undefined };
  let burstSeconds = 0;
  let appendSeconds = 0;
  try {
    /** @type {(seq: number, at: number) => void} */
    const onEvent = (seq, at) => {
      state.total++;
      const committed = committedAt.get(seq);
      if (committed !== undefined) latencies.push(at - committed);
      state.onProgress();
    };
    await Promise.all(Array.from({ length: STREAMS }, () => openStream(appUrl, browser.header(), onEvent, abort.signal)));

    // Burst: as fast as the log can take them, in transactions of 50.
    const burstDone = allReceived(state, BURST);
    const started = performance.now();
    for (let i = 0; i < BURST; i += BURST_BATCH) {
      await appendEvents(
        db,
        accountId,
        Array.from({ length: BURST_BATCH }, (_, j) => i + j),
      );
    }
    appendSeconds = (performance.now() - started) / 1000;
    burstSeconds = ((await burstDone) - started) / 1000;

    // Paced: one event per transaction every 10 ms, each commit timed.
    state.total = 0;
    const pacedDone = allReceived(state, PACED);
    for (let i = 0; i < PACED; i++) {
      const seq = BURST + i;
      await appendEvents(db, accountId, [seq]);
      committedAt.set(seq, performance.now());
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
    await pacedDone;
  } finally {
    abort.abort();
    await db.close();
  }
  latencies.sort((a, b) => a - b);
  return {
    streams: STREAMS,
    burst: BURST,
    eventsPerSecond: Math.round(BURST / burstSeconds),
    /** How fast the log took the burst: the fan-out cannot beat it. */
    appendedPerSecond: Math.round(BURST / appendSeconds),
    deliveriesPerSecond: Math.round((BURST * STREAMS) / burstSeconds),
    paced: PACED,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
