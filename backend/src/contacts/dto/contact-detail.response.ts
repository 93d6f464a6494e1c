import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Contact } from '../entities/contact.entity';
import { LeadRecord } from '../entities/lead-record.entity';
import type { LeadAnswer, LeadAttribution, LeadConsent } from '../lead-details';
import { sourceLabel } from '../source-label';
import { ContactResponse, summarizeLeads, toContactResponse } from './contact.response';

export class LeadAttributionResponse {
  @ApiPropertyOptional({ type: String, nullable: true }) adId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) adName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) adsetId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) adsetName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) campaignId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) campaignName?: string | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true }) isOrganic?: boolean | null;
  @ApiPropertyOptional({ type: String, nullable: true }) partnerName?: string | null;
}

export class LeadConsentResponse {
  @ApiProperty({ example: 'marketing_optin' }) checkboxKey!: string;
  @ApiProperty() isChecked!: boolean;
}

export class LeadAnswerResponse {
  @ApiProperty({ example: 'preferred_contact_time' }) name!: string;
  @ApiProperty({ type: [String] }) values!: string[];
}

export class LeadRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'facebook-lead-ads' }) source!: string;
  @ApiProperty({ example: 'Facebook Lead Ads · Coffee subscription enquiry' }) sourceLabel!: string;
  @ApiProperty({ description: "The lead's own id at the source (Facebook's leadgen id)." }) externalId!: string;
  @ApiProperty({ type: String, nullable: true }) formId!: string | null;
  @ApiProperty({ type: String, nullable: true }) formName!: string | null;
  @ApiProperty({ type: String, nullable: true }) pageId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'fb', description: '`fb` or `ig`.' }) platform!: string | null;
  @ApiProperty({ type: LeadAttributionResponse }) attribution!: LeadAttributionResponse;
  @ApiProperty({ type: [LeadConsentResponse] }) consent!: LeadConsentResponse[];
  @ApiProperty({ type: [LeadAnswerResponse], description: 'Every answer as the person gave it, mapped or not.' })
  answers!: LeadAnswerResponse[];
  @ApiProperty() isTest!: boolean;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export class ContactDetailResponse extends ContactResponse {
  @ApiProperty({ type: [LeadRecordResponse], description: 'Newest first.' }) leads!: LeadRecordResponse[];
}

function parseJson<T>(json: string, fallback: T, valid: (value: unknown) => boolean): T {
  try {
    const value = JSON.parse(json) as unknown;
    return valid(value) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

export function toLeadRecordResponse(lead: LeadRecord): LeadRecordResponse {
  return {
    id: lead.id,
    source: lead.source,
    sourceLabel: sourceLabel(lead.source, lead),
    externalId: lead.externalId,
    formId: lead.formId,
    formName: lead.formName,
    pageId: lead.pageId,
    platform: lead.platform,
    attribution: parseJson<LeadAttribution>(lead.attribution, {}, isObject),
    consent: parseJson<LeadConsent[]>(lead.consent, [], Array.isArray),
    answers: parseJson<LeadAnswer[]>(lead.answers, [], Array.isArray),
    isTest: lead.isTest,
    receivedAt: lead.receivedAt.toISOString(),
  };
}

export function toContactDetailResponse(contact: Contact, newestFirst: LeadRecord[]): ContactDetailResponse {
  return { ...toContactResponse(contact, summarizeLeads(newestFirst)), leads: newestFirst.map(toLeadRecordResponse) };
}
