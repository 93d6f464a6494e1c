// Where to go back to after a same-tab OAuth round trip, keyed by flow id (DESIGN §5 fallback).

const prefix = 'aurora:oauth-return:';

export function rememberReturnPath(flowId: string, path: string): void {
  try {
    sessionStorage.setItem(prefix + flowId, path);
  } catch {
    // Storage can be disabled; the complete page then offers a link instead of navigating.
  }
}

/** Reads and forgets the stored path, so a reload of /oauth/complete does not bounce again. */
export function takeReturnPath(flowId: string): string | null {
  try {
    const path = sessionStorage.getItem(prefix + flowId);
    sessionStorage.removeItem(prefix + flowId);
    return path && isSafeAppPath(path) ? path : null;
  } catch {
    return null;
  }
}

/** Only same-origin absolute paths: "/x" but never "//host" or "/\host" (open redirects). */
export function isSafeAppPath(path: unknown): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}
