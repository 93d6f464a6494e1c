/**
 * How a lead is recognised as a person the account already has. The database compares the results
 * byte for byte (UNIQUE per account), so these functions alone decide who is the same person.
 */

/** Trimmed, NFKC-folded, lower-cased; null when it cannot be an address. */
export function normalizeContactEmail(email: string | null | undefined): string | null {
  const normalized = email?.trim().normalize('NFKC').toLowerCase();
  return normalized && normalized.includes('@') ? normalized.slice(0, 320) : null;
}

/** Fewer digits than this is an extension or a typo, not a number to merge people on. */
const MIN_PHONE_DIGITS = 6;

/** Digits only, with the leading + kept (`+1 (555) 020-0000` → `+15550200000`); null when too short. */
export function normalizePhone(phone: string | null | undefined): string | null {
  const trimmed = phone?.trim() ?? '';
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return null;
  return (trimmed.startsWith('+') ? `+${digits}` : digits).slice(0, 64);
}

/** The search box's text as phone digits, or null when it is not a phone number (or too short to mean one). */
export function phoneDigits(q: string): string | null {
  if (/[^\d\s()+.-]/.test(q)) return null;
  const digits = q.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}
