/**
 * The lot edit form saves what the person changed, not every field it showed: a field the form
 * still shows as it was when opened is never written back over a change made meanwhile (a move
 * or split on this device, another device's change brought in by team sync).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { createLotCommand, editLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { formToLot, lotEditPatch, lotToForm } from '../../../renderer/features/lots/lotForm';
import { uniqueDbName } from '../db/migrationHarness';
import { lotDraft, MODEL, ok } from '../db/teamFixture';

let db: FleetDb;
beforeEach(async () => {
  db = new FleetDb(uniqueDbName('lot-edit'));
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('lotEditPatch', () => {
  it('a form opened before a split saves its note without putting the quantity and extra costs back', async () => {
    const model = ok(await saveModelCommand(db, MODEL, null, 'ada'));
    const lot = ok(await createLotCommand(db, { ...lotDraft(model.id, 'L-1', ''), siteId: null, status: 'received', inServiceDate: null, extraCosts: 8_000_00 }, 'ada'));
    const opened = lotToForm(lot, '');
    // Meanwhile 3 of the 8 are staged: a split before depreciation began.
    ok(await moveLotCommand(db, lot.id, { to: 'staged', quantity: 3, date: '2025-03-01' }, 'bob'));
    const split = (await db.lots.get(lot.id))!;
    expect(split.quantity).toBe(5);
    const values = { ...opened, notes: 'checked the packing list' };
    const patch = lotEditPatch(opened, values, formToLot(values).lot);
    expect(patch).toEqual({ notes: 'checked the packing list' });
    ok(await editLotCommand(db, lot.id, patch, 'ada'));
    const saved = (await db.lots.get(lot.id))!;
    expect(saved).toMatchObject({ quantity: 5, extraCosts: split.extraCosts, notes: 'checked the packing list' });
  });

  it('takes every field the person changed, and every amount when the currency changed', () => {
    const opened = lotToForm({ ...lotDraftLot(), currency: 'USD', unitCost: 1_000_00 }, 'Arrow');
    const values = { ...opened, currency: 'EUR', poNumber: 'PO-9' };
    const patch = lotEditPatch(opened, values, formToLot(values).lot);
    expect(Object.keys(patch).sort()).toEqual(['currency', 'extraCosts', 'poNumber', 'salvageValue', 'supportCostPerYear', 'unitCost']);
    const policy = { ...opened, book: { ...opened.book, salvage: { kind: 'zero' as const } } };
    expect(Object.keys(lotEditPatch(opened, policy, formToLot(policy).lot))).toEqual(['book']);
  });
});

function lotDraftLot() {
  return { ...lotDraft('m', 'L-2', 's'), id: 'lot-2', parentId: null, adjustments: [], depreciationChain: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
}
