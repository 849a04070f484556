/**
 * A move's date corrected on one device while the lot moves on at an earlier date on another
 * (LEDGER.md §4): each device alone keeps a lot's moves in date order and corrects only the latest
 * move, but merged the moves stand out of order. A conflict on every device, settled by a choice
 * that puts the move's date back, which every device then shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import { entityEvents } from '../../../renderer/db/eventLog';
import { resolveConflictCommand } from '../../../renderer/db/ledger';
import { correctMoveDateCommand, createLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import { correctedMoveDates, lastMoveOf } from '../../../shared/lotChanges';
import { testDatabases } from './migrationHarness';
import { converge } from './teamExchange';
import { lotDraft, MODEL, ok, SITE } from './teamFixture';

const databases = testDatabases();
afterEach(databases.dropAll);

describe('a move’s date corrected on one device while the lot moves on elsewhere', () => {
  for (const order of ['correction first', 'move first'] as const) {
    it(`is a conflict on both devices (${order}), and putting the date back settles it everywhere`, async () => {
      const a = await databases.open('a');
      const b = await databases.open('b');
      const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
      const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
      const lot = ok(await createLotCommand(a, lotDraft(model.id, 'L-1', site.id), 'ada'));
      ok(await moveLotCommand(a, lot.id, { to: 'spare', quantity: 8, date: '2025-03-01' }, 'ada'));
      await converge(a, b);
      const correct = async () => ok(await correctMoveDateCommand(a, lot.id, '2025-05-01', 'ada', 'typed the wrong month'));
      const move = async () => ok(await moveLotCommand(b, lot.id, { to: 'rma', quantity: 8, date: '2025-04-01' }, 'bob'));
      if (order === 'correction first') {
        await correct();
        await move();
      } else {
        await move();
        await correct();
      }
      await converge(a, b);
      const [conflict, ...rest] = await currentConflicts(a);
      expect(rest).toEqual([]);
      expect(conflict).toMatchObject({ kind: 'move-date', record: 'lot L-1' });
      expect(conflict!.message).toContain('its moves are now dated out of order (');
      expect(await currentConflicts(b)).toEqual([conflict]);
      const putBack = conflict!.resolutions.find((r) => r.label === 'Put the move to Spare back to 2025-03-01');
      expect(putBack).toBeDefined();
      ok(await resolveConflictCommand(b, conflict!.id, putBack!.key, 'bob'));
      await converge(a, b);
      for (const db of [a, b]) {
        expect(await currentConflicts(db)).toEqual([]);
        const events = await entityEvents(db, lot.id);
        const spare = events.find((e) => e.type === 'transitioned' && e.to === 'spare')!;
        expect(correctedMoveDates(events).moves.get(spare.id)).toBe('2025-03-01');
        expect(lastMoveOf(events)).toEqual({ date: '2025-04-01', what: 'to RMA' });
        expect((await db.lots.get(lot.id))!.status).toBe('rma');
      }
    });
  }
});
