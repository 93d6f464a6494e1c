/**
 * The part of an OpenAPI 3 document the fuzzer reads: paths, methods, parameters and JSON request bodies,
 * with `$ref`s resolved. It relies on the format only, not on this API's operation ids, tags or names.
 */

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

export interface Operation {
  method: string;
  /** With `{name}` placeholders, as in the document. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  /** The JSON body's schema, fully resolved; undefined when the operation documents none. */
  body?: Schema;
  /** False for a route the app serves but leaves out of the document (browser-facing popup pages). */
  documented: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function pointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

/** Inlines every `$ref` (the schemas here are not recursive; a cycle is cut after a few levels). */
export function resolveSchema(document: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 8) return schema;
  if (schema.$ref) return resolveSchema(document, pointer(document, schema.$ref) as Schema, depth + 1);
  const resolved: Schema = { ...schema };
  const one = (s: Schema | undefined) => resolveSchema(document, s, depth + 1);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, one(v) as Schema]));
  }
  if (schema.items) resolved.items = one(schema.items);
  if (typeof schema.additionalProperties === 'object') resolved.additionalProperties = one(schema.additionalProperties);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (schema[key]) resolved[key] = schema[key].map((s) => one(s) as Schema);
  }
  return resolved;
}

function parameter(document: OpenApiDocument, raw: Parameter | { $ref: string }): Parameter {
  return '$ref' in raw ? (pointer(document, raw.$ref) as Parameter) : raw;
}

/** Every documented operation, plus each served route the document leaves out (`:name` → `{name}`). */
export function operationsOf(document: OpenApiDocument, servedRoutes: { method: string; path: string }[]): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const parameters = (operation.parameters ?? []).map((raw) => parameter(document, raw));
      const requestBody = operation.requestBody?.$ref
        ? (pointer(document, operation.requestBody.$ref) as OperationObject['requestBody'])
        : operation.requestBody;
      const json = Object.entries(requestBody?.content ?? {}).find(([type]) => /json/i.test(type))?.[1];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: resolveSchema(document, p.schema) ?? {} })),
        body: json ? resolveSchema(document, json.schema) : undefined,
        documented: true,
      });
    }
  }
  const known = new Set(operations.map((op) => `${op.method} ${op.path}`));
  for (const route of servedRoutes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    if (known.has(`${route.method} ${path}`)) continue;
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    operations.push({ method: route.method, path, pathParams, query: [], documented: false });
  }
  return operations;
}
