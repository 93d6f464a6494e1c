// The framework's floor for B1 (`FLOOR=on node bench/profile-b1.mjs`): the baseline's bare work
// (lib/bare-catalog.mjs) answered from a minimal Nest application on the Express adapter, with one
// global guard and nothing else: what Nest and Express cost before the app adds any check of its own.
import { createRequire } from 'node:module';
import { bareCatalog } from './lib/bare-catalog.mjs';
import { openDatabase } from './lib/db.mjs';

const require = createRequire(new URL('../backend/package.json', import.meta.url));
require('reflect-metadata');
const { Controller, Get, HttpException, Module, Req } = require('@nestjs/common');
const { APP_GUARD, NestFactory } = require('@nestjs/core');

const db = openDatabase(process.env.DATABASE_URL ?? '');

class BearerGuard {
  /** @param {import('@nestjs/common').ExecutionContext} context */
  canActivate(context) {
    return /^Bearer \S+$/.test(context.switchToHttp().getRequest().headers.authorization ?? '');
  }
}

class CatalogController {
  /** @param {import('node:http').IncomingMessage} req */
  async list(req) {
    const { status, catalog } = await bareCatalog(db, req.headers.authorization);
    if (!catalog) throw new HttpException('refused', status);
    return catalog;
  }
}
const list = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(CatalogController.prototype, 'list'));
Reflect.decorate([Get()], CatalogController.prototype, 'list', list);
Req()(CatalogController.prototype, 'list', 0);
Controller('api/v1/integrations')(CatalogController);

class FloorModule {}
Module({ controllers: [CatalogController], providers: [{ provide: APP_GUARD, useClass: BearerGuard }] })(FloorModule);

const app = await NestFactory.create(FloorModule, { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
console.log(`floor listening on ${process.env.PORT}`);
