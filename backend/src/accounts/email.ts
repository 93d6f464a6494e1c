/**
 * One spelling per address, applied when a user is created and when someone signs in: trimmed, NFKC
 * (full-width and other compatibility forms folded) and lower-cased. The database then compares e-mails
 * byte for byte (utf8mb4_bin on MySQL, BINARY on SQLite), so no collation can make two addresses equal
 * that this function keeps apart.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}
