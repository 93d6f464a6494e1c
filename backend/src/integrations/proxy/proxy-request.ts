import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 hop-by-hop fields, plus what must never travel from the caller to the provider. */
const NEVER_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
  'authorization',
  'cookie',
  'x-api-key',
  'origin',
  'referer',
  'forwarded',
]);
const NEVER_FORWARDED_PREFIXES = ['x-forwarded-', 'sec-', 'x-real-ip'];

/** What services need to pace themselves and to read the answer; everything else stays with the proxy. */
const RETURNED = ['content-type', 'retry-after', 'location'];
const RETURNED_PREFIXES = ['ratelimit', 'x-ratelimit-'];

export type TargetProblem = 'dot_segment' | 'bad_path';

/**
 * The caller's headers the provider may see: no credentials, cookies or browser context, no hop-by-hop
 * field, nor any field the caller's `Connection` header names as one.
 */
export function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NEVER_FORWARDED.has(name) || named.has(name)) continue;
    if (NEVER_FORWARDED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** The provider's headers handed back: content type, rate limits (`RateLimit-*`, `X-RateLimit-*`), Retry-After. */
export function returnedHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (RETURNED.includes(name) || RETURNED_PREFIXES.some((prefix) => name.startsWith(prefix))) result[name] = value;
  });
  return result;
}

/**
 * The provider URL for `path` (what follows `/proxy`, query included) under `apiBaseUrl`. Dot segments,
 * plain or percent-encoded, are refused rather than resolved: they would climb out of the API base to
 * the provider's OAuth endpoints.
 */
export function targetUrl(apiBaseUrl: string, path: string): URL | TargetProblem {
  const [pathname, query] = splitQuery(path);
  const segments = pathname.split('/');
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return 'bad_path';
  }
  if (decoded.some((segment) => segment === '.' || segment === '..' || segment.includes('\\'))) return 'dot_segment';
  const base = new URL(apiBaseUrl);
  const target = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${pathname}${query}`);
  if (target.origin !== base.origin) return 'bad_path';
  return target;
}

function splitQuery(path: string): [string, string] {
  const at = path.indexOf('?');
  return at === -1 ? [path, ''] : [path.slice(0, at), path.slice(at)];
}

/** A redirect the proxy passes back (same origin as the API) or refuses (any other host). */
export function isForeignRedirect(location: string | null, from: URL): boolean {
  if (location === null) return false;
  return !URL.canParse(location, from.href) || new URL(location, from).origin !== from.origin;
}
