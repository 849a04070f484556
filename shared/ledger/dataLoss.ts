/**
 * The data-loss alarm (LEDGER.md §2): a small record kept outside IndexedDB says which ledger
 * this installation holds and how far each device's events go in it. At start the database is
 * compared with it; if the database is missing, empty, of another ledger or behind the record,
 * the app stops and says so instead of showing an empty fleet (or seeding the demo over it).
 */

/** The record (same shape as shared/ipc.ts LedgerRecord, which the desktop keeps in a file). */
export interface DataLossRecord {
  ledgerId: string;
  devices: Record<string, number>;
  updatedAt: string;
}

/** What the database holds, read before anything is written at start. */
export interface DatabaseState {
  /** False when there is no database at all (deleted, a wiped profile). */
  exists: boolean;
  ledgerId: string | null;
  /** deviceId → highest event counter in the database. */
  heads: Readonly<Record<string, number>>;
  /** The name of the ledger it holds (its team setting), when it holds one. */
  ledgerName?: string | null;
}

export type DataLossCheck =
  | { readonly kind: 'ok' }
  | { readonly kind: 'missing' | 'empty' | 'other-ledger' | 'behind'; readonly message: string };

function total(devices: Readonly<Record<string, number>>): number {
  return Object.values(devices).reduce((a, b) => a + b, 0);
}

function events(n: number): string {
  return n === 1 ? '1 event' : `${n.toLocaleString('en-US')} events`;
}

/**
 * A ledger as the app names it: “Acme GPU fleet”; by the start of its id only when its name is
 * not known, or with it when two ledgers of one message share a name (the default, say).
 */
function ledgerLabel(id: string, name: string | null | undefined, withId = false): string {
  if (name === null || name === undefined || name === '') return `ledger ${id.slice(0, 8)}`;
  return withId ? `the ledger “${name}” (${id.slice(0, 8)})` : `the ledger “${name}”`;
}

/**
 * Compares the database with the record; `null` record (a new installation): nothing to compare.
 * `recordedName`: the name of the recorded ledger when this device knows it.
 */
export function checkForDataLoss(record: DataLossRecord | null, db: DatabaseState, recordedName: string | null = null): DataLossCheck {
  if (record === null) return { kind: 'ok' };
  const expected = total(record.devices);
  if (expected === 0) return { kind: 'ok' };
  const since = record.updatedAt.slice(0, 10);
  // The database's own name is the recorded ledger's when it holds that ledger.
  const name = recordedName ?? (db.ledgerId === record.ledgerId ? (db.ledgerName ?? null) : null);
  if (!db.exists) {
    return { kind: 'missing', message: `The ledger database is missing. This computer last held ${ledgerLabel(record.ledgerId, name)} with ${events(expected)} (recorded ${since}); the database that held them is gone.` };
  }
  const held = total(db.heads);
  if (held === 0) {
    return { kind: 'empty', message: `The ledger database is empty. This computer last held ${ledgerLabel(record.ledgerId, name)} with ${events(expected)} (recorded ${since}).` };
  }
  if (db.ledgerId !== null && db.ledgerId !== record.ledgerId) {
    const sameName = name !== null && name === db.ledgerName;
    return {
      kind: 'other-ledger',
      message: `The database holds ${ledgerLabel(db.ledgerId, db.ledgerName, sameName)}, not the one this computer last held (${ledgerLabel(record.ledgerId, name, sameName)}, ${events(expected)}, recorded ${since}).`,
    };
  }
  const behind = Object.entries(record.devices)
    .filter(([device, n]) => (db.heads[device] ?? 0) < n)
    .map(([device, n]) => `device ${device.slice(0, 8)}: ${db.heads[device] ?? 0} of ${n} events`);
  if (behind.length > 0) {
    return { kind: 'behind', message: `The ledger database is behind what this computer last recorded of ${ledgerLabel(record.ledgerId, name)} (${since}): ${behind.join('; ')}. Events are missing.` };
  }
  return { kind: 'ok' };
}
