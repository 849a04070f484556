import { isCommitment } from '../../shared/depreciation/fleetValue';
import { describe, expect, it } from 'vitest';
import { demoFleet } from '../../shared/demoFleet';
import { fleetForecast, lotMarketAt, type LotForecast } from '../../shared/forecast/fleetForecast';
import { computeSchedules } from '../../renderer/features/finance/schedules';
import { DEFAULT_LOT_COLUMNS, EMPTY_FILTERS, lotColumnChoice } from '../../renderer/state/ui';
import { buildLotRows, filterLots, lotListTotals, sortLots, withMarketValues, type LotRow } from '../../renderer/features/lots/lotRows';

function fleet() {
  let n = 0;
  const f = demoFleet({ today: '2026-11-29', now: '2026-11-29T00:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}` });
  return {
    lots: f.lots.map((l, i) => ({ ...l, id: `lot-${i}`, parentId: null, createdAt: '', updatedAt: '' })),
    models: f.models,
    sites: f.sites,
    observations: f.observations,
    modelsById: new Map(f.models.map((m) => [m.id, m])),
    sitesById: new Map(f.sites.map((s) => [s.id, s])),
    suppliersById: new Map(f.suppliers.map((s) => [s.id, s])),
  };
}

const TODAY = '2026-11-29';

function forecastByLot(f: ReturnType<typeof fleet>, horizonMonths = 1): Map<string, LotForecast> {
  const r = fleetForecast({ lots: f.lots, models: f.models, sites: f.sites, observations: f.observations, asOf: TODAY, horizonMonths, fiscalYearStartMonth: 1 });
  if (!r.ok) throw new Error(r.error);
  return new Map(r.value.lots.map((l) => [l.lotId, l]));
}

describe('lots list rows', () => {
  const rows = buildLotRows(fleet(), '2026-11-29');

  it('filters by every facet and by all search terms together', () => {
    expect(filterLots(rows, EMPTY_FILTERS)).toHaveLength(rows.length);
    const gpu = filterLots(rows, { ...EMPTY_FILTERS, category: 'gpu-server' });
    expect(gpu.length).toBeGreaterThan(0);
    expect(gpu.every((r) => r.category === 'gpu-server')).toBe(true);
    const deployed = filterLots(rows, { ...EMPTY_FILTERS, stage: 'deploy' });
    expect(deployed.every((r) => ['staged', 'in-service', 'spare', 'rma'].includes(r.status))).toBe(true);
    // Every term must match (AND), case-insensitively, across code, model, site and more.
    const atFra = rows.filter((r) => r.site === 'FRA1' && (r.model.includes('H100') || r.code.includes('H100') || r.lot.notes.includes('H100')));
    expect(atFra.length).toBeGreaterThan(0);
    const both = filterLots(rows, { ...EMPTY_FILTERS, text: 'h100 frankfurt' });
    expect(both.map((r) => r.id).sort()).toEqual(atFra.map((r) => r.id).sort());
    expect(filterLots(rows, { ...EMPTY_FILTERS, text: 'no-such-thing' })).toEqual([]);
  });

  it('sorts numerically by code and by money, both ways', () => {
    const byCost = sortLots(rows, 'costBasis', 'desc');
    for (let i = 1; i < byCost.length; i++) expect(byCost[i - 1]!.costBasis).toBeGreaterThanOrEqual(byCost[i]!.costBasis);
    const codes = sortLots([{ ...rows[0]!, code: 'A-10' }, { ...rows[0]!, code: 'A-9' }], 'code', 'asc').map((r) => r.code);
    expect(codes).toEqual(['A-9', 'A-10']);
  });

  it('counts age from the in-service date, and shows none for future lots', () => {
    const planned = rows.find((r) => r.status === 'planned' && r.lot.purchaseDate > '2026-11-29');
    if (planned) expect(planned.age).toBe('—');
    const inService = rows.find((r) => r.lot.inServiceDate !== null)!;
    expect(inService.ageMonths).toBeGreaterThanOrEqual(0);
  });
});

describe('lots list market value and unrealised gain/loss', () => {
  const f = fleet();
  const bookRows = buildLotRows(f, TODAY, computeSchedules(f.lots, 1));
  const byLot = forecastByLot(f);
  const rows = withMarketValues(bookRows, byLot);
  const byId = (rs: readonly LotRow[], id: string) => rs.find((r) => r.id === id)!;

  it('leaves both figures empty until a forecast is joined in', () => {
    expect(bookRows.every((r) => r.market === null && r.gain === null)).toBe(true);
  });

  it('is the Value tab’s figure: p50 today for the lot’s quantity, and that less the book value', () => {
    const inService = rows.filter((r) => r.lot.inServiceDate !== null && r.status !== 'disposed' && r.market !== null);
    expect(inService.length).toBeGreaterThan(5);
    for (const r of inService) {
      const forecast = byLot.get(r.id)!;
      expect(r.market).toBe(Math.round(lotMarketAt(forecast, 0)!.p50));
      expect(r.market).toBeGreaterThan(0);
      // Against the Book value column itself, so the list adds up on screen.
      expect(r.nbv).not.toBeNull();
      expect(r.gain).toBe(r.market! - r.nbv!);
    }
    // The per-unit price times the quantity: a lot of 64 is worth 64 of its model's units.
    const h100 = inService.find((r) => r.quantity === 64 && r.model.includes('H100'))!;
    expect(h100.market! % 64).toBe(0);
  });

  it('values a lot owned but not yet in service at its cost basis, and a commitment (planned, ordered) not at all', () => {
    const received = rows.find((r) => r.lot.inServiceDate === null && !isCommitment(r.lot) && r.status !== 'disposed' && r.market !== null)!;
    expect(received.nbv).toBe(received.costBasis);
    expect(received.gain).toBe(received.market! - received.costBasis);
    const committed = rows.filter((r) => isCommitment(r.lot));
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.every((r) => r.nbv === null && r.market === null && r.gain === null)).toBe(true);
  });

  it('books no depreciation for a commitment entered with its planned in-service date', () => {
    const planned = f.lots.find((l) => l.status === 'planned')!;
    const ahead = { ...planned, inServiceDate: '2026-01-01' };
    const lots = f.lots.map((l) => (l.id === planned.id ? ahead : l));
    // Its schedule can be projected (the Finance tab shows it), but the books carry none of it.
    expect(computeSchedules(lots, 1).get(planned.id)?.book).not.toBeNull();
    const row = byId(buildLotRows({ ...f, lots }, TODAY, computeSchedules(lots, 1)), planned.id);
    expect([row.nbv, row.accumulated]).toEqual([null, null]);
  });

  it('shows nothing for disposed lots and lots the forecast does not cover', () => {
    const disposed = rows.filter((r) => r.status === 'disposed');
    expect(disposed.length).toBeGreaterThan(0);
    expect(disposed.every((r) => r.market === null && r.gain === null)).toBe(true);
    const someId = rows.find((r) => r.market !== null)!.id;
    const without = new Map(byLot);
    without.delete(someId);
    const again = withMarketValues(rows, without);
    expect(byId(again, someId).market).toBeNull();
    expect(byId(again, someId).gain).toBeNull();
  });

  it('gives today’s figures whatever the horizon, so the list may forecast a single month', () => {
    const long = withMarketValues(bookRows, forecastByLot(f, 36));
    expect(long.map((r) => [r.market, r.gain])).toEqual(rows.map((r) => [r.market, r.gain]));
  });

  it('signs the gain: positive when the market is above book, negative below, zero at par', () => {
    const r = rows.find((x) => x.market !== null && x.nbv !== null)!;
    const forecast = byLot.get(r.id)!;
    const withBook = (book: number) => byId(withMarketValues([r], new Map([[r.id, { ...forecast, book: Float64Array.of(book) }]])), r.id);
    expect(withBook(r.market! - 12_345).gain).toBe(12_345);
    expect(withBook(r.market! + 12_345).gain).toBe(-12_345);
    expect(withBook(r.market!).gain).toBe(0);
  });

  it('sorts by market value and by gain both ways, rows without a figure last either way', () => {
    const withMarket = rows.filter((r) => r.market !== null).length;
    expect(withMarket).toBeGreaterThan(0);
    expect(withMarket).toBeLessThan(rows.length);
    for (const key of ['market', 'gain'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const sorted = sortLots(rows, key, dir);
        const values = sorted.map((r) => r[key]);
        const firstNull = values.indexOf(null);
        expect(firstNull).toBe(withMarket);
        expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
        const present = values.slice(0, firstNull) as number[];
        for (let i = 1; i < present.length; i++) {
          if (dir === 'asc') expect(present[i]).toBeGreaterThanOrEqual(present[i - 1]!);
          else expect(present[i]).toBeLessThanOrEqual(present[i - 1]!);
        }
      }
    }
    // Gains and losses sort by value, not by size: a loss comes before any gain ascending.
    const a = { ...rows[0]!, id: 'a', code: 'A', gain: -500 };
    const b = { ...rows[0]!, id: 'b', code: 'B', gain: 100 };
    const c = { ...rows[0]!, id: 'c', code: 'C', gain: null };
    expect(sortLots([c, b, a], 'gain', 'asc').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(sortLots([c, a, b], 'gain', 'desc').map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('sorts book value with lots not yet depreciating last both ways, too', () => {
    for (const dir of ['asc', 'desc'] as const) {
      const values = sortLots(rows, 'nbv', dir).map((r) => r.nbv);
      const firstNull = values.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
    }
  });
});

describe('lots list footer totals', () => {
  it('the cost basis total counts the lots owned, as the book value total does: commitments are under Committed, disposed lots in neither', () => {
    const f = fleet();
    const rows = buildLotRows(f, TODAY);
    expect(rows.some((r) => r.status === 'disposed')).toBe(true);
    expect(rows.some((r) => isCommitment(r.lot))).toBe(true);
    const totals = lotListTotals(rows);
    const sum = (pick: (r: LotRow) => boolean) => {
      const m = new Map<string, number>();
      for (const r of rows.filter(pick)) m.set(r.currency, (m.get(r.currency) ?? 0) + r.costBasis);
      return m;
    };
    expect(totals.ownedCost).toEqual(sum((r) => r.nbv !== null));
    expect(totals.committed).toEqual(sum((r) => isCommitment(r.lot)));
    expect(totals.units).toBe(rows.reduce((n, r) => n + r.quantity, 0));
    expect([...totals.nbv.keys()].sort()).toEqual([...totals.ownedCost.keys()].sort());
  });
});

describe('lots list column choice', () => {
  it('keeps a stored choice and falls back to hidden for anything else', () => {
    expect(DEFAULT_LOT_COLUMNS).toEqual({ market: false, gain: false });
    expect(lotColumnChoice({ market: true, gain: false })).toEqual({ market: true, gain: false });
    expect(lotColumnChoice({ market: 'yes', gain: true, extra: 1 })).toEqual({ market: false, gain: true });
    expect(lotColumnChoice(null)).toEqual(DEFAULT_LOT_COLUMNS);
    expect(lotColumnChoice('garbage')).toEqual(DEFAULT_LOT_COLUMNS);
  });
});
