import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { decodeContactCursor, encodeContactCursor } from './contact-cursor';
import { ContactPageResponse, toContactResponse } from './dto/contact.response';
import { Contact } from './entities/contact.entity';
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

export interface ContactsPageQuery {
  source?: string;
  cursor?: string;
  limit?: number;
}

const DEFAULT_LIMIT = 25;

const clip = (value: string | undefined, length: number): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, length) : null;
};

@Injectable()
export class ContactsService {
  constructor(@InjectRepository(Contact) private readonly contacts: Repository<Contact>) {}

  /**
   * Inserts the contact, or updates it when the source already delivered it: the UNIQUE key decides,
   * so concurrent deliveries of one lead end with one row and exactly one of them sees `created`.
   * Pass the caller's transaction manager to commit the contact together with what the caller records.
   */
  async upsertFromSource(input: SourcedContact, manager?: EntityManager): Promise<{ contact: Contact; created: boolean }> {
    const contacts = manager ? manager.getRepository(Contact) : this.contacts;
    const now = new Date();
    const fields = {
      name: clip(input.name, 255),
      firstName: clip(input.firstName, 255),
      lastName: clip(input.lastName, 255),
      email: clip(input.email, 320),
      phone: clip(input.phone, 64),
      attributes: JSON.stringify(input.attributes ?? {}),
      updatedAt: now,
    };
    const key = { accountId: input.accountId, source: input.source, externalId: input.externalId };
    const contact: Contact = { id: randomUUID(), ...key, ...fields, createdAt: now };
    const path = await insertOrElse(
      () => contacts.insert(contact),
      () => contacts.update(key, fields),
    );
    if (path === 'inserted') return { contact, created: true };
    return { contact: await contacts.findOneByOrFail(key), created: false };
  }

  async exists(accountId: string, source: string, externalId: string): Promise<boolean> {
    return (await this.contacts.count({ where: { accountId, source, externalId } })) > 0;
  }

  /** Newest first; the cursor is the last row's (created_at, id), so pages never skip or repeat a row. */
  async list(accountId: string, query: ContactsPageQuery): Promise<ContactPageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const qb = this.contacts.createQueryBuilder('c').where('c.account_id = :accountId', { accountId });
    if (query.source) qb.andWhere('c.source = :source', { source: query.source });
    if (query.cursor) {
      const after = decodeContactCursor(query.cursor);
      qb.andWhere(
        new Brackets((w) =>
          w.where('c.created_at < :createdAt', after).orWhere('c.created_at = :createdAt AND c.id < :id', after),
        ),
      );
    }
    const rows = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toContactResponse),
      nextCursor: rows.length > limit && last ? encodeContactCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }
}
