import { Brackets, SelectQueryBuilder } from 'typeorm';
import { phoneDigits } from './contact-identity';
import type { ContactCursor } from './contact-cursor';
import type { Contact } from './entities/contact.entity';

export interface ContactFilters {
  /** Name or e-mail as a prefix (a name also by any of its words), or digits anywhere in the phone. */
  q?: string;
  source?: string;
  /** ISO date or date-time, inclusive: contacts first seen at or after it. */
  from?: string;
  /** ISO date (the whole day counts) or date-time, inclusive. */
  to?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `LIKE` with the user's `%`, `_` and `!` taken literally (`!` escapes: the same on both databases). */
const likePrefix = (text: string) => `${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** The `to` bound as an exclusive instant: a bare date means up to the end of that day (UTC). */
export function exclusiveEnd(to: string): Date {
  const time = Date.parse(DATE_ONLY.test(to) ? `${to}T00:00:00.000Z` : to);
  return new Date(DATE_ONLY.test(to) ? time + DAY_MS : time + 1);
}

export function startOf(from: string): Date {
  return new Date(Date.parse(DATE_ONLY.test(from) ? `${from}T00:00:00.000Z` : from));
}

/**
 * Narrows the newest-first keyset list. Every filter keeps the ORDER BY (created_at, id) of the
 * account's index, so paging stays a keyset walk. Cost on MySQL: `source` uses
 * idx_contacts_account_source_created, dates bound the range of idx_contacts_account_created; `q` is a
 * row filter on that walk (a word inside a name or digits inside a phone cannot use an index, and an
 * OR of index ranges would need a filesort that breaks the keyset order), which stops after
 * limit+1 hits: a common term costs a page of rows, a rare one up to one pass over the account's
 * contacts index — fine for thousands of contacts per account, not for millions.
 */
export function applyContactFilters(qb: SelectQueryBuilder<Contact>, filters: ContactFilters, after?: ContactCursor): void {
  if (filters.source) qb.andWhere('c.source = :source', { source: filters.source });
  if (filters.from) qb.andWhere('c.created_at >= :from', { from: startOf(filters.from) });
  if (filters.to) qb.andWhere('c.created_at < :toEnd', { toEnd: exclusiveEnd(filters.to) });
  const q = filters.q?.trim();
  if (q) {
    const name = likePrefix(q);
    const email = q.normalize('NFKC').toLowerCase();
    const phone = phoneDigits(q);
    qb.andWhere(
      new Brackets((w) => {
        w.where(`c.name LIKE :name ESCAPE '!'`, { name })
          .orWhere(`c.name LIKE :word ESCAPE '!'`, { word: `% ${name}` })
          .orWhere(`c.first_name LIKE :name ESCAPE '!'`)
          .orWhere(`c.last_name LIKE :name ESCAPE '!'`);
        w.orWhere(`c.email_normalized LIKE :email ESCAPE '!'`, { email: likePrefix(email) });
        // Digits anywhere: people type the local number without the country code.
        if (phone) w.orWhere('c.phone_normalized LIKE :phone', { phone: `%${phone}%` });
      }),
    );
  }
  if (after) {
    qb.andWhere(
      new Brackets((w) => w.where('c.created_at < :createdAt', after).orWhere('c.created_at = :createdAt AND c.id < :id', after)),
    );
  }
}
