/**
 * Utilisation per lot and month (issue 12): the CSV (`lot_code, month, utilisation_percent`),
 * all-or-nothing with row and column, what an import adds and replaces, export → import, and the
 * lot's record as an edited field.
 */
import { describe, expect, it } from 'vitest';
import { formatCsvErrors } from '../../shared/csv';
import { demoFleet } from '../../shared/demoFleet';
import type { Lot } from '../../shared/lot';
import { editLot, stepLot, validateLot } from '../../shared/lotChanges';
import { formatPercent, parsePercentText, parseUtilisationCsv, planUtilisationImport, utilisationOf, utilisationToCsv } from '../../shared/utilisation';

const TODAY = '2026-12-06';
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const demo = demoFleet({ today: TODAY, now: `${TODAY}T09:00:00.000Z`, newId });
const lots = demo.lots.slice(0, 3);
const [a, b] = lots as [(typeof lots)[number], (typeof lots)[number]];

describe('the utilisation CSV', () => {
  it('reads every row: codes case-insensitively, a date as its month, a decimal comma and a % sign', () => {
    const text = `Lot Code;Month;Utilisation Percent\n${a.code.toLowerCase()};2026-10;72,5 %\n${b.code};2026-11-30;100\n${a.code};2026-11;0\n`;
    const r = parseUtilisationCsv(text, lots, TODAY);
    if (!r.ok) throw new Error(formatCsvErrors(r.errors, 'u.csv').join('\n'));
    expect(r.rows.map(({ lotCode, month, percent }) => [lotCode, month, percent])).toEqual([[a.code, '2026-10', 72.5], [b.code, '2026-11', 100], [a.code, '2026-11', 0]]);
  });

  it('reports every problem with its row and column, and gives no rows', () => {
    const text = ['lot_code,month,utilisation_percent', 'NOPE-1,2026-10,50', `${a.code},2026-13,50`, `${a.code},2026-08,101`, `${a.code},2026-10,50`, `${a.code},2026-10,60`, `${b.code},2026-10,12.345`, `${b.code},,`].join('\n');
    const r = parseUtilisationCsv(text, lots, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatCsvErrors(r.errors, 'u.csv')).toEqual([
      'u.csv row 2, column lot_code: "NOPE-1" is not a lot of this ledger',
      'u.csv row 3, column month: "2026-13" is not a month; write it YYYY-MM, e.g. 2026-10',
      'u.csv row 4, column utilisation_percent: "101" is not a percentage from 0 to 100 with at most two decimals, e.g. 72.5',
      `u.csv row 6, column month: ${a.code} 2026-10 is already on row 5; a lot and month may appear once`,
      'u.csv row 7, column utilisation_percent: "12.345" is not a percentage from 0 to 100 with at most two decimals, e.g. 72.5',
      'u.csv row 8, column month: is empty, but this column is required',
      'u.csv row 8, column utilisation_percent: is empty, but this column is required',
    ]);
  });

  it('matches a code exactly first; two codes that differ only in case are never guessed between; a date must be a real day', () => {
    const dates = { disposedDate: null };
    const twins = [{ id: 'l1', code: 'gpu-1', ...dates }, { id: 'l2', code: 'GPU-1', ...dates }, { id: 'l3', code: 'CPU-1', ...dates }];
    const r = parseUtilisationCsv('lot_code,month,utilisation_percent\nGPU-1,2026-10,50\ncpu-1,2026-10,50\nGpu-1,2026-10,50\nCPU-1,2026-10-45,50\n', twins, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatCsvErrors(r.errors, 'u.csv')).toEqual([
      'u.csv row 4, column lot_code: "Gpu-1" matches gpu-1 and GPU-1, which differ only in case; write the code exactly',
      'u.csv row 5, column month: "2026-10-45" is not a month; write it YYYY-MM, e.g. 2026-10',
    ]);
    const ok = parseUtilisationCsv('lot_code,month,utilisation_percent\nGPU-1,2026-10,50\ncpu-1,2026-10,50\n', twins, TODAY);
    expect(ok.ok && ok.rows.map((row) => row.lotId)).toEqual(['l2', 'l3']);
  });

  it('refuses a month that has not begun, or after the lot’s disposal; takes one before its in-service date', () => {
    const gone = { id: 'l1', code: 'GPU-9', disposedDate: '2026-07-15' };
    const running = { id: 'l3', code: 'GPU-11', disposedDate: null };
    const rows = ['GPU-9,2026-07,50', 'GPU-9,2026-08,50', 'GPU-11,2026-12,40', 'GPU-11,2027-01,40', 'GPU-11,2062-11-01,40'];
    const r = parseUtilisationCsv(`lot_code,month,utilisation_percent\n${rows.join('\n')}\n`, [gone, running], TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatCsvErrors(r.errors, 'u.csv')).toEqual([
      'u.csv row 3, column month: 2026-08 is after GPU-9 was disposed of on 2026-07-15',
      'u.csv row 5, column month: 2027-01 has not begun yet (today is 2026-12-06); record a month’s utilisation once it is under way',
      'u.csv row 6, column month: 2062-11 has not begun yet (today is 2026-12-06); record a month’s utilisation once it is under way',
    ]);
    // The disposal month and the current month (a nightly job's month so far) are taken, and a
    // month before the in-service date: the move into service may be recorded later, dated back.
    const early = { id: 'l4', code: 'GPU-12', disposedDate: null, inServiceDate: null };
    const fine = parseUtilisationCsv(`lot_code,month,utilisation_percent\n${[rows[0], rows[2], 'GPU-12,2026-11,12'].join('\n')}\n`, [gone, running, early], TODAY);
    expect(fine.ok && fine.rows.map((row) => row.month)).toEqual(['2026-07', '2026-12', '2026-11']);
  });

  it('refuses a month outside 1900–2199, as the other imports refuse such a date', () => {
    const running = { id: 'l3', code: 'GPU-11', disposedDate: null };
    const r = parseUtilisationCsv('lot_code,month,utilisation_percent\nGPU-11,0201-10,40\nGPU-11,0201-10-01,40\n', [running], TODAY);
    expect(r.ok ? [] : formatCsvErrors(r.errors, 'u.csv')).toEqual([
      'u.csv row 2, column month: "0201-10" is not a month from 1900 to 2199',
      'u.csv row 3, column month: "0201-10" is not a month from 1900 to 2199',
    ]);
  });

  it('refuses a file without the columns it needs, or with no rows', () => {
    const missing = parseUtilisationCsv(`lot_code,month\n${a.code},2026-10\n`, lots, TODAY);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(formatCsvErrors(missing.errors, 'u.csv').join('\n')).toMatch(/utilisation_percent/u);
    const empty = parseUtilisationCsv('lot_code,month,utilisation_percent\n', lots, TODAY);
    expect(empty.ok).toBe(false);
  });

  it('an import adds new months, replaces changed ones, and counts the ones it already has', () => {
    const holding: Lot[] = [{ ...a, utilisation: { '2026-09': 40, '2026-10': 50 } }, b];
    const r = parseUtilisationCsv(`lot_code,month,utilisation_percent\n${a.code},2026-10,55\n${a.code},2026-09,40\n${a.code},2026-11,60\n${b.code},2026-11,70\n`, holding, TODAY);
    if (!r.ok) throw new Error('parse');
    const plan = planUtilisationImport(r.rows, holding);
    expect(plan).toMatchObject({ added: 2, replaced: 1, unchanged: 1 });
    const forA = plan.changes.find((c) => c.lotId === a.id)!;
    expect(forA.utilisation).toEqual({ '2026-09': 40, '2026-10': 55, '2026-11': 60 });
    expect(Object.keys(forA.utilisation)).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('exports in the import format, so export → import changes nothing', () => {
    const holding: Lot[] = [{ ...a, utilisation: { '2026-10': 72.5, '2026-09': 40 } }, { ...b, utilisation: { '2026-11': 100 } }];
    const csv = utilisationToCsv(holding);
    expect(csv.split(/\r?\n/u)[0]).toBe('lot_code,month,utilisation_percent');
    const r = parseUtilisationCsv(csv, holding, TODAY);
    if (!r.ok) throw new Error('parse');
    expect(r.rows).toHaveLength(3);
    expect(planUtilisationImport(r.rows, holding)).toMatchObject({ changes: [], unchanged: 3 });
  });
});

describe('a lot’s utilisation record', () => {
  const ctx = { now: `${TODAY}T10:00:00.000Z`, newId, actor: 'Ana' };
  it('is an edited field with its before and after, and refuses a bad month or percentage', () => {
    const r = editLot(a, 1, { utilisation: { '2026-10': 80 } }, ctx, new Set());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.event).toMatchObject({ type: 'edited', before: { utilisation: { '2026-10': null } }, after: { utilisation: { '2026-10': 80 } } });
    expect(r.value.lot.utilisation).toEqual({ '2026-10': 80 });
    // A later edit names only the months it changes: one changed, one removed, one added.
    const next = editLot({ ...r.value.lot, utilisation: { '2026-09': 50, '2026-10': 80 } }, 2, { utilisation: { '2026-10': 85, '2026-11': 60 } }, ctx, new Set());
    if (!next.ok) throw new Error(JSON.stringify(next.error));
    expect(next.value.event).toMatchObject({ before: { utilisation: { '2026-09': 50, '2026-10': 80, '2026-11': null } }, after: { utilisation: { '2026-09': null, '2026-10': 85, '2026-11': 60 } } });
    expect(next.value.lot.utilisation).toEqual({ '2026-10': 85, '2026-11': 60 });
    expect(stepLot({ ...r.value.lot, utilisation: { '2026-09': 50, '2026-10': 80 } }, next.value.event!)!.utilisation).toEqual({ '2026-10': 85, '2026-11': 60 });
    expect(validateLot({ ...a, utilisation: { '2026-1': 80 } }, new Set()).utilisation).toMatch(/not a month/u);
    expect(validateLot({ ...a, utilisation: { '2026-10': 100.5 } }, new Set()).utilisation).toMatch(/0 to 100/u);
  });

  it('can still be recorded on a disposed lot (what it did before it left), unlike its other fields', () => {
    const disposed = demo.lots.find((l) => l.status === 'disposed')!;
    expect(editLot(disposed, 3, { utilisation: { '2025-01': 30 } }, ctx, new Set()).ok).toBe(true);
    expect(editLot(disposed, 3, { poNumber: 'PO-someone-else' }, ctx, new Set()).ok).toBe(false);
  });

  it('is the recorded figure where there is one, else the assumption, marked so', () => {
    expect(utilisationOf({ utilisation: { '2026-10': 80 } }, '2026-10', 70)).toEqual({ value: 0.8, assumed: false });
    expect(utilisationOf({ utilisation: { '2026-10': 80 } }, '2026-11', 70)).toEqual({ value: 0.7, assumed: true });
    expect(utilisationOf({}, '2026-11', 65.5)).toEqual({ value: 0.655, assumed: true });
    expect([formatPercent(70), formatPercent(72.5), formatPercent(12.34)]).toEqual(['70 %', '72.5 %', '12.34 %']);
  });
});

describe('a percentage as a person types it', () => {
  it('reads digits with a decimal point or comma and an optional % sign', () => {
    expect(['70', ' 72.5 ', '72,5', '72.5 %', '8%', '.5', '0', '100'].map(parsePercentText)).toEqual([70, 72.5, 72.5, 72.5, 8, 0.5, 0, 100]);
  });

  it('is nothing for text JavaScript would take as a number but no person means as a percentage', () => {
    // Number() reads "" and " " as 0, "0x10" as 16, "1e1" as 10, "0b11" as 3 and "Infinity" as Infinity.
    for (const text of ['', '  ', '%', '0x10', '1e1', '0b11', '0o7', 'Infinity', '-5', '+5', '1.2.3', '7 5', 'abc']) expect(parsePercentText(text), text).toBeNull();
  });
});
