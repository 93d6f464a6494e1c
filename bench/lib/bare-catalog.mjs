// The work of GET /api/v1/integrations with an API key, done bare — hash the key, look it up, read the
// account's connections, build the same list — through the app's drivers, without guards, Passport or
// TypeORM. B1's baseline serves it from node:http; the profiler's framework floor from inside Nest.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../backend/package.json', import.meta.url));
// The built catalog (the backend is compiled before a bench); a path in a variable, so the type checker
// does not look for it when linting an unbuilt tree.
const CATALOG = './dist/src/integrations/catalog/index.js';
/** @type {{ PROVIDERS: { key: string, name: string, category: string, description: string }[] }} */
const { PROVIDERS } = require(CATALOG);

/**
 * @param {import('./db.mjs').BenchDatabase} db
 * @param {string | undefined} authorization the request's Authorization header
 * @returns {Promise<{ status: number, catalog?: object[] }>}
 */
export async function bareCatalog(db, authorization) {
  const key = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!key) return { status: 401 };
  const hash = createHash('sha256').update(key).digest('hex');
  const [apiKey] = await db.query('SELECT id, account_id, scopes FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [
    hash,
  ]);
  if (!apiKey || !String(apiKey.scopes).split(',').includes('integrations:read')) return { status: 403 };
  const rows = await db.query('SELECT integration_key, status FROM connections WHERE account_id = ?', [apiKey.account_id]);
  const byKey = new Map(rows.map((r) => [r.integration_key, r.status]));
  const catalog = PROVIDERS.map((p) => ({
    key: p.key,
    name: p.name,
    category: p.category,
    description: p.description,
    icon: `/api/v1/integrations/${p.key}/icon.svg`,
    status: byKey.get(p.key) ?? 'disconnected',
    configured: true,
  }));
  return { status: 200, catalog };
}
