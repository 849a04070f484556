/**
 * This ledger as a device of a team (issue 10): what folder sync (shared/sync/folderSync.ts)
 * reads from and writes into IndexedDB, and joining a team's ledger.
 */
import type { LotEvent } from '../../shared/events';
import { parseEventId } from '../../shared/ledger/clock';
import type { SyncLedger } from '../../shared/sync/folderSync';
import type { FleetDb } from './database';
import { LEDGER_ROW_KEY, readLog } from './eventLog';
import { applyRemoteEvents, ledgerRow } from './ledger';

/** The ledger in `db` as folder sync sees it, this device named `deviceName`. */
export async function syncLedgerOf(db: FleetDb, deviceName: string): Promise<SyncLedger> {
  const row = await ledgerRow(db);
  return {
    ledgerId: row.ledgerId,
    ledgerName: await db.getSetting('ledgerName'),
    deviceId: row.deviceId,
    deviceName,
    ownCounter: async () => (await ledgerRow(db)).heads[row.deviceId] ?? 0,
    heads: async () => (await ledgerRow(db)).heads,
    // Every round asks; the log (all of it, at fleet scale hundreds of MB to inflate) is read only when this device made something since.
    ownEventsAfter: async (after) => ((await ledgerRow(db)).heads[row.deviceId] ?? 0) > after ? ownEvents(await readLog(db), row.deviceId, after) : [],
    apply: (events) => applyRemoteEvents(db, events, row.ledgerId),
  };
}

/** This device's events after counter `after`, in counter order. */
function ownEvents(log: readonly LotEvent[], device: string, after: number): LotEvent[] {
  const mine: { counter: number; event: LotEvent }[] = [];
  for (const e of log) {
    const id = parseEventId(e.id);
    if (id !== null && id.device === device && id.counter > after) mine.push({ counter: id.counter, event: e });
  }
  return mine.sort((a, b) => a.counter - b.counter).map((m) => m.event);
}

/** Every event this ledger holds, whoever made it: anything at all, lots or not (a catalog of models, sites, prices). */
export async function localEventCount(db: FleetDb): Promise<number> {
  return Object.values((await ledgerRow(db)).heads).reduce((sum, n) => sum + n, 0);
}

/**
 * Events in this ledger that another device made: what joining with this device's own data
 * cannot share. With `joining`, none when the ledger joined is this one (its other devices'
 * events came from that team).
 */
export async function foreignEventCount(db: FleetDb, joining?: string): Promise<number> {
  const row = await ledgerRow(db);
  if (joining !== undefined && joining === row.ledgerId) return 0;
  return Object.entries(row.heads).reduce((sum, [device, n]) => (device === row.deviceId ? sum : sum + n), 0);
}

/**
 * Makes this ledger the team's (`ledgerId`): keeping this device's own data, which the next sync
 * writes into the folder for everyone. Only a ledger whose events were all made on this device
 * can join that way (another device's events can only be shared by that device): for any
 * other, start from the team's ledger instead (restore an empty one, then join).
 */
export async function joinTeamLedger(db: FleetDb, ledgerId: string): Promise<{ ok: true } | { ok: false; error: string }> {
  return db.transaction('rw', db.ledger, db.settings, async () => {
    const row = await ledgerRow(db);
    // Already this ledger (a device that stopped syncing and joins it again): the other devices'
    // events it holds came from this team, and what it made meanwhile is shared by the next round.
    if (row.ledgerId === ledgerId) return { ok: true as const };
    const foreign = Object.entries(row.heads).filter(([device]) => device !== row.deviceId);
    if (foreign.length > 0) {
      return { ok: false as const, error: `This ledger holds ${foreign.reduce((s, [, n]) => s + n, 0)} events made on other devices (a restored backup); only the device that made them can share them. Start from the team’s ledger instead.` };
    }
    await db.ledger.put({ ...row, key: LEDGER_ROW_KEY, ledgerId });
    // The last backup was of the ledger left behind (restoring it would replace the team's with
    // that one): Settings → Backups and the reminder must not say the team's ledger has one.
    await db.settings.bulkPut([
      { key: 'lastBackupAt', value: '' },
      { key: 'lastBackupBytes', value: 0 },
    ]);
    return { ok: true as const };
  });
}
