import type { Role } from '../roles/role.enum';
import type { Scope } from './scope.enum';

/** A person signed in through the SPA (session cookie). */
export interface UserCaller {
  kind: 'user';
  id: string;
  accountId: string;
  email: string;
  name: string;
  roles: Role[];
  sessionId: string;
}

/** Another service, authenticated by an `aur_…` API key. */
export interface ApiKeyCaller {
  kind: 'api_key';
  id: string;
  accountId: string;
  name: string;
  scopes: Scope[];
}

export type AuthUser = UserCaller | ApiKeyCaller;
