import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Logger, Params } from 'nestjs-pino';
import pino from 'pino';

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

/** Structured logs with credentials removed before they leave the process. */
export function loggerParams(level: string, file?: string): Params {
  const options: Params['pinoHttp'] = {
    level,
    genReqId: (req: IncomingMessage, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
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
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  };
  return { pinoHttp: file ? [options, pino.destination({ dest: file, append: true, mkdir: true, sync: true })] : options };
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
