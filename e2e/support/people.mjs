// People for scenarios that need more than the demo users: made with the CLI, the way an operator would.
import { randomUUID } from 'node:crypto';
import { ADMIN } from './person.mjs';

/**
 * The demo admin's account id, as the app reports it to the signed-in admin.
 * @param {import('./app.mjs').App} app
 * @returns {Promise<string>}
 */
export async function demoAccountId(app) {
  const login = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: app.url },
    body: JSON.stringify(ADMIN),
  });
  if (login.status !== 200) throw new Error(`Signing in as the demo admin answered ${login.status}`);
  return /** @type {{ accountId: string }} */ (await login.json()).accountId;
}

/**
 * A new Channels Administrator, in `accountId` or (by default) in an account of their own.
 * @param {import('./app.mjs').App} app
 * @param {{ name: string, accountId?: string }} who
 * @returns {Promise<{email: string, password: string, name: string}>}
 */
export async function createAdmin(app, { name, accountId = 'new' }) {
  const email = `admin-${randomUUID().slice(0, 8)}@aurora.test`;
  const password = `pw-${randomUUID()}`;
  await app.cli(
    'user:create',
    '--email',
    email,
    '--name',
    name,
    '--role',
    'channels_admin',
    '--account',
    accountId,
    '--account-name',
    `${name}'s company`,
    '--password',
    password,
  );
  return { email, password, name };
}
