import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { AccountsService } from '../../src/accounts/accounts.service';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { Scope } from '../../src/auth/scope.enum';
import { Role } from '../../src/roles/role.enum';

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

export async function createUser(app: INestApplication, options: { role: Role; accountId?: string; name?: string }): Promise<TestUser> {
  const accountId = options.accountId ?? (await createAccount(app));
  const email = `user-${randomUUID()}@aurora.test`;
  const password = `pw-${randomUUID()}`;
  const name = options.name ?? (options.role === Role.ChannelsAdmin ? 'Test Admin' : 'Test Agent');
  const user = await app.get(AccountsService).createUser({ email, name, password, accountId, roles: [options.role] });
  return { id: user.id, email, password, name, accountId };
}

export async function createApiKey(app: INestApplication, accountId: string, scopes: Scope[]): Promise<string> {
  return (await app.get(ApiKeysService).create(accountId, scopes, 'test key')).key;
}
