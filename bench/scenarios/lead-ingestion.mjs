// B3: Meta-sized signed leadgen webhooks (1,000 changes each) into a mapped Facebook form. Two figures:
// intake (changes/s acknowledged, each stored durably in the lead inbox before the 200) and end to end
// (leads/s until every lead is a contact, fetched from the sandbox's Graph by the inbox workers).
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../lib/db.mjs';
import { runConnectRoundTrips } from './connect-round-trip.mjs';

const PAGE = '1000001';
const FORM = '2000001';
/** Meta's largest notification. */
const BATCH = 1_000;
/** Notifications in flight at once (Meta delivers several pages' batches side by side). */
const IN_FLIGHT = 2;
const END_TO_END_LIMIT_MS = 600_000;

/**
 * @template T
 * @param {T[]} items
 * @param {number} size how many run at once
 * @param {(item: T) => Promise<void>} fn
 */
async function inBatches(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * @param {{ appUrl: string, sandboxUrl: string, appSecret: string, databaseUrl: string, leads?: number }} options
 */
export async function runLeadIngestion({ appUrl, sandboxUrl, appSecret, databaseUrl, leads = 5_000 }) {
  const { browser } = await runConnectRoundTrips({ appUrl, flows: 1, key: 'facebook-lead-ads', keepLast: true });
  const saved = await fetch(`${appUrl}/api/v1/integrations/facebook-lead-ads/form-connections/${FORM}`, {
    method: 'PUT',
    headers: { Cookie: browser.header(), Origin: appUrl, 'Content-Type': 'application/json' },
    body: JSON.stringify({ pageId: PAGE, mapping: { full_name: 'name', email: 'email', phone_number: 'phone' } }),
  });
  if (saved.status !== 200) throw new Error(`form connection: ${saved.status} ${await saved.text()}`);

  // The leads exist at "Facebook" first (undelivered); only their webhooks are timed.
  /** @type {string[]} */
  const ids = [];
  await inBatches(
    Array.from({ length: leads }, (_, i) => i),
    50,
    async (i) => {
      const response = await fetch(`${sandboxUrl}/control/facebook/leads`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          pageId: PAGE,
          formId: FORM,
          deliver: false,
          fieldData: [
            { name: 'full_name', values: [`Bench Lead ${i}`] },
            { name: 'email', values: [`bench.${i}@example.test`] },
          ],
        }),
      });
      ids.push((await response.json()).leadId);
    },
  );

  /** @type {Map<number, number>} */
  const statuses = new Map();
  /** Milliseconds from sending each 1,000-change POST to its 200 (Meta wants the answer well within seconds). */
  /** @type {number[]} */
  const latencies = [];
  const db = openDatabase(databaseUrl);
  const batches = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  const started = performance.now();
  await inBatches(batches, IN_FLIGHT, async (batch) => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      object: 'page',
      entry: batch.map((leadId) => ({
        id: PAGE,
        time: now,
        changes: [{ field: 'leadgen', value: { leadgen_id: leadId, page_id: PAGE, form_id: FORM, created_time: now } }],
      })),
    });
    const sent = performance.now();
    const response = await fetch(`${appUrl}/api/v1/webhooks/facebook`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Hub-Signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
      },
      body,
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - sent);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  });
  const intakeSeconds = (performance.now() - started) / 1000;
  const count = async (/** @type {string} */ sql) => Number((await db.query(sql))[0].n);
  const stored = await count('SELECT COUNT(*) AS n FROM lead_inbox');
  let contacts = 0;
  while (performance.now() - started < END_TO_END_LIMIT_MS) {
    contacts = await count("SELECT COUNT(*) AS n FROM contacts WHERE source = 'facebook-lead-ads'");
    if (contacts >= leads) break;
    await sleep(20);
  }
  const endToEndSeconds = (performance.now() - started) / 1000;
  const distinct = await count("SELECT COUNT(DISTINCT external_id) AS n FROM contacts WHERE source = 'facebook-lead-ads'");
  await db.close();
  if (contacts !== leads || distinct !== leads) {
    throw new Error(`${contacts} contacts (${distinct} distinct) for ${leads} leads`);
  }
  return {
    leads,
    batch: BATCH,
    intake: { seconds: intakeSeconds, changesPerSecond: leads / intakeSeconds, stored, ...latencyOf(latencies) },
    endToEnd: { seconds: endToEndSeconds, leadsPerSecond: leads / endToEndSeconds },
    contacts,
    lost: leads - distinct,
    duplicated: contacts - distinct,
    statuses: Object.fromEntries(statuses),
  };
}

/**
 * p50 (the lower median: one of the measured values) and max of the webhook POSTs, in ms.
 * @param {number[]} latencies
 */
function latencyOf(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50Ms: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, maxMs: sorted.at(-1) ?? 0 };
}
