import { ProviderDefinition } from './provider-definition';

interface CalendlyMe {
  resource: { uri: string; name: string; current_organization?: string };
}

export const calendlyProvider: ProviderDefinition = {
  key: 'calendly',
  name: 'Calendly',
  category: 'Scheduling',
  description: 'Offer meeting slots in conversations and log booked meetings on the contact.',
  envPrefix: 'CALENDLY',
  apiBaseUrl: 'https://api.calendly.com',
  endpoints: {
    authorizeUrl: 'https://auth.calendly.com/oauth/authorize',
    tokenUrl: 'https://auth.calendly.com/oauth/token',
    revokeUrl: 'https://auth.calendly.com/oauth/revoke',
  },
  scopes: [],
  scopeDescriptions: {},
  scopeSeparator: ' ',
  pkce: true,
  async fetchProfile({ http }, tokens) {
    const me = await http.getJson<CalendlyMe>('https://api.calendly.com/users/me', tokens.accessToken);
    return { id: me.resource.uri, name: me.resource.name };
  },
};
