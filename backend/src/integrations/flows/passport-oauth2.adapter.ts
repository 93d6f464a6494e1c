import type { Request } from 'express';
import { Strategy as OAuth2Strategy, StrategyOptionsWithRequest, VerifyCallback } from 'passport-oauth2';
import type { TokenSet } from '../catalog';

/** The flow store as the strategy needs it, in promises instead of passport-oauth2's arity-picked callbacks. */
export interface PkceStateStore {
  /** Authorize step: a fresh state for the flow the request names; rejects when the link is unusable. */
  issue(req: Request, codeVerifier: string | undefined): Promise<string>;
  /** Callback step: the PKCE verifier (or `true`) to exchange the code with, or a refusal to pass as `info`. */
  check(req: Request, state: string): Promise<{ ok: string | true } | { ok: false; info: object }>;
}

export interface IntegrationStrategyOptions {
  options: Omit<StrategyOptionsWithRequest, 'store' | 'passReqToCallback' | 'skipUserProfile'>;
  store: PkceStateStore;
  /** Exchanges the code; passport-oauth2's own client has no timeout and retries nothing we can type. */
  exchangeCode(code: string, codeVerifier: string | undefined): Promise<TokenSet>;
  /** What the strategy reports as `req.user` once the code is exchanged. */
  grant(req: Request, tokens: TokenSet): Express.User;
}

/** Bivariant for the same reason: node-oauth's typings do not allow the `null` error it is called with. */
type TokenCallback = {
  answer(err: Error | { statusCode: number } | null, accessToken?: string, refreshToken?: string, tokens?: TokenSet): void;
}['answer'];
type StoreCallback = (err: Error | null, state?: string) => void;
/** Method-typed (bivariant) so passport's `ok: boolean` callback type accepts the PKCE verifier string. */
type VerifyStateCallback = { answer(err: Error | null, ok: string | boolean, info?: object): void }['answer'];

/**
 * The one place that leans on passport-oauth2 internals, kept small on purpose:
 * - the code exchange goes through our provider client (bounded timeout, never retried, typed errors) by
 *   replacing `_oauth2.getOAuthAccessToken`, which the typings mark protected "for subclasses";
 * - the state store is handed over with the 5/4-argument `store`/`verify` passport-oauth2 picks by
 *   `Function.length` for PKCE, a shape its typings do not declare.
 */
export class IntegrationOAuth2Strategy extends OAuth2Strategy {
  constructor({ options, store, exchangeCode, grant }: IntegrationStrategyOptions) {
    super(
      { ...options, store: pkceStore(store), skipUserProfile: true, passReqToCallback: true },
      (req: Request, _accessToken: string, _refreshToken: string, tokens: TokenSet, _profile: unknown, done: VerifyCallback) =>
        done(null, grant(req, tokens)),
    );
    this._oauth2.getOAuthAccessToken = (code: string, params: unknown, callback?: TokenCallback) => {
      const verifier = (params as { code_verifier?: string }).code_verifier;
      exchangeCode(code, verifier).then(
        (tokens) => callback?.(null, tokens.accessToken, tokens.refreshToken, tokens),
        (error: Error) => callback?.(error),
      );
    };
  }
}

function pkceStore(store: PkceStateStore) {
  return {
    store(req: Request, verifier: unknown, _state?: unknown, _meta?: unknown, callback?: StoreCallback): void {
      store.issue(req, typeof verifier === 'string' ? verifier : undefined).then(
        (state) => callback?.(null, state),
        (error: Error) => callback?.(error),
      );
    },
    verify(req: Request, state: string, _meta?: unknown, callback?: VerifyStateCallback): void {
      store.check(req, state).then(
        (answer) => (answer.ok === false ? callback?.(null, false, answer.info) : callback?.(null, answer.ok)),
        (error: Error) => callback?.(error, false),
      );
    },
  };
}
