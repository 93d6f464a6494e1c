import { randomBytes } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { parseAppSettings } from './app.config';
import { ConfigError } from './config.error';
import { RawEnv, readString } from './env.validation';
import { generatedOnce } from './generated-file';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface SecuritySettings {
  /** First key encrypts; all keys decrypt, so keys can be rotated without re-encrypting at once. */
  tokenKeys: EncryptionKey[];
  cookieSecure: boolean;
}

const DEV_KEY_FILE = 'token-encryption.keys';

/** `id:base64key[,id:base64key…]`, each key exactly 32 bytes (AES-256). */
export function parseKeyRing(raw: string, variable = 'TOKEN_ENCRYPTION_KEYS'): EncryptionKey[] {
  const keys = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded, extra] = entry.split(':');
      if (!id || !encoded || extra !== undefined || !/^[A-Za-z0-9_-]{1,16}$/.test(id)) {
        throw new ConfigError(variable, 'expected entries of the form <id>:<base64 32-byte key>, separated by commas');
      }
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== 32) throw new ConfigError(variable, `key "${id}" must decode to 32 bytes, got ${key.length}`);
      return { id, key };
    });
  if (keys.length === 0) throw new ConfigError(variable, 'needs at least one key');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError(variable, 'key ids must be unique');
  return keys;
}

/** Outside production a missing key ring is generated once into DATA_DIR, so `npm start` just works. */
function developmentKeyRing(dataDir: string): EncryptionKey[] {
  const { file, value } = generatedOnce(dataDir, DEV_KEY_FILE, () => `dev1:${randomBytes(32).toString('base64')}`);
  return parseKeyRing(value, `${file} (generated development key)`);
}

export function parseSecuritySettings(env: RawEnv): SecuritySettings {
  const app = parseAppSettings(env);
  const raw = readString(env, 'TOKEN_ENCRYPTION_KEYS');
  if (raw === undefined && app.nodeEnv === 'production') {
    throw new ConfigError('TOKEN_ENCRYPTION_KEYS', 'is required in production (generate one with: openssl rand -base64 32)');
  }
  return {
    tokenKeys: raw === undefined ? developmentKeyRing(app.dataDir) : parseKeyRing(raw),
    cookieSecure: new URL(app.appUrl).protocol === 'https:',
  };
}

export const securityConfig = registerAs('security', () => parseSecuritySettings(process.env));
