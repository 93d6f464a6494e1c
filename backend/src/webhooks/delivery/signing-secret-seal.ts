import type { TokenCipher, TokenContext } from '../../integrations/connections/token-cipher';

/**
 * Signing secrets are stored sealed with the token cipher (key-rotation aware like OAuth tokens), bound to
 * their endpoint: a database dump alone cannot forge deliveries, and a sealed value moved to another
 * endpoint's row does not decrypt. The current and the previous secret share the context, so a rotation
 * moves the sealed current secret to `previous_secret` as it is.
 */
export function signingSecretContext(endpoint: { id: string; accountId: string }): TokenContext {
  return { accountId: endpoint.accountId, integrationKey: `webhook-endpoint:${endpoint.id}`, field: 'webhook_secret' };
}

export function sealSigningSecret(cipher: TokenCipher, endpoint: { id: string; accountId: string }, secret: string): string {
  return cipher.encrypt(secret, signingSecretContext(endpoint));
}

export function openSigningSecret(cipher: TokenCipher, endpoint: { id: string; accountId: string }, sealed: string): string {
  return cipher.decrypt(sealed, signingSecretContext(endpoint));
}
