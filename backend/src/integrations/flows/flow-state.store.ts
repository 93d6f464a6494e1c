import type { Request } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CallbackPageException } from './callback-page';
import { OAuthFlowsService } from './oauth-flows.service';
import type { PkceStateStore } from './passport-oauth2.adapter';

export const BROWSER_COOKIE = 'aurora_oauth_browser';

/** The authorize route runs behind the session guard, so the caller is on the request. */
type AuthorizeRequest = Request & { user?: AuthUser };

/** Passport's refusal `info` when a callback's state is not worth exchanging a code for. */
export const UNUSABLE_STATE = { message: 'unusable_state' };

/**
 * passport-oauth2 state store backed by the `oauth_flows` table, never by a session or process memory,
 * so a flow started on one instance completes on any other.
 */
export class FlowStateStore implements PkceStateStore {
  constructor(
    private readonly integrationKey: string,
    private readonly flows: OAuthFlowsService,
  ) {}

  /** Authorize: a fresh state for the caller's flow named by `?flow=`, only in the browser that started it. */
  async issue(req: AuthorizeRequest, codeVerifier: string | undefined): Promise<string> {
    const caller = req.user;
    const flowId = req.query.flow;
    const browser = browserSecret(req);
    const wrongBrowser = new CallbackPageException(
      'This link cannot be used',
      'This authorization link can only be opened in the browser that started it.',
    );
    // The callback route is public: without a signed-in caller naming a flow, nothing is being started.
    if (caller?.kind !== 'user' || typeof flowId !== 'string') throw wrongBrowser;
    // Someone else's (or a made-up) flow id is simply not found, like any other foreign id.
    await this.flows.findForUser(caller, flowId);
    if (!browser) throw wrongBrowser;
    const state = await this.flows.issueState(flowId, caller.id, browser, codeVerifier);
    if (!state)
      throw new CallbackPageException('This link cannot be used', 'This authorization link was already used or has expired.');
    return state;
  }

  /** Callback: the verifier to exchange the code with; the flow itself is claimed afterwards, by the flow. */
  async check(req: Request, state: string): Promise<{ ok: string | true } | { ok: false; info: object }> {
    const verifier = await this.flows.codeVerifierFor(this.integrationKey, state, browserSecret(req));
    return verifier ? { ok: verifier } : { ok: false, info: UNUSABLE_STATE };
  }
}

export function browserSecret(req: Request): string | undefined {
  const value: unknown = req.cookies?.[BROWSER_COOKIE];
  return typeof value === 'string' ? value : undefined;
}
