import type { NextFunction, Response } from 'express';
import { Authenticator } from 'passport';
import { Strategy as OAuth2Strategy, StateStore, VerifyCallback } from 'passport-oauth2';
import type { TokenSet } from '../catalog';
import { FlowRequest, FlowStateStore } from './flow-state.store';
import { RuntimeProvider } from '../providers/runtime-provider';

/** Called with the exchanged tokens of a claimed flow; resolves to what passport reports as the user. */
export type GrantHandler = (req: FlowRequest, provider: RuntimeProvider, tokens: TokenSet) => Promise<unknown>;

export type AuthenticateOutcome =
  { kind: 'redirected' } | { kind: 'success'; result: unknown } | { kind: 'rejected' } | { kind: 'error'; error: unknown };

type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, params?: unknown) => void;

interface OAuth2Internals {
  getOAuthAccessToken(code: string, params: Record<string, string>, callback: TokenCallback): void;
}

/**
 * One named passport-oauth2 strategy per configured provider (`integration:<key>`), on a private
 * Authenticator so several app instances in one process never share strategies.
 */
export class IntegrationStrategies {
  private readonly passport = new Authenticator();

  constructor(providers: RuntimeProvider[], storeFor: (provider: RuntimeProvider) => FlowStateStore, onGrant: GrantHandler) {
    for (const provider of providers.filter((p) => p.configured)) {
      this.passport.use(provider.strategyName, this.build(provider, storeFor(provider), onGrant));
    }
  }

  private build(provider: RuntimeProvider, store: FlowStateStore, onGrant: GrantHandler): OAuth2Strategy {
    const { definition, settings } = provider;
    const strategy = new OAuth2Strategy(
      {
        authorizationURL: settings.endpoints.authorizeUrl,
        tokenURL: settings.endpoints.tokenUrl,
        clientID: settings.clientId,
        clientSecret: settings.clientSecret,
        // Absolute, from APP_URL: never derived from Host or X-Forwarded-* headers.
        callbackURL: provider.redirectUri,
        scope: definition.scopes,
        scopeSeparator: definition.scopeSeparator,
        // passport-oauth2 maps `true` to S256.
        pkce: definition.pkce,
        store: store as unknown as StateStore,
        skipUserProfile: true,
        passReqToCallback: true,
      },
      (
        req: FlowRequest,
        _accessToken: string,
        _refreshToken: string,
        tokens: TokenSet,
        _profile: unknown,
        done: VerifyCallback,
      ) => {
        onGrant(req, provider, tokens).then(
          (result) => done(null, result as Express.User),
          (error: Error) => done(error),
        );
      },
    );
    strategy.authorizationParams = () => ({ ...definition.authorizeParams });
    // The code exchange goes through our client: bounded timeout, never retried, typed errors.
    (strategy as unknown as { _oauth2: OAuth2Internals })._oauth2.getOAuthAccessToken = (code, params, callback) => {
      provider.exchangeCode(code, params.code_verifier).then(
        (tokens) => callback(null, tokens.accessToken, tokens.refreshToken, tokens),
        (error: unknown) => callback(error),
      );
    };
    return strategy;
  }

  /** Runs the provider's strategy; resolves when it redirected, succeeded, rejected or failed. */
  authenticate(provider: RuntimeProvider, req: FlowRequest, res: Response): Promise<AuthenticateOutcome> {
    return new Promise((resolve) => {
      res.once('finish', () => resolve({ kind: 'redirected' }));
      const next: NextFunction = (error?: unknown) => resolve({ kind: 'error', error });
      this.passport.authenticate(provider.strategyName, { session: false }, (error: unknown, result: unknown) => {
        if (error) resolve({ kind: 'error', error });
        else if (result) resolve({ kind: 'success', result });
        else resolve({ kind: 'rejected' });
      })(req, res, next);
    });
  }
}
