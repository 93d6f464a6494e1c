import { createHmac } from 'node:crypto';
import { HOSTILE_HEADERS, PATH_VALUES, QUERY_VALUES, STRINGS } from './hostile-values';
import type { Operation, Schema } from './openapi';
import type { Random } from './random';
import { Body, fuzzedBody, validValue } from './schema-values';

export type Caller = 'anonymous' | 'agent' | 'admin' | 'apiKey';
export const CALLERS: Caller[] = ['anonymous', 'agent', 'admin', 'apiKey'];

export interface FuzzRequest {
  operation: Operation;
  caller: Caller;
  method: string;
  path: string;
  /** Sent on top of the caller's credentials (a hostile header replaces the credential it names). */
  headers: Record<string, string>;
  /** Whether `headers` tamper with the caller's credentials or origin. */
  hostile: boolean;
  body?: string;
}

export interface RequestContext {
  /** Real values for path parameters by name (an integration key, a flow id…), so some requests get far. */
  knownValues: Record<string, string[]>;
  /** Signs a share of the bodies as Facebook would, so signed routes read what they are sent. */
  webhookSecret: string;
}

function queryValue(schema: Schema, random: Random): string[] {
  const valid = validValue(schema);
  switch (random.int(4)) {
    case 0:
      return [typeof valid === 'string' ? valid : JSON.stringify(valid)];
    case 1:
      return [random.pick(QUERY_VALUES), random.pick(QUERY_VALUES)];
    case 2:
      return [random.pick(STRINGS).slice(0, 4000)];
    default:
      return [random.pick(QUERY_VALUES)];
  }
}

function queryString(operation: Operation, random: Random): string {
  const params = new URLSearchParams();
  for (const { name, schema } of operation.query) {
    if (random.chance(0.4)) continue;
    for (const value of queryValue(schema, random)) params.append(name, value);
  }
  if (random.chance(0.1)) params.append(random.pick(['unknown', 'cursor', '__proto__', 'limit[]']), random.pick(QUERY_VALUES));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function pathValue(name: string, context: RequestContext, random: Random): string {
  const known = context.knownValues[name];
  if (known?.length && random.chance(0.5)) return encodeURIComponent(random.pick(known));
  return random.pick(PATH_VALUES);
}

/**
 * The `index`-th request: operations and callers are taken in turn (so each pair is tried about equally
 * often), everything else is drawn at random.
 */
export function fuzzRequest(operations: Operation[], index: number, context: RequestContext, random: Random): FuzzRequest {
  const operation = operations[index % operations.length];
  const caller = CALLERS[Math.floor(index / operations.length) % CALLERS.length];
  const path =
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(name, context, random)) + queryString(operation, random);
  const hostile = random.chance(0.1);
  const headers: Record<string, string> = hostile ? { ...random.pick(HOSTILE_HEADERS) } : {};
  let body: Body | undefined;
  if (operation.method !== 'GET') {
    body = fuzzedBody(operation.body, random);
    if (body.type) headers['Content-Type'] = body.type;
    if (random.chance(0.3)) {
      headers['X-Hub-Signature-256'] = `sha256=${createHmac('sha256', context.webhookSecret).update(body.text).digest('hex')}`;
    }
  }
  return { operation, caller, method: operation.method, path, headers, hostile, body: body?.text };
}
