import { request } from './http';
import type { EventType } from './schema';

// The /webhook-endpoints routes (issue #14) are built in parallel with this page, so they are not in the
// served OpenAPI document yet: these shapes follow the agreed contract. Once the routes land, `npm run
// api:types` generates them and these calls move to the typed `call()` like every other endpoint.

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** Empty: every event type. */
  eventTypes: EventType[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  secretRotatedAt: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: EventType;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface NewWebhookEndpoint {
  url: string;
  eventTypes: EventType[];
}

const path = (id: string, rest = '') => `/webhook-endpoints/${encodeURIComponent(id)}${rest}`;

export async function listWebhookEndpoints(): Promise<WebhookEndpoint[]> {
  return ((await request('GET', '/webhook-endpoints')) as { data: WebhookEndpoint[] }).data;
}

export function createWebhookEndpoint(body: NewWebhookEndpoint) {
  return request('POST', '/webhook-endpoints', { body }) as Promise<{ endpoint: WebhookEndpoint; secret: string }>;
}

export function updateWebhookEndpoint(id: string, body: Partial<NewWebhookEndpoint> & { enabled?: boolean }) {
  return request('PATCH', path(id), { body }) as Promise<WebhookEndpoint>;
}

export async function deleteWebhookEndpoint(id: string): Promise<void> {
  await request('DELETE', path(id));
}

export function sendTestEvent(id: string) {
  return request('POST', path(id, '/test')) as Promise<{ deliveryId: string }>;
}

export function rotateWebhookSecret(id: string) {
  return request('POST', path(id, '/rotate-secret')) as Promise<{ secret: string }>;
}

export async function listDeliveries(id: string): Promise<WebhookDelivery[]> {
  return ((await request('GET', path(id, '/deliveries'))) as { data: WebhookDelivery[] }).data;
}

export function redeliver(id: string, deliveryId: string) {
  return request('POST', path(id, `/deliveries/${encodeURIComponent(deliveryId)}/redeliver`)) as Promise<{ deliveryId: string }>;
}
