import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { assignRequestId, redactUrl, requestLogLevel } from './logging';

/**
 * Request logging when successful requests are not logged (any level above debug): the request id as
 * pino-http assigns it (X-Request-Id, `req.id` for audit and error answers) and one line per failed or
 * aborted request, in the same shape as pino-http's lines, written when the response is done. A request
 * that succeeds costs an id and one listener, no child logger. `logger` is asked per line: nestjs-pino
 * builds its root logger only when the app starts.
 */
export function leanRequestLog(logger: () => Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = assignRequestId(req, res);
    (req as { id?: string }).id = id;
    const started = performance.now();
    res.once('close', () => {
      const error = res.writableFinished ? undefined : new Error('request aborted');
      const level = requestLogLevel(res.statusCode, error);
      if (level === 'debug') return;
      const responseTime = Math.round(performance.now() - started);
      // The root logger's req/res serializers (the ones pino-http uses) redact the URL and Location.
      logger()[level](
        { req, res, responseTime, ...(error ? { err: error } : {}) },
        `${req.method} ${redactUrl(req.originalUrl)} → ${res.statusCode} (${responseTime} ms)`,
      );
    });
    next();
  };
}
