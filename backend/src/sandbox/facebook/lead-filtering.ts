import type { Lead } from './facebook-data';
import { invalidParameter } from './graph-format';
import { isRecord } from '../core/http-io';

type Comparison = (leadSeconds: number, value: number) => boolean;

const OPERATORS = new Map<string, Comparison>([
  ['GREATER_THAN', (lead, value) => lead > value],
  ['GREATER_THAN_OR_EQUAL', (lead, value) => lead >= value],
  ['LESS_THAN', (lead, value) => lead < value],
  ['LESS_THAN_OR_EQUAL', (lead, value) => lead <= value],
]);

/** `filtering=[{"field":"time_created","operator":"GREATER_THAN","value":<unix>}]`, as backfill polls use. */
export function filterLeads(leads: Lead[], raw: string | null): Lead[] {
  if (raw === null) return leads;
  const filters = parseFilters(raw);
  return leads.filter((lead) => filters.every((matches) => matches(lead)));
}

function parseFilters(raw: string): ((lead: Lead) => boolean)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter('filtering must be a JSON array');
  }
  if (!Array.isArray(parsed)) throw invalidParameter('filtering must be a JSON array');
  return parsed.map(parseFilter);
}

function parseFilter(filter: unknown): (lead: Lead) => boolean {
  if (!isRecord(filter) || filter.field !== 'time_created') {
    throw invalidParameter('Only time_created can be filtered on');
  }
  const compare = typeof filter.operator === 'string' ? OPERATORS.get(filter.operator) : undefined;
  if (!compare) throw invalidParameter(`filtering operator must be one of ${[...OPERATORS.keys()].join(', ')}`);
  const value = Number(filter.value);
  if (!Number.isFinite(value)) throw invalidParameter('filtering value must be a unix timestamp');
  return (lead) => compare(Math.floor(lead.createdAt / 1000), value);
}
