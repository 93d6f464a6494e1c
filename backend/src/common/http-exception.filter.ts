import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from './domain.exception';
import { ErrorResponse } from './error-response';

/** body-parser reports client mistakes as plain errors with a `type`; they are 4xx, never 500. */
const BODY_PARSER_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  'entity.parse.failed': { status: 400, error: 'invalid_json', message: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, error: 'payload_too_large', message: 'The request body is too large.' },
  'encoding.unsupported': { status: 415, error: 'unsupported_encoding', message: 'The content encoding is not supported.' },
  'charset.unsupported': { status: 415, error: 'unsupported_charset', message: 'The charset is not supported.' },
  'request.aborted': { status: 400, error: 'request_aborted', message: 'The request was aborted.' },
  'parameters.too.many': { status: 413, error: 'too_many_parameters', message: 'Too many parameters.' },
};

/** Driver error codes meaning "the database cannot answer right now": a retry later will work. */
const DATABASE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && DATABASE_UNAVAILABLE.has(code);
}

function snakeCase(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/\W+/g, '_')
    .toLowerCase();
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const fallback = snakeCase(HttpStatus[statusCode] ?? 'error');
  if (typeof response === 'string') return { statusCode, error: fallback, message: response };
  const body = response as { error?: string; message?: string | string[] };
  const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? exception.message);
  const error = body.error && /^[a-z_]+$/.test(body.error) ? body.error : fallback;
  return { statusCode, error, message };
}

/** The single place that turns any error into `{statusCode, error, message}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request & { id?: string }>();
    if (response.headersSent) return;
    const body = this.toBody(exception, request);
    if (exception instanceof DomainException) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    if (body.statusCode === 503) response.setHeader('Retry-After', '5');
    // Explicitly: a route that answers text or an image has set its Content-Type already, and json() keeps it.
    response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown, request: Request & { id?: string }): ErrorResponse {
    if (exception instanceof DomainException) {
      return { statusCode: exception.status, error: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const type = (exception as { type?: unknown } | null)?.type;
    const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
    if (known) return { statusCode: known.status, error: known.error, message: known.message };
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
      return {
        statusCode: 503,
        error: 'service_unavailable',
        message: 'The service is briefly unavailable. Please try again in a moment.',
      };
    }

    const requestId = request.id === undefined ? undefined : String(request.id);
    this.logger.error({ err: exception, requestId }, 'Unhandled error');
    return {
      statusCode: 500,
      error: 'internal_error',
      message: 'Something went wrong on our side. Quote the request id when reporting it.',
      requestId,
    };
  }
}
