import { call } from './client';
import type { operations } from './schema';

export type ContactsQuery = NonNullable<operations['listContacts']['parameters']['query']>;

export function listContacts(query: ContactsQuery = {}) {
  return call('get', '/contacts', { query: { source: query.source, cursor: query.cursor, limit: query.limit } });
}
