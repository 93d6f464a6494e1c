/**
 * Graph API versions and when Meta releases them. Meta guarantees each version for at least two years
 * after its release, and announces the exact end-of-life date in the changelog
 * (https://developers.facebook.com/docs/graph-api/changelog/versions); `endOfLife` is that guaranteed
 * minimum. Add a row when Meta ships a version, and move the provider's `defaultVersion` to it.
 */
export const GRAPH_VERSIONS: readonly { version: string; released: string; endOfLife: string }[] = [
  { version: 'v24.0', released: '2025-10-08', endOfLife: '2027-10-08' },
  { version: 'v23.0', released: '2025-05-29', endOfLife: '2027-05-29' },
  { version: 'v22.0', released: '2025-01-21', endOfLife: '2027-01-21' },
  { version: 'v21.0', released: '2024-10-02', endOfLife: '2026-10-02' },
  { version: 'v20.0', released: '2024-05-21', endOfLife: '2026-05-21' },
  { version: 'v19.0', released: '2024-01-23', endOfLife: '2026-01-23' },
];

/** The newest stable version: the provider's default. */
export const NEWEST_GRAPH_VERSION = GRAPH_VERSIONS[0].version;

const WARN_DAYS = 90;
const DAY_MS = 86_400_000;

const numeric = (version: string) => {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major * 1000 + minor;
};

/** A start-up warning when the configured version ends within 90 days, has ended, or is older than the table. */
export function graphVersionWarning(version: string, now = new Date()): string | null {
  const known = GRAPH_VERSIONS.find((row) => row.version === version);
  if (!known) {
    const oldest = GRAPH_VERSIONS[GRAPH_VERSIONS.length - 1].version;
    if (numeric(version) > numeric(NEWEST_GRAPH_VERSION)) return null;
    return `FACEBOOK_GRAPH_VERSION=${version} is older than ${oldest} and no longer served by Meta; use ${NEWEST_GRAPH_VERSION}.`;
  }
  const daysLeft = Math.floor((Date.parse(`${known.endOfLife}T00:00:00Z`) - now.getTime()) / DAY_MS);
  if (daysLeft > WARN_DAYS) return null;
  const when = daysLeft < 0 ? `ended on ${known.endOfLife}` : `ends on ${known.endOfLife} (in ${daysLeft} days)`;
  return `FACEBOOK_GRAPH_VERSION=${version}: Meta's support for it ${when}; move to ${NEWEST_GRAPH_VERSION}.`;
}
