import { ProviderDefinition } from './provider-definition';

interface ZohoOrg {
  org: { id: string; company_name?: string }[];
}

export const zohoCrmProvider: ProviderDefinition = {
  key: 'zoho-crm',
  name: 'Zoho CRM',
  category: 'CRM',
  description:
    'Let your services work with Zoho CRM contacts and leads through Aurora Inbox, which keeps the connection signed in and refreshed.',
  envPrefix: 'ZOHO',
  apiBaseUrl: 'https://www.zohoapis.com',
  // Accounts outside the US data centre override these (accounts.zoho.eu, .in, .com.au …).
  endpoints: {
    authorizeUrl: 'https://accounts.zoho.com/oauth/v2/auth',
    tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
    revokeUrl: 'https://accounts.zoho.com/oauth/v2/token/revoke',
    identityUrl: 'https://www.zohoapis.com/crm/v2/org',
  },
  refresh: 'reusable',
  scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'],
  scopeDescriptions: {
    'ZohoCRM.modules.ALL': 'Read, create and update records in all Zoho CRM modules',
    'ZohoCRM.org.READ': 'See your Zoho CRM organisation name',
  },
  scopeSeparator: ',',
  pkce: false,
  authorizeParams: { access_type: 'offline', prompt: 'consent' },
  async fetchProfile({ http, endpoints }, tokens) {
    const body = await http.getJson<ZohoOrg>(endpoints.identityUrl as string, tokens.accessToken);
    const org = body.org[0];
    if (!org) throw new Error('Zoho returned no organisation');
    return { id: org.id, name: org.company_name ?? org.id };
  },
};
