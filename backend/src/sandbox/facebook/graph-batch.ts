import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { GraphError, invalidParameter, sendGraphError } from './graph-format';
import { sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';

/** Meta refuses a batch of more requests whole (each one still counts against rate limits on its own). */
export const MAX_BATCH_REQUESTS = 50;

/** Answers one Graph call (`path`: the version, then the object and edges) on `ctx.res`, or throws a GraphError. */
export type GraphDispatch = (
  ctx: ProviderRequestContext,
  method: string,
  path: readonly string[],
  params: URLSearchParams,
) => Promise<void>;

/** One answer of a batch as Graph sends it: its own status, headers and a JSON-encoded body string. */
export interface BatchAnswer {
  code: number;
  headers?: { name: string; value: string }[];
  body: string;
}

interface BatchItem {
  method: string;
  relativeUrl: string;
  body: string | undefined;
}

/**
 * `POST /<version>/` with `batch=[{method, relative_url, body?}…]` (Graph's Batch API): at most 50
 * requests, answered in order, each separately — one refused read does not fail the others. A request
 * without its own `access_token` uses the batch's token and `appsecret_proof`; one with its own token
 * must bring its own proof. A request that never answers (a hanging fault) is `null`, as Meta sends
 * for timed-out operations.
 */
export async function handleBatch(ctx: ProviderRequestContext, params: URLSearchParams, dispatch: GraphDispatch): Promise<void> {
  const items = parseBatch(params.get('batch'));
  const includeHeaders = params.get('include_headers') !== 'false';
  const answers: (BatchAnswer | null)[] = [];
  // One after another, so rate-limit counting per request is deterministic.
  for (const item of items) answers.push(await answer(ctx, params, item, includeHeaders, dispatch));
  sendJson(ctx.res, 200, answers);
}

function parseBatch(raw: string | null): BatchItem[] {
  if (raw === null) throw invalidParameter('The parameter batch is required');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter('batch parameter must be a JSON array');
  }
  if (!Array.isArray(parsed)) throw invalidParameter('batch parameter must be a JSON array');
  if (parsed.length === 0) throw invalidParameter('batch parameter must not be empty');
  if (parsed.length > MAX_BATCH_REQUESTS) {
    throw new GraphError(
      400,
      1,
      `Too many requests in batch message. Maximum batch size is ${MAX_BATCH_REQUESTS}`,
      null,
      'GraphBatchException',
    );
  }
  return parsed.map((item: unknown) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const { method, relative_url: relativeUrl, body } = record;
    if (typeof method !== 'string' || typeof relativeUrl !== 'string') {
      throw invalidParameter('Each batch request must have a method and a relative_url');
    }
    if (body !== undefined && typeof body !== 'string') throw invalidParameter('A batch request body must be a string');
    return { method: method.toUpperCase(), relativeUrl, body };
  });
}

async function answer(
  ctx: ProviderRequestContext,
  batchParams: URLSearchParams,
  item: BatchItem,
  includeHeaders: boolean,
  dispatch: GraphDispatch,
): Promise<BatchAnswer | null> {
  const base = ctx.url.pathname.replace(/\/?$/, '/');
  const url = new URL(item.relativeUrl.replace(/^\/+/, ''), `${ctx.url.origin}${base}`);
  const params = new URLSearchParams(url.searchParams);
  if (item.body !== undefined && item.method !== 'GET')
    for (const [name, value] of new URLSearchParams(item.body)) params.append(name, value);
  if (!params.has('access_token')) inheritToken(params, batchParams);
  const captured = new CapturedResponse();
  const subCtx: ProviderRequestContext = { ...ctx, url, res: captured as unknown as ServerResponse };
  const segments = url.pathname.startsWith(base) ? url.pathname.slice(base.length).split('/') : [''];
  try {
    await dispatch(subCtx, item.method, [versionOf(ctx), ...segments], params);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    captured.writeGraphError(error);
  }
  return captured.toAnswer(includeHeaders);
}

function inheritToken(params: URLSearchParams, batchParams: URLSearchParams): void {
  const token = batchParams.get('access_token');
  if (token === null) return;
  params.set('access_token', token);
  const proof = batchParams.get('appsecret_proof');
  if (proof !== null) params.set('appsecret_proof', proof);
}

/** The batch was posted to `/…/graph/<version>/`: its last path segment is the version. */
function versionOf(ctx: ProviderRequestContext): string {
  return ctx.url.pathname.split('/').filter(Boolean).at(-1) ?? '';
}

/**
 * Stands in for the ServerResponse a Graph handler writes to (they only call `writeHead` and `end`,
 * through sendJson), so a sub-request is answered by exactly the code that answers a plain call.
 */
class CapturedResponse {
  private status = 0;
  private headers: { name: string; value: string }[] = [];
  private body: string | null = null;

  writeHead(status: number, headers: OutgoingHttpHeaders = {}): this {
    this.status = status;
    this.headers = Object.entries(headers).map(([name, value]) => ({ name, value: String(value) }));
    return this;
  }

  end(chunk?: string): this {
    this.body = chunk ?? '';
    return this;
  }

  writeGraphError(error: GraphError): void {
    sendGraphError(this as unknown as ServerResponse, error);
  }

  toAnswer(includeHeaders: boolean): BatchAnswer | null {
    if (this.body === null) return null;
    return { code: this.status, ...(includeHeaders ? { headers: this.headers } : {}), body: this.body };
  }
}
