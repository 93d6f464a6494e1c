import type { Request } from 'express';
import { sha256Hex } from '../../common/hashing';
import { OAuthFlow } from '../flows/oauth-flow.entity';
import { ClaimedFlow, OAuthFlowsService } from '../flows/oauth-flows.service';

export const BROWSER_COOKIE = 'aurora_oauth_browser';

/** Why a callback could not proceed; the controller turns each into a flow status and a page. */
export type RejectReason = 'invalid_state' | 'expired' | 'browser_mismatch' | 'forbidden_role';

/** What the store learned, attached to the request for the controller and the verify callback. */
export interface FlowRequestContext {
  /** Set by the authorize step (from the `flow` query parameter, checked against the caller). */
  startingFlow?: { flowId: string; userId: string };
  claimed?: ClaimedFlow;
  rejected?: { reason: RejectReason; flow?: OAuthFlow };
}

export type FlowRequest = Request & { oauthFlow?: FlowRequestContext };

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (err: Error | null, ok: string | boolean, info?: unknown) => void;

export class FlowStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowStateError';
  }
}

/**
 * passport-oauth2 state store backed by the `oauth_flows` table, never by a session or process memory,
 * so a flow started on one instance completes on any other. Arity 5/4 selects the PKCE-aware calls.
 */
export class FlowStateStore {
  constructor(
    private readonly integrationKey: string,
    private readonly flows: OAuthFlowsService,
    private readonly userMayConnect: (userId: string, accountId: string) => Promise<boolean>,
  ) {}

  store(req: FlowRequest, verifier: string | undefined, _state: unknown, _meta: unknown, callback: StoreCallback): void {
    const starting = req.oauthFlow?.startingFlow;
    const browser = req.cookies?.[BROWSER_COOKIE] as string | undefined;
    if (!starting || !browser) {
      callback(new FlowStateError('This authorization link can only be opened in the browser that started it.'));
      return;
    }
    this.flows.issueState(starting.flowId, starting.userId, browser, verifier).then(
      (state) =>
        callback(
          state ? null : new FlowStateError('This authorization link was already used or has expired.'),
          state ?? undefined,
        ),
      (error: Error) => callback(error),
    );
  }

  verify(req: FlowRequest, providedState: unknown, _meta: unknown, callback: VerifyCallback): void {
    void this.claim(req, typeof providedState === 'string' ? providedState : '').then(
      (ok) => callback(null, ok),
      (error: Error) => callback(error, false),
    );
  }

  private async claim(req: FlowRequest, state: string): Promise<string | boolean> {
    const context: FlowRequestContext = (req.oauthFlow ??= {});
    const result = await this.flows.claim(this.integrationKey, state);
    if (result.outcome === 'invalid') {
      context.rejected = { reason: 'invalid_state' };
      return false;
    }
    if (result.outcome === 'expired') {
      context.rejected = { reason: 'expired', flow: result.flow };
      return false;
    }
    const { flow, codeVerifier } = result.claimed;
    context.claimed = result.claimed;
    const browser = req.cookies?.[BROWSER_COOKIE] as string | undefined;
    if (!browser || sha256Hex(browser) !== flow.browserHash) {
      context.rejected = { reason: 'browser_mismatch', flow };
      return false;
    }
    // The role may have been taken away while the popup was open.
    if (!(await this.userMayConnect(flow.userId, flow.accountId))) {
      context.rejected = { reason: 'forbidden_role', flow };
      return false;
    }
    return codeVerifier ?? true;
  }
}
