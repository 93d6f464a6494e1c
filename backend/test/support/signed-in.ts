import { Role } from '../../src/roles/role.enum';
import { createUser, signIn, TestUser } from '../factories/accounts.factory';
import { CookieJar } from './cookie-jar';
import { OAuthDriver } from './oauth-driver';
import { TestApp } from './test-app';

export type SignedInDriver = OAuthDriver & { user: TestUser };

/** A fresh Channels Administrator (in a new account unless told otherwise), signed in. */
export async function signedIn(
  app: TestApp,
  options: { role?: Role; sameAccountAs?: SignedInDriver } = {},
): Promise<SignedInDriver> {
  const user = await createUser(app.app, {
    role: options.role ?? Role.ChannelsAdmin,
    accountId: options.sameAccountAs?.user.accountId,
  });
  const jar = new CookieJar();
  jar.add(await signIn(app.url, user.email, user.password));
  const driver = new OAuthDriver(app.url, jar) as SignedInDriver;
  driver.user = user;
  return driver;
}

export const signedInAdmin = (app: TestApp, options: { sameAccountAs?: SignedInDriver } = {}) => signedIn(app, options);
