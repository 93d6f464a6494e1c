import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Account } from '../../src/accounts/account.entity';
import { AccountsService } from '../../src/accounts/accounts.service';
import { Membership } from '../../src/accounts/membership.entity';
import { PasswordHasher } from '../../src/accounts/password-hasher';
import { User } from '../../src/accounts/user.entity';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { AuditService } from '../../src/audit/audit.service';
import { UserCaller } from '../../src/auth/auth-user';
import { parseAppSettings } from '../../src/config';
import { MIGRATIONS } from '../../src/database/migrations';
import { Connection } from '../../src/integrations/connections/connection.entity';
import { LoggedEvent } from '../../src/events/entities/event.entity';
import { EventsService } from '../../src/events/events.service';
import { ConnectionHealthService } from '../../src/integrations/connections/connection-health.service';
import { TokenRefreshService } from '../../src/integrations/connections/token-refresh.service';
import { ConnectionsService } from '../../src/integrations/connections/connections.service';
import { TokenCipher } from '../../src/integrations/connections/token-cipher';
import { ConnectFlowService } from '../../src/integrations/flows/connect-flow.service';
import { OAuthFlow } from '../../src/integrations/flows/oauth-flow.entity';
import { OAuthFlowsService } from '../../src/integrations/flows/oauth-flows.service';
import { ProviderHttpClient, ProviderHttpError } from '../../src/integrations/providers/provider-http.client';
import { ProviderRegistry } from '../../src/integrations/providers/provider-registry.service';
import { parseProvidersSettings } from '../../src/integrations/providers/providers.config';
import { RuntimeProvider } from '../../src/integrations/providers/runtime-provider';
import { RevocationTask } from '../../src/integrations/revocation/revocation-task.entity';
import { RevocationService } from '../../src/integrations/revocation/revocation.service';
import { Role } from '../../src/roles/role.enum';
import { MetricsService } from '../../src/metrics/metrics.service';

const ENV = { NODE_ENV: 'test', APP_URL: 'http://app.test', SANDBOX: 'on', SANDBOX_URL: 'http://sandbox.test' } as const;

/** What the fake provider answers; a test flips these to script an outage or a rotation. */
export interface ProviderScript {
  profile: 'ok' | 'down';
  revoke: 'ok' | 'down';
  /** The tokens the token endpoint hands out on refresh, in order. */
  refreshes: { access_token: string; refresh_token?: string; expires_in?: number }[];
}

/** The provider's side of the wire, in memory: it records every call and answers from the script. */
export class FakeProviderHttp extends ProviderHttpClient {
  readonly script: ProviderScript = { profile: 'ok', revoke: 'ok', refreshes: [] };
  readonly revoked: string[] = [];
  readonly refreshedWith: string[] = [];

  constructor() {
    super(1000);
  }

  override async getJson<T>(url: string): Promise<T> {
    if (this.script.profile === 'down') throw new ProviderHttpError(503, {}, url);
    return { id: 'ext-1', name: 'External Account' } as T;
  }

  override async postForm<T>(url: string, form: Record<string, string>): Promise<T> {
    if (url.endsWith('/revoke')) {
      if (this.script.revoke === 'down') throw new ProviderHttpError(503, {}, url);
      this.revoked.push(form.token);
      return {} as T;
    }
    this.refreshedWith.push(form.refresh_token);
    const next = this.script.refreshes.shift();
    if (!next) throw new ProviderHttpError(400, { error: 'invalid_grant' }, url);
    return next as T;
  }
}

/** The real registry, except that its providers talk to {@link FakeProviderHttp}. */
class FakeProviderRegistry extends ProviderRegistry {
  private readonly fakes: Map<string, RuntimeProvider>;

  constructor(http: FakeProviderHttp) {
    const app = parseAppSettings(ENV);
    super(app, parseProvidersSettings(ENV));
    this.fakes = new Map(super.all().map((p) => [p.key, new RuntimeProvider(p.definition, p.settings, p.redirectUri, http)]));
  }

  override all(): RuntimeProvider[] {
    return [...this.fakes.values()];
  }

  override get(key: string): RuntimeProvider {
    return this.fakes.get(key) ?? super.get(key);
  }
}

/** The integrations services on a fresh in-memory SQLite database (migrated), with a fake provider. */
export interface IntegrationsWorld {
  dataSource: DataSource;
  http: FakeProviderHttp;
  accounts: AccountsService;
  flows: OAuthFlowsService;
  connections: ConnectionsService;
  revocations: RevocationService;
  connectFlow: ConnectFlowService;
  /** A Channels Administrator in a new account. */
  admin(): Promise<UserCaller>;
  /** The stored access token of the caller's account for `calendly` (refreshed if due). */
  accessToken(caller: UserCaller, key?: string): Promise<string>;
  close(): Promise<void>;
}

export async function integrationsWorld(): Promise<IntegrationsWorld> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [Account, User, Membership, AuditEvent, OAuthFlow, Connection, RevocationTask, LoggedEvent],
    migrations: [...MIGRATIONS],
    migrationsRun: true,
    logging: false,
  });
  await dataSource.initialize();
  const http = new FakeProviderHttp();
  const cipher = new TokenCipher([{ id: 'unit', key: Buffer.alloc(32, 3) }]);
  const providers = new FakeProviderRegistry(http);
  const audit = new AuditService(dataSource.getRepository(AuditEvent));
  const accounts = new AccountsService(
    dataSource,
    dataSource.getRepository(Account),
    dataSource.getRepository(User),
    dataSource.getRepository(Membership),
    new PasswordHasher(12),
  );
  const app = parseAppSettings(ENV);
  const metrics = new MetricsService();
  const flows = new OAuthFlowsService(dataSource.getRepository(OAuthFlow), cipher, audit, app, metrics);
  const events = new EventsService(dataSource);
  const health = new ConnectionHealthService(dataSource, events, audit);
  const refresher = new TokenRefreshService(dataSource.getRepository(Connection), cipher, providers, metrics, health);
  const connections = new ConnectionsService(
    dataSource.getRepository(Connection),
    cipher,
    providers,
    audit,
    dataSource,
    events,
    refresher,
    health,
  );
  const revocations = new RevocationService(dataSource.getRepository(RevocationTask), cipher, providers, audit);
  const connectFlow = new ConnectFlowService(providers, flows, connections, audit, accounts, revocations, app);
  let users = 0;
  return {
    dataSource,
    http,
    accounts,
    flows,
    connections,
    revocations,
    connectFlow,
    async admin() {
      users++;
      const email = `admin${users}@unit.test`;
      const account = await accounts.createAccountWithUsers(`Account ${users}`, [
        { email, name: `Admin ${users}`, password: 'unit-test-password', roles: [Role.ChannelsAdmin] },
      ]);
      const user = await dataSource.getRepository(User).findOneByOrFail({ email });
      return {
        kind: 'user',
        id: user.id,
        accountId: account.id,
        email,
        name: user.name,
        roles: [Role.ChannelsAdmin],
        sessionId: 'unit',
      };
    },
    accessToken: (caller, key = 'calendly') => connections.accessToken(caller.accountId, key),
    close: () => dataSource.destroy(),
  };
}
