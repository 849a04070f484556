/**
 * The team-sync conflicts noted with the projections (shared/sync/conflicts.ts), as a leaf the
 * unit look-up can read without the ledger module: a code two units answer to is contested until
 * its code-twice conflict is settled (./units.ts findUnit).
 */
import type { Table } from 'dexie';
import type { ContestedCode, LedgerConflict } from '../../shared/sync/conflicts';

/**
 * The settings key of the ledger's team-sync conflicts found from its events, written with the
 * projections; duplicate codes are not stored but found from the tables (renaming a record
 * settles them, with no resolution event).
 */
export const CONFLICTS_KEY = 'syncConflicts';

/** The conflicts found in the events when the projections were last folded from them (none on a ledger no other device wrote to). */
export function storedConflicts(db: { settings: Table<{ key: string; value: unknown }, string> }): Promise<LedgerConflict[]> {
  // Dexie's own promise, so a unit look-up's transaction (./units.ts findUnit) chains it without a native await.
  return db.settings.get(CONFLICTS_KEY).then((row) => (Array.isArray(row?.value) ? (row.value as LedgerConflict[]) : []));
}

/** The unsettled code-twice conflict, if any, under which `code` names more than one unit, and those units. */
export function contestedCode(conflicts: readonly LedgerConflict[], code: string): { conflictId: string; contested: ContestedCode } | null {
  for (const c of conflicts) {
    if (c.kind !== 'code-twice') continue;
    const contested = c.codes?.find((x) => x.code === code);
    if (contested !== undefined) return { conflictId: c.id, contested };
  }
  return null;
}
