import { ProviderDefinition } from './provider-definition';

interface PipedriveMe {
  data: { company_id: number; company_name?: string; company_domain?: string };
}

export const pipedriveProvider: ProviderDefinition = {
  key: 'pipedrive',
  name: 'Pipedrive',
  category: 'CRM',
  description:
    'Let your services work with Pipedrive persons and deals through Aurora Inbox, which keeps the connection signed in and refreshed.',
  envPrefix: 'PIPEDRIVE',
  apiBaseUrl: 'https://api.pipedrive.com',
  endpoints: {
    authorizeUrl: 'https://oauth.pipedrive.com/oauth/authorize',
    tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
    revokeUrl: 'https://oauth.pipedrive.com/oauth/revoke',
    identityUrl: 'https://api.pipedrive.com/v1/users/me',
  },
  refresh: 'rotating',
  scopes: ['base', 'deals:full', 'contacts:full'],
  scopeDescriptions: {
    base: 'See your Pipedrive user and company name',
    'deals:full': 'Read, create and update deals',
    'contacts:full': 'Read, create and update people and organisations',
  },
  scopeSeparator: ' ',
  pkce: false,
  // Pipedrive only accepts client credentials in an HTTP Basic header.
  tokenAuth: 'basic',
  async fetchProfile({ http, endpoints }, tokens) {
    const me = await http.getJson<PipedriveMe>(endpoints.identityUrl as string, tokens.accessToken);
    return { id: String(me.data.company_id), name: me.data.company_name ?? me.data.company_domain ?? String(me.data.company_id) };
  },
};
