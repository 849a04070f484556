import { describe, expect, it } from 'vitest';
import type { LotForecast, LotRefresh } from '../../../shared/forecast/fleetForecast';
import { formatMwh, parseHoldUntil, quarterOf, refreshCalendar } from '../../../renderer/features/finance/refreshCalendar';

function lot(code: string, currency: string, refresh: Partial<LotRefresh>): LotForecast {
  const r: LotRefresh = {
    recommendedMonth: null, trigger: null, reason: '', successorId: null, proceeds: null,
    replacementUnits: null, replacementCapex: null, energySavedPerYear: null, energySavedMwhPerYear: null, ...refresh,
  };
  return { lotId: `id-${code}`, lotCode: code, currency, refresh: r } as LotForecast;
}

describe('refreshCalendar', () => {
  it('groups due lots by calendar quarter, sums per currency and counts unpriced replacements', () => {
    const quarters = refreshCalendar([
      lot('B', 'USD', { recommendedMonth: '2027-03', trigger: 'economics', proceeds: 1_000, replacementCapex: 50_000, energySavedPerYear: 300, energySavedMwhPerYear: 1.5 }),
      lot('A', 'USD', { recommendedMonth: '2027-02', trigger: 'age', proceeds: 2_000, replacementCapex: null, energySavedPerYear: null }),
      lot('C', 'EUR', { recommendedMonth: '2027-01', trigger: 'economics', proceeds: 500, replacementCapex: 9_000, energySavedPerYear: -100, energySavedMwhPerYear: -0.5 }),
      lot('D', 'USD', { recommendedMonth: '2026-12', proceeds: 7 }),
      lot('E', 'USD', { recommendedMonth: null, proceeds: null }),
    ]);
    expect(quarters.map((q) => q.quarter)).toEqual(['2026 Q4', '2027 Q1']);
    const q1 = quarters[1];
    expect(q1?.lots.map((l) => l.lotCode)).toEqual(['C', 'A', 'B']); // by month, then code
    expect(q1?.proceeds).toEqual(new Map([['USD', 3_000], ['EUR', 500]]));
    expect(q1?.capex).toEqual(new Map([['USD', 50_000], ['EUR', 9_000]]));
    expect(q1?.energySaved).toEqual(new Map([['USD', 300], ['EUR', -100]]));
    expect(q1?.energySavedMwh).toBeCloseTo(1.0, 12);
    expect(q1?.unpriced).toBe(1);
    expect(q1?.energyUnknown).toBe(1); // A: no successor, so no figure
  });

  it('says an energy saving no lot of the quarter has is unknown, not 0.0 MWh', () => {
    // Lots due by the hold-until age with no successor in the catalogue: nothing is known of what a replacement would draw.
    const [q] = refreshCalendar([
      lot('NET-1', 'USD', { recommendedMonth: '2027-02', trigger: 'age', proceeds: 1_000 }),
      lot('NET-2', 'USD', { recommendedMonth: '2027-03', trigger: 'age', proceeds: 2_000 }),
    ]);
    expect(q?.energySaved).toEqual(new Map());
    expect(q?.energySavedMwh).toBeNull();
    expect(q?.energyUnknown).toBe(2);
  });

  it('is empty when nothing is due', () => {
    expect(refreshCalendar([lot('E', 'USD', {})])).toEqual([]);
  });
});

describe('scenario and labels', () => {
  it('reads the hold-until age in years as whole months', () => {
    expect(parseHoldUntil('')).toEqual({ ok: true, months: null });
    expect(parseHoldUntil(' 5 ')).toEqual({ ok: true, months: 60 });
    expect(parseHoldUntil('4.5')).toEqual({ ok: true, months: 54 });
    expect(parseHoldUntil('-1')).toEqual({ ok: false });
    expect(parseHoldUntil('five')).toEqual({ ok: false });
    expect(parseHoldUntil('51')).toEqual({ ok: false });
    expect(parseHoldUntil('0')).toEqual({ ok: true, months: 0 });
    expect(parseHoldUntil('0.04')).toEqual({ ok: false });
  });

  it('names quarters and MWh', () => {
    expect(quarterOf('2027-03')).toBe('2027 Q1');
    expect(quarterOf('2027-10')).toBe('2027 Q4');
    expect(formatMwh(1234.56)).toBe('1,234.6 MWh');
    expect(formatMwh(-0.04)).toBe('0.0 MWh');
    expect(formatMwh(-2.25)).toBe('-2.2 MWh');
  });
});
