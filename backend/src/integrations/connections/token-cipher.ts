import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../../config';

const FORMAT = 'v1';
/** GCM verifies any tag from 4 bytes up; anything shorter than the full 16 would weaken it, so nothing else is accepted. */
const TAG_BYTES = 16;

/** What a ciphertext is bound to: decrypting it under another account, integration or field fails. */
export interface TokenContext {
  accountId: string;
  integrationKey: string;
  field: 'access_token' | 'refresh_token' | 'code_verifier' | 'outbox_token' | 'page_token' | 'webhook_secret';
}

function aad(context: TokenContext): Buffer {
  return Buffer.from(`${context.accountId}|${context.integrationKey}|${context.field}`, 'utf8');
}

/**
 * AES-256-GCM with a random 96-bit IV per value and a versioned key ring: `v1.<keyId>.<iv>.<tag>.<data>`.
 * The first key encrypts; older keys still decrypt, so a key can be rotated by prepending a new one.
 */
export class TokenCipher {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('TokenCipher needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  encrypt(plaintext: string, context: TokenContext): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(
      '.',
    );
  }

  decrypt(sealed: string, context: TokenContext): string {
    const [format, keyId, iv, tag, data] = sealed.split('.');
    const key = this.byId.get(keyId ?? '');
    if (format !== FORMAT || !key || !iv || !tag || data === undefined) {
      throw new Error(`Cannot decrypt token: unknown format or key "${keyId}"`);
    }
    const authTag = Buffer.from(tag, 'base64url');
    if (authTag.length !== TAG_BYTES) throw new Error(`Cannot decrypt token: the authentication tag must be ${TAG_BYTES} bytes`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(context));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
