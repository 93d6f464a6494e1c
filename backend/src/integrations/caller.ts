import { ForbiddenException } from '@nestjs/common';
import { AuthUser, UserCaller } from '../auth/auth-user';

/** Routes that act on behalf of a person (connect, disconnect) refuse API keys even if a guard slipped. */
export function requirePerson(caller: AuthUser): UserCaller {
  if (caller.kind !== 'user') {
    throw new ForbiddenException({ error: 'forbidden_api_key', message: 'API keys cannot connect or disconnect integrations.' });
  }
  return caller;
}
