import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** log2 of scrypt's N: 2^17 with r=8, p=1 is OWASP's current guidance (128 MiB per hash). */
export const DEFAULT_PASSWORD_HASH_COST = 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Stored costs outside this range are not ours (or are corrupt): never allocate for them. */
const STORED_COSTS = { min: 10, max: 20 };

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes and refuses anything over maxmem (32 MiB by default): allow twice that.
  const maxmem = 2 * 128 * n * r;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key`, or null when the value is not one of ours. */
function parse(stored: string): Parsed | null {
  const [scheme, n, r, p, salt, key, extra] = stored.split('$');
  const cost = Math.log2(Number(n));
  const valid =
    scheme === 'scrypt' && Number.isInteger(cost) && cost >= STORED_COSTS.min && cost <= STORED_COSTS.max && !!salt && !!key;
  if (!valid || extra !== undefined || !/^[1-8]$/.test(r ?? '') || !/^[1-4]$/.test(p ?? '')) return null;
  return { n: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Memory-hard password hashing (scrypt), self-describing so the cost can be raised and old hashes upgraded. */
export class PasswordHasher {
  private readonly n: number;

  constructor(cost = DEFAULT_PASSWORD_HASH_COST) {
    this.n = 2 ** cost;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.n, R, P);
    return ['scrypt', this.n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const actual = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p);
    return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
  }

  /** A hash made with less work than today's: worth replacing once the password is known to be right. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    return !parsed || parsed.n < this.n || parsed.r !== R || parsed.p !== P;
  }
}
