import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { committedRead, inRetriedTransaction } from '../common/transactions';
import { applyContactFilters, ContactFilters, exclusiveEnd, startOf } from './contact-filters';
import { IncomingFields } from './contact-merge';
import { findContactLocking, findLeadRecord, findOrCreateContact } from './contact-upsert';
import { decodeContactCursor, encodeContactCursor } from './contact-cursor';
import { ContactsError, ContactsException } from './contacts.exception';
import { ContactDetailResponse, toContactDetailResponse } from './dto/contact-detail.response';
import { ContactPageResponse, summarizeLeads, toContactResponse } from './dto/contact.response';
import { Contact } from './entities/contact.entity';
import { LeadRecord } from './entities/lead-record.entity';
import { LeadDetails } from './lead-details';

/** The standard fields a source can fill; anything else goes to `attributes`. */
export interface ContactFields {
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  attributes?: Record<string, string>;
}

export interface SourcedContact extends ContactFields {
  accountId: string;
  source: string;
  /** The lead's own id at the source (Facebook's leadgen id). */
  externalId: string;
  lead?: LeadDetails;
}

export interface UpsertedContact {
  contact: Contact;
  /** A new lead record: this delivery of the lead is the first. */
  created: boolean;
  /** A new person: no contact of the account had the lead's e-mail or phone. */
  contactCreated: boolean;
}

export interface ContactsPageQuery extends ContactFilters {
  cursor?: string;
  limit?: number;
}

const DEFAULT_LIMIT = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const clip = (value: string | undefined, length: number): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, length) : null;
};

@Injectable()
export class ContactsService {
  constructor(
    @InjectRepository(Contact) private readonly contacts: Repository<Contact>,
    @InjectRepository(LeadRecord) private readonly leads: Repository<LeadRecord>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Records the lead on the person it belongs to (one contact per person: matched by e-mail, then
   * phone) or on a new contact. The lead record's UNIQUE key decides duplicates, so concurrent
   * deliveries of one lead end with one record and exactly one of them sees `created`.
   * Pass the caller's transaction manager to commit it together with what the caller records.
   * `checkedNew`: the caller has just found no record of this lead (one query for a whole batch), so the
   * per-lead lookup is skipped; a concurrent import of the same lead still loses at the UNIQUE key below.
   */
  async upsertFromSource(
    input: SourcedContact,
    manager?: EntityManager,
    { checkedNew = false }: { checkedNew?: boolean } = {},
  ): Promise<UpsertedContact> {
    if (!manager) return inRetriedTransaction(this.dataSource, (m) => this.upsertFromSource(input, m, { checkedNew }));
    const key = { accountId: input.accountId, source: input.source, externalId: input.externalId };
    const known = checkedNew ? null : await findLeadRecord(manager, key, false);
    if (known)
      return { contact: await manager.findOneByOrFail(Contact, { id: known.contactId }), created: false, contactCreated: false };

    const receivedAt = input.lead?.receivedAt ?? new Date();
    const { contact, contactCreated } = await findOrCreateContact(manager, key, incomingFields(input), receivedAt);
    const record = toLeadRecord(input, contact.id, receivedAt);
    let winner: LeadRecord | null = null;
    await insertOrElse(
      () => manager.insert(LeadRecord, record),
      async () => {
        winner = await findLeadRecord(manager, key, true);
      },
    );
    if (!winner) return { contact, created: true, contactCreated };
    // Another delivery of this very lead committed first: it owns the lead, this one leaves no trace.
    if (contactCreated) await manager.delete(Contact, { id: contact.id });
    const { contactId } = winner as LeadRecord;
    return { contact: await findContactLocking(manager, contactId), created: false, contactCreated: false };
  }

  async exists(accountId: string, source: string, externalId: string): Promise<boolean> {
    return (await this.leads.count({ where: { accountId, source, externalId } })) > 0;
  }

  /** Which of these external ids the account already has a lead record for: one query for a batch. */
  async existingExternalIds(accountId: string, source: string, externalIds: readonly string[]): Promise<Set<string>> {
    if (externalIds.length === 0) return new Set();
    const rows = await this.leads.find({
      where: { accountId, source, externalId: In([...externalIds]) },
      select: { externalId: true },
    });
    return new Set(rows.map((row) => row.externalId));
  }

  /** Newest first; the cursor is the last row's (created_at, id), so pages never skip or repeat a row. */
  async list(accountId: string, query: ContactsPageQuery): Promise<ContactPageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (query.from && query.to && startOf(query.from) >= exclusiveEnd(query.to)) {
      throw new ContactsException(ContactsError.InvalidDateRange);
    }
    const qb = this.contacts.createQueryBuilder('c').where('c.account_id = :accountId', { accountId });
    applyContactFilters(qb, query, query.cursor ? decodeContactCursor(query.cursor) : undefined);
    // One turn for both reads, so the page and its lead records agree (SQLite: not mid-transaction).
    const { page, leads, more } = await committedRead(this.dataSource, async () => {
      const rows = await qb
        .orderBy('c.created_at', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .take(limit + 1)
        .getMany();
      const shown = rows.slice(0, limit);
      return { page: shown, leads: await this.leadsOf(shown.map((contact) => contact.id)), more: rows.length > limit };
    });
    const last = page[page.length - 1];
    return {
      data: page.map((contact) => toContactResponse(contact, summarizeLeads(leads.get(contact.id) ?? []))),
      nextCursor: more && last ? encodeContactCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /** One contact of the caller's account with every lead record, newest first; another account's id is 404. */
  async get(accountId: string, id: string): Promise<ContactDetailResponse> {
    if (!UUID.test(id)) throw new ContactsException(ContactsError.NotFound);
    const found = await committedRead(this.dataSource, async () => {
      const contact = await this.contacts.findOneBy({ id, accountId });
      const leads = contact ? await this.leads.find({ where: { contactId: id }, order: { receivedAt: 'DESC', id: 'DESC' } }) : [];
      return contact ? toContactDetailResponse(contact, leads) : null;
    });
    if (!found) throw new ContactsException(ContactsError.NotFound);
    return found;
  }

  /** The page's lead records in one query (a person has a handful), newest first per contact. */
  private async leadsOf(contactIds: string[]): Promise<Map<string, LeadRecord[]>> {
    const byContact = new Map<string, LeadRecord[]>();
    if (!contactIds.length) return byContact;
    const rows = await this.leads.find({
      where: { contactId: In(contactIds) },
      select: { id: true, contactId: true, formName: true, platform: true, isTest: true, receivedAt: true },
      order: { receivedAt: 'DESC', id: 'DESC' },
    });
    for (const row of rows) byContact.set(row.contactId, [...(byContact.get(row.contactId) ?? []), row]);
    return byContact;
  }
}

function incomingFields(input: SourcedContact): IncomingFields {
  return {
    name: clip(input.name, 255),
    firstName: clip(input.firstName, 255),
    lastName: clip(input.lastName, 255),
    email: clip(input.email, 320),
    phone: clip(input.phone, 64),
    attributes: input.attributes ?? {},
  };
}

function toLeadRecord(input: SourcedContact, contactId: string, receivedAt: Date): LeadRecord {
  const lead = input.lead;
  return {
    id: randomUUID(),
    accountId: input.accountId,
    contactId,
    source: input.source,
    externalId: input.externalId,
    formId: lead?.formId.slice(0, 64) ?? null,
    formName: lead?.formName?.slice(0, 255) ?? null,
    pageId: lead?.pageId?.slice(0, 64) ?? null,
    platform: lead?.platform?.slice(0, 16) ?? null,
    attribution: JSON.stringify(lead?.attribution ?? {}),
    consent: JSON.stringify(lead?.consent ?? []),
    answers: JSON.stringify(lead?.answers ?? []),
    isTest: lead?.isTest ?? false,
    receivedAt,
    createdAt: new Date(),
  };
}
