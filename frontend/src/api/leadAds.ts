import { call } from './client';
import { isApiError } from './http';
import { describeError } from './messages';
import type { ContactField, SaveFormConnectionDto } from './schema';

// The Facebook Lead Ads endpoints under /api/v1/integrations/facebook-lead-ads (DESIGN.md §4, §8).

export const CONTACT_FIELD_LABELS: Record<ContactField, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
};

export const CUSTOM_PREFIX = 'custom:';

export function listPages() {
  return call('get', '/integrations/facebook-lead-ads/pages');
}

export function listForms(pageId: string) {
  return call('get', '/integrations/facebook-lead-ads/pages/{pageId}/forms', { path: { pageId } });
}

export function listFormConnections() {
  return call('get', '/integrations/facebook-lead-ads/form-connections');
}

export function saveFormConnection(formId: string, body: SaveFormConnectionDto) {
  return call('put', '/integrations/facebook-lead-ads/form-connections/{formId}', { path: { formId }, body });
}

export function removeFormConnection(formId: string) {
  return call('delete', '/integrations/facebook-lead-ads/form-connections/{formId}', { path: { formId } });
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
