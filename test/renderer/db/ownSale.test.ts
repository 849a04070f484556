/**
 * Own sales close the loop on resale (issue 12): a lot disposed as sold (or returned for credit)
 * with proceeds becomes a market price of its model, source "own sale", per unit, on the disposal
 * date, in the same transaction as the move; scrapped, donated and recycled lots do not. The
 * forecast's curve then counts it like any other price.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { entityEvents } from '../../../renderer/db/eventLog';
import { readSnapshot, verifyLedger } from '../../../renderer/db/ledger';
import { createLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { moveLotWithUnits } from '../../../renderer/db/units';
import type { Disposition } from '../../../shared/lifecycle';
import { OWN_SALE_SOURCE } from '../../../shared/market';
import { uniqueDbName } from './migrationHarness';
import { lotDraft, MODEL, ok } from './teamFixture';

let db: FleetDb;
beforeEach(async () => {
  db = new FleetDb(uniqueDbName('own-sale'));
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** A lot of 8 walked to sanitised (its units untracked), ready to dispose of. */
async function sanitisedLot(code: string): Promise<{ lotId: string; modelId: string }> {
  const model = ok(await saveModelCommand(db, { ...MODEL, storageBearing: false }, null, 'ada'));
  const lot = ok(await createLotCommand(db, lotDraft(model.id, code, 'site-1'), 'ada'));
  for (const to of ['draining', 'sanitised'] as const) ok(await moveLotCommand(db, lot.id, { to, quantity: 8, date: '2026-06-01' }, 'ada'));
  return { lotId: lot.id, modelId: model.id };
}

async function dispose(lotId: string, disposition: Disposition, proceeds: number, quantity = 8): Promise<void> {
  ok(await moveLotCommand(db, lotId, { to: 'disposed', quantity, date: '2026-07-15', disposition, proceeds }, 'ada'));
}

describe('an own sale', () => {
  it('records a market price of the model per unit, source own sale, with its event, in the move’s transaction', async () => {
    const { lotId, modelId } = await sanitisedLot('GPU-SOLD');
    await dispose(lotId, 'sold', 8 * 9_000_000 + 5);
    const prices = await db.marketObservations.toArray();
    expect(prices).toEqual([
      expect.objectContaining({ modelId, date: '2026-07-15', unitPrice: 9_000_001, currency: 'USD', condition: 'used', quantity: 8, source: OWN_SALE_SOURCE, note: 'Sale of lot GPU-SOLD' }),
    ]);
    const history = await entityEvents(db, modelId);
    expect(history.at(-1)).toMatchObject({ type: 'observed', entity: 'model', date: '2026-07-15', actor: 'ada' });
    expect((await verifyLedger(db)).problems).toEqual([]);
    expect((await readSnapshot(db)).observations).toHaveLength(1);
  });

  it('of part of a lot records that part’s quantity and price', async () => {
    const { lotId } = await sanitisedLot('GPU-PART');
    await dispose(lotId, 'returned', 3 * 7_500_000, 3);
    expect(await db.marketObservations.toArray()).toEqual([expect.objectContaining({ unitPrice: 7_500_000, quantity: 3, note: 'Return of lot GPU-PART.1' })]);
  });

  it.each(['scrapped', 'donated', 'recycled'] as const)('is not what a %s lot is: no price recorded', async (disposition) => {
    const { lotId } = await sanitisedLot(`GPU-${disposition}`);
    await dispose(lotId, disposition, disposition === 'recycled' ? 40_000 : 0);
    expect(await db.marketObservations.count()).toBe(0);
  });

  it('through the move that carries tracked units (the Move dialog’s), too', async () => {
    const { lotId } = await sanitisedLot('GPU-UNITS');
    ok(await moveLotWithUnits(db, lotId, { to: 'disposed', quantity: 8, date: '2026-07-15', disposition: 'sold', proceeds: 8 * 6_000_000 }, [], 'ada'));
    expect(await db.marketObservations.toArray()).toEqual([expect.objectContaining({ unitPrice: 6_000_000, quantity: 8, source: OWN_SALE_SOURCE })]);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('without proceeds records nothing', async () => {
    const { lotId } = await sanitisedLot('GPU-FREE');
    await dispose(lotId, 'sold', 0);
    expect(await db.marketObservations.count()).toBe(0);
  });
});
