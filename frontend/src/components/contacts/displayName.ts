import type { ContactResponse } from '../../api/schema';

/** What a person is called in the list and the panel: the name, else first + last, else the e-mail. */
export function displayName(contact: Pick<ContactResponse, 'name' | 'firstName' | 'lastName' | 'email'>): string {
  return contact.name || [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || '—';
}
