import type { SandboxApp } from '../core/request-context';

/**
 * Fields a provider adds to its token response. Salesforce names the org's API host there
 * (`instance_url`), which clients must use for every API call; the sandbox points it at itself.
 */
export function tokenResponseExtras(app: SandboxApp, providerKey: string): Record<string, string> {
  if (providerKey !== 'salesforce') return {};
  return { instance_url: `${app.baseUrl}/${providerKey}/api`, id: `${app.baseUrl}/${providerKey}/api/id/sbx-org` };
}
