import { request } from './http';
import type { Contact, ContactsQuery, Page } from './types';

export function listContacts(query: ContactsQuery = {}): Promise<Page<Contact>> {
  return request<Page<Contact>>('GET', '/contacts', {
    query: { source: query.source, cursor: query.cursor, limit: query.limit },
  });
}
