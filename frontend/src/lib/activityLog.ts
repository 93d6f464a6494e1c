import type { ActivityResponse } from '../api/schema';
import { describeActivity } from './messages';

// Turns the integration's audit events into a log a person wants to read (issue 17 item 4): newest
// first, one line per attempt, abandoned attempts collapsed, and our own words instead of the
// server's codes or a provider's error text.

/** One line of the activity list. `count` > 1 only for collapsed attempts that were not completed. */
export interface ActivityEntry {
  id: string;
  at: string;
  title: string;
  detail?: string;
  actorName?: string;
  count: number;
}

/** Entries shown at first, added per "Show more", and the most the page ever lists. */
export const ACTIVITY_PAGE_SIZE = 5;
export const ACTIVITY_CAP = 50;

const OUTCOMES = new Set<string>(['connect_succeeded', 'connect_denied', 'connect_failed']);

/** Details written by Aurora Inbox itself in plain words; other types may carry codes or provider text. */
const READABLE_DETAIL = new Set<string>(['connect_succeeded', 'revoked', 'revoke_failed', 'health_changed']);

/** Reads the failure code the server puts in a connect_failed detail and says it in words. */
function failureReason(detail: string | undefined): string {
  if (detail?.includes('provider_unavailable')) return 'The provider could not be reached.';
  if (detail?.includes('provider_rejected')) return 'The provider refused the request.';
  return 'The provider returned an error.';
}

function isAbandoned(event: ActivityResponse, next: ActivityResponse | undefined): boolean {
  if (event.type === 'connect_failed') return Boolean(event.detail?.includes('(expired)'));
  // A start with another event after it but no outcome: the window was closed or the flow cancelled.
  return event.type === 'connect_started' && next !== undefined && !OUTCOMES.has(next.type);
}

function entryFor(event: ActivityResponse): ActivityEntry {
  const entry: ActivityEntry = { id: event.id, at: event.at, title: describeActivity(event), count: 1 };
  if (event.actor?.name) entry.actorName = event.actor.name;
  if (event.type === 'connect_failed') entry.detail = failureReason(event.detail);
  else if (event.detail && READABLE_DETAIL.has(event.type)) entry.detail = event.detail;
  return entry;
}

function notCompleted(event: ActivityResponse, count: number): ActivityEntry {
  return {
    id: event.id,
    at: event.at,
    title: count === 1 ? 'Attempt not completed' : `${count} attempts not completed`,
    count,
  };
}

export function summarizeActivity(events: readonly ActivityResponse[]): ActivityEntry[] {
  const oldestFirst = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const entries: ActivityEntry[] = [];
  let abandoned: { latest: ActivityResponse; count: number } | null = null;
  const flushAbandoned = () => {
    if (abandoned) entries.push(notCompleted(abandoned.latest, abandoned.count));
    abandoned = null;
  };
  oldestFirst.forEach((event, index) => {
    const next = oldestFirst[index + 1];
    if (isAbandoned(event, next)) {
      abandoned = { latest: event, count: (abandoned?.count ?? 0) + 1 };
      return;
    }
    // An expired flow logs its start and its failure: one attempt, counted once.
    if (event.type === 'connect_started' && next?.type === 'connect_failed' && isAbandoned(next, undefined)) return;
    // The outcome line says it all: the start that led to it is not repeated.
    if (event.type === 'connect_started' && next && OUTCOMES.has(next.type)) return;
    flushAbandoned();
    entries.push(entryFor(event));
  });
  flushAbandoned();
  return entries.reverse().slice(0, ACTIVITY_CAP);
}
