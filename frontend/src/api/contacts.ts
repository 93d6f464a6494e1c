import { call } from './client';
import type { operations } from './schema';

export type ContactsQuery = NonNullable<operations['listContacts']['parameters']['query']>;

export function listContacts(query: ContactsQuery = {}) {
  const { q, source, from, to, cursor, limit } = query;
  return call('get', '/contacts', { query: { q, source, from, to, cursor, limit } });
}

export function getContact(id: string) {
  return call('get', '/contacts/{id}', { path: { id } });
}
