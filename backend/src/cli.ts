import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { AccountsService } from './accounts/accounts.service';
import { normalizeEmail } from './accounts/email';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { isScope, Scope } from './auth/scope.enum';
import { DomainException } from './common/domain.exception';
import { DemoResetRefused, resetDemo } from './demo/demo-reset';
import { ConfigError, parseDatabaseSettings } from './config';
import { describeMigrations, migrateDatabase, MigrationsError } from './database/migrate';
import { HousekeepingService } from './housekeeping/housekeeping.service';
import { MetricsService } from './metrics/metrics.service';
import { isRole, Role } from './roles/role.enum';
import { validateSettings } from './settings';

const USAGE = `Usage: npm run cli -- <command> [options]

  migrate                                   apply pending database migrations (the release step
                                            when instances run with MIGRATIONS=manual)
  user:create --email <e> --name <n> --role channels_admin|agent --account <id|new>
              [--account-name <name>] [--password <p>]   (or AURORA_PASSWORD; else one is generated)
  api-key:create --account <id> | --account-email <admin e-mail>
                 --scopes integrations:read,contacts:read,events:read [--name <n>]
  api-key:list --account <id>
  api-key:revoke --id <id>
  housekeeping                              one sweep now: expired sessions, old login attempts, finished
                                            flows and past rate windows (instances also sweep on a schedule)
  stats [--url <instance metrics URL>]      the figures /metrics reports: queues, lag and pool from the
                                            database; with --url also that instance's counters
                                            (sends METRICS_TOKEN as the bearer token when set)
  demo:reset                                with the app stopped and the sandbox on: delete all data and the
                                            sandbox's saved state, then seed the demo account again`;

const MIN_PASSWORD_LENGTH = 8;

/** The command line is wrong: exit code 2 with the usage text. */
class UsageError extends Error {}
/** The command ran and could not do its job: exit code 1 with one line. */
class CommandError extends Error {}

type Options = Record<string, string | undefined>;
type Run = (app: INestApplicationContext) => Promise<void>;

interface AppCommand {
  options: string[];
  /** Checks the options before anything boots, and returns the work to do against the app. */
  prepare(options: Options): Run;
}

interface StandaloneCommand {
  options: [];
  /** Runs without booting the app, which refuses to start while MIGRATIONS=manual has work pending. */
  standalone(): Promise<void>;
}

type Command = AppCommand | StandaloneCommand;

function required(options: Options, name: string): string {
  const value = options[name]?.trim();
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function assertAccount(app: INestApplicationContext, accountId: string): Promise<void> {
  if (!(await app.get(AccountsService).findAccount(accountId))) throw new CommandError(`No account with id ${accountId}`);
}

type AccountChoice = { id: string } | { adminEmail: string };

/** `--account <id>` or `--account-email <admin e-mail>`, exactly one of them. */
function accountChoice(options: Options): AccountChoice {
  const id = options.account?.trim();
  const email = options['account-email']?.trim();
  if (id && email) throw new UsageError('give --account or --account-email, not both');
  if (email) {
    const adminEmail = normalizeEmail(email);
    if (!isEmail(adminEmail)) throw new UsageError(`--account-email must be an e-mail address, got "${email}"`);
    return { adminEmail };
  }
  if (!id) throw new UsageError('--account or --account-email is required');
  return { id };
}

/** The account id; by e-mail only a Channels Administrator names their account, so an agent cannot mint keys for it. */
async function resolveAccount(app: INestApplicationContext, choice: AccountChoice): Promise<string> {
  if ('id' in choice) {
    await assertAccount(app, choice.id);
    return choice.id;
  }
  const membership = await app.get(AccountsService).findMembershipByEmail(choice.adminEmail);
  if (!membership) throw new CommandError(`No user with e-mail ${choice.adminEmail}`);
  if (!membership.roles.includes(Role.ChannelsAdmin)) {
    throw new CommandError(`${choice.adminEmail} is not a Channels Administrator of account ${membership.accountId}`);
  }
  return membership.accountId;
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    options: [],
    standalone: async () => {
      const report = await migrateDatabase(parseDatabaseSettings(validateSettings(process.env)), 'auto');
      console.log(describeMigrations(report));
    },
  },

  'user:create': {
    options: ['email', 'name', 'role', 'account', 'account-name', 'password'],
    prepare(options) {
      const email = normalizeEmail(required(options, 'email'));
      if (!isEmail(email)) throw new UsageError(`--email must be an e-mail address, got "${email}"`);
      const name = required(options, 'name');
      const role = required(options, 'role');
      if (!isRole(role)) throw new UsageError(`--role must be channels_admin or agent, got "${role}"`);
      const account = required(options, 'account');
      const given = options.password ?? process.env.AURORA_PASSWORD;
      if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) {
        throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
      }
      const password = given ?? randomBytes(12).toString('base64url');
      const member = { email, name, password, roles: [role] };

      return async (app) => {
        const accounts = app.get(AccountsService);
        let accountId = account;
        if (account === 'new') {
          const accountName = options['account-name']?.trim() || 'New account';
          accountId = (await accounts.createAccountWithUsers(accountName, [member])).id;
        } else {
          await assertAccount(app, account);
          await accounts.createUser({ ...member, accountId });
        }
        console.log(`Created user ${email} (${role}) in account ${accountId}.`);
        if (given === undefined) console.log(`Password (shown once): ${password}`);
      };
    },
  },

  'api-key:create': {
    options: ['account', 'account-email', 'scopes', 'name'],
    prepare(options) {
      const account = accountChoice(options);
      const scopes = required(options, 'scopes')
        .split(',')
        .map((scope) => scope.trim());
      const unknown = scopes.filter((scope) => !isScope(scope));
      if (unknown.length)
        throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}. Known: ${Object.values(Scope).join(', ')}`);

      return async (app) => {
        const accountId = await resolveAccount(app, account);
        const { key, apiKey } = await app
          .get(ApiKeysService)
          .create(accountId, scopes as Scope[], options.name?.trim() || undefined);
        console.log(
          `Created API key ${apiKey.id} (${apiKey.scopes.join(', ')}) in account ${accountId}. Store it now; it is not shown again:`,
        );
        console.log(key);
      };
    },
  },

  'api-key:list': {
    options: ['account'],
    prepare(options) {
      const accountId = required(options, 'account');
      return async (app) => {
        await assertAccount(app, accountId);
        const keys = await app.get(ApiKeysService).list(accountId);
        if (keys.length === 0) console.log(`Account ${accountId} has no API keys.`);
        for (const key of keys) {
          const state = key.revokedAt
            ? `revoked ${key.revokedAt.toISOString()}`
            : `last used ${key.lastUsedAt?.toISOString() ?? 'never'}`;
          console.log(`${key.id}  ${key.prefix}…  ${key.name}  [${key.scopes.join(', ')}]  ${state}`);
        }
      };
    },
  },

  'api-key:revoke': {
    options: ['id'],
    prepare(options) {
      const id = required(options, 'id');
      return async (app) => {
        if (!(await app.get(ApiKeysService).revoke(id))) throw new CommandError(`No active API key with id ${id}`);
        console.log(`Revoked API key ${id}.`);
      };
    },
  },

  housekeeping: {
    options: [],
    prepare: () => async (app) => {
      const report = await app.get(HousekeepingService).sweep();
      for (const [kind, rows] of Object.entries(report)) console.log(`Deleted ${rows} ${kind.replace(/_/g, ' ')}`);
    },
  },

  stats: {
    options: ['url'],
    prepare(options) {
      const url = options.url?.trim();
      if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
      return async (app) => {
        console.log('# From the database (the same on every instance)');
        for (const line of await app.get(MetricsService).databaseFigures()) console.log(line);
        if (url === undefined) return;
        console.log(`# From the instance at ${url}`);
        for (const line of await instanceFigures(url)) console.log(line);
      };
    },
  },

  'demo:reset': {
    options: [],
    prepare: () => async (app) => {
      console.log(await resetDemo(app));
    },
  },
};

/** An instance's own counters (requests, connect outcomes, webhooks): its aurora_* series, without histogram buckets. */
async function instanceFigures(url: string): Promise<string[]> {
  const token = process.env.METRICS_TOKEN?.trim();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} }).catch((error: unknown) => {
    throw new CommandError(`Could not reach ${url}: ${(error as Error).message}`);
  });
  if (!response.ok) throw new CommandError(`${url} answered ${response.status}`);
  return (await response.text()).split('\n').filter((line) => line.startsWith('aurora_') && !line.includes('_bucket{'));
}

/** Validates the command line, then returns the work to do. */
function prepare(argv: string[]): () => Promise<void> {
  const [name, ...args] = argv;
  if (!name) throw new UsageError('a command is required');
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(command.options.map((option) => [option, { type: 'string' as const }])),
    allowPositionals: false,
    strict: true,
  });
  if ('standalone' in command) return command.standalone;
  const run = command.prepare(values as Options);
  return () => withApp(run);
}

async function withApp(run: Run): Promise<void> {
  process.env.LOG_LEVEL ??= 'error';
  // An operator's command must never create the demo users as a side effect.
  process.env.DEMO_SEED = 'off';
  // Pending migrations are applied first, or refused in one line under MIGRATIONS=manual.
  await migrateDatabase(parseDatabaseSettings(validateSettings(process.env)));
  // abortOnError off: a start-up failure (say, the database is unreachable) is reported, not a core dump.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: ['error'], abortOnError: false });
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  await prepare(process.argv.slice(2))();
}

/** Usage mistakes exit 2 with the usage text; a command that fails exits 1 with one line. */
function exitCode(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  const known = [error, cause].find(
    (e) =>
      e instanceof CommandError ||
      e instanceof DemoResetRefused ||
      e instanceof DomainException ||
      e instanceof ConfigError ||
      e instanceof MigrationsError,
  );
  console.error(known instanceof Error ? `Error: ${known.message}` : error);
  return 1;
}

main().then(
  () => process.exit(0),
  (error: unknown) => process.exit(exitCode(error)),
);
