/**
 * A lot written down on one device while, on another, its cost is edited or the team's fiscal
 * year start is changed (LEDGER.md §4): each device refuses a change that leaves a lot without a
 * schedule, but two made apart can, once merged. That is a conflict, the same on every device,
 * and settling it either way leaves the lot with a schedule on every device.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetDb } from '../../../renderer/db/database';
import { resolveConflictCommand } from '../../../renderer/db/ledger';
import { adjustLotCommand, createLotCommand, editLotCommand, setFiscalYearStartCommand } from '../../../renderer/db/lotCommands';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import type { DepreciationPolicy } from '../../../shared/depreciation/types';
import type { LedgerConflict } from '../../../shared/sync/conflicts';
import { testDatabases } from './migrationHarness';
import { conflictsOf, converge, exchange } from './teamExchange';
import { lotDraft, MODEL, ok, SITE } from './teamFixture';

const databases = testDatabases();
afterEach(databases.dropAll);

/** Every schedule of the lot computes, with the team's fiscal year start on that device. */
async function hasSchedules(db: FleetDb, lotId: string): Promise<boolean> {
  const lot = (await db.lots.get(lotId))!;
  const fy = await db.getSetting('fiscalYearStart');
  return lotSchedule(lot, 'book', fy).ok && lotSchedule(lot, 'tax', fy).ok;
}

async function team(book?: DepreciationPolicy): Promise<{ a: FleetDb; b: FleetDb; lotId: string }> {
  const a = await databases.open('a');
  const b = await databases.open('b');
  await a.setSetting('actorName', 'ada');
  await b.setSetting('actorName', 'bob');
  const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
  const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
  const draft = lotDraft(model.id, 'L-1', site.id);
  if (book !== undefined) draft.book = { ...draft.book, policy: book };
  const lot = ok(await createLotCommand(a, draft, 'ada'));
  await converge(a, b);
  return { a, b, lotId: lot.id };
}

describe('a write-down on one device while the cost is edited on another', () => {
  // 8 × 250,000.00 in service 2025-02-10, straight-line: 1,480,000.00 of book value on 2025-06-30
  // at the cost of 200,000.00 a unit, which a write-down of 1,500,000.00 does not fit.
  const writeDown = (db: FleetDb, lotId: string) => adjustLotCommand(db, lotId, { book: 'book', change: { type: 'impairment', date: '2025-06-30', amount: 1_500_000_00 }, note: 'water damage' }, 'bob', 1);
  const cheaper = (db: FleetDb, lotId: string) => editLotCommand(db, lotId, { unitCost: 200_000_00 }, 'ada');

  for (const order of ['write-down first', 'edit first'] as const) {
    for (const keep of ['undo-write-down', 'undo-edit'] as const) {
      it(`is a conflict on both devices (${order}); “${keep}” settles it with a schedule everywhere`, async () => {
        const { a, b, lotId } = await team();
        if (order === 'write-down first') {
          ok(await writeDown(b, lotId));
          ok(await cheaper(a, lotId));
        } else {
          ok(await cheaper(a, lotId));
          ok(await writeDown(b, lotId));
        }
        // Each took the other's change in after its own: the merged lot has no book schedule.
        await exchange(a, b);
        expect(await hasSchedules(b, lotId)).toBe(false);
        await exchange(b, a);
        const conflicts = await conflictsOf(a, b);
        expect(conflicts).toHaveLength(1);
        const [c] = conflicts as [LedgerConflict];
        expect(c).toMatchObject({ kind: 'schedule-broken', recordId: lotId, record: 'lot L-1' });
        expect(c.message).toContain('bob wrote lot L-1 down by 1500000.00 USD on 2025-06-30 (book)');
        expect(c.message).toContain('ada set the unit cost to 200000.00 USD on lot L-1');
        expect(c.message).toContain('without either seeing the other');
        expect(c.message).toMatch(/without a book schedule/u);
        expect(c.events.map((e) => e.actor).sort()).toEqual(['ada', 'bob']);
        expect(c.resolutions.map((r) => r.key)).toEqual(['undo-write-down', 'undo-edit']);
        ok(await resolveConflictCommand(b, c.id, keep, 'bob'));
        await converge(a, b);
        expect(await conflictsOf(a, b)).toEqual([]);
        expect(await hasSchedules(a, lotId)).toBe(true);
        expect(await hasSchedules(b, lotId)).toBe(true);
        const settled = (await a.lots.get(lotId))!;
        if (keep === 'undo-write-down') expect([settled.unitCost, settled.adjustments]).toEqual([200_000_00, []]);
        else expect([settled.unitCost, settled.adjustments.length]).toEqual([250_000_00, 1]);
      });
    }
  }
});

describe('a write-down on one device while the fiscal year start is changed on another', () => {
  // Declining balance, half-year convention: the book value on a date moves with the fiscal year.
  const ddb: DepreciationPolicy = { method: 'declining-balance', factor: 2, lifeMonths: 60, switchToStraightLine: false, convention: 'half-year' };
  // Fits the book value of 2025-12-31 with a fiscal year from January, not from July.
  const writeDown = (db: FleetDb, lotId: string) => adjustLotCommand(db, lotId, { book: 'book', change: { type: 'impairment', date: '2025-12-31', amount: 1_300_000_00 }, note: '' }, 'bob', 1);

  for (const order of ['write-down first', 'new year first'] as const) {
    for (const keep of ['undo-write-down', 'undo-fiscal-year'] as const) {
      it(`is a conflict on both devices (${order}); “${keep}” settles it with a schedule everywhere`, async () => {
        const { a, b, lotId } = await team(ddb);
        if (order === 'write-down first') {
          ok(await writeDown(b, lotId));
          ok(await setFiscalYearStartCommand(a, 7));
        } else {
          ok(await setFiscalYearStartCommand(a, 7));
          ok(await writeDown(b, lotId));
        }
        await exchange(a, b);
        await exchange(b, a);
        expect(await hasSchedules(a, lotId)).toBe(false);
        const conflicts = await conflictsOf(a, b);
        expect(conflicts).toHaveLength(1);
        const [c] = conflicts as [LedgerConflict];
        expect(c).toMatchObject({ kind: 'schedule-broken', recordId: lotId, record: 'lot L-1' });
        expect(c.message).toContain('ada changed the fiscal year start from January to July');
        expect(c.message).toContain('bob wrote lot L-1 down by 1300000.00 USD on 2025-12-31 (book)');
        expect(c.resolutions.map((r) => r.key)).toEqual(['undo-write-down', 'undo-fiscal-year']);
        ok(await resolveConflictCommand(a, c.id, keep, 'ada'));
        await converge(a, b);
        expect(await conflictsOf(a, b)).toEqual([]);
        expect(await hasSchedules(a, lotId)).toBe(true);
        expect(await hasSchedules(b, lotId)).toBe(true);
        expect(await b.getSetting('fiscalYearStart')).toBe(keep === 'undo-fiscal-year' ? 1 : 7);
      });
    }
  }
});

describe('the book put on MACRS on one device while the salvage value is raised on another, with no write-down', () => {
  // MACRS with the lot's salvage fits while the salvage value is 0; 20,000.00 a unit fits the
  // straight-line book. Merged, MACRS has a salvage, which it cannot have.
  const macrs = (db: FleetDb, lotId: string) => editLotCommand(db, lotId, { book: { policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' }, salvage: { kind: 'lot' } } }, 'ada');
  const salvage = (db: FleetDb, lotId: string) => editLotCommand(db, lotId, { salvageValue: 20_000_00 }, 'bob');

  for (const order of ['policy first', 'salvage first'] as const) {
    for (const undo of ['ada', 'bob'] as const) {
      it(`is a conflict on both devices (${order}); taking ${undo}’s edit back settles it with a schedule everywhere`, async () => {
        const { a, b, lotId } = await team();
        if (order === 'policy first') {
          ok(await macrs(a, lotId));
          ok(await salvage(b, lotId));
        } else {
          ok(await salvage(b, lotId));
          ok(await macrs(a, lotId));
        }
        // Each device refuses the other's edit on top of its own.
        expect((await salvage(a, lotId)).ok).toBe(false);
        await exchange(a, b);
        expect(await hasSchedules(b, lotId)).toBe(false);
        await exchange(b, a);
        const conflicts = await conflictsOf(a, b);
        expect(conflicts).toHaveLength(1);
        const [c] = conflicts as [LedgerConflict];
        expect(c).toMatchObject({ kind: 'schedule-broken', recordId: lotId, record: 'lot L-1' });
        expect(c.message).toContain('ada set the book depreciation policy to MACRS 5-year, half-year, lot salvage on lot L-1');
        expect(c.message).toContain('bob set the salvage value to 20000.00 USD on lot L-1');
        expect(c.message).toContain('without a book schedule');
        expect(c.message).toContain('MACRS recovers the whole basis, so salvage must be 0');
        expect(c.message).not.toContain('write-down');
        expect(c.events.map((e) => e.actor).sort()).toEqual(['ada', 'bob']);
        expect(c.resolutions).toHaveLength(2);
        const choice = c.resolutions.find((r) => r.key === `undo-edit:${c.events.find((e) => e.actor === undo)!.id}`)!;
        expect(choice.label).toMatch(undo === 'ada' ? /^Keep bob’s salvage value; put the book depreciation policy back to /u : /^Keep ada’s book depreciation policy; put the salvage value back to 0\.00 USD$/u);
        ok(await resolveConflictCommand(b, c.id, choice.key, 'bob'));
        await converge(a, b);
        expect(await conflictsOf(a, b)).toEqual([]);
        expect(await hasSchedules(a, lotId)).toBe(true);
        expect(await hasSchedules(b, lotId)).toBe(true);
        const settled = (await a.lots.get(lotId))!;
        expect([settled.book.policy.method, settled.salvageValue]).toEqual(undo === 'ada' ? ['straight-line', 20_000_00] : ['macrs', 0]);
      });
    }
  }
});
