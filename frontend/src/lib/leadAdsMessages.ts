import { isApiError } from '../api/http';
import type { ContactField } from '../api/schema';
import { describeError } from './messages';

// What the Facebook Lead Ads panel says to people.

export const CONTACT_FIELD_LABELS: Record<ContactField, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
};

/** Sentences for the Facebook-specific failures; `null` = use the server's message, which names what is wrong. */
const leadAdsMessages: Record<string, string | null> = {
  reauth_required: 'Facebook no longer accepts the saved access (it expired or was removed). Reconnect Facebook to continue.',
  missing_permission: null,
  invalid_mapping: null,
  provider_unavailable: 'Facebook is unavailable right now. Please try again in a moment.',
  not_connected: 'Facebook Lead Ads is not connected any more. Connect it to choose pages and forms.',
  page_not_found: 'The connected Facebook user no longer manages this Page.',
  form_not_found: 'This lead form no longer exists on the Page.',
  user_token_expired: null,
  page_token_rejected: null,
  rate_limited: 'Facebook is limiting requests from Aurora Inbox for a few minutes. Waiting leads are imported afterwards.',
};

/** Everything that is not specific to Facebook is worded like the rest of the app. */
export function describeLeadAdsError(error: unknown): string {
  if (!isApiError(error) || !Object.hasOwn(leadAdsMessages, error.code)) return describeError(error);
  return leadAdsMessages[error.code] ?? (error.message || describeError(error));
}

/** What each Facebook permission Aurora asks for lets it do, for "Reconnect and allow …". */
export const PERMISSION_PURPOSES: Record<string, string> = {
  leads_retrieval: 'read your leads',
  pages_show_list: 'list your Pages',
  pages_read_engagement: 'read your Pages',
  pages_manage_metadata: 'subscribe your Pages to new leads',
  pages_manage_ads: 'read your lead forms',
  business_management: 'reach Pages owned by a business',
};

export function permissionPurpose(permission: string): string {
  return PERMISSION_PURPOSES[permission] ?? permission;
}
