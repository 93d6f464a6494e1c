import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { EventType } from '../../src/events/event-type.enum';
import { EventsService } from '../../src/events/events.service';
import { LeadAdsHarness } from './lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './signed-in';
import { startTestStack, TestStack } from './test-stack';
import { eventually, WebhookReceiver } from './webhook-receiver';

export interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  secretRotatedAt: string | null;
}

export interface Delivery {
  id: string;
  eventId: string | null;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** Fast retries so a test sees the whole schedule in about a second. */
export const WEBHOOK_ENV = { WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms', WEBHOOK_POLL_INTERVAL_MS: '50' };

/** The app with fast webhook retries, a real receiver, and a fresh admin per test. */
export class WebhooksHarness {
  stack!: TestStack;
  h!: LeadAdsHarness;
  admin!: SignedInDriver;
  receiver!: WebhookReceiver;

  get dataSource(): DataSource {
    return this.stack.app.app.get(DataSource);
  }

  async start(): Promise<void> {
    this.receiver = await WebhookReceiver.start();
    this.stack = await startTestStack({ env: WEBHOOK_ENV });
    this.h = new LeadAdsHarness(this.stack);
  }

  async nextTest(): Promise<void> {
    this.receiver.reset();
    this.admin = await signedInAdmin(this.stack.app);
  }

  async close(): Promise<void> {
    // Not stack.close(): that closes the instance the stack started, and a test may have restarted it.
    await this.stack.app.close();
    await this.stack.sandbox.close();
    await this.receiver.close();
  }

  async createEndpoint(eventTypes: string[] = [], url = this.receiver.url()): Promise<{ endpoint: Endpoint; secret: string }> {
    const created = await this.h.json<{ endpoint: Endpoint; secret: string }>(this.admin, 'POST', '/api/v1/webhook-endpoints', {
      url,
      eventTypes,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  async deliveries(endpointId: string, driver = this.admin): Promise<Delivery[]> {
    return (await this.h.json<{ data: Delivery[] }>(driver, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`)).body
      .data;
  }

  /** Waits until the endpoint has `count` deliveries and none is still pending. */
  settled(endpointId: string, count: number): Promise<Delivery[]> {
    return eventually(
      () => this.deliveries(endpointId),
      (list) => list.length >= count && list.every((d) => d.status !== 'pending'),
    );
  }

  appendEvent(type = EventType.ConnectionConnected, accountId = this.admin.user.accountId) {
    return this.stack.app.app.get(EventsService).append(undefined, { type, accountId, data: { integrationKey: 'hubspot' } });
  }

  /** Verifies the `index`th request the receiver got, as a customer would, with the standardwebhooks library. */
  verify(secret: string, index = 0): { type: string } {
    const request = this.receiver.received[index];
    return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string };
  }
}
