import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { randomToken, sha256Hex } from '../common/hashing';
import { ApiKeyCaller } from './auth-user';
import { ApiKey } from './entities/api-key.entity';
import { Scope } from './scope.enum';

const KEY_PREFIX = 'aur_';
const TOUCH_EVERY_MS = 60_000;

interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  scopes: unknown;
  last_used_at: unknown;
}

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  /** The plain key is returned once and never stored. */
  async create(accountId: string, scopes: Scope[], name = 'API key'): Promise<{ key: string; apiKey: ApiKey }> {
    const key = `${KEY_PREFIX}${randomToken()}`;
    const apiKey = this.keys.create({
      id: randomUUID(),
      accountId,
      name: name.slice(0, 100),
      prefix: key.slice(0, 12),
      keyHash: sha256Hex(key),
      scopes,
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.keys.insert(apiKey);
    return { key, apiKey };
  }

  async resolve(key: string): Promise<ApiKeyCaller | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    // Every service request runs this: one plain statement, not a query built and hydrated each time.
    const [row]: ApiKeyRow[] = await this.keys.query(
      'SELECT id, account_id, name, scopes, last_used_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL',
      [sha256Hex(key)],
    );
    if (!row) return null;
    const lastUsedAt = this.hydrate<Date | null>('lastUsedAt', row.last_used_at);
    if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.keys.update({ id: row.id }, { lastUsedAt: new Date() });
    }
    return { kind: 'api_key', id: row.id, accountId: row.account_id, name: row.name, scopes: this.hydrate('scopes', row.scopes) };
  }

  /** A raw column value as the entity holds it (each driver stores dates and simple arrays its own way). */
  private hydrate<T>(property: keyof ApiKey, value: unknown): T {
    const column = this.keys.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`ApiKey has no column ${property}`);
    return this.keys.manager.connection.driver.prepareHydratedValue(value, column) as T;
  }

  list(accountId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected === 1;
  }
}
