export const API_BASE = '/api/v1';

/** Machine codes the server sends in `error`, plus the ones the client makes up itself. */
export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden_role'
  | 'not_found'
  | 'not_connected'
  | 'already_connected'
  | 'not_configured'
  | 'invalid_credentials'
  | 'too_many_requests'
  | 'validation_failed'
  | 'network_error'
  | 'server_error'
  | (string & {});

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** Seconds to wait before trying again (from Retry-After), when the server said so. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Normalises anything a request can throw, so stores only ever hold ApiError. */
export function toApiError(caught: unknown): ApiError {
  if (isApiError(caught)) return caught;
  return new ApiError(0, 'unknown', caught instanceof Error ? caught.message : String(caught));
}

type UnauthorizedListener = (error: ApiError) => void;
let unauthorizedListener: UnauthorizedListener | null = null;

/**
 * Called when a request that needs a session answers 401, so the app can send the person back to
 * the sign-in page. Auth endpoints opt out: their 401 is an answer, not an expired session.
 */
export function onUnauthorized(listener: UnauthorizedListener | null): void {
  unauthorizedListener = listener;
}

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Do not report a 401 as an expired session (sign-in and session probes). */
  allowUnauthorized?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** The transport under the typed `call()`: JSON in and out, the cookies along, failures as ApiError. */
export async function request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      // The session cookie and the OAuth browser-binding cookie must travel with every call.
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }

  const payload = await readJson(response);
  if (!response.ok) {
    const error = errorFromResponse(response, payload);
    if (error.status === 401 && !options.allowUnauthorized) unauthorizedListener?.(error);
    throw error;
  }
  return payload;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const codeByStatus: Record<number, ApiErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden_role',
  404: 'not_found',
  429: 'too_many_requests',
};

/** What may be read from a failed response's body: the server's ErrorResponse, or whatever a proxy sent. */
function isErrorBody(value: unknown): value is { error?: unknown; message?: unknown } {
  return typeof value === 'object' && value !== null;
}

function errorFromResponse(response: Response, payload: unknown): ApiError {
  const body = isErrorBody(payload) ? payload : {};
  const code =
    typeof body.error === 'string' && body.error
      ? body.error
      : (codeByStatus[response.status] ?? (response.status >= 500 ? 'server_error' : 'unknown'));
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : typeof body.message === 'string'
      ? body.message
      : response.statusText || `Request failed with status ${response.status}`;
  return new ApiError(response.status, code, message, parseRetryAfter(response.headers.get('Retry-After')));
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
