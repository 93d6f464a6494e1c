import type { Contact } from './entities/contact.entity';

/** A contact's fields as a lead delivers them: clipped, empty ones null. */
export interface IncomingFields {
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, string>;
}

type MergedFields = Pick<Contact, 'name' | 'firstName' | 'lastName' | 'email' | 'phone' | 'attributes'>;

export function parseAttributes(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * One person's fields after another lead of theirs: empty fields are filled; for the name (and custom
 * answers asked again) the newer lead's non-empty value wins, so a corrected spelling sticks while an
 * older lead imported late (a backfill) cannot undo it. E-mail and phone are identities: only filled.
 */
export function mergeContactFields(existing: Contact, incoming: IncomingFields, incomingIsNewer: boolean): MergedFields {
  const pick = (current: string | null, next: string | null) => (incomingIsNewer ? (next ?? current) : (current ?? next));
  const attributes = parseAttributes(existing.attributes);
  const merged = incomingIsNewer ? { ...attributes, ...incoming.attributes } : { ...incoming.attributes, ...attributes };
  return {
    name: pick(existing.name, incoming.name),
    firstName: pick(existing.firstName, incoming.firstName),
    lastName: pick(existing.lastName, incoming.lastName),
    email: existing.email ?? incoming.email,
    phone: existing.phone ?? incoming.phone,
    attributes: JSON.stringify(merged),
  };
}
