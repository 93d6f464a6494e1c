import assert from 'node:assert/strict';
import { Role } from '../../src/roles/role.enum';
import { createUser, TestUser } from '../factories/accounts.factory';
import { CookieJar } from './cookie-jar';
import { OAuthDriver } from './oauth-driver';
import { TestApp } from './test-app';

/** Signs in through the real login endpoint; the jar then holds the session cookie like a browser would. */
export async function signIn(appUrl: string, user: Pick<TestUser, 'email' | 'password'>): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  jar.store(response);
  return jar;
}

export type SignedInDriver = OAuthDriver & { user: TestUser };

/** A fresh Channels Administrator (in a new account unless told otherwise), signed in. */
export async function signedIn(app: TestApp, options: { role?: Role; sameAccountAs?: SignedInDriver } = {}): Promise<SignedInDriver> {
  const user = await createUser(app.app, { role: options.role ?? Role.ChannelsAdmin, accountId: options.sameAccountAs?.user.accountId });
  const driver = new OAuthDriver(app.url, await signIn(app.url, user)) as SignedInDriver;
  driver.user = user;
  return driver;
}

export const signedInAdmin = (app: TestApp, options: { sameAccountAs?: SignedInDriver } = {}) => signedIn(app, options);
