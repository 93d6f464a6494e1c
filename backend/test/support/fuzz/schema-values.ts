import { DEEP_ARRAYS_JSON, HUGE, nestedObject, UNICODE_STRINGS, WRONG_VALUES } from './hostile-values';
import type { Schema } from './openapi';
import type { Random } from './random';

/** A request body as sent: the raw text and its Content-Type (none for an empty body). */
export interface Body {
  text: string;
  type?: string;
}

const typeOf = (schema: Schema): string | undefined => {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
};

function merged(schema: Schema): Schema {
  if (!schema.allOf) return schema;
  return schema.allOf.reduce<Schema>(
    (all, part) => ({
      ...all,
      ...part,
      properties: { ...all.properties, ...part.properties },
      required: [...(all.required ?? []), ...(part.required ?? [])],
    }),
    { ...schema, allOf: undefined },
  );
}

/** A value the schema describes: its example, default or first enum value, else one built from its type. */
export function validValue(input: Schema, depth = 0): unknown {
  const schema = merged(input.oneOf?.[0] ?? input.anyOf?.[0] ?? input);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (typeOf(schema) ?? 'any') {
    case 'string':
      if (schema.format === 'email') return 'fuzz@aurora.test';
      if (schema.format === 'date-time') return new Date(0).toISOString();
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !schema.items ? [] : [validValue(schema.items, depth + 1)];
    case 'object': {
      if (depth > 4) return {};
      const entries = Object.entries(schema.properties ?? {}).map(([key, property]) => [key, validValue(property, depth + 1)]);
      if (entries.length === 0 && typeof schema.additionalProperties === 'object') {
        entries.push(['key', validValue(schema.additionalProperties, depth + 1)]);
      }
      return Object.fromEntries(entries);
    }
    default:
      return 'x';
  }
}

const json = (value: unknown): Body => ({ text: JSON.stringify(value) ?? 'null', type: 'application/json' });

function form(value: unknown): Body {
  const fields: [string, unknown][] = value && typeof value === 'object' ? Object.entries(value) : [['value', value]];
  const params = new URLSearchParams();
  for (const [key, field] of fields) params.append(key, typeof field === 'string' ? field : String(JSON.stringify(field)));
  return { text: params.toString(), type: 'application/x-www-form-urlencoded' };
}

function withEveryString(value: unknown, replacement: (random: Random) => string, random: Random): unknown {
  if (typeof value === 'string') return replacement(random);
  if (Array.isArray(value)) return value.map((item) => withEveryString(item, replacement, random));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withEveryString(v, replacement, random)]));
  }
  return value;
}

/** Bodies that are not JSON at all, or not the kind of JSON the route wants. */
const RAW_BODIES: Body[] = [
  { text: '' },
  { text: '{', type: 'application/json' },
  { text: 'null', type: 'application/json' },
  { text: '"string"', type: 'application/json' },
  { text: '[]', type: 'application/json' },
  { text: '12345', type: 'application/json' },
  { text: '\u0000\u0001\u0002', type: 'application/json' },
  { text: '{"a":1,"a":2}', type: 'application/json' },
  { text: '{}', type: 'application/json; charset=utf-16' },
  { text: '{}', type: 'application/json; charset=klingon' },
  { text: DEEP_ARRAYS_JSON, type: 'application/json' },
  { text: JSON.stringify({ a: HUGE.repeat(3) }), type: 'application/json' },
  { text: 'hello', type: 'text/plain' },
  { text: '<a>1</a>', type: 'application/xml' },
  { text: 'a=1&a=2&%%%', type: 'application/x-www-form-urlencoded' },
  { text: `a${'[a]'.repeat(200)}=1`, type: 'application/x-www-form-urlencoded' },
  { text: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', type: 'multipart/form-data; boundary=x' },
];

/**
 * One body for an operation: valid, or broken in one way — a field missing, mistyped, null, huge, in
 * strange unicode or nested too deep, an extra field, the wrong shape, the wrong encoding.
 */
export function fuzzedBody(schema: Schema | undefined, random: Random): Body {
  if (!schema || random.chance(0.15)) return random.pick(RAW_BODIES);
  const valid = validValue(schema) as Record<string, unknown>;
  const isObject = valid !== null && typeof valid === 'object' && !Array.isArray(valid);
  const keys = isObject ? Object.keys(valid) : [];
  const field = keys.length ? random.pick(keys) : 'field';
  const required = merged(schema).required ?? [];
  switch (random.int(10)) {
    case 0:
      return json(valid);
    case 1: {
      const missing = required.length ? random.pick(required) : field;
      return json(Object.fromEntries(Object.entries(isObject ? valid : {}).filter(([key]) => key !== missing)));
    }
    case 2:
      return json({ ...(isObject ? valid : {}), [field]: random.pick(WRONG_VALUES) });
    case 3:
      return json({
        ...(isObject ? valid : {}),
        [random.pick(['extra', '__proto__', 'constructor', '', HUGE.slice(0, 300)])]: 1,
      });
    case 4:
      return json(Object.fromEntries(keys.map((key) => [key, null])));
    case 5:
      return json(withEveryString(valid, (r) => r.pick(UNICODE_STRINGS), random));
    case 6:
      return json(withEveryString(valid, () => HUGE.slice(0, 50_000), random));
    case 7:
      return json({ ...(isObject ? valid : {}), [field]: nestedObject(random.pick([31, 33, 100])) });
    case 8:
      return json(random.pick([[valid], 'text', 0, null, true, Object.values(isObject ? valid : {})]));
    default:
      return form(random.chance(0.5) ? valid : { ...(isObject ? valid : {}), [field]: random.pick(WRONG_VALUES) });
  }
}
