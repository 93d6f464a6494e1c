import { Scope } from '../../src/auth/scope.enum';
import { Role } from '../../src/roles/role.enum';
import { createApiKey } from '../factories/accounts.factory';
import { SignedInDriver, signedIn, signedInAdmin } from './signed-in';
import { TestStack } from './test-stack';

export interface SandboxLogEntry {
  type: string;
  providerKey: string;
  detail?: string;
}

/** An account with a connected integration and a service key, plus what the proxy suites look at. */
export interface ProxyAccount {
  admin: SignedInDriver;
  key: string;
}

export async function connectedAccount(stack: TestStack, integrationKey: string, scopes: Scope[]): Promise<ProxyAccount> {
  const admin = await signedInAdmin(stack.app);
  await admin.connect(integrationKey);
  return { admin, key: await createApiKey(stack.app.app, admin.user.accountId, scopes) };
}

export function agentOf(stack: TestStack, account: ProxyAccount): Promise<SignedInDriver> {
  return signedIn(stack.app, { role: Role.Agent, sameAccountAs: account.admin });
}

export function withKey(stack: TestStack, key: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${stack.appUrl}/api/v1${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
  });
}

export async function sandboxLog(stack: TestStack): Promise<SandboxLogEntry[]> {
  return (await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as SandboxLogEntry[];
}

export async function sandboxControl(stack: TestStack, path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.sandbox.url}/control/${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
