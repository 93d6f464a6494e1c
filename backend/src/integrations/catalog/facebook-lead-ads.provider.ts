import { withAppSecretProof } from './facebook-appsecret-proof';
import { NEWEST_GRAPH_VERSION } from './facebook-graph-versions';
import { ProviderDefinition } from './provider-definition';

interface GraphMe {
  id: string;
  name: string;
}

interface GraphToken {
  access_token: string;
  expires_in?: number;
}

/** What a refused Facebook user token means: the sign-in that manages forms ended, not the leads. */
export const FACEBOOK_SIGN_IN_REFUSED =
  'The Facebook sign-in expired or was ended: leads keep arriving with the Pages’ own tokens; reconnect to list Pages and add forms.';

export const facebookLeadAdsProvider: ProviderDefinition = {
  key: 'facebook-lead-ads',
  name: 'Facebook Lead Ads',
  category: 'Lead capture',
  description: 'Import leads from your Facebook and Instagram lead forms as inbox contacts the moment they arrive.',
  envPrefix: 'FACEBOOK',
  clientSecretEnv: 'FACEBOOK_APP_SECRET',
  endpoints: {
    authorizeUrl: 'https://www.facebook.com/{apiVersion}/dialog/oauth',
    tokenUrl: 'https://graph.facebook.com/{apiVersion}/oauth/access_token',
  },
  // The long-lived user token is re-issued only by connecting again; page tokens do not expire.
  refresh: 'none',
  api: {
    urlEnv: 'FACEBOOK_GRAPH_URL',
    defaultUrl: 'https://graph.facebook.com',
    versionEnv: 'FACEBOOK_GRAPH_VERSION',
    defaultVersion: NEWEST_GRAPH_VERSION,
  },
  sandboxServesApi: true,
  scopes: [
    'leads_retrieval',
    'pages_show_list',
    'pages_read_engagement',
    'pages_manage_metadata',
    'pages_manage_ads',
    'business_management',
  ],
  scopeDescriptions: {
    leads_retrieval: 'Read the answers people submit in your lead forms',
    pages_show_list: 'See the list of Facebook Pages you manage',
    pages_read_engagement: "Read your Pages' names, lead forms and settings",
    pages_manage_metadata: 'Subscribe your Pages to new-lead notifications',
    pages_manage_ads: 'Read the ads your lead forms belong to',
    business_management: 'See Pages you manage through Meta Business Manager',
  },
  scopeSeparator: ',',
  pkce: true,
  // A reconnect must ask again for permissions the admin declined last time.
  authorizeParams: { auth_type: 'rerequest' },
  // One grant per Facebook user and app: DELETE /me/permissions would cut off every account using it.
  revokeEndsSharedGrant: true,
  signInOnlyToken: { refusedReason: FACEBOOK_SIGN_IN_REFUSED },
  async fetchProfile({ http, apiBaseUrl, clientSecret }, tokens) {
    const url = withAppSecretProof(`${apiBaseUrl}/me?fields=id,name`, tokens.accessToken, clientSecret);
    const me = await http.getJson<GraphMe>(url, tokens.accessToken);
    return { id: me.id, name: me.name };
  },
  // Facebook's code exchange yields a short-lived (1–2 h) token; leads must keep flowing for weeks.
  async afterTokenExchange({ http, apiBaseUrl, clientId, clientSecret }, tokens) {
    const url = new URL(`${apiBaseUrl}/oauth/access_token`);
    url.search = new URLSearchParams({
      grant_type: 'fb_exchange_token',
      client_id: clientId,
      client_secret: clientSecret,
      fb_exchange_token: tokens.accessToken,
    }).toString();
    const long = await http.getJson<GraphToken>(url.toString());
    return { ...tokens, accessToken: long.access_token, expiresIn: long.expires_in, raw: { ...tokens.raw } };
  },
  // Facebook has no RFC 7009 endpoint: deleting the app's permissions revokes every token of the grant.
  async revoke({ http, apiBaseUrl, clientSecret }, tokens) {
    const url = withAppSecretProof(`${apiBaseUrl}/me/permissions`, tokens.accessToken, clientSecret);
    try {
      await http.deleteJson<unknown>(url, tokens.accessToken);
    } catch (error) {
      const refusal = error as { status?: unknown; body?: { error?: { code?: unknown } } | null };
      // 190: the token is already invalid (expired, or the user removed the app), so the grant is gone
      // and retrying can never succeed. Anything else (an outage, a rate limit) is worth retrying.
      if (refusal.body?.error?.code === 190) return;
      if (typeof refusal.status === 'number') throw new Error(`Facebook refused the revocation (HTTP ${refusal.status})`);
      throw error;
    }
  },
};
