import { call } from './client';
import { isApiError } from './http';
import type { SaveFormConnectionDto } from './schema';

// The Facebook Lead Ads endpoints under /api/v1/integrations/facebook-lead-ads (DESIGN.md §4, §8).

export const CUSTOM_PREFIX = 'custom:';

export function listPages() {
  return call('get', '/integrations/facebook-lead-ads/pages');
}

/** Which requested permissions the connected Facebook user granted and declined. */
export function getPermissions() {
  return call('get', '/integrations/facebook-lead-ads/permissions');
}

export function listForms(pageId: string) {
  return call('get', '/integrations/facebook-lead-ads/pages/{pageId}/forms', { path: { pageId } });
}

/** What the Facebook user token still allows; leads never depend on it. */
export function getAccess() {
  return call('get', '/integrations/facebook-lead-ads/access');
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

/** Only managing Pages and forms needs the user token: saved forms keep importing. */
export function userTokenExpired(error: unknown): boolean {
  return isApiError(error) && error.code === 'user_token_expired';
}
