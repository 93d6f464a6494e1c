import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_PREFIX } from './common/api-prefix';
import { rejectMalformedBodies } from './common/body-shape';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { leanRequestLog } from './common/lean-request-log';
import { AppLogger, logsEveryRequest } from './common/logging';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation.pipe';
import { appConfig, parseDatabaseSettings } from './config';
import { describeMigrations, migrateDatabase } from './database/migrate';
import { CALLBACK_PAGE_STYLE_HASH } from './integrations/flows/callback-page';
import { readProxyBodies } from './integrations/proxy/proxy-body.middleware';
import { ProxySettings, proxyConfig } from './integrations/proxy/proxy.config';
import { measureHttpRequests } from './metrics/http-metrics';
import { answerScrape, METRICS_PATH } from './metrics/metrics-endpoint';
import { MetricsSettings, metricsConfig } from './metrics/metrics.config';
import { MetricsService } from './metrics/metrics.service';
import { DOCS_PATH, serveOpenApiDocument } from './openapi';
import { validateSettings } from './settings';
import { spaMiddleware } from './spa/serve-spa';

const BODY_LIMIT = '256kb';
/** Meta batches up to 1,000 changes in one Lead Ads webhook (~257 KiB with real ids): this route alone may be larger. */
const FACEBOOK_WEBHOOK_PATH = `/${API_PREFIX}/webhooks/facebook`;
const FACEBOOK_WEBHOOK_BODY_LIMIT = '2mb';

/** Keeps the exact bytes for signature checks, as Nest's own parser does with `rawBody: true`. */
function keepRawBody(req: Request & { rawBody?: Buffer }, _res: unknown, buffer: Buffer): void {
  if (Buffer.isBuffer(buffer)) req.rawBody = buffer;
}

/**
 * Security headers on every response: the SPA, the API, its errors and the callback page. Swagger UI
 * (/api/docs) sets inline styles, so only its page may have them.
 */
function secureHeaders(app: NestExpressApplication, appUrl: string): void {
  const https = new URL(appUrl).protocol === 'https:';
  const site = securityHeaders({ https, styleSources: [CALLBACK_PAGE_STYLE_HASH] });
  const docs = securityHeaders({ https, styleSources: ["'unsafe-inline'"] });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isDocsPage = req.path === `/${DOCS_PATH}` || req.path.startsWith(`/${DOCS_PATH}/`);
    (isDocsPage ? docs : site)(req, res, next);
  });
}

/**
 * Times every request. `/metrics` on the main port answers only with METRICS_TOKEN set, and then only to
 * that token; without one it is a 404 (never the SPA's page), so metrics are never public by default.
 */
function observe(app: NestExpressApplication): void {
  const metrics = app.get(MetricsService);
  const { token } = app.get<MetricsSettings>(metricsConfig.KEY);
  app.use(measureHttpRequests(metrics));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path !== METRICS_PATH) return next();
    if (token !== null && req.method === 'GET') return void answerScrape(metrics, token, req, res);
    res.status(404).json({ statusCode: 404, error: 'not_found', message: 'Not found.' });
  });
}

/**
 * Express takes its routing settings when its router is created, which Nest's adapter does at once, so
 * they are set on an instance of our own: `/auth/login/` and `/AUTH/LOGIN` are not `/auth/login`.
 */
function strictExpress(): ExpressAdapter {
  const server = express();
  server.set('strict routing', true);
  server.set('case sensitive routing', true);
  return new ExpressAdapter(server);
}

/** Builds a fully configured app (used by main.ts, the CLI-less tests and benchmarks alike). */
export async function createApp(options: { logs?: boolean } = {}): Promise<NestExpressApplication> {
  // Before any module starts, so a refusal (MIGRATIONS=manual) is one plain error, not a Nest stack trace.
  const migrations = await migrateDatabase(parseDatabaseSettings(validateSettings(process.env)));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), strictExpress(), {
    bufferLogs: true,
    rawBody: true,
    bodyParser: false,
    abortOnError: false,
    logger: options.logs === false ? false : undefined,
  });
  app.useLogger(new AppLogger(app.get(Logger)));
  app.get(Logger).log(describeMigrations(migrations), 'Database');
  const settings = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy);
  if (!logsEveryRequest(settings.logLevel)) app.use(leanRequestLog(() => PinoLogger.root));
  secureHeaders(app, settings.appUrl);
  observe(app);
  app.use(readProxyBodies(app.get<ProxySettings>(proxyConfig.KEY).maxBodyBytes));
  // Parsed here first, the general parser below skips the request (body-parser marks it as read).
  app.use(FACEBOOK_WEBHOOK_PATH, express.json({ limit: FACEBOOK_WEBHOOK_BODY_LIMIT, verify: keepRawBody }));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // extended: false reads `a[b]=1` as the key "a[b]", so a form body is one level deep whatever it says.
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  app.use(rejectMalformedBodies);
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  serveOpenApiDocument(app);
  const spa = spaMiddleware(settings.spaDir);
  if (spa) app.use(spa);
  return app;
}
