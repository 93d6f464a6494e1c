import { API_BASE, request, type Query } from './http';
import type { paths } from './schema';

// Calls typed by the generated OpenAPI paths: the path template, its parameters, the body and the
// answer all come from the document the server serves, so a renamed field fails the build.

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The document's paths without the /api/v1 prefix every one of them has. */
type ApiPaths = { [P in keyof paths as P extends `${typeof API_BASE}${infer Rest}` ? Rest : never]: paths[P] };

/** Paths that answer `M`, e.g. `/integrations/{key}` for 'get'. */
export type ApiPath<M extends Method> = {
  [P in keyof ApiPaths]: ApiPaths[P][M] extends { responses: object } ? P : never;
}[keyof ApiPaths];

type OperationOf<M extends Method, P extends ApiPath<M>> = ApiPaths[P][M];

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : undefined;
type SuccessOf<Op> = Op extends { responses: infer Responses }
  ? JsonOf<Responses[Extract<keyof Responses, 200 | 201 | 204>]>
  : never;
type PathParamsOf<Op> = Op extends { parameters: { path: infer Params } } ? Params : undefined;
type QueryOf<Op> = Op extends { parameters: { query?: infer Params } } ? Params : undefined;
type BodyOf<Op> = Op extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : undefined;
/** A body the operation documents as optional (`startConnect`'s `{reconnect}`); never for operations without one. */
type OptionalBodyOf<Op> = Op extends { requestBody?: infer Request }
  ? [NonNullable<Request>] extends [never]
    ? never
    : NonNullable<Request> extends { content: { 'application/json': infer Body } }
      ? Body
      : never
  : never;

type CallOptions<Op> = (PathParamsOf<Op> extends undefined ? { path?: never } : { path: PathParamsOf<Op> }) &
  (BodyOf<Op> extends undefined ? { body?: OptionalBodyOf<Op> } : { body: BodyOf<Op> }) & {
    query?: QueryOf<Op>;
    /** Do not report a 401 as an expired session (sign-in and session probes). */
    allowUnauthorized?: boolean;
  };

/** The options argument may be left out when nothing in it is required. */
type OptionsArgument<Op> = object extends CallOptions<Op> ? [options?: CallOptions<Op>] : [options: CallOptions<Op>];

/** `/integrations/{key}` + `{ key: 'a b' }` → `/integrations/a%20b`. */
function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}

export async function call<M extends Method, P extends ApiPath<M>>(
  method: M,
  path: P,
  ...[options]: OptionsArgument<OperationOf<M, P>>
): Promise<SuccessOf<OperationOf<M, P>>> {
  const {
    path: params,
    query,
    body,
    allowUnauthorized,
  } = (options ?? {}) as {
    path?: Record<string, string>;
    query?: Query;
    body?: unknown;
    allowUnauthorized?: boolean;
  };
  // The server answers what the document says; the document is what the types were generated from.
  return (await request(method.toUpperCase(), fillPath(path, params), { query, body, allowUnauthorized })) as SuccessOf<
    OperationOf<M, P>
  >;
}
