import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { addObservation, importObservations, observationsOfModel, type ObservationDraft } from '../../../renderer/db/market';
import { lotEvents } from '../../../renderer/db/lotCommands';
import { commonestCondition, curveFacts, fitModelCurve, marketChart, yearlyLoss } from '../../../renderer/features/market/marketChart';
import { replayLot } from '../../../shared/lotChanges';
import { parseMarketCsv } from '../../../shared/marketCsv';
import { uniqueDbName } from './migrationHarness';

const TODAY = '2026-06-30';
let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('market'));
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

async function aModel(name = 'SYS-821GE', listPrice: number | null = 29_500_000): Promise<string> {
  const r = await saveModelCommand(
    db,
    {
      manufacturer: 'Supermicro', name, category: 'gpu-server', powerWatts: 10200, rackUnits: 8, listPrice, currency: 'USD',
      releaseDate: '2023-03-01', endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false,
    },
    null,
    'tester',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.id;
}

function draft(modelId: string, overrides: Partial<ObservationDraft> = {}): ObservationDraft {
  return { modelId, date: '2025-05-01', unitPrice: 18_500_000, currency: 'USD', condition: 'used', quantity: 1, source: 'Broker A', note: '', ...overrides };
}

function rows(text: string) {
  const parsed = parseMarketCsv(text, { asOf: TODAY });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.rows;
}

const HEADER = 'manufacturer,model,date,unit_price,currency,condition,quantity,source';

describe('addObservation', () => {
  it('stores the price and appends an observed event on the model in the same transaction', async () => {
    const modelId = await aModel();
    const r = await addObservation(db, draft(modelId, { currency: 'usd', source: '  eBay  ' }), 'alice', TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ modelId, currency: 'USD', source: 'eBay', unitPrice: 18_500_000 });
    expect(await observationsOfModel(db, modelId)).toEqual([r.value]);
    const events = await lotEvents(db, modelId);
    expect(events.map((e) => [e.type, e.entity, e.seq])).toEqual([
      ['created', 'model', 1],
      ['observed', 'model', 2],
    ]);
    expect(events[1]).toMatchObject({ actor: 'alice', date: '2025-05-01', quantity: 1 });
    // An observed event carries no lot fields: replaying lot events ignores it.
    expect(replayLot([events[1]!])).toBeNull();
  });

  it('refuses what the CSV rules refuse, and writes nothing', async () => {
    const modelId = await aModel();
    const r = await addObservation(db, draft(modelId, { date: '2026-07-01', unitPrice: 0, quantity: 0, source: ' ', currency: 'US' }), 'alice', TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.error).sort()).toEqual(['currency', 'date', 'quantity', 'source', 'unitPrice']);
    const missing = await addObservation(db, draft('no-such-model'), 'alice', TODAY);
    expect(missing.ok ? null : missing.error.modelId).toBe('This model no longer exists.');
    expect(await db.marketObservations.count()).toBe(0);
    expect((await lotEvents(db, modelId)).length).toBe(1);
  });

  it('refuses a date outside 1900–2199, as the market CSV does (0201 typed for 2021), and writes nothing', async () => {
    const modelId = await aModel();
    const r = await addObservation(db, draft(modelId, { date: '0201-05-01' }), 'alice', TODAY);
    expect(r).toEqual({ ok: false, error: { date: 'Date: "0201-05-01" is not a date from 1900 to 2199.' } });
    expect(await db.marketObservations.count()).toBe(0);
  });
});

describe('importObservations', () => {
  it('imports every row with one event each, per-model sequence numbers, and finds models case-insensitively', async () => {
    const a = await aModel('SYS-821GE');
    const b = await aModel('SYS-420GP');
    await addObservation(db, draft(a), 'alice', TODAY);
    const csv = [
      HEADER,
      'supermicro,sys-821ge,2025-01-10,20000.00,USD,refurbished,2,Broker B',
      'Supermicro,SYS-420GP,2025-02-10,9000.00,USD,as is,,Auction',
      'Supermicro,SYS-821GE,2025-03-10,19000.00,USD,Used,1,Broker C',
    ].join('\n');
    const r = await importObservations(db, rows(csv), 'bob', 'prices.csv', TODAY);
    expect(r).toEqual({ ok: true, value: { observations: 3, models: ['Supermicro SYS-821GE', 'Supermicro SYS-420GP'] } });
    expect((await observationsOfModel(db, a)).map((o) => o.date)).toEqual(['2025-01-10', '2025-03-10', '2025-05-01']);
    expect((await observationsOfModel(db, b)).map((o) => [o.condition, o.quantity])).toEqual([['as-is', 1]]);
    const eventsA = await lotEvents(db, a);
    expect(eventsA.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(eventsA[3]?.note).toContain('Imported from prices.csv, row 4.');
  });

  it('is all or nothing: an unknown model is a row error naming it, and nothing is written', async () => {
    const a = await aModel('SYS-821GE');
    const csv = [
      HEADER,
      'Supermicro,SYS-821GE,2025-01-10,20000.00,USD,used,1,Broker B',
      'Dell,PowerEdge R9999,2025-02-10,9000.00,USD,used,1,Auction',
    ].join('\n');
    const r = await importObservations(db, rows(csv), 'bob', 'prices.csv', TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([{ row: 3, column: 'model', message: expect.stringContaining('"Dell PowerEdge R9999" is not a model in the catalogue') as string }]);
    expect(await db.marketObservations.count()).toBe(0);
    expect((await lotEvents(db, a)).length).toBe(1);
  });

  it('re-checks dates against today at write time', async () => {
    await aModel('SYS-821GE');
    const r = await importObservations(db, rows(`${HEADER}\nSupermicro,SYS-821GE,2026-06-30,20000.00,USD,used,1,Broker B`), 'bob', 'p.csv', '2026-06-29');
    expect(r.ok ? [] : r.error.map((e) => [e.row, e.column])).toEqual([[2, 'date']]);
  });
});

describe('the per-model chart', () => {
  it('fits the model from its prices, charts them, and says so in words', async () => {
    const a = await aModel('SYS-821GE');
    const model = (await db.models.get(a))!;
    const own = [
      { ...draft(a, { date: '2024-03-01', unitPrice: 24_000_000 }), id: '1', createdAt: '' },
      { ...draft(a, { date: '2025-03-01', unitPrice: 19_000_000 }), id: '2', createdAt: '' },
      { ...draft(a, { date: '2026-03-01', unitPrice: 15_000_000, currency: 'EUR' }), id: '3', createdAt: '' },
    ];
    const fit = fitModelCurve(model, own, [], TODAY);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.value.source).toBe('model');
    expect(fit.value.observationCount).toBe(2);
    const chart = marketChart(fit.value, own, commonestCondition(own), TODAY);
    expect(chart.from).toBe('2023-03-01');
    expect(chart.to).toBe('2029-06-30');
    expect(chart.dots).toHaveLength(2); // the EUR price is not on a USD chart
    const [band, median] = chart.series;
    expect(band?.upper).toHaveLength(band?.points.length ?? -1);
    expect(median?.points.length).toBe(76);
    for (let i = 0; i < (band?.points.length ?? 0); i++) {
      expect(band!.points[i]!.y).toBeLessThanOrEqual(median!.points[i]!.y);
      expect(band!.upper![i]!.y).toBeGreaterThanOrEqual(median!.points[i]!.y);
    }
    const facts = curveFacts(fit.value);
    expect(facts[0]).toMatch(/^Fitted to 2 observations of this model/u);
    expect(facts.some((f) => /loses ~\d+ % a year/u.test(f))).toBe(true);
    expect(facts.some((f) => f.includes('1 observation was left out'))).toBe(true);
  });

  it('falls back to the category, then to the prior', async () => {
    const a = await aModel('SYS-821GE');
    const b = await aModel('SYS-420GP');
    const [ma, mb] = [(await db.models.get(a))!, (await db.models.get(b))!];
    const other = [{ ...draft(b, { date: '2025-03-01' }), id: 'x', createdAt: '' }];
    const byCategory = fitModelCurve(ma, [], [{ model: mb, observations: other }], TODAY);
    expect(byCategory.ok && byCategory.value.source).toBe('category');
    if (byCategory.ok) expect(curveFacts(byCategory.value)[0]).toContain('category');
    const prior = fitModelCurve(ma, [], [], TODAY);
    expect(prior.ok && prior.value.source).toBe('prior');
    const nothing = fitModelCurve({ ...ma, listPrice: null }, [], [], TODAY);
    expect(nothing.ok).toBe(false);
  });

  it('words the yearly loss', () => {
    expect(yearlyLoss(Math.LN2)).toBe('loses ~50 % a year');
  });
});
