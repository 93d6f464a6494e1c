import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig, authConfig } from '../config';
import { ROLE_LABELS, Role } from '../roles/role.enum';
import { AccountsError, AccountsException } from './accounts.exception';
import { AccountsService, NewMember } from './accounts.service';

export const DEMO_ACCOUNT_NAME = 'Aurora Demo';
export const DEMO_PASSWORD = 'aurora-demo';
export const DEMO_USERS: NewMember[] = [
  { email: 'admin@aurora.test', name: 'Ada Admin', password: DEMO_PASSWORD, roles: [Role.ChannelsAdmin] },
  { email: 'agent@aurora.test', name: 'Alex Agent', password: DEMO_PASSWORD, roles: [Role.Agent] },
];

/** Where an operator uses the account id first: minting an API key for a service. */
const apiKeyHint = (accountId: string) => `Account id ${accountId} (npm run cli -- api-key:create --account ${accountId} …)`;

/** The sign-ins and the account id as a small boxed block, so they stand out in the start-up output. */
export function demoSignInBanner(accountId: string): string {
  const lines = [
    `Demo account "${DEMO_ACCOUNT_NAME}" created. Sign in with:`,
    '',
    ...DEMO_USERS.map(
      (m) => `${m.email.padEnd(20)} ${m.password.padEnd(12)} ${m.roles.map((role) => ROLE_LABELS[role]).join(', ')}`,
    ),
    '',
    apiKeyHint(accountId),
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const border = `+${'-'.repeat(width + 2)}+`;
  return ['', border, ...lines.map((line) => `| ${line.padEnd(width)} |`), border, ''].join('\n');
}

/** A fresh `npm start` can be clicked through at once. Never touches a database that has users. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly accounts: AccountsService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.app.nodeEnv === 'production' || this.auth.demoSeed === 'off') return;
    if ((await this.accounts.countUsers()) > 0) return this.nameExistingDemoAccount();
    let accountId: string;
    try {
      accountId = (await this.accounts.createAccountWithUsers(DEMO_ACCOUNT_NAME, DEMO_USERS)).id;
    } catch (error) {
      // Several instances started at once on an empty database: another one seeded it first.
      if (error instanceof AccountsException && error.code === AccountsError.EmailTaken) {
        this.logger.log('Another instance seeded the demo account.');
        return;
      }
      throw error;
    }
    console.log(demoSignInBanner(accountId));
  }

  /** Later starts still say which account the demo sign-ins belong to. */
  private async nameExistingDemoAccount(): Promise<void> {
    const membership = await this.accounts.findMembershipByEmail(DEMO_USERS[0].email);
    if (membership) console.log(`\nDemo account "${DEMO_ACCOUNT_NAME}": ${apiKeyHint(membership.accountId)}`);
  }
}
