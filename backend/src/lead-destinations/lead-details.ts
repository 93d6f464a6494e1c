import { EntityManager } from 'typeorm';
import { Contact } from '../contacts/entities/contact.entity';
import { LoggedEvent } from '../events/entities/event.entity';
import { FacebookFormConnection } from '../facebook-lead-ads/entities/facebook-form-connection.entity';
import type { DestinationLead } from './destination-definition';

/** What `lead.received` carries (ids only; the answers stay on the contact). */
interface LeadReceivedData {
  contactId?: string;
  source?: string;
  formId?: string;
  adId?: string | null;
}

export function contactUrl(appUrl: string, contactId: string): string {
  return `${appUrl}/contacts?contact=${encodeURIComponent(contactId)}`;
}

function parseAttributes(raw: string): Record<string, string> {
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
  } catch {
    return {};
  }
}

/** The contact behind a `lead.received` event, or null when it was deleted meanwhile. */
export async function loadLead(manager: EntityManager, event: LoggedEvent, appUrl: string): Promise<DestinationLead | null> {
  const data = JSON.parse(event.data) as LeadReceivedData;
  if (!data.contactId) return null;
  const contact = await manager.getRepository(Contact).findOneBy({ id: data.contactId, accountId: event.accountId });
  if (!contact) return null;
  const form = data.formId
    ? await manager.getRepository(FacebookFormConnection).findOne({
        where: { accountId: event.accountId, formId: data.formId },
        select: { formName: true },
      })
    : null;
  const name = contact.name ?? ([contact.firstName, contact.lastName].filter(Boolean).join(' ') || null);
  return {
    eventId: event.id,
    receivedAt: event.occurredAt,
    contactId: contact.id,
    contactUrl: contactUrl(appUrl, contact.id),
    name,
    email: contact.email,
    phone: contact.phone,
    source: data.source ?? contact.source,
    formId: data.formId ?? null,
    formName: form?.formName ?? null,
    adId: data.adId ?? null,
    answers: parseAttributes(contact.attributes),
  };
}

/** The lead "Send test message" and "Append a test row" use: clearly a test, with every field filled. */
export function sampleLead(appUrl: string): DestinationLead {
  return {
    eventId: 'test',
    receivedAt: new Date(),
    contactId: 'test',
    contactUrl: `${appUrl}/contacts`,
    name: 'Test Lead (from Aurora Inbox)',
    email: 'test.lead@example.com',
    phone: '+1 555 0100',
    source: 'facebook-lead-ads',
    formId: 'test-form',
    formName: 'Test form',
    adId: null,
    answers: {},
    test: true,
  };
}
