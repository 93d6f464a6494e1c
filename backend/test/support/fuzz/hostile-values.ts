/** Inputs that have broken servers before: wrong types, edge numbers, huge and strange strings, nesting. */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `depth` levels of `{"a": …}` around a string: deeper than the body limit when depth > 32. */
export function nestedObject(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** ~200 kB of arrays inside arrays, as raw JSON text (JSON.stringify of such a value would recurse). */
export const DEEP_ARRAYS_JSON = '['.repeat(100_000) + ']'.repeat(100_000);

export const HUGE = 'x'.repeat(100_000);

export const UNICODE_STRINGS = [
  '😀'.repeat(500),
  'Ω≈ç√∫˜µ≤≥÷',
  '\u202Eevil\u202C',
  'a\u200Bb\u200Dc\uFEFF',
  'e\u0301\u0301\u0301\u0301',
  '\uD800',
  '\uDFFF\uD800',
  '\u0000\u0001\u001F\u007F',
  'ｆｕｌｌｗｉｄｔｈ＠ｅｘａｍｐｌｅ．ｔｅｓｔ',
  'İıſﬁ',
  '𝕏'.repeat(100),
];

export const STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '__proto__',
  'constructor',
  'a'.repeat(255),
  'a'.repeat(5000),
  HUGE,
  ...UNICODE_STRINGS,
];

export const NUMBERS = [0, -1, 1, 1.5, -0, 2 ** 31, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324];

/** Anything but the right thing: every JSON type, arrays, objects, nesting. */
export const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  ...NUMBERS,
  [],
  [null],
  ['a', 1, {}],
  {},
  { $gt: '' },
  JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}') as unknown,
  nestedObject(10),
  nestedObject(40),
  Array.from({ length: 1000 }, (_, i) => i),
  ...STRINGS,
];

/** Path segments: traversal, encodings that do not decode, huge, unicode, injection. */
export const PATH_VALUES = [
  'x',
  '0',
  '-1',
  'null',
  '%',
  '%00',
  '%E0%A4%A',
  '%2F',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  'x'.repeat(5000),
  '%F0%9F%98%80',
  'Ω≈ç√',
  '%20',
  "'%20OR%201=1%20--",
  '%3Cscript%3E',
  '__proto__',
  'constructor',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Query values; opaque tokens (cursors) get well-formed base64url around malformed content. */
export const QUERY_VALUES = [
  '',
  '-5',
  '0',
  '1.5',
  '1000000',
  '1e309',
  'abc',
  'null',
  '%%%',
  '%00',
  'x'.repeat(3000),
  '%F0%9F%98%80',
  b64(null),
  b64([]),
  b64(['2025-01-01T00:00:00.000Z']),
  b64(['not a date', '00000000-0000-0000-0000-000000000000']),
  b64(['+275760-09-13T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
  b64(['9999-12-31T23:59:59.999Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff']),
  b64([1e309, {}]),
  b64({ createdAt: 1, id: 2 }),
  b64(nestedObject(40)),
  Buffer.from(HUGE.slice(0, 3000)).toString('base64url'),
];

/** Request headers a hostile or broken client sends instead of the right ones. */
export const HOSTILE_HEADERS: Record<string, string>[] = [
  { Origin: 'https://evil.test' },
  { Origin: 'null' },
  { Authorization: 'Bearer aur_' },
  { Authorization: `Bearer aur_${'x'.repeat(500)}` },
  { Authorization: 'Basic YWRtaW46YWRtaW4=' },
  { Authorization: 'Bearer\u00ff\u00e9' },
  { Cookie: 'aurora_session=%E0%A4%A' },
  { Cookie: `aurora_session=${'A'.repeat(43)}` },
  { 'X-Hub-Signature-256': 'sha256=' },
  { 'X-Hub-Signature-256': `sha256=${'a'.repeat(64)}` },
  { 'X-Forwarded-For': '::ffff:1.2.3.4, 999.1.1.1' },
  { Accept: 'text/html' },
];
