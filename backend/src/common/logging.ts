import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Logger, Params } from 'nestjs-pino';
import pino from 'pino';
import pretty from 'pino-pretty';

/** Query parameters that carry credentials in OAuth callbacks and webhooks. */
const SECRET_QUERY_PARAMS = ['code', 'state', 'access_token', 'token', 'hub.verify_token', 'client_secret', 'code_verifier'];

export function redactUrl(url: string | undefined): string | undefined {
  if (!url || !url.includes('?')) return url;
  const [path, query] = url.split('?', 2);
  const params = new URLSearchParams(query);
  for (const name of SECRET_QUERY_PARAMS) if (params.has(name)) params.set(name, '[Redacted]');
  return `${path}?${params.toString()}`;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is a sane token, else a new one; echoed on the response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Below debug nothing logs a successful request, so pino-http's per-request child logger and the
 * request-scoped store nestjs-pino keeps in AsyncLocalStorage (whose promise hooks tax every await on
 * Node 20) are only worth it at debug and trace; otherwise `leanRequestLog` stands in for them.
 */
export function logsEveryRequest(level: string): boolean {
  return level === 'debug' || level === 'trace';
}

export type LogFormat = 'pretty' | 'json';

export interface LogOutput {
  /** Write to this file (always JSON) instead of stdout. */
  file?: string;
  /** `pretty` for a person at a terminal, `json` for log collectors. */
  format: LogFormat;
}

/**
 * Request lines: failures at warn/error, everything else at debug, so a terminal at `info` shows
 * what happened in the app rather than one line per request.
 */
export function requestLogLevel(statusCode: number, error?: unknown): 'error' | 'warn' | 'debug' {
  if (error || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'debug';
}

function prettyStream() {
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,reqId',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
}

/** Structured logs with credentials removed before they leave the process. */
export function loggerParams(level: string, output: LogOutput): Params {
  const options: Params['pinoHttp'] = {
    level,
    genReqId: assignRequestId,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.accessToken',
        '*.refreshToken',
        '*.access_token',
        '*.refresh_token',
        '*.client_secret',
        '*.code_verifier',
        '*.token',
        '*.secret',
      ],
      censor: '[Redacted]',
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      // Redirects to providers carry the OAuth state in their Location header.
      res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
        statusCode: res.statusCode,
        location: typeof res.headers?.location === 'string' ? redactUrl(res.headers.location) : undefined,
      }),
    },
    customLogLevel: (_req, res, err) => requestLogLevel(res.statusCode, err),
    // "GET /api/v1/contacts → 404 (3 ms)" reads at a glance; the same facts stay in req/res for JSON.
    customSuccessMessage: (req, res, responseTime) =>
      `${req.method} ${redactUrl(req.url)} → ${res.statusCode} (${Math.round(responseTime)} ms)`,
  };
  // No routes: the root logger is still built (Nest's and the app's logs go through it), the middleware is not.
  const routes = logsEveryRequest(level) ? {} : { forRoutes: [] };
  if (output.file) {
    return { ...routes, pinoHttp: [options, pino.destination({ dest: output.file, append: true, mkdir: true, sync: true })] };
  }
  return { ...routes, pinoHttp: output.format === 'pretty' ? [options, prettyStream()] : options };
}

/** Nest's own start-up chatter (one line per module and route), useful only when debugging the wiring. */
const BOOTSTRAP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Forwards to pino, demoting Nest's start-up lines to debug so `npm start` shows what matters. */
export class AppLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    if (typeof context === 'string' && BOOTSTRAP_CONTEXTS.has(context)) this.pino.debug(message, ...params);
    else this.pino.log(message, ...params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.pino.error(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.pino.warn(message, ...params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.pino.debug(message, ...params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.pino.verbose(message, ...params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.pino.fatal(message, ...params);
  }
}
