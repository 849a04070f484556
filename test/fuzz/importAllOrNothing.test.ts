/**
 * A mutated lots file through the database layer (issue 14): whatever the parser lets through,
 * the import writes all of it — every lot, model and site with its events — or nothing at all.
 * Each case opens a fresh database (fake-indexeddb), so the runs are few here (FUZZ_RUNS ÷ 10,
 * default 15); `npm run fuzz` runs more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FleetDb } from '../../renderer/db/database';
import { readLog } from '../../renderer/db/eventLog';
import { importLotsCommand } from '../../renderer/db/importLots';
import { parseLotCsv } from '../../shared/lotCsv';
import { uniqueDbName } from '../renderer/db/migrationHarness';

const RUNS = Math.max(5, Math.floor(Number(process.env.FUZZ_RUNS ?? 150) / 10));
const VALID = [
  'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date',
  'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01',
  'CPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20',
  'NET-1,Arista,7050,network-switch,2,9000.00,USD,2023-06-10,planned,,,,',
  '',
].join('\n');

const edits = fc.array(
  fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 12 }), text: fc.constantFrom('', ',', '\n', '"', '0', '-', 'x', 'in-service', 'disposed', ',,', '2024-13-01', '1e3') }),
  { minLength: 1, maxLength: 4 },
);

describe('a mutated lots file through the database', () => {
  it('is imported whole or not at all', async () => {
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(edits, async (changes) => {
        let text = VALID;
        for (const c of changes) {
          const at = c.at % text.length;
          text = text.slice(0, at) + c.text + text.slice(at + c.cut);
        }
        const parsed = parseLotCsv(text, { existingCodes: new Set() });
        if (!parsed.ok) return; // refused by the parser: nothing reaches the database
        reached++;
        const db = new FleetDb(uniqueDbName('fuzz-import'));
        await db.open();
        try {
          const before = (await readLog(db)).length;
          const r = await importLotsCommand(db, parsed.rows, 'fuzz', 'lots.csv');
          const lots = await db.lots.count();
          const events = (await readLog(db)).length - before;
          if (r.ok) {
            expect(lots).toBe(parsed.rows.length);
            expect(events).toBe(parsed.rows.length + r.value.newModels.length + r.value.newSites.length);
          } else {
            expect([lots, events, await db.models.count(), await db.sites.count()]).toEqual([0, 0, 0, 0]);
            expect(r.error.length).toBeGreaterThan(0);
          }
        } finally {
          db.close();
          await db.delete();
        }
      }),
      // Seeded with edits the parser accepts (a lot code changed, a row dropped), so the database is reached.
      { numRuns: RUNS, examples: [[[{ at: VALID.indexOf('GPU-1') + 5, cut: 0, text: 'x' }]], [[{ at: VALID.indexOf(',8,') + 1, cut: 1, text: '0' }]], [[{ at: VALID.indexOf('CPU-1') + 5, cut: 0, text: '0' }]]] },
    );
    expect(reached).toBeGreaterThan(0);
  }, 120_000);
});
