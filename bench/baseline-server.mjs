// Baseline for B1: a bare node:http server doing the same work as GET /api/v1/integrations with an
// API key — hash the key, look it up, read the account's connections, build the same JSON — through
// the same driver, without Nest, guards, Passport or TypeORM.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { openDatabase } from './lib/db.mjs';

const require = createRequire(new URL('../backend/package.json', import.meta.url));
// The built catalog (the backend is compiled before a bench); a path in a variable, so the type checker
// does not look for it when linting an unbuilt tree.
const CATALOG = './dist/src/integrations/catalog/index.js';
/** @type {{ PROVIDERS: { key: string, name: string, category: string, description: string }[] }} */
const { PROVIDERS } = require(CATALOG);
const db = openDatabase(process.env.DATABASE_URL ?? '');
const port = Number(process.env.PORT);

createServer(async (req, res) => {
  const key = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!key) return res.writeHead(401).end();
  const hash = createHash('sha256').update(key).digest('hex');
  const [apiKey] = await db.query('SELECT id, account_id, scopes FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [
    hash,
  ]);
  if (!apiKey || !String(apiKey.scopes).split(',').includes('integrations:read')) return res.writeHead(403).end();
  const rows = await db.query('SELECT integration_key, status FROM connections WHERE account_id = ?', [apiKey.account_id]);
  const byKey = new Map(rows.map((r) => [r.integration_key, r.status]));
  const body = JSON.stringify(
    PROVIDERS.map((p) => ({
      key: p.key,
      name: p.name,
      category: p.category,
      description: p.description,
      icon: `/api/v1/integrations/${p.key}/icon.svg`,
      status: byKey.get(p.key) ?? 'disconnected',
      configured: true,
    })),
  );
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(body);
}).listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
