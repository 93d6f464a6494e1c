import { ProviderDefinition } from './provider-definition';

interface HubSpotTokenInfo {
  hub_id: number;
  hub_domain?: string;
  user?: string;
}

export const hubspotProvider: ProviderDefinition = {
  key: 'hubspot',
  name: 'HubSpot',
  category: 'CRM',
  description:
    'Let your services work with HubSpot CRM contacts and deals through Aurora Inbox, which keeps the connection signed in and refreshed.',
  envPrefix: 'HUBSPOT',
  apiBaseUrl: 'https://api.hubapi.com',
  endpoints: {
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    revokeUrl: 'https://api.hubapi.com/oauth/v1/refresh-tokens',
    identityUrl: 'https://api.hubapi.com/oauth/v1/access-tokens',
  },
  // HubSpot keeps one refresh token for the life of the grant.
  refresh: 'reusable',
  scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
  scopeDescriptions: {
    oauth: 'Confirm which HubSpot account was connected',
    'crm.objects.contacts.read': 'Read contacts in your HubSpot CRM',
    'crm.objects.contacts.write': 'Create and update contacts in your HubSpot CRM',
  },
  scopeSeparator: ' ',
  pkce: false,
  async fetchProfile({ http, endpoints }, tokens) {
    const info = await http.getJson<HubSpotTokenInfo>(`${endpoints.identityUrl}/${encodeURIComponent(tokens.accessToken)}`);
    return { id: String(info.hub_id), name: info.hub_domain ?? `HubSpot portal ${info.hub_id}` };
  },
  // HubSpot has no RFC 7009 endpoint: deleting the refresh token ends the grant.
  async revoke({ http, endpoints }, tokens) {
    if (!tokens.refreshToken || !endpoints.revokeUrl) return;
    const status = await http.request('DELETE', `${endpoints.revokeUrl}/${encodeURIComponent(tokens.refreshToken)}`);
    if (status >= 400 && status !== 404) throw new Error(`HubSpot refused the revocation (HTTP ${status})`);
  },
};
