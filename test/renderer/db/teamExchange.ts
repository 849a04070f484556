/**
 * Two devices' ledgers exchanging their events in memory, as a transport would bring them (the
 * team sync tests of test/renderer/db/): each takes in the other's whole log.
 */
import { expect } from 'vitest';
import type { FleetDb } from '../../../renderer/db/database';
import { readLog } from '../../../renderer/db/eventLog';
import { applyRemoteEvents, readSnapshot, verifyLedger } from '../../../renderer/db/ledger';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import { ledgerConflicts, type LedgerConflict } from '../../../shared/sync/conflicts';

/** `to` takes in `from`'s log, with no problem. */
export async function exchange(from: FleetDb, to: FleetDb): Promise<void> {
  expect((await applyRemoteEvents(to, await readLog(from))).problems).toEqual([]);
}

/** `b` takes in `a`'s log, then `a` takes in `b`'s. */
export async function exchangeBothWays(a: FleetDb, b: FleetDb): Promise<void> {
  await exchange(a, b);
  await exchange(b, a);
}

/** Both ways, then the two hold the same tables, and each verifies against its events. */
export async function converge(a: FleetDb, b: FleetDb): Promise<void> {
  await exchangeBothWays(a, b);
  expect(await readSnapshot(b)).toEqual(await readSnapshot(a));
  expect((await verifyLedger(a)).problems).toEqual([]);
  expect((await verifyLedger(b)).problems).toEqual([]);
}

/** The conflicts, the same on both devices and equal to what the events alone give. */
export async function conflictsOf(a: FleetDb, b: FleetDb): Promise<LedgerConflict[]> {
  const onA = await currentConflicts(a);
  expect(await currentConflicts(b)).toEqual(onA);
  expect(onA).toEqual(ledgerConflicts(await readLog(a)));
  expect(await readSnapshot(b)).toEqual(await readSnapshot(a));
  // The tables are what the events fold to, however they were written (forward or refolded).
  expect((await verifyLedger(a)).problems).toEqual([]);
  expect((await verifyLedger(b)).problems).toEqual([]);
  return onA;
}
