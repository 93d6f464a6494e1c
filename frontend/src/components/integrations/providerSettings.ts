import type { IntegrationSummary } from '../../api/types';

/**
 * Names of the server settings holding a provider's OAuth client. The API does not send them, so
 * this follows the server's convention: the first word of the provider name, upper-cased
 * ("Google Sheets" → GOOGLE_CLIENT_ID), which is how every catalog entry is named today.
 */
export function providerSettingNames(integration: Pick<IntegrationSummary, 'name' | 'key'>): {
  clientId: string;
  clientSecret: string;
} {
  const firstWord = integration.name.trim().split(/\s+/)[0] ?? '';
  const prefix = (firstWord || integration.key)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return { clientId: `${prefix}_CLIENT_ID`, clientSecret: `${prefix}_CLIENT_SECRET` };
}
