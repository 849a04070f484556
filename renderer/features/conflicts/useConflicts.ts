/**
 * The ledger's unsettled team-sync conflicts (issue 10): those found in the events when other
 * devices' changes were last taken in (renderer/db/ledger.ts), and lot or site codes (or
 * supplier names) held by more than one record, found from the tables (renaming one settles them).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { codeConflicts, type LedgerConflict } from '../../../shared/sync/conflicts';
import type { FleetDb } from '../../db/database';
import { db } from '../../db/db';
import { storedConflicts } from '../../db/ledger';

/** Records sharing a code, read through the code index (keys only, unless a code repeats). */
async function sharedCodes<T extends { id: string; code: string }>(table: { orderBy(index: 'code'): { keys(): Promise<unknown[]> }; where(index: 'code'): { anyOf(keys: string[]): { toArray(): Promise<T[]> } } }): Promise<T[]> {
  const codes = (await table.orderBy('code').keys()) as string[];
  const repeated = codes.filter((c, i) => i > 0 && codes[i - 1] === c);
  return repeated.length === 0 ? [] : table.where('code').anyOf([...new Set(repeated)]).toArray();
}

export async function currentConflicts(fleetDb: FleetDb): Promise<LedgerConflict[]> {
  const [stored, lots, sites, suppliers] = await Promise.all([storedConflicts(fleetDb), sharedCodes(fleetDb.lots), sharedCodes(fleetDb.sites), fleetDb.suppliers.toArray()]);
  return [...stored, ...codeConflicts(lots, sites, suppliers)];
}

export function useConflicts(): LedgerConflict[] {
  return useLiveQuery(() => currentConflicts(db), [], []);
}
