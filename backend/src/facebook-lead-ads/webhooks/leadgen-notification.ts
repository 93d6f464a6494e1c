import type { LeadNotification } from '../lead-import.service';

const ID = /^[0-9]{1,64}$/;

function id(value: unknown): string | undefined {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  return text && ID.test(text) ? text : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `leadgen` changes of a Page webhook (`{object:'page', entry:[{changes:[{field, value}]}]}`).
 * Returns null when the body is not a change notification at all; other objects and fields yield [].
 */
export function parseLeadgenNotification(body: unknown): LeadNotification[] | null {
  if (!isRecord(body) || !Array.isArray(body.entry)) return null;
  if (body.object !== 'page') return [];
  const leads: LeadNotification[] = [];
  for (const entry of body.entry) {
    if (!isRecord(entry)) return null;
    if (entry.changes === undefined) continue;
    if (!Array.isArray(entry.changes)) return null;
    for (const change of entry.changes) {
      if (!isRecord(change)) return null;
      if (change.field !== 'leadgen' || !isRecord(change.value)) continue;
      const leadgenId = id(change.value.leadgen_id);
      const formId = id(change.value.form_id);
      const pageId = id(change.value.page_id) ?? id(entry.id);
      if (leadgenId && formId && pageId) leads.push({ leadgenId, formId, pageId });
    }
  }
  return leads;
}
