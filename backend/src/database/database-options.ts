import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '../config';
import { MIGRATIONS } from './migrations';

/**
 * SQLite and MySQL run the same migrations; `synchronize` stays off so the schema only ever changes
 * through a reviewed migration. Dates are stored in UTC on both. Migrations never run as a side effect
 * of connecting: `migrateDatabase` runs them under a lock first.
 */
export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = { migrations: [...MIGRATIONS], migrationsRun: false, synchronize: false, logging: false };
  if (settings.type === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: settings.url,
      timezone: 'Z',
      charset: 'utf8mb4',
      connectTimeout: 5_000,
      poolSize: 20,
    };
  }
  mkdirSync(dirname(settings.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: settings.path,
    // WAL lets readers proceed during a write; the busy timeout queues writers instead of failing them.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
