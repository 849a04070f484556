/**
 * A record removed on one device while another changes it (the only removal the app makes is
 * clearing the demo fleet, and nothing stops a team from sharing a ledger that still holds it):
 * the removal holds on every device, units received into the removed lot do not hold their
 * serials for good, and the change lost is shown as a conflict, never dropped without a word.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import type { FleetDb } from '../../../renderer/db/database';
import { clearDemoFleet, seedDemoFleet } from '../../../renderer/db/demo';
import { readLog } from '../../../renderer/db/eventLog';
import { readSnapshot, resolveConflictCommand, verifyLedger } from '../../../renderer/db/ledger';
import { changeContext, createLotCommand, editLotCommand } from '../../../renderer/db/lotCommands';
import { addUnits, loadAllUnits } from '../../../renderer/db/units';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import { foldLedger } from '../../../shared/ledger/fold';
import { ledgerConflicts } from '../../../shared/sync/conflicts';
import { bareUnit } from '../../../shared/units';
import { testDatabases } from './migrationHarness';
import { exchange, exchangeBothWays } from './teamExchange';
import { lotDraft, MODEL, ok, SITE } from './teamFixture';

const databases = testDatabases();
const device = databases.open;
afterEach(databases.dropAll);
/** Two devices sharing the demo fleet, and one of its lots as device b has it. */
async function team() {
  const a = await device('a');
  const b = await device('b');
  await seedDemoFleet(a, '2026-11-29', changeContext('ada'));
  await exchange(a, b);
  const demoLot = (await b.lots.toArray()).find((l) => l.demo && l.status === 'in-service')!;
  return { a, b, demoLot };
}
async function orphans(db: FleetDb): Promise<string[]> {
  const lots = new Set((await db.lots.toArray()).map((l) => l.id));
  return (await loadAllUnits(db)).filter((u) => !lots.has(u.lotId)).map((u) => u.serial);
}

describe('a record removed on one device while changed on another', () => {
  it('a change after a removal it had not seen: the lot stays removed, its new units are not in the fleet, and a conflict says so', async () => {
    const { a, b, demoLot } = await team();
    await clearDemoFleet(a, changeContext('ada'));
    ok(await addUnits(b, demoLot.id, [bareUnit('SN-X')], 'bob'));
    ok(await editLotCommand(b, demoLot.id, { notes: 'racked by bob' }, 'bob'));
    await exchangeBothWays(a, b);
    expect(await readSnapshot(b)).toEqual(await readSnapshot(a));
    for (const db of [a, b]) {
      expect(await db.lots.get(demoLot.id)).toBeUndefined();
      expect(await orphans(db)).toEqual([]);
      expect((await verifyLedger(db)).problems).toEqual([]);
    }
    const conflicts = await currentConflicts(a);
    expect(conflicts.map((c) => c.kind)).toEqual(['removed-changed', 'removed-changed']);
    expect(conflicts[0]!.message).toBe(`bob received 1 unit into lot ${demoLot.code} without seeing that ada had removed it on another device. It stays removed. The units received are not in the fleet: receive them into another lot. The change is in the history.`);
    expect(conflicts[1]!.message).toMatch(new RegExp(`^bob set notes to .+ on lot ${demoLot.code} without seeing that ada had removed it on another device\\. It stays removed\\. The change is in the history\\.$`, 'u'));
    expect(await currentConflicts(b)).toEqual(conflicts);
    // The serial is free: it goes into a real lot without a word.
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
    const real = ok(await createLotCommand(a, lotDraft(model.id, 'REAL-1', site.id), 'ada'));
    ok(await addUnits(a, real.id, [bareUnit('SN-X')], 'ada'));
    // Settled on one device, settled on both.
    for (const c of conflicts) ok(await resolveConflictCommand(a, c.id, 'keep-current', 'ada'));
    await exchangeBothWays(a, b);
    expect(await currentConflicts(a)).toEqual([]);
    expect(await currentConflicts(b)).toEqual([]);
    // The tables equal a full fold of the log, and the stored conflicts the full list.
    const log = await readLog(a);
    expect(await readSnapshot(a)).toEqual(foldLedger(log));
    expect(ledgerConflicts(log).filter((c) => c.kind === 'removed-changed')).toHaveLength(0);
  });

  it('a removal after changes it had not seen: the lot goes with its units, and a conflict names the changes', async () => {
    const { a, b, demoLot } = await team();
    ok(await addUnits(b, demoLot.id, [bareUnit('SN-Y')], 'bob'));
    await clearDemoFleet(a, changeContext('ada'));
    await exchangeBothWays(a, b);
    expect(await readSnapshot(b)).toEqual(await readSnapshot(a));
    for (const db of [a, b]) {
      expect(await orphans(db)).toEqual([]);
      expect((await verifyLedger(db)).problems).toEqual([]);
    }
    const conflicts = await currentConflicts(b);
    expect(conflicts.map((c) => [c.kind, c.message])).toEqual([
      ['removed-changed', `ada removed lot ${demoLot.code} without seeing changes made to it on another device (bob received 1 unit into lot ${demoLot.code}). It stays removed, with its units. The units received are not in the fleet: receive them into another lot. The changes are in the history.`],
    ]);
  });
});
