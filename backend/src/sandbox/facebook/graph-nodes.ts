import { SANDBOX_USER } from '../oauth/account-api';
import { PAGE_TASKS, type FacebookPage, type Lead, type LeadForm } from './facebook-data';
import type { GraphNode, NodeShape } from './graph-format';

/** The Facebook user behind every sandbox Facebook token. */
export const FACEBOOK_USER = { id: '900000001', name: SANDBOX_USER.name, email: SANDBOX_USER.email } as const;

export const USER_SHAPE: NodeShape = { type: 'User', defaults: ['id', 'name'] };
export const PAGE_SHAPE: NodeShape = { type: 'Page', defaults: ['id', 'name'] };
export const ACCOUNT_SHAPE: NodeShape = { type: 'Page', defaults: ['id', 'name', 'access_token', 'category', 'tasks'] };
export const FORM_SHAPE: NodeShape = { type: 'LeadgenForm', defaults: ['id', 'name', 'status'] };
export const LEAD_SHAPE: NodeShape = { type: 'Lead', defaults: ['id', 'created_time', 'field_data', 'form_id', 'ad_id'] };

export function userNode(): GraphNode {
  return { ...FACEBOOK_USER };
}

export function pageNode(page: FacebookPage, accessToken: string | null = null, tasks = PAGE_TASKS): GraphNode {
  return { id: page.id, name: page.name, category: page.category, tasks: [...tasks], access_token: accessToken };
}

export function formNode(form: LeadForm): GraphNode {
  return {
    id: form.id,
    name: form.name,
    status: form.status,
    locale: form.locale,
    questions: form.questions.map((question) => ({ ...question })),
  };
}

export function leadNode(lead: Lead): GraphNode {
  return {
    id: lead.id,
    created_time: graphTime(lead.createdAt),
    field_data: lead.fieldData.map((field) => ({ name: field.name, values: [...field.values] })),
    form_id: lead.formId,
    ad_id: lead.ad?.adId ?? null,
    ad_name: lead.ad?.adName ?? null,
    adset_id: lead.ad?.adsetId ?? null,
    adset_name: lead.ad?.adsetName ?? null,
    campaign_id: lead.ad?.campaignId ?? null,
    campaign_name: lead.ad?.campaignName ?? null,
    is_organic: lead.ad === null,
    platform: lead.platform,
    custom_disclaimer_responses: lead.consent.map((response) => ({ ...response })),
    partner_name: lead.partnerName,
  };
}

/** Graph's timestamp format, e.g. 2024-05-01T10:00:00+0000. */
function graphTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
