import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Also the PKCE S256 transform (RFC 7636 §4.2): BASE64URL(SHA256(verifier)). */
export function sha256Base64Url(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Compares digests so that neither the content nor the length of a secret leaks through timing. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function hmacSha256Hex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Enough of a token to recognise it in the event log without making the log a credential store. */
export function tokenHint(token: string): string {
  return `${token.slice(0, 11)}…`;
}
