// Baseline for B1: a bare node:http server doing the same work as GET /api/v1/integrations with an
// API key (see lib/bare-catalog.mjs), without Nest, guards, Passport or TypeORM.
import { createServer } from 'node:http';
import { bareCatalog } from './lib/bare-catalog.mjs';
import { openDatabase } from './lib/db.mjs';

const db = openDatabase(process.env.DATABASE_URL ?? '');
const port = Number(process.env.PORT);

createServer(async (req, res) => {
  const { status, catalog } = await bareCatalog(db, req.headers.authorization);
  if (!catalog) return res.writeHead(status).end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(catalog));
}).listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
