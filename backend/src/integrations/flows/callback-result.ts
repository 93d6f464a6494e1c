import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { TokenSet } from '../catalog';

/** What the provider's redirect brought back, as Passport reported it. */
export type ProviderAnswer =
  | { kind: 'grant'; tokens: TokenSet }
  /** `?error=` (RFC 6749 §4.1.2.1): the admin cancelled, or the provider refused. */
  | { kind: 'provider_error'; error: string }
  /** The code exchange failed (refused, unreachable, timed out). */
  | { kind: 'exchange_failed'; cause: unknown }
  /** The state store refused before any exchange: unknown, used, expired, or another browser's state. */
  | { kind: 'unusable_state' };

/** `req.user` on the callback route: the answer plus what names the flow it belongs to. */
export interface CallbackResult {
  integrationKey: string;
  state: string;
  answer: ProviderAnswer;
}

/** The callback's {@link CallbackResult}, put on `req.user` by the IntegrationOAuthGuard. */
export const PassportCallback = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): CallbackResult => ctx.switchToHttp().getRequest<{ user: CallbackResult }>().user,
);
