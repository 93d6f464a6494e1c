import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { Scope } from '../../src/auth/scope.enum';
import { SESSION_COOKIE } from '../../src/auth/sessions.service';
import { Role } from '../../src/roles/role.enum';

/**
 * Test data made through the app's own services, so suites never depend on the demo seed.
 * `app` is the Nest application of a started test app (`testApp.app`).
 */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  accountId: string;
}

export async function createAccount(app: INestApplication, name = 'Test account'): Promise<string> {
  return (await app.get(AccountsService).createAccount(name)).id;
}

/** A user with one role, in the given account or a new one; e-mail and password are unique per call. */
export async function createUser(
  app: INestApplication,
  options: { role: Role; accountId?: string; name?: string },
): Promise<TestUser> {
  const accountId = options.accountId ?? (await createAccount(app));
  const email = `user-${randomUUID()}@aurora.test`;
  const password = `pw-${randomUUID()}`;
  const name = options.name ?? (options.role === Role.ChannelsAdmin ? 'Test Admin' : 'Test Agent');
  const user = await app.get(AccountsService).createUser({ email, name, password, accountId, roles: [options.role] });
  return { id: user.id, email, password, name, accountId };
}

/** The plain `aur_…` key (only its hash is stored). */
export async function createApiKey(app: INestApplication, accountId: string, scopes: Scope[]): Promise<string> {
  return (await app.get(ApiKeysService).create(accountId, scopes, 'test key')).key;
}

/** Signs in through the real endpoint as the SPA does; returns the value for a `Cookie` request header. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`Signing in as ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`Signing in as ${email} set no ${SESSION_COOKIE} cookie`);
  return cookie.split(';')[0];
}
