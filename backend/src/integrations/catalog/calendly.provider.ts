import { ProviderDefinition } from './provider-definition';

interface CalendlyMe {
  resource: { uri: string; name: string; current_organization?: string };
}

export const calendlyProvider: ProviderDefinition = {
  key: 'calendly',
  name: 'Calendly',
  category: 'Scheduling',
  description:
    'Let your services read your Calendly user and scheduled events through Aurora Inbox, which keeps the connection signed in.',
  envPrefix: 'CALENDLY',
  apiBaseUrl: 'https://api.calendly.com',
  endpoints: {
    authorizeUrl: 'https://auth.calendly.com/oauth/authorize',
    tokenUrl: 'https://auth.calendly.com/oauth/token',
    revokeUrl: 'https://auth.calendly.com/oauth/revoke',
    identityUrl: 'https://api.calendly.com/users/me',
  },
  refresh: 'rotating',
  scopes: [],
  scopeDescriptions: {},
  scopeSeparator: ' ',
  pkce: true,
  async fetchProfile({ http, endpoints }, tokens) {
    const me = await http.getJson<CalendlyMe>(endpoints.identityUrl as string, tokens.accessToken);
    return { id: me.resource.uri, name: me.resource.name };
  },
};
