import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountsService } from './accounts/accounts.service';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { isScope, Scope } from './auth/scope.enum';
import { ConfigError } from './config';
import { isRole } from './roles/role.enum';

const USAGE = `Usage: npm run cli -- <command> [options]

  migrate                                   apply pending database migrations
  user:create --email <e> --name <n> --role channels_admin|agent --account <id|new>
              [--account-name <name>] [--password <p>]   (or AURORA_PASSWORD; else one is generated)
  api-key:create --account <id> --scopes integrations:read,contacts:read [--name <n>]
  api-key:list --account <id>
  api-key:revoke --id <id>`;

class UsageError extends Error {}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(`--${name} is required`);
  return value.trim();
}

type Command = (app: INestApplicationContext, values: Record<string, string | boolean | undefined>) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  // Booting the context already ran the migrations.
  migrate: async () => console.log('Migrations are up to date.'),

  'user:create': async (app, values) => {
    const role = required(values, 'role');
    if (!isRole(role)) throw new UsageError(`--role must be channels_admin or agent, got "${role}"`);
    const accounts = app.get(AccountsService);
    let accountId = required(values, 'account');
    if (accountId === 'new') {
      accountId = (await accounts.createAccount(typeof values['account-name'] === 'string' ? values['account-name'] : 'New account')).id;
    } else if (!(await accounts.findAccount(accountId))) {
      throw new UsageError(`No account with id ${accountId}`);
    }
    const given = typeof values.password === 'string' ? values.password : process.env.AURORA_PASSWORD;
    const password = given ?? randomBytes(12).toString('base64url');
    const user = await accounts.createUser({ email: required(values, 'email'), name: required(values, 'name'), password, accountId, roles: [role] });
    console.log(`Created user ${user.email} (${role}) in account ${accountId}.`);
    if (!given) console.log(`Password (shown once): ${password}`);
  },

  'api-key:create': async (app, values) => {
    const accountId = required(values, 'account');
    if (!(await app.get(AccountsService).findAccount(accountId))) throw new UsageError(`No account with id ${accountId}`);
    const scopes = required(values, 'scopes').split(',').map((s) => s.trim());
    const unknown = scopes.filter((s) => !isScope(s));
    if (unknown.length) throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}. Known: ${Object.values(Scope).join(', ')}`);
    const { key, apiKey } = await app.get(ApiKeysService).create(accountId, scopes as Scope[], typeof values.name === 'string' ? values.name : undefined);
    console.log(`Created API key ${apiKey.id} (${apiKey.scopes.join(', ')}). Store it now; it is not shown again:`);
    console.log(key);
  },

  'api-key:list': async (app, values) => {
    for (const key of await app.get(ApiKeysService).list(required(values, 'account'))) {
      const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : `last used ${key.lastUsedAt?.toISOString() ?? 'never'}`;
      console.log(`${key.id}  ${key.prefix}…  ${key.name}  [${key.scopes.join(', ')}]  ${state}`);
    }
  },

  'api-key:revoke': async (app, values) => {
    const id = required(values, 'id');
    if (!(await app.get(ApiKeysService).revoke(id))) throw new UsageError(`No active API key with id ${id}`);
    console.log(`Revoked API key ${id}.`);
  },
};

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    console.error(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: Object.fromEntries(['email', 'name', 'role', 'account', 'account-name', 'password', 'scopes', 'id'].map((n) => [n, { type: 'string' as const }])),
    allowPositionals: false,
  });
  process.env.LOG_LEVEL ??= 'error';
  process.env.DEMO_SEED = 'off';
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: ['error'] });
  try {
    await run(app, values);
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) console.error(`Error: ${error.message}\n\n${USAGE}`);
    else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
    else console.error(error);
    process.exit(1);
  },
);
