/** True when an insert hit a UNIQUE constraint, on MySQL/MariaDB and on SQLite alike. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown }; errno?: unknown } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when an insert or update named a parent row that is gone (a FOREIGN KEY constraint), on both databases. */
export function isMissingParent(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** True when MySQL/MariaDB rolled the transaction back to break a deadlock (it may simply be run again). */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return (e?.driverError?.code ?? e?.code) === 'ER_LOCK_DEADLOCK';
}

/**
 * Inserts, or runs `onExisting` when a UNIQUE constraint says the row is already there. Portable across
 * SQLite and MySQL (no dialect upsert), and race-safe: of two concurrent inserts one wins, the other
 * takes the `onExisting` path. Resolves to which path ran.
 */
export async function insertOrElse(
  insert: () => Promise<unknown>,
  onExisting: () => Promise<unknown>,
): Promise<'inserted' | 'existing'> {
  try {
    await insert();
    return 'inserted';
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await onExisting();
    return 'existing';
  }
}
