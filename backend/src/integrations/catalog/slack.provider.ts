import { ProviderDefinition } from './provider-definition';

interface SlackAuthTest {
  ok: boolean;
  team_id?: string;
  team?: string;
  error?: string;
}

export const slackProvider: ProviderDefinition = {
  key: 'slack',
  name: 'Slack',
  category: 'Messaging',
  description: 'Post each new lead to a Slack channel you choose, so the team can react fast.',
  envPrefix: 'SLACK',
  apiBaseUrl: 'https://slack.com/api',
  endpoints: {
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    revokeUrl: 'https://slack.com/api/auth.revoke',
    identityUrl: 'https://slack.com/api/auth.test',
  },
  // Bot tokens without token rotation never expire and come without a refresh token.
  refresh: 'none',
  // groups:read lists the private channels the bot is in, for the lead-alert channel picker.
  scopes: ['chat:write', 'channels:read', 'groups:read'],
  scopeDescriptions: {
    'chat:write': 'Post messages as the Aurora Inbox app',
    'channels:read': 'See the names of public channels in your workspace',
    'groups:read': 'See the names of private channels the Aurora Inbox app was added to',
  },
  scopeSeparator: ',',
  pkce: false,
  async fetchProfile({ http, endpoints }, tokens) {
    const me = await http.getJson<SlackAuthTest>(endpoints.identityUrl as string, tokens.accessToken);
    if (!me.ok || !me.team_id) throw new Error(`Slack auth.test failed: ${me.error ?? 'no team'}`);
    return { id: me.team_id, name: me.team ?? me.team_id };
  },
  // Slack revokes with the token itself as the credential, not RFC 7009 client authentication.
  async revoke({ http, endpoints }, tokens) {
    if (!endpoints.revokeUrl) return;
    const status = await http.request('GET', endpoints.revokeUrl, tokens.accessToken);
    if (status >= 400) throw new Error(`Slack refused the revocation (HTTP ${status})`);
  },
};
