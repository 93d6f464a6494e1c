/**
 * Page tasks a user needs for Aurora to import a Page's leads, per Meta's Lead Ads docs: reading leads
 * takes a Page token of someone who can ADVERTISE, subscribing the Page to `leadgen` webhooks one of
 * someone who can MODERATE. MANAGE (full control) implies both.
 */
const NEEDED: readonly { task: string; label: string; for: string }[] = [
  { task: 'ADVERTISE', label: 'Advertise', for: 'read its leads' },
  { task: 'MODERATE', label: 'Moderate', for: 'subscribe it to new leads' },
];

/** In plain words, why the user cannot import this Page's leads; null when they can (or Facebook did not say). */
export function leadAccessProblem(tasks: readonly string[] | undefined): string | null {
  if (!tasks || tasks.includes('MANAGE')) return null;
  const missing = NEEDED.filter((needed) => !tasks.includes(needed.task));
  if (missing.length === 0) return null;
  const what = missing.map((needed) => `“${needed.label}” (to ${needed.for})`).join(' and ');
  return `Your role on this Page lacks ${what}. Ask a Page admin to give you these tasks in the Page's settings (Page access), then reload.`;
}
