import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { COFFEE_PAGE, LeadAdsHarness, SUBSCRIPTION_FORM, person } from './lead-ads-harness';
import type { SignedInDriver } from './signed-in';
import type { TestStack } from './test-stack';

export interface SandboxLogEntry {
  at: string;
  providerKey: string;
  type: string;
  detail?: string;
  data?: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  status: string;
  summary: string;
  attempts: number;
  lastError: string | null;
}

export interface Destination {
  configured: boolean;
  settings: Record<string, unknown>;
  lastDeliveredAt: string | null;
  lastError: string | null;
}

/** Env for stacks that test lead destinations: a fast loop so waits stay short. */
export const DESTINATION_ENV = { LEAD_DESTINATIONS_POLL_INTERVAL_MS: '50', WEBHOOK_POLL_INTERVAL_MS: '50' };

/** Facebook leads in, Slack messages and sheet rows out, read back from the sandbox's control log. */
export class DestinationsHarness extends LeadAdsHarness {
  constructor(stack: TestStack) {
    super(stack);
  }

  /** Facebook connected with the coffee page's subscription form imported. */
  async importLeads(admin: SignedInDriver): Promise<void> {
    await admin.connect('facebook-lead-ads');
    const saved = await this.json(admin, 'PUT', `/api/v1/integrations/facebook-lead-ads/form-connections/${SUBSCRIPTION_FORM}`, {
      pageId: COFFEE_PAGE,
      mapping: { full_name: 'name', email: 'email', phone_number: 'phone' },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  }

  lead(name: string, n: number) {
    return this.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person(name, n));
  }

  async log(type: string): Promise<SandboxLogEntry[]> {
    const response = await fetch(`${this.stack.sandbox.url}/control/log`);
    return ((await response.json()) as SandboxLogEntry[]).filter((entry) => entry.type === type);
  }

  async reset(): Promise<void> {
    await fetch(`${this.stack.sandbox.url}/control/reset`, { method: 'POST' });
  }

  scriptError(providerKey: string, method: string, error: string | null, times = 1, retryAfter?: number) {
    return this.control('api-errors', { providerKey, method, error, times, retryAfter: retryAfter ?? null });
  }

  deliveries(admin: SignedInDriver, key: string) {
    return this.json<Delivery[]>(admin, 'GET', `/api/v1/integrations/${key}/destination/deliveries`);
  }

  destination(admin: SignedInDriver, key: string) {
    return this.json<Destination>(admin, 'GET', `/api/v1/integrations/${key}/destination`);
  }

  /** Waits (bounded) until `check` holds; the worker runs every 50 ms. */
  async until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, attempts = 200): Promise<T> {
    let value = await read();
    for (let i = 0; i < attempts && !check(value); i++) {
      await sleep(50);
      value = await read();
    }
    assert.ok(check(value), `${what}: ${JSON.stringify(value)}`);
    return value;
  }

  /** Every delivery of the destination finished (none pending or sending). */
  settled(admin: SignedInDriver, key: string, count: number) {
    return this.until(
      `${count} settled deliveries`,
      async () => (await this.deliveries(admin, key)).body,
      (list) => list.length >= count && list.every((d) => d.status !== 'pending' && d.status !== 'sending'),
    );
  }
}
