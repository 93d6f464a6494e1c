import { call } from './client';
import type { CreateApiKeyDto } from './schema';

export function listApiKeys() {
  return call('get', '/api-keys');
}

export function createApiKey(body: CreateApiKeyDto) {
  return call('post', '/api-keys', { body });
}

export function revokeApiKey(id: string) {
  return call('delete', '/api-keys/{id}', { path: { id } });
}
