import { call } from './client';
import type { GoogleSheetsSettingsDto, SlackSettingsDto } from './schema';

// Where new leads go (Slack lead alerts, Google Sheets lead rows): /api/v1/integrations/{key}/destination.

export type DestinationSettings = SlackSettingsDto | GoogleSheetsSettingsDto;

export function getDestination(key: string) {
  return call('get', '/integrations/{key}/destination', { path: { key } });
}

export function saveDestination(key: string, body: DestinationSettings) {
  return call('put', '/integrations/{key}/destination', { path: { key }, body });
}

export function listDeliveries(key: string) {
  return call('get', '/integrations/{key}/destination/deliveries', { path: { key }, query: { limit: 20 } });
}

export function sendTest(key: string, body: DestinationSettings) {
  return call('post', '/integrations/{key}/destination/test', { path: { key }, body });
}

export function lookup(key: string, name: string, query: { query?: string; cursor?: string; id?: string } = {}) {
  return call('get', '/integrations/{key}/destination/lookups/{name}', { path: { key, name }, query });
}
