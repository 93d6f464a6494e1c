import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../core/sandbox-server';
import type { SandboxServer } from '../core/sandbox.types';
import {
  graphGet,
  longLivedUserToken,
  pageToken,
  postJson,
  startTestSandbox,
  type GraphLead,
} from '../../../test/support/sandbox-harness';

interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

interface LeadgenNotification {
  object: string;
  entry: {
    id: string;
    time: number;
    changes: {
      field: string;
      value: { leadgen_id: string; page_id: string; form_id: string; created_time: number; ad_id: null };
    }[];
  }[];
}

const APP_SECRET = 'webhook-app-secret';
const FIELD_DATA = [
  { name: 'full_name', values: ['Rosalind Franklin'] },
  { name: 'email', values: ['rosalind@example.test'] },
];

/** A stand-in for the app's webhook endpoint that records what it receives. */
async function startReceiver(status: number): Promise<{ server: Server; url: string; received: ReceivedWebhook[] }> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/api/v1/webhooks/facebook`, received };
}

function signatureIsValid(webhook: ReceivedWebhook): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(webhook.rawBody).digest('hex')}`);
  const actual = Buffer.from(String(webhook.headers['x-hub-signature-256']));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

describe(startSandbox.name, () => {
  let sandbox: SandboxServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async () => {
    receiver = await startReceiver(200);
    sandbox = await startTestSandbox({ facebook: { appSecret: APP_SECRET, webhookUrl: receiver.url } });
  });

  after(async () => {
    await sandbox.close();
    receiver.server.close();
  });

  function createLead(body: Record<string, unknown>): Promise<Response> {
    return postJson(`${sandbox.url}/control/facebook/leads`, body);
  }

  describe('control: Facebook leads', () => {
    it('creates a lead and delivers a leadgen webhook whose signature verifies', async () => {
      receiver.received.length = 0;
      const response = await createLead({ pageId: '1000002', formId: '2000003', fieldData: FIELD_DATA });
      const { leadId, webhookStatus } = (await response.json()) as { leadId: string; webhookStatus: number | null };

      assert.equal(response.status, 201);
      assert.match(leadId, /^\d+$/);
      assert.equal(webhookStatus, 200);
      const [webhook] = receiver.received;
      assert.ok(webhook);
      assert.match(String(webhook.headers['content-type']), /^application\/json/);
      assert.ok(signatureIsValid(webhook));
      const notification = JSON.parse(webhook.rawBody) as LeadgenNotification;
      assert.equal(notification.object, 'page');
      assert.equal(notification.entry[0]?.id, '1000002');
      assert.deepEqual(notification.entry[0]?.changes[0]?.field, 'leadgen');
      const value = notification.entry[0]?.changes[0]?.value;
      assert.equal(value?.leadgen_id, leadId);
      assert.equal(value?.page_id, '1000002');
      assert.equal(value?.form_id, '2000003');
      assert.equal(value?.ad_id, null);
      assert.equal(typeof value?.created_time, 'number');
    });

    it('makes the new lead readable through the Graph API, newest first', async () => {
      const response = await createLead({ pageId: '1000002', formId: '2000003', fieldData: FIELD_DATA, deliver: false });
      const { leadId } = (await response.json()) as { leadId: string };
      const token = await pageToken(sandbox, await longLivedUserToken(sandbox), '1000002');

      const lead = await graphGet<GraphLead>(sandbox, leadId, { access_token: token });
      const list = await graphGet<{ data: GraphLead[] }>(sandbox, '2000003/leads', { access_token: token });

      assert.deepEqual(lead.field_data, FIELD_DATA);
      assert.equal(lead.ad_id, undefined);
      assert.equal(list.data[0]?.id, leadId);
    });

    it('delivers nothing with deliver:false and delivers the same webhook again on request', async () => {
      receiver.received.length = 0;
      const created = await createLead({ pageId: '1000001', formId: '2000001', fieldData: FIELD_DATA, deliver: false });
      const { leadId, webhookStatus } = (await created.json()) as { leadId: string; webhookStatus: number | null };
      assert.equal(webhookStatus, null);
      assert.equal(receiver.received.length, 0);

      for (let attempt = 0; attempt < 2; attempt += 1) {
        const redelivered = await postJson(`${sandbox.url}/control/facebook/deliver`, { leadId });
        assert.deepEqual(await redelivered.json(), { leadId, webhookStatus: 200 });
      }
      const ids = receiver.received.map(
        (webhook) => (JSON.parse(webhook.rawBody) as LeadgenNotification).entry[0]?.changes[0]?.value.leadgen_id,
      );
      assert.deepEqual(ids, [leadId, leadId]);
      assert.ok(receiver.received.every(signatureIsValid));
    });

    it('reports the status the app answered, or null when it cannot be reached', async () => {
      const rejecting = await startReceiver(401);
      const unreachable = await startReceiver(200);
      unreachable.server.close();
      for (const [target, expected] of [
        [rejecting.url, 401],
        [unreachable.url, null],
      ] as const) {
        const own = await startTestSandbox({ facebook: { appSecret: APP_SECRET, webhookUrl: target } });
        try {
          const response = await postJson(`${own.url}/control/facebook/leads`, {
            pageId: '1000001',
            formId: '2000002',
            fieldData: [],
          });
          assert.equal(((await response.json()) as { webhookStatus: number | null }).webhookStatus, expected);
        } finally {
          await own.close();
        }
      }
      rejecting.server.close();
    });

    it('refuses unknown pages, forms of another page, malformed field data and unknown leads', async () => {
      const invalid = [
        { pageId: '42', formId: '2000001', fieldData: [] },
        { pageId: '1000002', formId: '2000001', fieldData: [] },
        { pageId: '1000001', formId: '2000001', fieldData: [{ name: 'email', values: 'not-an-array' }] },
        { pageId: '1000001', formId: '2000001', fieldData: [], deliver: 'yes' },
      ];
      for (const body of invalid) assert.equal((await createLead(body)).status, 400);
      assert.equal((await postJson(`${sandbox.url}/control/facebook/deliver`, { leadId: '1' })).status, 404);
    });
  });
});
