// B3: signed leadgen webhooks, 50 in flight, into a mapped Facebook form; then an exact count.
import { createHmac } from 'node:crypto';
import { openDatabase } from '../lib/db.mjs';
import { runConnectRoundTrips } from './connect-round-trip.mjs';

const PAGE = '1000001';
const FORM = '2000001';

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

  const statuses = new Map();
  const started = performance.now();
  await inBatches(ids, 50, async (leadId) => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: now,
          changes: [{ field: 'leadgen', value: { leadgen_id: leadId, page_id: PAGE, form_id: FORM, created_time: now } }],
        },
      ],
    });
    const response = await fetch(`${appUrl}/api/v1/webhooks/facebook`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Hub-Signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
      },
      body,
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  });
  const seconds = (performance.now() - started) / 1000;
  const db = openDatabase(databaseUrl);
  const [{ n }] = await db.query("SELECT COUNT(*) AS n FROM contacts WHERE source = 'facebook-lead-ads'");
  await db.close();
  return { leads, seconds, leadsPerSecond: leads / seconds, contacts: Number(n), statuses: Object.fromEntries(statuses) };
}
