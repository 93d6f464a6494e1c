/** What the app learns about the third-party account that was connected. */
export interface ExternalAccount {
  id: string;
  name: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Seconds until the access token expires, when the provider says so. */
  expiresIn?: number;
  scopes?: string[];
  /** The provider's full token response, for provider-specific fields (Slack's team, Salesforce's id URL). */
  raw: Record<string, unknown>;
}

/** The narrow HTTP surface provider files may use; every call has a bounded timeout. */
export interface ProviderHttp {
  getJson<T>(url: string, accessToken?: string): Promise<T>;
  postForm<T>(url: string, form: Record<string, string>, basicAuth?: { user: string; password: string }): Promise<T>;
  request(method: 'DELETE' | 'POST' | 'GET', url: string, accessToken?: string): Promise<number>;
  /** DELETE whose error body matters (Graph's error codes); throws like getJson. */
  deleteJson<T>(url: string, accessToken?: string): Promise<T>;
}

export interface ProviderEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  /** Who the token belongs to: the profile call after connecting and the health check's "Test connection". */
  identityUrl?: string;
}

/**
 * What refreshing means at this provider: `rotating` issues a new refresh token each time (the old one
 * dies), `reusable` keeps one for the grant, `none` issues no refresh token (the scheduled refresh skips it).
 */
export type RefreshKind = 'rotating' | 'reusable' | 'none';

export const INTEGRATION_CATEGORIES = ['Lead capture', 'CRM', 'Spreadsheets', 'Messaging', 'Scheduling'] as const;
export type IntegrationCategory = (typeof INTEGRATION_CATEGORIES)[number];

export interface ProviderContext {
  http: ProviderHttp;
  clientId: string;
  clientSecret: string;
  endpoints: ProviderEndpoints;
  /** Versioned API root for providers that declare one (Facebook's Graph API), or the sandbox's. */
  apiBaseUrl?: string;
}

/** A provider API root settable from the environment, e.g. Facebook's Graph URL and version. */
export interface ProviderApiSettings {
  urlEnv: string;
  defaultUrl: string;
  versionEnv: string;
  defaultVersion: string;
}

/**
 * One third-party app the inbox can connect to. Each lives in its own `<key>.provider.ts`; the strategy
 * factory turns it into a named Passport strategy, so provider quirks stay next to the provider.
 */
export interface ProviderDefinition {
  key: string;
  name: string;
  category: IntegrationCategory;
  description: string;
  /** Settings prefix: `<PREFIX>_CLIENT_ID`, `<PREFIX>_CLIENT_SECRET`, `<PREFIX>_AUTHORIZE_URL`, … */
  envPrefix: string;
  /** Override for providers whose console calls the secret something else (Facebook's app secret). */
  clientSecretEnv?: string;
  /** `{apiVersion}` in these URLs is replaced by the configured API version. */
  endpoints: ProviderEndpoints;
  api?: ProviderApiSettings;
  /** Root of the provider's REST API that the proxy forwards to; `<PREFIX>_API_URL` overrides it. */
  apiBaseUrl?: string;
  /** Providers whose API host differs per customer name it in the token response (Salesforce's `instance_url`). */
  instanceUrl?(tokens: TokenSet): string | undefined;
  refresh: RefreshKind;
  /** The sandbox serves this provider's own API (Facebook's Graph subset), so its profile call runs there too. */
  sandboxServesApi?: boolean;
  scopes: string[];
  /** What each scope lets Aurora Inbox do, in the words an administrator reads before connecting. */
  scopeDescriptions: Readonly<Record<string, string>>;
  scopeSeparator: ' ' | ',';
  pkce: boolean;
  /** How the token endpoint wants the client credentials (RFC 6749 §2.3.1); default `body`. */
  tokenAuth?: 'basic' | 'body';
  /** Extra authorize parameters (offline access, forced consent so a refresh token is issued). */
  authorizeParams?: Record<string, string>;
  /**
   * Revoking ends the external user's whole grant to the app, not one token (Facebook): while another
   * account is still connected as the same external user, a disconnect must not revoke.
   */
  revokeEndsSharedGrant?: boolean;
  /**
   * The stored access token only signs in to manage the connection, while the provider's work runs on
   * tokens derived from it (Facebook: the Pages' own tokens keep reading leads after the user token
   * expires). Its refusal then degrades the connection with this reason instead of ending the grant.
   */
  signInOnlyToken?: { refusedReason: string };
  /** Looks up the connected account with a fresh access token. */
  fetchProfile(ctx: ProviderContext, tokens: TokenSet): Promise<ExternalAccount>;
  /** Provider-specific step after the code exchange (Facebook swaps for a long-lived token). */
  afterTokenExchange?(ctx: ProviderContext, tokens: TokenSet): Promise<TokenSet>;
  /** Revokes access at the provider; defaults to RFC 7009 at `endpoints.revokeUrl`. */
  revoke?(ctx: ProviderContext, tokens: { accessToken: string; refreshToken?: string }): Promise<void>;
}

/** The settings that hold a provider's OAuth client: `<PREFIX>_CLIENT_ID` and the secret's own name. */
export function clientSettingNames(provider: Pick<ProviderDefinition, 'envPrefix' | 'clientSecretEnv'>): {
  clientIdEnv: string;
  clientSecretEnv: string;
} {
  return {
    clientIdEnv: `${provider.envPrefix}_CLIENT_ID`,
    clientSecretEnv: provider.clientSecretEnv ?? `${provider.envPrefix}_CLIENT_SECRET`,
  };
}
