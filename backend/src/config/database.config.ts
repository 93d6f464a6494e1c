import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { ConfigError } from './config.error';
import { parseAppSettings } from './app.config';
import { RawEnv, readString, readUrl } from './env.validation';

export type DatabaseSettings = { type: 'sqlite'; path: string } | { type: 'mysql'; url: string };

/** Embedded SQLite unless DATABASE_URL names a MySQL server. */
export function parseDatabaseSettings(env: RawEnv): DatabaseSettings {
  const raw = readString(env, 'DATABASE_URL');
  if (raw === undefined) return { type: 'sqlite', path: join(parseAppSettings(env).dataDir, 'aurora.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL', 'a sqlite: URL needs a file path, e.g. sqlite:./data/aurora.sqlite');
    return { type: 'sqlite', path };
  }
  const url = readUrl(env, 'DATABASE_URL', undefined, ['mysql:']) as string;
  if (!new URL(url).pathname.slice(1)) throw new ConfigError('DATABASE_URL', 'the MySQL URL must name a database');
  return { type: 'mysql', url };
}

export const databaseConfig = registerAs('database', () => parseDatabaseSettings(process.env));
