/** The encodings the build writes next to a file, best first, with the file suffix of each. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

export type ContentEncoding = (typeof PRECOMPRESSED)[number]['encoding'];

/** `gzip;q=0.8, br` → Map { gzip → 0.8, br → 1 }; malformed weights count as 0 (not acceptable). */
function weights(header: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    result.set(name, Number.isFinite(weight) && weight >= 0 && weight <= 1 ? weight : 0);
  }
  return result;
}

/**
 * The encoding to send among `available` (in our order of preference), or null for the file as it is.
 * The client's weights rank first; among equals ours decide, because browsers list gzip before br
 * although br is smaller. No header means identity (RFC 9110 §12.5.3 allows anything, but a client that
 * names nothing may not decode anything).
 */
export function preferredEncoding(header: string | undefined, available: readonly ContentEncoding[]): ContentEncoding | null {
  if (!header) return null;
  const accepted = weights(header);
  const weightOf = (encoding: string) => accepted.get(encoding) ?? accepted.get('*') ?? 0;
  let best: ContentEncoding | null = null;
  for (const encoding of available) {
    if (weightOf(encoding) > 0 && (best === null || weightOf(encoding) > weightOf(best))) best = encoding;
  }
  return best;
}
