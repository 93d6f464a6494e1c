/** Drives Facebook Lead Ads through the API and the sandbox's control endpoints, for the API suites. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { ContactPageResponse as ContactPage, ContactResponse as Contact } from '../../../frontend/src/api/schema';
import { FacebookSettings } from '../../src/facebook-lead-ads/facebook.config';
import { appSecretProof } from '../../src/integrations/catalog/facebook-appsecret-proof';
import { LeadInboxWorkerService } from '../../src/facebook-lead-ads/inbox/lead-inbox-worker.service';
import { LeadBackfillService } from '../../src/facebook-lead-ads/lead-backfill.service';
import { ConnectionsService } from '../../src/integrations/connections/connections.service';
import { SignedInDriver } from './signed-in';
import { TestStack } from './test-stack';

export const KEY = 'facebook-lead-ads';
export const COFFEE_PAGE = '1000001';
export const SUBSCRIPTION_FORM = '2000001';
export const BIKES_PAGE = '1000002';
export const TEST_RIDE_FORM = '2000003';
export const GRAPH_VERSION = 'v24.0';

export type {
  ContactResponse as Contact,
  ContactPageResponse as ContactPage,
  ErrorResponse as ErrorBody,
  FacebookPageResponse as FacebookPage,
  FormConnectionResponse as FormConnection,
  LeadFormResponse as LeadForm,
} from '../../../frontend/src/api/schema';

export type FieldData = { name: string; values: string[] }[];

export const person = (name: string, n: number, extra: FieldData = []): FieldData => [
  { name: 'full_name', values: [name] },
  { name: 'email', values: [`${name.toLowerCase().replace(/\W+/g, '.')}@example.test`] },
  { name: 'phone_number', values: [`+1555020${String(n).padStart(4, '0')}`] },
  ...extra,
];

/** Now as both databases compare stored datetimes in raw SQL (SQLite's text form; MySQL reads it too). */
export const dbNow = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '');

/** Shared plumbing: the sandbox's control API, signed webhooks and the admin's JSON calls. */
export class LeadAdsHarness {
  constructor(readonly stack: TestStack) {}

  get appSecret(): string {
    return this.stack.app.app.get(ConfigService).getOrThrow<FacebookSettings>('facebook').appSecret as string;
  }

  get verifyToken(): string {
    return this.stack.app.app.get(ConfigService).getOrThrow<FacebookSettings>('facebook').verifyToken;
  }

  async control<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.stack.sandbox.url}/control/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as T;
  }

  /** A lead at the sandbox and (unless `deliver` is false) its webhook, imported by the inbox workers before this resolves. */
  async createLead(pageId: string, formId: string, fieldData: FieldData, deliver = true) {
    const lead = await this.control<{ leadId: string; webhookStatus: number | null }>('facebook/leads', {
      pageId,
      formId,
      fieldData,
      deliver,
    });
    if (lead.webhookStatus === 200) await this.importInbox();
    return lead;
  }

  async redeliver(leadId: string) {
    const lead = await this.control<{ leadId: string; webhookStatus: number | null }>('facebook/deliver', { leadId });
    if (lead.webhookStatus === 200) await this.importInbox();
    return lead;
  }

  /** Runs the inbox workers until nothing is due (the app also does so on its own right after each webhook). */
  async importInbox(): Promise<void> {
    const worker = this.stack.app.app.get(LeadInboxWorkerService);
    const dataSource = this.stack.app.app.get(DataSource);
    // Rows another instance holds finish there. A transient failure (a Graph call timing out on a loaded
    // machine) is retried after a backoff: the test moves that retry to now instead of waiting for it.
    // Rows waiting for a person (a blocked form) or a rate limit are what a test looks at: left alone.
    // So is SQLite answering "database is locked" while a second instance (another process) writes.
    const transient = `status = 'pending' AND (last_error = 'Facebook is unavailable. Please try again in a moment.'
      OR last_error LIKE '%database is locked%')`;
    const unsettled = async () =>
      Number(
        (
          await dataSource.query(
            `SELECT COUNT(*) AS n FROM lead_inbox WHERE status = 'pending' AND (lease_until IS NOT NULL OR (${transient}))`,
          )
        )[0].n,
      );
    await worker.settle();
    for (let i = 0; i < 300 && (await unsettled()) > 0; i++) {
      await dataSource.query(`UPDATE lead_inbox SET next_attempt_at = ? WHERE lease_until IS NULL AND ${transient}`, [dbNow()]);
      await worker.settle();
      await sleep(100);
    }
  }

  /** The body Facebook sends for one new lead. */
  leadgenBody(lead: { leadId: string; pageId: string; formId: string }): string {
    return JSON.stringify({
      object: 'page',
      entry: [
        {
          id: lead.pageId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'leadgen',
              value: {
                leadgen_id: lead.leadId,
                page_id: lead.pageId,
                form_id: lead.formId,
                created_time: Math.floor(Date.now() / 1000),
              },
            },
          ],
        },
      ],
    });
  }

  sign(body: string, secret = this.appSecret): string {
    return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  }

  postWebhook(body: string, signature?: string): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (signature !== undefined) headers['X-Hub-Signature-256'] = signature;
    return fetch(`${this.stack.appUrl}/api/v1/webhooks/facebook`, { method: 'POST', headers, body });
  }

  async json<T>(driver: SignedInDriver, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.stack.appUrl}${path}`, {
      method,
      headers: { Cookie: driver.jar.header(), Origin: this.stack.appUrl, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Every contact of the driver's account from one source, through the paged API. */
  async allContacts(driver: SignedInDriver, source = KEY): Promise<Contact[]> {
    const contacts: Contact[] = [];
    let cursor: string | null = null;
    do {
      const query: URLSearchParams = new URLSearchParams({ source, limit: '100', ...(cursor ? { cursor } : {}) });
      const page: { status: number; body: ContactPage } = await this.json<ContactPage>(
        driver,
        'GET',
        `/api/v1/contacts?${query.toString()}`,
      );
      assert.equal(page.status, 200);
      contacts.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    return contacts;
  }

  /** The page token the sandbox's Graph gives the connected Facebook user (with a proof, in case the app requires one). */
  async pageToken(accountId: string, pageId: string): Promise<string> {
    const userToken = await this.stack.app.app.get(ConnectionsService).accessToken(accountId, KEY);
    const url = `${this.graph}/me/accounts?appsecret_proof=${appSecretProof(userToken, this.appSecret)}`;
    const accounts = (await (await fetch(url, { headers: { Authorization: `Bearer ${userToken}` } })).json()) as {
      data: { id: string; access_token: string }[];
    };
    return accounts.data.find((page) => page.id === pageId)?.access_token ?? '';
  }

  /** Asks the sandbox's Graph directly, as the connected Facebook user, whether the page is subscribed. */
  async subscribedFields(accountId: string, pageId: string): Promise<string[]> {
    const pageToken = await this.pageToken(accountId, pageId);
    const url = `${this.graph}/${pageId}/subscribed_apps?appsecret_proof=${appSecretProof(pageToken, this.appSecret)}`;
    const apps = (await (await fetch(url, { headers: { Authorization: `Bearer ${pageToken}` } })).json()) as {
      data: { subscribed_fields: string[] }[];
    };
    return apps.data.flatMap((app) => app.subscribed_fields);
  }

  /** Subscribes the app to other webhook fields of the page, as another part of the app would. */
  async setSubscribedFields(accountId: string, pageId: string, fields: string[]): Promise<void> {
    const pageToken = await this.pageToken(accountId, pageId);
    const response = await fetch(`${this.graph}/${pageId}/subscribed_apps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        subscribed_fields: fields.join(','),
        access_token: pageToken,
        appsecret_proof: appSecretProof(pageToken, this.appSecret),
      }).toString(),
    });
    assert.equal(response.status, 200, await response.text());
  }

  get graph(): string {
    return `${this.stack.sandbox.url}/${KEY}/graph/${GRAPH_VERSION}`;
  }

  backfillAll() {
    return this.stack.app.app.get(LeadBackfillService).backfillAll();
  }
}
