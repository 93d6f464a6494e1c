import { isApiError, request } from './http';
import { describeError } from './messages';

// Shapes of the Facebook Lead Ads endpoints under /api/v1/integrations/facebook-lead-ads (DESIGN.md §4, §8).

export const LEAD_ADS_KEY = 'facebook-lead-ads';

/** Contact fields a question can feed. */
export type ContactField = 'name' | 'firstName' | 'lastName' | 'email' | 'phone';
/** A contact field, or a custom attribute written `custom:<attribute>`. */
export type MappingTarget = ContactField | `custom:${string}`;
/** Question key → target; questions left out are not imported. */
export type LeadMapping = Record<string, MappingTarget>;

export interface FacebookPage {
  id: string;
  name: string;
  category: string | null;
}

export interface LeadQuestion {
  key: string;
  label: string;
  type: string;
}

export interface LeadForm {
  id: string;
  name: string;
  status: string;
  questions: LeadQuestion[];
  suggestedMapping: LeadMapping;
}

export interface FormConnection {
  formId: string;
  formName: string;
  pageId: string;
  pageName: string | null;
  mapping: LeadMapping;
  leadsImported: number;
  lastLeadAt: string | null;
}

export interface SaveFormConnection {
  pageId: string;
  formName?: string;
  mapping: LeadMapping;
}

export const CONTACT_FIELD_LABELS: Record<ContactField, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
};

export const CUSTOM_PREFIX = 'custom:';
/** What the server accepts as a custom attribute name. */
export const CUSTOM_ATTRIBUTE = /^[a-zA-Z0-9_ ]{1,64}$/;

const base = `/integrations/${LEAD_ADS_KEY}`;
const segment = encodeURIComponent;

export function listPages(): Promise<FacebookPage[]> {
  return request<FacebookPage[]>('GET', `${base}/pages`);
}

export function listForms(pageId: string): Promise<LeadForm[]> {
  return request<LeadForm[]>('GET', `${base}/pages/${segment(pageId)}/forms`);
}

export function listFormConnections(): Promise<FormConnection[]> {
  return request<FormConnection[]>('GET', `${base}/form-connections`);
}

export function saveFormConnection(formId: string, body: SaveFormConnection): Promise<FormConnection> {
  return request<FormConnection>('PUT', `${base}/form-connections/${segment(formId)}`, { body });
}

export function removeFormConnection(formId: string): Promise<void> {
  return request<void>('DELETE', `${base}/form-connections/${segment(formId)}`);
}

/** The error codes of these endpoints that change what the panel shows. */
export function needsReconnect(error: unknown): boolean {
  return isApiError(error) && error.code === 'reauth_required';
}

/** Sentences for the Facebook-specific failures; `null` = use the server's message, which names what is wrong. */
const leadAdsMessages: Record<string, string | null> = {
  reauth_required: 'Facebook no longer accepts the saved access (it expired or was removed). Reconnect Facebook to continue.',
  missing_permission: null,
  invalid_mapping: null,
  provider_unavailable: 'Facebook is unavailable right now. Please try again in a moment.',
  not_connected: 'Facebook Lead Ads is not connected any more. Connect it to choose pages and forms.',
  page_not_found: 'The connected Facebook user no longer manages this Page.',
  form_not_found: 'This lead form no longer exists on the Page.',
};

/** Everything that is not specific to Facebook is worded like the rest of the app. */
export function describeLeadAdsError(error: unknown): string {
  if (!isApiError(error) || !Object.hasOwn(leadAdsMessages, error.code)) return describeError(error);
  return leadAdsMessages[error.code] ?? (error.message || describeError(error));
}
