/**
 * The app's moves (the Move dialog's moveLotWithUnits, and moveLotCommand) refuse a move dated
 * before the lot's last move, as `fleetledger move` does (shared/lotChanges.ts lastMoveOf), and
 * write nothing; back-dating to the day of the last move or later stays allowed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { entityEvents } from '../../../renderer/db/eventLog';
import { createLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { moveLotWithUnits } from '../../../renderer/db/units';
import { uniqueDbName } from './migrationHarness';
import { lotDraft, MODEL, ok } from './teamFixture';

let db: FleetDb;
beforeEach(async () => {
  db = new FleetDb(uniqueDbName('move-order'));
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('a move in the app dated before the lot’s last move', () => {
  it('is refused, naming both dates, and changes nothing; the same day and later are taken', async () => {
    const model = ok(await saveModelCommand(db, MODEL, null, 'ada'));
    const lot = ok(await createLotCommand(db, lotDraft(model.id, 'GPU-1', 'site-1'), 'ada'));
    ok(await moveLotCommand(db, lot.id, { to: 'spare', quantity: 8, date: '2025-07-01' }, 'ada'));
    const before = { lot: await db.lots.get(lot.id), events: await entityEvents(db, lot.id) };
    const refusal = 'The move date 2025-05-01 is before GPU-1’s last move (to Spare) on 2025-07-01: a lot’s moves are dated in the order they happened. Date it 2025-07-01 or later.';
    expect(await moveLotCommand(db, lot.id, { to: 'in-service', quantity: 8, date: '2025-05-01' }, 'ada')).toEqual({ ok: false, error: refusal });
    expect(await moveLotWithUnits(db, lot.id, { to: 'in-service', quantity: 8, date: '2025-05-01' }, [], 'ada')).toEqual({ ok: false, error: refusal });
    // A part move too: the split would be dated before the lot's last step.
    expect(await moveLotWithUnits(db, lot.id, { to: 'in-service', quantity: 3, date: '2025-05-01' }, [], 'ada')).toEqual({ ok: false, error: refusal });
    expect({ lot: await db.lots.get(lot.id), events: await entityEvents(db, lot.id) }).toEqual(before);
    ok(await moveLotWithUnits(db, lot.id, { to: 'in-service', quantity: 3, date: '2025-07-01' }, [], 'ada'));
    const child = (await db.lots.where('code').equals('GPU-1.1').first())!;
    expect(await moveLotCommand(db, child.id, { to: 'spare', quantity: 3, date: '2025-06-30' }, 'ada')).toEqual({
      ok: false,
      error: expect.stringMatching(/^The move date 2025-06-30 is before GPU-1\.1’s last move \(to In service\) on 2025-07-01/u) as unknown as string,
    });
    ok(await moveLotCommand(db, child.id, { to: 'spare', quantity: 3, date: '2025-08-01' }, 'ada'));
  });
});
