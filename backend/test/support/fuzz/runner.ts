import type { Caller, FuzzRequest } from './requests';

/** Issue #11: no request may take longer than this, whatever it sends. */
export const RESPONSE_BOUND_MS = 2000;
/** Enough concurrency to shake out races, bounded for a shared loopback. */
const IN_FLIGHT = 4;

/** The callers' credentials; a person whose session a fuzzed sign-out ended signs in again. */
export interface Sessions {
  headers(caller: Caller): Record<string, string>;
  renew(caller: Caller, ended: Record<string, string>): Promise<void>;
}

export interface FuzzReport {
  requests: number;
  statuses: Record<number, number>;
  serverErrors: number;
  slowest: { ms: number; request: string };
  /** Response times in ms, ascending. */
  durations: number[];
  problems: string[];
}

const describe = (r: FuzzRequest) =>
  `${r.method} ${r.path.slice(0, 140)} as ${r.caller} (${r.headers['Content-Type'] ?? 'no body'}: ${(r.body ?? '').slice(0, 80)})`;

/** What is wrong with one answer: a 5xx, an error body that is not the JSON error shape, or slowness. */
function problemOf(request: FuzzRequest, response: Response, text: string, ms: number): string | undefined {
  if (response.status >= 500) return `${response.status} ${text.slice(0, 200)}`;
  if (ms > RESPONSE_BOUND_MS) return `took ${Math.round(ms)} ms`;
  if (response.status < 400) return undefined;
  // The provider proxy relays the provider's own error bodies (marked so); the app's errors keep the shape.
  if (response.headers.get('aurora-proxied')) return undefined;
  const type = response.headers.get('content-type') ?? '';
  // Pages opened in the connect popup (left out of the OpenAPI document) answer people with HTML.
  if (!request.operation.documented && type.startsWith('text/html')) return undefined;
  if (!type.startsWith('application/json')) return `${response.status} with a ${type || 'typeless'} error body`;
  try {
    const body = JSON.parse(text) as { statusCode?: unknown; error?: unknown; message?: unknown };
    const shaped = body.statusCode === response.status && typeof body.error === 'string' && typeof body.message === 'string';
    return shaped ? undefined : `${response.status} error body is not {statusCode, error, message}: ${text.slice(0, 200)}`;
  } catch {
    return `${response.status} error body is not JSON: ${text.slice(0, 200)}`;
  }
}

/** The whole body, except an open event stream's: it never ends, so its opening is all there is to judge. */
async function bodyOf(response: Response): Promise<string> {
  if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response.text();
  await response.body?.cancel();
  return '';
}

/** Sends every request against `baseUrl`, IN_FLIGHT at a time, and reports what went wrong. */
export async function runFuzz(baseUrl: string, requests: FuzzRequest[], sessions: Sessions): Promise<FuzzReport> {
  const report: FuzzReport = {
    requests: 0,
    statuses: {},
    serverErrors: 0,
    slowest: { ms: 0, request: '' },
    durations: [],
    problems: [],
  };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const credentials = sessions.headers(request.caller);
      const started = performance.now();
      let problem: string | undefined;
      try {
        const response = await fetch(`${baseUrl}${request.path}`, {
          method: request.method,
          headers: { ...credentials, ...request.headers },
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        const text = await bodyOf(response);
        const ms = performance.now() - started;
        report.durations.push(ms);
        report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
        if (response.status >= 500) report.serverErrors++;
        if (ms > report.slowest.ms) report.slowest = { ms: Math.round(ms), request: describe(request) };
        problem = problemOf(request, response, text, ms);
        if (response.status === 401 && !request.hostile && /"error":"unauthorized"/.test(text)) {
          await sessions.renew(request.caller, credentials);
        }
      } catch (error) {
        problem = `no answer: ${String((error as { cause?: unknown }).cause ?? error)}`;
      }
      report.requests++;
      if (problem) report.problems.push(`${describe(request)} → ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  report.durations.sort((a, b) => a - b);
  return report;
}
