/**
 * A lot's cost edited on one device while another splits it after depreciation began (LEDGER.md
 * §4): the split fixes each part's schedule as its share of the cost it saw, so the edit cannot
 * simply stand beside it — the lot would show one cost and depreciate another. It is a conflict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import { resolveConflictCommand } from '../../../renderer/db/ledger';
import { createLotCommand, editLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import { testDatabases } from './migrationHarness';
import { converge } from './teamExchange';
import { lotDraft, MODEL, ok, SITE } from './teamFixture';

const databases = testDatabases();
afterEach(databases.dropAll);


describe('a cost edited on one device while the lot is split on another', () => {
  for (const order of ['edit first', 'split first'] as const) {
    it(`is a conflict, whichever was written later (${order}), and settling it leaves the lot's cost as its schedule has it`, async () => {
      const a = await databases.open('a');
      const b = await databases.open('b');
      const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
      const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
      const lot = ok(await createLotCommand(a, lotDraft(model.id, 'L-1', site.id), 'ada'));
      await converge(a, b);
      const edit = async () => ok(await editLotCommand(a, lot.id, { unitCost: 200_000_00 }, 'ada'));
      const split = async () => ok(await moveLotCommand(b, lot.id, { to: 'spare', quantity: 3, date: '2025-06-01' }, 'bob'));
      if (order === 'edit first') {
        await edit();
        await split();
      } else {
        await split();
        await edit();
      }
      await converge(a, b);
      const conflicts = await currentConflicts(a);
      expect(conflicts).toHaveLength(1);
      const keep = conflicts[0]!.resolutions[0]!;
      expect(conflicts[0]!.message).toMatch(/^ada set the unit cost to .* on lot L-1, while bob split 3 of it off on another device after its depreciation began/u);
      expect(keep.label).toBe("Keep the split: the unit cost back to 250000.00 USD");
      expect(ok(await resolveConflictCommand(a, conflicts[0]!.id, keep.key, 'ada'))).toBeTruthy();
      await converge(a, b);
      expect(await currentConflicts(b)).toEqual([]);
      const parent = (await b.lots.get(lot.id))!;
      // The split's chain holds the cost it split: the lot says the same.
      expect(parent.depreciationChain).not.toBeNull();
      expect(parent.unitCost).toBe(250_000_00);
    });
  }
});
