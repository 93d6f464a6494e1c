import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { randomToken, sha256Hex } from '../common/hashing';
import { plainSelect } from '../common/plain-select';
import { authConfig } from '../config';
import { ApiKeyCache, CachedApiKey } from './api-key-cache';
import { ApiKeyCaller } from './auth-user';
import { ApiKey } from './entities/api-key.entity';
import { Scope } from './scope.enum';

const KEY_PREFIX = 'aur_';
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly cache: ApiKeyCache;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @Inject(authConfig.KEY) settings: ConfigType<typeof authConfig>,
  ) {
    this.cache = new ApiKeyCache(settings.apiKeyCacheSeconds * 1000);
  }

  /** The plain key is returned once and never stored. `createdBy` is the person in Settings (none from the CLI). */
  async create(
    accountId: string,
    scopes: Scope[],
    name = 'API key',
    createdBy: { id: string; name: string } | null = null,
  ): Promise<{ key: string; apiKey: ApiKey }> {
    const key = `${KEY_PREFIX}${randomToken()}`;
    const apiKey = this.keys.create({
      id: randomUUID(),
      accountId,
      name: name.slice(0, 100),
      prefix: key.slice(0, 12),
      keyHash: sha256Hex(key),
      scopes,
      createdAt: new Date(),
      createdByUserId: createdBy?.id ?? null,
      createdByName: createdBy?.name ?? null,
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.keys.insert(apiKey);
    return { key, apiKey };
  }

  async resolve(key: string): Promise<ApiKeyCaller | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
    const keyHash = sha256Hex(key);
    const entry = this.cache.get(keyHash) ?? (await this.lookUp(keyHash));
    if (!entry) return null;
    if (Date.now() - entry.touchedAt > TOUCH_EVERY_MS) {
      entry.touchedAt = Date.now();
      await this.keys.update({ id: entry.caller.id }, { lastUsedAt: new Date() });
    }
    return entry.caller;
  }

  /** One plain statement, not a query built and hydrated: every uncached service request runs it. */
  private async lookUp(keyHash: string): Promise<CachedApiKey | null> {
    const [row] = await plainSelect(
      this.keys,
      ['id', 'accountId', 'name', 'scopes', 'lastUsedAt'],
      'key_hash = ? AND revoked_at IS NULL',
      [keyHash],
    );
    if (!row) return null;
    const { lastUsedAt, ...key } = row;
    return this.cache.set(keyHash, { kind: 'api_key', ...key }, lastUsedAt?.getTime() ?? 0);
  }

  /** Every key of the account, revoked ones included unless `activeOnly`. */
  list(accountId: string, { activeOnly = false } = {}): Promise<ApiKey[]> {
    return this.keys.find({
      where: activeOnly ? { accountId, revokedAt: IsNull() } : { accountId },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * Revokes an active key; with `accountId`, only that account's (another account's id is not found).
   * Refused at once by this instance; other instances stop accepting it within API_KEY_CACHE_SECONDS.
   */
  async revoke(id: string, accountId?: string): Promise<boolean> {
    const result = await this.keys.update(
      { id, revokedAt: IsNull(), ...(accountId && { accountId }) },
      { revokedAt: new Date() },
    );
    if (result.affected === 1) this.cache.forget(id);
    return result.affected === 1;
  }
}
