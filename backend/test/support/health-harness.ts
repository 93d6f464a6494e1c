import { DataSource } from 'typeorm';
import { LoggedEvent } from '../../src/events/entities/event.entity';
import { EventType } from '../../src/events/event-type.enum';
import { Connection } from '../../src/integrations/connections/connection.entity';
import { TokenCipher } from '../../src/integrations/connections/token-cipher';
import { TOKEN_CIPHER } from '../../src/integrations/connections/token-cipher.provider';
import { TestStack } from './test-stack';

export interface SandboxLogEntry {
  type: string;
  providerKey: string;
  detail?: string;
}

export interface HealthBody {
  state: string;
  checkedAt: string;
  lastError?: string;
  tokenExpiresAt?: string;
  autoRefresh: boolean;
}

/** The sandbox's control surface and the app's stored connection, as the health and refresh suites use them. */
export function healthHarness(stack: TestStack) {
  const dataSource = stack.app.app.get(DataSource);
  const repository = dataSource.getRepository(Connection);
  const cipher = stack.app.app.get<TokenCipher>(TOKEN_CIPHER);
  const control = (path: string, body?: unknown) =>
    fetch(`${stack.sandbox.url}/control/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    repository,
    reset: () => fetch(`${stack.sandbox.url}/control/reset`, { method: 'POST' }),
    log: async () => (await (await control('log')).json()) as SandboxLogEntry[],
    setFault: (providerKey: string, endpoint: string, mode: string) => control('faults', { providerKey, endpoint, mode }),
    revokeGrants: (providerKey: string) => control('revoke-grants', { providerKey }),
    liveGrants: async (providerKey: string) =>
      ((await (await control(`grants?providerKey=${providerKey}`)).json()) as { live: boolean }[]).filter((g) => g.live).length,
    connection: (accountId: string, integrationKey: string) => repository.findOneByOrFail({ accountId, integrationKey }),
    expireIn: (accountId: string, integrationKey: string, ms: number) =>
      repository.update({ accountId, integrationKey }, { tokenExpiresAt: new Date(Date.now() + ms) }),
    /** The stored refresh token in clear, to replay it at the sandbox as a thief would. */
    async refreshToken(accountId: string, integrationKey: string): Promise<string> {
      const row = await repository.findOneOrFail({
        where: { accountId, integrationKey },
        select: { id: true, refreshTokenEnc: true },
      });
      return cipher.decrypt(row.refreshTokenEnc as string, { accountId, integrationKey, field: 'refresh_token' });
    },
    async events(accountId: string, type: EventType): Promise<Record<string, unknown>[]> {
      const rows = await dataSource.getRepository(LoggedEvent).find({ where: { accountId, type }, order: { id: 'ASC' } });
      return rows.map((row) => JSON.parse(row.data) as Record<string, unknown>);
    },
  };
}
