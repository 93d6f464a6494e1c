import { ProviderDefinition } from './provider-definition';

interface SalesforceUserInfo {
  organization_id: string;
  user_id: string;
  name?: string;
  preferred_username?: string;
}

export const salesforceProvider: ProviderDefinition = {
  key: 'salesforce',
  name: 'Salesforce',
  category: 'CRM',
  description:
    'Let your services read and write Salesforce leads and contacts through Aurora Inbox, which keeps the org connection signed in.',
  envPrefix: 'SALESFORCE',
  // Sandboxes and My Domain orgs override these through SALESFORCE_AUTHORIZE_URL / _TOKEN_URL / _REVOKE_URL.
  endpoints: {
    authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
    tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
    revokeUrl: 'https://login.salesforce.com/services/oauth2/revoke',
  },
  // Each org has its own API host, named by the token response; SALESFORCE_API_URL pins one instead.
  instanceUrl: (tokens) => (typeof tokens.raw.instance_url === 'string' ? tokens.raw.instance_url : undefined),
  // Salesforce rotates refresh tokens only when the connected app asks for it; the old one stays valid otherwise.
  refresh: 'reusable',
  scopes: ['api', 'refresh_token', 'openid'],
  scopeDescriptions: {
    api: 'Read and change your Salesforce data through the API',
    refresh_token: 'Stay connected without signing in again',
    openid: 'Confirm who you are with your Salesforce login',
  },
  scopeSeparator: ' ',
  pkce: true,
  // Userinfo lives on the host that issued the token (a My Domain org), so it follows the token URL.
  async fetchProfile({ http, endpoints }, tokens) {
    const userInfoUrl = new URL('/services/oauth2/userinfo', endpoints.tokenUrl).toString();
    const me = await http.getJson<SalesforceUserInfo>(userInfoUrl, tokens.accessToken);
    return { id: me.organization_id, name: me.preferred_username ?? me.name ?? me.organization_id };
  },
};
