import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { DEMO_ACCOUNT_NAME, DEMO_USERS, demoSignInBanner } from '../accounts/demo-seed.service';
import { appConfig, sandboxConfig } from '../config';
import { SANDBOX_STATE_FILE } from '../sandbox/core/sandbox-launcher';

/** The reset cannot run safely now; the message says why and what to do. */
export class DemoResetRefused extends Error {}

/**
 * `demo:reset`: back to the state of a first `npm start` — every row of the app's tables deleted, the demo
 * account seeded again, the sandbox's saved tokens and leads deleted. Only where the sandbox stands in for
 * the providers (then all data is demo data), and only while the app is stopped: a running sandbox would
 * write its state back at shutdown and the app would keep sessions the database no longer has.
 */
export async function resetDemo(context: INestApplicationContext): Promise<string> {
  const sandbox = context.get<ConfigType<typeof sandboxConfig>>(sandboxConfig.KEY);
  if (!sandbox.enabled) {
    throw new DemoResetRefused(
      'demo:reset only runs where the sandbox provider is on (SANDBOX=on, or SANDBOX=auto outside production); ' +
        'this configuration talks to real providers, so its data is not a demo',
    );
  }
  if (await answers(sandbox.url)) {
    throw new DemoResetRefused(`the sandbox at ${sandbox.url} is running: stop \`npm start\` first, then reset`);
  }
  const tables = await deleteAllRows(context.get(DataSource));
  const account = await context.get(AccountsService).createAccountWithUsers(DEMO_ACCOUNT_NAME, DEMO_USERS);
  const stateFile = join(context.get<ConfigType<typeof appConfig>>(appConfig.KEY).dataDir, SANDBOX_STATE_FILE);
  rmSync(stateFile, { force: true });
  return [`Emptied ${tables} tables and deleted ${stateFile}.`, demoSignInBanner(account.id)].join('\n');
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Every table an entity maps, in one transaction, with foreign-key checks off so the order does not matter. */
async function deleteAllRows(dataSource: DataSource): Promise<number> {
  const tables = [...new Set(dataSource.entityMetadatas.map((entity) => entity.tablePath))];
  const mysql = dataSource.options.type === 'mysql';
  const runner = dataSource.createQueryRunner();
  try {
    // SQLite ignores this pragma inside a transaction, so it is switched before one starts.
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 0' : 'PRAGMA foreign_keys = OFF');
    await runner.startTransaction();
    for (const table of tables) await runner.query(`DELETE FROM ${runner.connection.driver.escape(table)}`);
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 1' : 'PRAGMA foreign_keys = ON');
    await runner.release();
  }
  return tables.length;
}
