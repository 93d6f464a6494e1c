import { ExternalAccount, ProviderContext, ProviderDefinition, TokenSet } from '../catalog';
import { ProviderHttpClient } from './provider-http.client';
import { ProviderSettings } from './providers.config';

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/** A catalog provider bound to this deployment's settings: credentials, endpoints and HTTP client. */
export class RuntimeProvider {
  readonly context: ProviderContext;

  constructor(
    readonly definition: ProviderDefinition,
    readonly settings: ProviderSettings,
    readonly redirectUri: string,
    http: ProviderHttpClient,
  ) {
    this.context = {
      http,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      endpoints: settings.endpoints,
      apiBaseUrl: settings.apiBaseUrl,
    };
  }

  get key(): string {
    return this.definition.key;
  }

  get configured(): boolean {
    return this.settings.mode !== 'unconfigured';
  }

  get strategyName(): string {
    return `integration:${this.key}`;
  }

  /** Authorization-code exchange; called exactly once per code (a code is never retried). */
  async exchangeCode(code: string, codeVerifier: string | undefined): Promise<TokenSet> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: this.redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    const tokens = this.toTokenSet(await this.postToken(form));
    return this.definition.afterTokenExchange ? this.definition.afterTokenExchange(this.context, tokens) : tokens;
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    return this.toTokenSet(await this.postToken({ grant_type: 'refresh_token', refresh_token: refreshToken }));
  }

  fetchProfile(tokens: TokenSet): Promise<ExternalAccount> {
    return this.definition.fetchProfile(this.context, tokens);
  }

  /** Provider-specific revocation when declared, RFC 7009 otherwise (refresh token first: it ends the grant). */
  async revoke(tokens: { accessToken: string; refreshToken?: string }): Promise<void> {
    if (this.definition.revoke) return this.definition.revoke(this.context, tokens);
    const { revokeUrl } = this.settings.endpoints;
    if (!revokeUrl) return;
    const token = tokens.refreshToken ?? tokens.accessToken;
    await this.context.http.postForm(
      revokeUrl,
      { token, token_type_hint: tokens.refreshToken ? 'refresh_token' : 'access_token' },
      this.basicAuth(),
    );
  }

  private basicAuth() {
    return { user: this.settings.clientId, password: this.settings.clientSecret };
  }

  private postToken(form: Record<string, string>): Promise<TokenResponse> {
    if (this.definition.tokenAuth === 'basic')
      return this.context.http.postForm(this.settings.endpoints.tokenUrl, form, this.basicAuth());
    return this.context.http.postForm(this.settings.endpoints.tokenUrl, {
      ...form,
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
    });
  }

  private toTokenSet(body: TokenResponse): TokenSet {
    if (typeof body.access_token !== 'string' || !body.access_token) throw new Error('The token response has no access_token');
    const expiresIn = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
      expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
      scopes: typeof body.scope === 'string' ? body.scope.split(/[ ,]+/).filter(Boolean) : undefined,
      raw: body as Record<string, unknown>,
    };
  }
}
