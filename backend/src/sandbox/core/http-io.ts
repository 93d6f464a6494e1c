import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 100 * 1024;

/** A failure the router answers with `status` and a JSON `body`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; error_description: string },
  ) {
    super(body.error_description);
  }
}

export type FormResult = { ok: true; params: URLSearchParams } | { ok: false; problem: string };

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Cache-Control': 'no-store' });
  res.end();
}

export function sendRedirect(res: ServerResponse, location: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

/** Reads the body as UTF-8, refusing more than 100 KB with a 413. */
export function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Keep draining so the client can finish sending and read the 413.
        req.off('data', onData);
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** An `application/x-www-form-urlencoded` body; repeated parameters are refused (RFC 6749 §3.1, §3.2). */
export async function readForm(req: IncomingMessage): Promise<FormResult> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    req.resume();
    return { ok: false, problem: 'Content-Type must be application/x-www-form-urlencoded.' };
  }
  const params = new URLSearchParams(await readBody(req));
  const repeated = repeatedParameter(params);
  return repeated ? { ok: false, problem: `Parameter "${repeated}" must not be repeated.` } : { ok: true, params };
}

/** Form parameters of a non-GET request, or none when the body is not a form (Graph accepts both). */
export async function readOptionalForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  return mediaType(req) === 'application/x-www-form-urlencoded' ? new URLSearchParams(body) : new URLSearchParams();
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  if (mediaType(req) !== 'application/json') {
    req.resume();
    throw new HttpError(415, { error: 'invalid_request', error_description: 'Content-Type must be application/json.' });
  }
  const body = await readBody(req);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new HttpError(400, { error: 'invalid_request', error_description: 'The body is not valid JSON.' });
  }
}

function repeatedParameter(params: URLSearchParams): string | null {
  for (const key of new Set(params.keys())) {
    if (params.getAll(key).length > 1) return key;
  }
  return null;
}

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function tooLarge(): HttpError {
  return new HttpError(413, { error: 'payload_too_large', error_description: 'The body exceeds 100 KB.' });
}
