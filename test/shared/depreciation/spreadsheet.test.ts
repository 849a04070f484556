import { describe, expect, it } from 'vitest';
import { DB, DDB, SLN, SYD, VDB } from '../../../shared/depreciation/spreadsheet';
import { roundToMinor } from '../../../shared/depreciation/rounding';
import { loadReference, type ReferenceExample } from './reference';

const reference = loadReference();

function evaluate(e: ReferenceExample): number {
  const n = (i: number): number => {
    const v = e.args[i];
    if (typeof v !== 'number') throw new Error(`${e.fn} argument ${i} is not a number`);
    return v;
  };
  const optionalNumber = (i: number): number | undefined => (e.args[i] === undefined ? undefined : n(i));
  switch (e.fn) {
    case 'SLN':
      return SLN(n(0), n(1), n(2));
    case 'SYD':
      return SYD(n(0), n(1), n(2), n(3));
    case 'DDB':
      return DDB(n(0), n(1), n(2), n(3), optionalNumber(4));
    case 'DB':
      return DB(n(0), n(1), n(2), n(3), optionalNumber(4));
    case 'VDB':
      return VDB(n(0), n(1), n(2), n(3), n(4), optionalNumber(5), e.args[6] === true);
  }
}

describe('spreadsheet functions (the yardstick) reproduce every published example', () => {
  it('covers all five functions', () => {
    expect(new Set(reference.examples.map((e) => e.fn))).toEqual(new Set(['SLN', 'SYD', 'DDB', 'DB', 'VDB']));
  });

  it.each(reference.examples.map((e) => [`${e.fn}(${e.args.join(', ')}) = ${e.expected}`, e] as const))('%s', (_name, e) => {
    const actual = evaluate(e);
    expect(roundToMinor(actual * 100)).toBe(roundToMinor(e.expected * 100));
    expect(Math.abs(actual - e.expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(e.expected)));
  });
});

describe('roundToMinor', () => {
  it('rounds half away from zero, as spreadsheet ROUND does', () => {
    expect(roundToMinor(2.5)).toBe(3);
    expect(roundToMinor(-2.5)).toBe(-3);
    expect(roundToMinor(2.4999)).toBe(2);
    expect(roundToMinor(0)).toBe(0);
  });

  it('puts a half that floats landed just below back on the half', () => {
    // 1.005 * 100 is 100.49999999999999 in binary floating point.
    expect(roundToMinor(1.005 * 100)).toBe(101);
    expect(roundToMinor(12345.499999999998)).toBe(12346);
  });
});
