import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { insertOrElse, isUniqueViolation } from '../common/database-errors';
import { normalizeContactEmail, normalizePhone } from './contact-identity';
import { IncomingFields, mergeContactFields } from './contact-merge';
import { Contact } from './entities/contact.entity';
import { LeadRecord } from './entities/lead-record.entity';

/**
 * The contact a lead belongs to, inside the caller's transaction: the account's contact with the same
 * normalised e-mail (else phone), updated with the lead's fields, or a new one. Two transactions
 * inserting the same person at once meet on the UNIQUE index: the loser re-reads with a locking read
 * (MySQL's plain reads would still show its snapshot from before the winner committed) and merges.
 */
export async function findOrCreateContact(
  manager: EntityManager,
  key: { accountId: string; source: string; externalId: string },
  fields: IncomingFields,
  receivedAt: Date,
): Promise<{ contact: Contact; contactCreated: boolean }> {
  const identity = { emailNormalized: normalizeContactEmail(fields.email), phoneNormalized: normalizePhone(fields.phone) };
  const found = await findByIdentity(manager, key.accountId, identity, false);
  if (found) return { contact: await mergeInto(manager, found, fields, receivedAt), contactCreated: false };
  const now = new Date();
  const contact: Contact = {
    id: randomUUID(),
    ...key,
    ...fields,
    attributes: JSON.stringify(fields.attributes),
    ...identity,
    createdAt: now,
    updatedAt: now,
  };
  let raced: Contact | null = null;
  await insertOrElse(
    () => manager.insert(Contact, contact),
    async () => {
      raced = await findByIdentity(manager, key.accountId, identity, true);
    },
  );
  if (!raced) return { contact, contactCreated: true };
  return { contact: await mergeInto(manager, raced, fields, receivedAt), contactCreated: false };
}

async function findByIdentity(
  manager: EntityManager,
  accountId: string,
  identity: { emailNormalized: string | null; phoneNormalized: string | null },
  locking: boolean,
): Promise<Contact | null> {
  const lock = locking && manager.connection.options.type === 'mysql';
  for (const [column, value] of Object.entries(identity)) {
    if (!value) continue;
    const qb = manager
      .createQueryBuilder(Contact, 'c')
      .where('c.account_id = :accountId', { accountId })
      .andWhere(`c.${column === 'emailNormalized' ? 'email_normalized' : 'phone_normalized'} = :value`, { value });
    const contact = await (lock ? qb.setLock('pessimistic_write') : qb).getOne();
    if (contact) return contact;
  }
  return null;
}

/** Whether this lead is newer than every lead already on the contact (then its name wins). */
async function isNewestLead(manager: EntityManager, contactId: string, receivedAt: Date): Promise<boolean> {
  const latest = await manager.findOne(LeadRecord, {
    where: { contactId },
    order: { receivedAt: 'DESC' },
    select: { id: true, receivedAt: true },
  });
  return !latest || receivedAt.getTime() >= latest.receivedAt.getTime();
}

async function mergeInto(manager: EntityManager, contact: Contact, fields: IncomingFields, receivedAt: Date): Promise<Contact> {
  const merged = mergeContactFields(contact, fields, await isNewestLead(manager, contact.id, receivedAt));
  const identity = { emailNormalized: normalizeContactEmail(merged.email), phoneNormalized: normalizePhone(merged.phone) };
  const updated: Contact = { ...contact, ...merged, ...identity, updatedAt: new Date() };
  try {
    await manager.update(Contact, { id: contact.id }, { ...merged, ...identity, updatedAt: updated.updatedAt });
  } catch (error) {
    // The e-mail or phone just filled in belongs to another contact of the account: this lead joins the
    // contact it matched first and leaves the other identity where it is.
    if (!isUniqueViolation(error)) throw error;
    const kept = { ...merged, email: contact.email, phone: contact.phone, updatedAt: updated.updatedAt };
    await manager.update(Contact, { id: contact.id }, kept);
    return { ...contact, ...kept };
  }
  return updated;
}

/** The lead record of one delivered lead; `locking` reads past MySQL's snapshot (after a lost insert race). */
export function findLeadRecord(
  manager: EntityManager,
  key: { accountId: string; source: string; externalId: string },
  locking: boolean,
): Promise<LeadRecord | null> {
  const qb = manager
    .createQueryBuilder(LeadRecord, 'l')
    .where('l.account_id = :accountId AND l.source = :source AND l.external_id = :externalId', key);
  return (locking && manager.connection.options.type === 'mysql' ? qb.setLock('pessimistic_write') : qb).getOne();
}

/** A contact another transaction just committed, read past MySQL's snapshot. */
export function findContactLocking(manager: EntityManager, id: string): Promise<Contact> {
  const qb = manager.createQueryBuilder(Contact, 'c').where('c.id = :id', { id });
  return (manager.connection.options.type === 'mysql' ? qb.setLock('pessimistic_write') : qb).getOneOrFail();
}
