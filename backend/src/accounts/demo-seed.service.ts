import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppSettings, AuthSettings } from '../config';
import { Role } from '../roles/role.enum';
import { AccountsService } from './accounts.service';

export const DEMO_PASSWORD = 'aurora-demo';
export const DEMO_USERS = [
  { email: 'admin@aurora.test', name: 'Ada Admin', roles: [Role.ChannelsAdmin] },
  { email: 'agent@aurora.test', name: 'Alex Agent', roles: [Role.Agent] },
];

/** A fresh `npm start` can be clicked through at once. Never touches a database that has users. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly accounts: AccountsService,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { nodeEnv } = this.config.getOrThrow<AppSettings>('app');
    if (nodeEnv === 'production' || this.config.getOrThrow<AuthSettings>('auth').demoSeed === 'off') return;
    if ((await this.accounts.countUsers()) > 0) return;
    const account = await this.accounts.createAccount('Aurora Demo');
    for (const user of DEMO_USERS) await this.accounts.createUser({ ...user, password: DEMO_PASSWORD, accountId: account.id });
    const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(20)} ${DEMO_PASSWORD}   (${u.roles.join(', ')})`);
    console.log(['', 'Seeded the demo account "Aurora Demo". Sign in with:', ...lines, ''].join('\n'));
  }
}
