import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const HUB_SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, compared in constant time. */
export function verifyHubSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  const given = header ? HUB_SIGNATURE.exec(header.trim())?.[1] : undefined;
  if (!given) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Constant time whatever the lengths: both sides are hashed first. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export interface SignedRequestPayload {
  algorithm: string;
  user_id: string;
  /** Unix seconds. */
  issued_at: number;
}

/** A signed_request older than this is a replay: Facebook calls the deauthorize URL as soon as it signs one. */
const MAX_AGE_SECONDS = 5 * 60;
/** Clocks differ a little; one from further ahead is not Facebook's. */
const MAX_SKEW_SECONDS = 60;

/** Why a signed_request was refused, in words the caller can answer with. */
export type SignedRequestRejection = 'malformed' | 'bad_signature' | 'bad_algorithm' | 'no_user' | 'stale';

export type SignedRequestResult = { ok: true; payload: SignedRequestPayload } | { ok: false; reason: SignedRequestRejection };

/**
 * Facebook's `signed_request`: `<base64url HMAC-SHA256(payload part)>.<base64url JSON payload>`.
 * Accepted only when the signature matches, the algorithm is HMAC-SHA256, it names a user and it
 * was issued just now (Facebook calls as soon as it signs, so an old one is a replay).
 */
export function verifySignedRequest(appSecret: string, signedRequest: string, now = new Date()): SignedRequestResult {
  const [signature, payload, extra] = signedRequest.split('.');
  if (!signature || !payload || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', appSecret).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const record = data as Partial<Record<keyof SignedRequestPayload, unknown>> | null;
  if (!record || typeof record !== 'object') return { ok: false, reason: 'malformed' };
  if (typeof record.algorithm !== 'string' || record.algorithm.toUpperCase() !== 'HMAC-SHA256') {
    return { ok: false, reason: 'bad_algorithm' };
  }
  const userId = typeof record.user_id === 'string' || typeof record.user_id === 'number' ? String(record.user_id) : '';
  if (!userId) return { ok: false, reason: 'no_user' };
  const issuedAt = record.issued_at;
  const age = typeof issuedAt === 'number' ? now.getTime() / 1000 - issuedAt : NaN;
  if (!(age <= MAX_AGE_SECONDS && age >= -MAX_SKEW_SECONDS)) return { ok: false, reason: 'stale' };
  return { ok: true, payload: { algorithm: record.algorithm, user_id: userId, issued_at: issuedAt as number } };
}

/** The payload of a valid, fresh signed_request, or null whatever the reason. */
export function parseSignedRequest(appSecret: string, signedRequest: string, now = new Date()): SignedRequestPayload | null {
  const result = verifySignedRequest(appSecret, signedRequest, now);
  return result.ok ? result.payload : null;
}
