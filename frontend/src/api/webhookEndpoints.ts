import { call } from './client';
import type { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './schema';

export async function listWebhookEndpoints() {
  return (await call('get', '/webhook-endpoints')).data;
}

export function createWebhookEndpoint(body: CreateWebhookEndpointDto) {
  return call('post', '/webhook-endpoints', { body });
}

export function updateWebhookEndpoint(id: string, body: UpdateWebhookEndpointDto) {
  return call('patch', '/webhook-endpoints/{id}', { path: { id }, body });
}

export async function deleteWebhookEndpoint(id: string): Promise<void> {
  await call('delete', '/webhook-endpoints/{id}', { path: { id } });
}

export function sendTestEvent(id: string) {
  return call('post', '/webhook-endpoints/{id}/test', { path: { id } });
}

export function rotateWebhookSecret(id: string) {
  return call('post', '/webhook-endpoints/{id}/rotate-secret', { path: { id } });
}

export async function listDeliveries(id: string) {
  return (await call('get', '/webhook-endpoints/{id}/deliveries', { path: { id } })).data;
}

export function redeliver(id: string, deliveryId: string) {
  return call('post', '/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver', { path: { id, deliveryId } });
}
