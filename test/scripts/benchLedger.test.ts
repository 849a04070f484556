/**
 * The ledger bench's history (scripts/benchLedger.ts) must be one the app could have written:
 * if its fold differed from the tables the commands would leave, *Verify ledger* would complain
 * and a restore would refuse the backup, and `npm run bench -- --ledger` would time nothing real.
 */
import { describe, expect, it } from 'vitest';
import { parseEventId } from '../../shared/ledger/clock';
import { compareSnapshots } from '../../shared/ledger/compareSnapshots';
import { foldLedger, sortSnapshot } from '../../shared/ledger/fold';
import { DEFAULT_TEAM_SETTINGS } from '../../shared/ledger/teamSettings';
import { generateFleet } from '../../scripts/benchFleet';
import { fleetUnits, ledgerInMemory } from '../../scripts/benchLedger';

describe('the ledger bench history', () => {
  const fleet = generateFleet(12, 300);
  const ledger = ledgerInMemory(fleet, 2_500);

  it('has the events asked for, of every kind, ids and seqs without gaps', () => {
    expect(ledger.events).toHaveLength(2_500);
    for (const type of ['created', 'units-received', 'edited', 'transitioned', 'units-updated', 'sanitised']) expect(ledger.counts[type] ?? 0).toBeGreaterThan(0);
    expect(ledger.events.map((e) => parseEventId(e.id)?.counter)).toEqual(ledger.events.map((_e, i) => i + 1));
    const seqs = new Map<string, number>();
    for (const e of ledger.events) {
      expect(e.seq).toBe((seqs.get(e.lotId) ?? 0) + 1);
      seqs.set(e.lotId, e.seq);
    }
    const stamps = ledger.events.map((e) => e.hlc);
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('folds into exactly the lots and units its commands left', () => {
    const tables = sortSnapshot({
      lots: ledger.lots,
      units: ledger.units,
      models: ledger.catalogue.models,
      sites: [ledger.catalogue.site],
      suppliers: [],
      observations: [],
      settings: { ...DEFAULT_TEAM_SETTINGS },
    });
    const folded = foldLedger(ledger.events);
    expect(compareSnapshots(folded, tables)).toEqual([]);
    // The history did change them (the comparison can tell): the units as received differ.
    expect(compareSnapshots(folded, sortSnapshot({ ...tables, units: fleetUnits(fleet) })).length).toBeGreaterThan(0);
    expect(ledger.units).toHaveLength(300);
    expect(ledger.units.some((u) => u.sanitisation !== null)).toBe(true);
  });
});
