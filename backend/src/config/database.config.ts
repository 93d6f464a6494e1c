import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { ConfigError } from './config.error';
import { parseAppSettings } from './app.config';
import { RawEnv, readEnum, readInt, readString, readUrl } from './env.validation';

/**
 * `auto`: every instance applies pending migrations at start-up, one at a time (MySQL `GET_LOCK`).
 * `manual`: migrations are a release step (`npm run cli -- migrate`); an instance refuses to start
 * while one is pending.
 */
export type MigrationsMode = 'auto' | 'manual';

export interface MigrationSettings {
  migrations: MigrationsMode;
  /** How long a starting instance waits for another one's migration run before giving up. */
  migrationsLockTimeoutSeconds: number;
}

export type DatabaseSettings = MigrationSettings & ({ type: 'sqlite'; path: string } | { type: 'mysql'; url: string });

function parseMigrationSettings(env: RawEnv): MigrationSettings {
  return {
    migrations: readEnum(env, 'MIGRATIONS', ['auto', 'manual'] as const, 'auto'),
    migrationsLockTimeoutSeconds: readInt(env, 'MIGRATIONS_LOCK_TIMEOUT_SECONDS', 300, 1, 3600),
  };
}

/** Embedded SQLite unless DATABASE_URL names a MySQL server. */
export function parseDatabaseSettings(env: RawEnv): DatabaseSettings {
  const migrations = parseMigrationSettings(env);
  const raw = readString(env, 'DATABASE_URL');
  if (raw === undefined) return { ...migrations, type: 'sqlite', path: join(parseAppSettings(env).dataDir, 'aurora.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL', 'a sqlite: URL needs a file path, e.g. sqlite:./data/aurora.sqlite');
    return { ...migrations, type: 'sqlite', path };
  }
  const url = readUrl(env, 'DATABASE_URL', undefined, ['mysql:']) as string;
  if (!new URL(url).pathname.slice(1)) throw new ConfigError('DATABASE_URL', 'the MySQL URL must name a database');
  return { ...migrations, type: 'mysql', url };
}

export const databaseConfig = registerAs('database', () => parseDatabaseSettings(process.env));
