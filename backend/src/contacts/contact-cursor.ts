import { ContactsError, ContactsException } from './contacts.exception';

/** Position after the last contact of a page: newest first, ties broken by id. */
export interface ContactCursor {
  createdAt: Date;
  id: string;
}

const ID = /^[0-9a-f-]{36}$/;

/** Opaque to clients: base64url of `[createdAtIso, id]`. */
export function encodeContactCursor(cursor: ContactCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id]), 'utf8').toString('base64url');
}

export function decodeContactCursor(raw: string): ContactCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new ContactsException(ContactsError.InvalidCursor);
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new ContactsException(ContactsError.InvalidCursor);
  const [iso, id] = parsed as unknown[];
  const createdAt = typeof iso === 'string' ? new Date(iso) : new Date(Number.NaN);
  if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !ID.test(id)) {
    throw new ContactsException(ContactsError.InvalidCursor);
  }
  return { createdAt, id };
}
