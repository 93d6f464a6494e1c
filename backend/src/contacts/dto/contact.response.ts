import { ApiProperty } from '@nestjs/swagger';
import { parseAttributes } from '../contact-merge';
import { Contact } from '../entities/contact.entity';
import { LeadRecord } from '../entities/lead-record.entity';
import { sourceLabel } from '../source-label';

export class ContactResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'facebook-lead-ads', description: 'Where the person first came from.' }) source!: string;
  @ApiProperty({
    example: 'Facebook Lead Ads · Coffee subscription enquiry',
    description: 'The source in words, with the latest lead\'s form (or "Instagram").',
  })
  sourceLabel!: string;
  @ApiProperty({ description: "The first lead's own id at the source, e.g. Facebook's leadgen id." }) externalId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { preferred_contact_time: 'Morning' } })
  attributes!: Record<string, string>;
  @ApiProperty({ description: 'How many leads this person sent (each is a lead record).' }) leadCount!: number;
  @ApiProperty({ description: 'Every lead of this contact is a test lead (e.g. from the Lead Ads Testing Tool).' })
  isTest!: boolean;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) lastLeadAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ContactPageResponse {
  @ApiProperty({ type: [ContactResponse] }) data!: ContactResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

/** What the list shows of a contact's lead records (newest first). */
export interface LeadsSummary {
  count: number;
  latest: Pick<LeadRecord, 'formName' | 'platform' | 'receivedAt'> | null;
  allTest: boolean;
}

export function summarizeLeads(newestFirst: Pick<LeadRecord, 'formName' | 'platform' | 'isTest' | 'receivedAt'>[]): LeadsSummary {
  return {
    count: newestFirst.length,
    latest: newestFirst[0] ?? null,
    allTest: newestFirst.length > 0 && newestFirst.every((lead) => lead.isTest),
  };
}

export function toContactResponse(contact: Contact, leads: LeadsSummary): ContactResponse {
  return {
    id: contact.id,
    source: contact.source,
    sourceLabel: sourceLabel(contact.source, leads.latest ?? undefined),
    externalId: contact.externalId,
    name: contact.name,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    attributes: parseAttributes(contact.attributes),
    leadCount: leads.count,
    isTest: leads.allTest,
    lastLeadAt: leads.latest?.receivedAt.toISOString() ?? null,
    createdAt: contact.createdAt.toISOString(),
  };
}
