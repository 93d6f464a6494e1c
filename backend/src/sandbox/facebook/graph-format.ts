import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { sendJson } from '../core/http-io';

export type GraphNode = Record<string, unknown>;

export interface NodeShape {
  /** Graph node type named in field errors, e.g. "LeadgenForm". */
  readonly type: string;
  /** Fields returned when the request names none. */
  readonly defaults: readonly string[];
}

export interface GraphList {
  data: GraphNode[];
  paging?: { cursors: { before: string; after: string }; next?: string };
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

/** A Graph API error: `{error:{message,type,code,error_subcode?,fbtrace_id}}`. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly subcode: number | null = null,
    readonly type = 'OAuthException',
  ) {
    super(message);
  }
}

export function sendGraphError(res: ServerResponse, error: GraphError): void {
  sendJson(res, error.status, {
    error: {
      message: error.message,
      type: error.type,
      code: error.code,
      ...(error.subcode === null ? {} : { error_subcode: error.subcode }),
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  });
}

export function sendGraphUnavailable(res: ServerResponse): void {
  sendGraphError(res, new GraphError(503, 2, 'Service temporarily unavailable'));
}

export function invalidParameter(message: string): GraphError {
  return new GraphError(400, 100, `(#100) ${message}`);
}

/** `?fields=a,b` selection; `id` is always returned and unknown fields are refused as Graph does. */
export function selectFields(node: GraphNode, fields: string | null, shape: NodeShape): GraphNode {
  const requested =
    fields === null
      ? shape.defaults
      : fields
          .split(',')
          .map((field) => field.trim())
          .filter(Boolean);
  const unknown = requested.find((field) => !Object.hasOwn(node, field));
  if (unknown !== undefined) {
    throw invalidParameter(`Tried accessing nonexisting field (${unknown}) on node type (${shape.type})`);
  }
  const selected = ['id', ...requested.filter((field) => field !== 'id')];
  return Object.fromEntries(
    selected.filter((field) => node[field] !== null && node[field] !== undefined).map((field) => [field, node[field]]),
  );
}

/** Cursor paging over `items`; `limit` and `after` are honoured and `next` is given while more remain. */
export function paged<T extends { id: string }>(
  items: readonly T[],
  params: URLSearchParams,
  requestUrl: URL,
  toNode: (item: T) => GraphNode,
): GraphList {
  const limit = parseLimit(params.get('limit'));
  const start = startAfter(items, params.get('after'));
  const slice = items.slice(start, start + limit);
  const first = slice[0];
  const last = slice[slice.length - 1];
  if (!first || !last) return { data: [] };
  const paging: NonNullable<GraphList['paging']> = {
    cursors: { before: encodeCursor(first.id), after: encodeCursor(last.id) },
  };
  if (start + limit < items.length) {
    const next = new URL(requestUrl);
    next.searchParams.set('after', paging.cursors.after);
    paging.next = next.toString();
  }
  return { data: slice.map(toNode), paging };
}

function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw invalidParameter('limit must be a positive integer');
  return Math.min(limit, MAX_LIMIT);
}

function startAfter(items: readonly { id: string }[], cursor: string | null): number {
  if (cursor === null) return 0;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw invalidParameter('The after cursor is not valid for this edge');
  return index + 1;
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}
