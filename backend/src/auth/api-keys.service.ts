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
    const apiKey = await this.keys.findOne({ where: { keyHash: sha256Hex(key), revokedAt: IsNull() } });
    if (!apiKey) return null;
    if (!apiKey.lastUsedAt || Date.now() - apiKey.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.keys.update({ id: apiKey.id }, { lastUsedAt: new Date() });
    }
    return { kind: 'api_key', id: apiKey.id, accountId: apiKey.accountId, name: apiKey.name, scopes: apiKey.scopes };
  }

  list(accountId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected === 1;
  }
}
