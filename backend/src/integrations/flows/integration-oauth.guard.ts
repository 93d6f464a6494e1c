import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AuthorizationError, InternalOAuthError, TokenError } from 'passport-oauth2';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { CallbackResult, ProviderAnswer } from './callback-result';
import { UNUSABLE_STATE } from './flow-state.store';
import { callbackResult } from './integration-strategies';

/** Carries a callback's non-grant answer out of Passport's failure path to the guard. */
class NoGrant extends Error {
  constructor(readonly result: CallbackResult) {
    super(`No grant: ${result.answer.kind}`);
  }
}

/** Passport's failure reports, as the flow reads them. Anything else (the database is down) stays an error. */
function answerOf(error: unknown, info: unknown): ProviderAnswer | null {
  if (error instanceof AuthorizationError) return { kind: 'provider_error', error: error.code };
  if (error instanceof InternalOAuthError || error instanceof TokenError) return { kind: 'exchange_failed', cause: error };
  if (error) return null;
  // passport-oauth2 fails `?error=access_denied` with the description as info, before any store call.
  return info === UNUSABLE_STATE ? { kind: 'unusable_state' } : { kind: 'provider_error', error: 'access_denied' };
}

function strategyGuard(strategyName: string, integrationKey: string): IAuthGuard {
  class StrategyGuard extends AuthGuard(strategyName) {
    override handleRequest<TUser = CallbackResult>(
      error: unknown,
      user: TUser | false,
      info: unknown,
      context: ExecutionContext,
    ): TUser {
      if (user) return user;
      const answer = answerOf(error, info);
      if (!answer) throw error;
      throw new NoGrant(callbackResult(context.switchToHttp().getRequest<Request>(), integrationKey, answer));
    }
  }
  return new StrategyGuard();
}

/**
 * `AuthGuard('integration:<key>')`, picked per request from the route's provider, on the authorize and
 * callback routes. On authorize Passport redirects to the provider; on the callback `req.user` is the
 * {@link CallbackResult}: the grant, or the provider's (or the state store's) refusal.
 */
@Injectable()
export class IntegrationOAuthGuard implements CanActivate {
  private readonly guards = new Map<string, IAuthGuard>();

  constructor(private readonly providers: ProviderRegistry) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: CallbackResult }>();
    const provider = this.providers.getConfigured(String(req.params.key));
    let guard = this.guards.get(provider.key);
    if (!guard) this.guards.set(provider.key, (guard = strategyGuard(provider.strategyName, provider.key)));
    try {
      await guard.canActivate(context);
      return true;
    } catch (error) {
      if (!(error instanceof NoGrant)) throw error;
      req.user = error.result;
      return true;
    }
  }
}
