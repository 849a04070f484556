/**
 * The rental price book as CSV (issue 12): every row into its model's book, all or nothing with
 * row and column; what the book already holds is left; export → import changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { formatCsvErrors } from '../../shared/csv';
import { demoFleet } from '../../shared/demoFleet';
import { parseRentalPriceCsv, parseRentalTerm, planRentalPriceImport, rentalPricesToCsv } from '../../shared/rentalPriceCsv';

const TODAY = '2026-12-06';
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const demo = demoFleet({ today: TODAY, now: `${TODAY}T09:00:00.000Z`, newId });
const priced = demo.models.find((m) => (m.rentalPrices ?? []).length > 0)!;
const bare = demo.models.find((m) => (m.rentalPrices ?? []).length === 0)!;
const HEADER = 'manufacturer,model,term,performance_per_instance,price_per_hour,currency,date,source';

describe('the rental price CSV', () => {
  it('reads terms as people write them, models case-insensitively, prices in minor units', () => {
    expect(['On demand', 'on-demand', '1 year', '1-year term', '3Y', 'weekly'].map(parseRentalTerm)).toEqual(['on-demand', 'on-demand', '1-year', '1-year', '3-year', null]);
    const r = parseRentalPriceCsv(`${HEADER}\n${bare.manufacturer.toUpperCase()},${bare.name},1 year,2.5,61.20,usd,2026-11-01,Cloud list price\n`, demo.models);
    if (!r.ok) throw new Error(formatCsvErrors(r.errors, 'p.csv').join('\n'));
    expect(r.rows).toEqual([{ line: 2, modelId: bare.id, category: null, label: `${bare.manufacturer} ${bare.name}`, entry: { term: '1-year', performancePerInstance: 2.5, pricePerHour: 6_120, currency: 'USD', date: '2026-11-01', source: 'Cloud list price' } }]);
  });

  it('reports every problem with its row and column, and gives no rows', () => {
    const text = [
      HEADER,
      'Nobody,Nothing,on-demand,1,10.00,USD,2026-11-01,x',
      `${bare.manufacturer},${bare.name},weekly,1,10.00,USD,2026-11-01,x`,
      `${bare.manufacturer},${bare.name},on-demand,0,10.00,USD,2026-11-01,x`,
      `${bare.manufacturer},${bare.name},on-demand,1,0.00,USD,2026-11-01,x`,
      `${bare.manufacturer},${bare.name},on-demand,1,10.001,USD,2026-11-31,x`,
      `${bare.manufacturer},${bare.name},on-demand,1,10.00,USD,2026-11-01,x`,
      `${bare.manufacturer},${bare.name},on-demand,1,10.00,USD,2026-11-01,x`,
    ].join('\n');
    const r = parseRentalPriceCsv(text, demo.models);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = formatCsvErrors(r.errors, 'p.csv');
    expect(lines[0]).toBe('p.csv row 2, column model: "Nobody Nothing" is not a model in the catalogue; add it first');
    expect(lines[1]).toMatch(/^p\.csv row 3, column term: "weekly" is not a rental term/u);
    expect(lines[2]).toMatch(/^p\.csv row 4, column performance_per_instance: "0" is not a number above 0/u);
    expect(lines[3]).toMatch(/^p\.csv row 5, column price_per_hour: "0.00" is not above 0/u);
    expect(lines.filter((l) => l.startsWith('p.csv row 6, column price_per_hour'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('p.csv row 6, column date'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('p.csv row 8: the same price as row 7');
  });

  it('refuses a negative price by the column’s rule, above 0, not by a rule that 0 would pass', () => {
    const r = parseRentalPriceCsv(`${HEADER}\n${bare.manufacturer},${bare.name},on-demand,1,-1.50,USD,2026-11-01,x\n`, demo.models);
    expect(r.ok ? [] : formatCsvErrors(r.errors, 'p.csv')).toEqual(['p.csv row 2, column price_per_hour: "-1.50" is not above 0; renting costs something']);
  });

  it('adds new prices to each model’s book and leaves the ones it already holds', () => {
    const existing = priced.rentalPrices![0]!;
    const same = [priced.manufacturer, priced.name, existing.term, existing.performancePerInstance, (existing.pricePerHour / 100).toFixed(2), existing.currency, existing.date, existing.source].join(',');
    const r = parseRentalPriceCsv(`${HEADER}\n${same}\n${priced.manufacturer},${priced.name},3-year,${existing.performancePerInstance},12.00,USD,2026-12-01,Quote\n`, demo.models);
    if (!r.ok) throw new Error(formatCsvErrors(r.errors, 'p.csv').join('\n'));
    const plan = planRentalPriceImport(r.rows, demo.models, {}, () => 'new-id');
    expect(plan).toMatchObject({ added: 1, unchanged: 1 });
    expect(plan.changes[0]!.rentalPrices).toHaveLength(priced.rentalPrices!.length + 1);
    expect(plan.changes[0]!.rentalPrices.at(-1)).toMatchObject({ id: 'new-id', term: '3-year', pricePerHour: 1_200 });
  });

  it('exports every book in the import format, so export → import changes nothing', () => {
    const csv = rentalPricesToCsv(demo.models);
    const r = parseRentalPriceCsv(csv, demo.models);
    if (!r.ok) throw new Error(formatCsvErrors(r.errors, 'p.csv').join('\n'));
    const total = demo.models.reduce((s, m) => s + (m.rentalPrices ?? []).length, 0);
    expect(r.rows).toHaveLength(total);
    expect(planRentalPriceImport(r.rows, demo.models, {}, newId)).toMatchObject({ changes: [], added: 0, unchanged: total });
  });

  it('a row for a whole category goes into the team’s category prices, and exports back', () => {
    const r = parseRentalPriceCsv(`${HEADER.replace('model,', 'model,category,')}\n,,GPU-Server,on-demand,1,40.00,USD,2026-11-01,Colo quote\n${bare.manufacturer},${bare.name},gpu-server,on-demand,1,40.00,USD,2026-11-01,x\n,,fridge,on-demand,1,40.00,USD,2026-11-01,x\n,,,on-demand,1,40.00,USD,2026-11-01,x\n`, demo.models);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatCsvErrors(r.errors, 'p.csv')).toEqual([
      'p.csv row 3, column category: a row is for a model (manufacturer and model) or for a category, not both',
      'p.csv row 4, column category: "fridge" is not a category; use one of: gpu-server, cpu-server, storage-server, network-switch, gpu-card, drive, nic, other',
      'p.csv row 5, column manufacturer: a row names a model (manufacturer and model) or a category',
    ]);
    const good = parseRentalPriceCsv(`${HEADER.replace('model,', 'model,category,')}\n,,GPU-Server,on-demand,1,40.00,USD,2026-11-01,Colo quote\n`, demo.models);
    if (!good.ok) throw new Error('parse');
    expect(good.rows[0]).toMatchObject({ modelId: null, category: 'gpu-server', label: 'category gpu-server' });
    const existing = { 'cpu-server': [{ id: 'c1', term: '1-year' as const, pricePerHour: 500, currency: 'USD', performancePerInstance: 1, date: '2026-01-01', source: 'Old quote' }] };
    const plan = planRentalPriceImport(good.rows, demo.models, existing, () => 'new-id');
    expect(plan).toMatchObject({ changes: [], added: 1, unchanged: 0, categoryAdded: [{ category: 'gpu-server', added: 1 }] });
    expect(plan.categoryPrices).toEqual({ ...existing, 'gpu-server': [{ id: 'new-id', term: 'on-demand', pricePerHour: 4_000, currency: 'USD', performancePerInstance: 1, date: '2026-11-01', source: 'Colo quote' }] });
    const csv = rentalPricesToCsv([], plan.categoryPrices!);
    const again = parseRentalPriceCsv(csv, demo.models);
    if (!again.ok) throw new Error(formatCsvErrors(again.errors, 'p.csv').join('\n'));
    expect(planRentalPriceImport(again.rows, demo.models, plan.categoryPrices!, newId)).toMatchObject({ added: 0, unchanged: 2, categoryPrices: null });
  });
});
