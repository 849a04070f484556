import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, formatDecimal, formatMoney, minorDigits, parseMoney } from '../../shared/money';

function parsedMoney(text: string, currency: string): number {
  const r = parseMoney(text, currency);
  if (!r.ok) throw new Error(`expected an amount, got: ${r.error}`);
  return r.value;
}

function moneyError(text: string, currency: string): string {
  const r = parseMoney(text, currency);
  if (r.ok) throw new Error(`expected an error, got ${r.value}`);
  return r.error;
}

describe('parseMoney', () => {
  it('reads amounts as people type them, exactly, in minor units', () => {
    expect(parsedMoney('1234.5', 'USD')).toBe(123450);
    expect(parsedMoney('1234.50', 'USD')).toBe(123450);
    expect(parsedMoney('1,234.50', 'USD')).toBe(123450);
    expect(parsedMoney('1,234,567', 'USD')).toBe(123456700);
    expect(parsedMoney('  12  ', 'USD')).toBe(1200);
    expect(parsedMoney('12.', 'USD')).toBe(1200);
    expect(parsedMoney('-12', 'USD')).toBe(-1200);
    expect(parsedMoney('$12.01', 'USD')).toBe(1201);
    expect(parsedMoney('-€ 0.07', 'EUR')).toBe(-7);
    expect(parsedMoney('0.29', 'USD')).toBe(29); // 0.29 * 100 is 28.999… in floats
    expect(parsedMoney('007.10', 'USD')).toBe(710);
  });

  it('uses the currency’s minor digits (JPY 0, KWD 3, CLF 4)', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(parsedMoney('1234', 'JPY')).toBe(1234);
    expect(parsedMoney('1.234', 'KWD')).toBe(1234);
    expect(parsedMoney('1.5', 'CLF')).toBe(15000);
  });

  it('reads negative zero as plain 0', () => {
    expect(Object.is(parsedMoney('-0.00', 'USD'), 0)).toBe(true);
    expect(Object.is(parsedMoney('-0', 'JPY'), 0)).toBe(true);
  });

  it('refuses more decimal places than the currency has, rather than rounding', () => {
    expect(moneyError('12.345', 'USD')).toBe('"12.345" has more than 2 decimal places for USD');
    expect(moneyError('12.5', 'JPY')).toMatch(/more than 0 decimal places for JPY/);
    expect(moneyError('1.2345', 'KWD')).toMatch(/more than 3 decimal places/);
  });

  it('refuses junk with a message that shows the value and the expected form', () => {
    for (const junk of ['abc', '12,5', '1 234,50', '1.234,50', '1,23,456', '--5', '1e5', '.5', '12.3.4', '+5', '5-', '0x10', 'NaN', 'Infinity']) {
      const message = moneyError(junk, 'USD');
      expect(message).toContain(`"${junk}"`);
      expect(message).toMatch(/is not an amount/);
    }
    expect(moneyError('', 'USD')).toBe('is empty');
    expect(moneyError('   ', 'USD')).toBe('is empty');
  });

  it('refuses a currency sign or code that names another currency, naming both', () => {
    // `fleetledger move --proceeds '$1000'` on a JPY lot was taken as 1000 yen.
    expect(moneyError('$1000', 'JPY')).toBe('"$1000" is in dollars ($), but this amount is in JPY; write it in JPY (no exchange rate is assumed)');
    expect(moneyError('€5', 'USD')).toMatch(/is in EUR \(€\), but this amount is in USD/);
    expect(moneyError('-£ 3', 'EUR')).toMatch(/is in pounds \(£\), but this amount is in EUR/);
    expect(moneyError('¥100', 'USD')).toMatch(/is in JPY or CNY \(¥\), but this amount is in USD/);
    expect(moneyError('USD 1,000', 'JPY')).toMatch(/"USD 1,000" is in USD, but this amount is in JPY/);
    expect(moneyError('1000 EUR', 'GBP')).toMatch(/is in EUR, but this amount is in GBP/);
  });

  it('reads a sign or code that names the amount’s own currency, as the app writes amounts', () => {
    expect(parsedMoney('$1000', 'CAD')).toBe(100000);
    expect(parsedMoney('¥150,000', 'JPY')).toBe(150000);
    expect(parsedMoney('£3', 'GBP')).toBe(300);
    expect(parsedMoney(formatMoney(123450, 'USD'), 'USD')).toBe(123450);
    expect(parsedMoney('-JPY 1,000', 'JPY')).toBe(-1000);
    expect(parsedMoney('12.50 EUR', 'EUR')).toBe(1250);
    expect(moneyError('$', 'USD')).toBe('is empty');
  });

  it('refuses amounts too large to hold exactly', () => {
    expect(moneyError('90071992547409.92', 'USD')).toMatch(/too large/);
    expect(parsedMoney('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
    expect(moneyError('1'.repeat(400), 'USD')).toMatch(/too large/);
  });
});

describe('formatDecimal and formatMoney', () => {
  it('writes a plain decimal with exactly the currency’s digits', () => {
    expect(formatDecimal(123450, 'USD')).toBe('1234.50');
    expect(formatDecimal(5, 'USD')).toBe('0.05');
    expect(formatDecimal(-5, 'USD')).toBe('-0.05');
    expect(formatDecimal(0, 'USD')).toBe('0.00');
    expect(formatDecimal(1234, 'JPY')).toBe('1234');
    expect(formatDecimal(1, 'KWD')).toBe('0.001');
    expect(formatDecimal(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
  });

  it('groups thousands for people, with the code in front', () => {
    expect(formatMoney(123456789, 'USD')).toBe('USD 1,234,567.89');
    expect(formatMoney(-123450, 'EUR')).toBe('−EUR 1,234.50');
    expect(formatMoney(1000000, 'JPY')).toBe('JPY 1,000,000');
  });

  const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'CLF');

  it('parseMoney(formatDecimal(n)) is n for every safe integer and currency', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), currency, (n, c) => {
        expect(parsedMoney(formatDecimal(n, c), c)).toBe(n);
        expect(parsedMoney(formatMoney(n, c).replace('−', '-').replace(`${c} `, ''), c)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatDecimal(parseMoney(s)) is s for canonical decimal strings', () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 0, max: 99 }))
      .map(([neg, whole, cents]) => `${neg && (whole > 0n || cents > 0) ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`);
    fc.assert(
      fc.property(canonical, (s) => {
        expect(formatDecimal(parsedMoney(s, 'USD'), 'USD')).toBe(s);
      }),
    );
  });
});

describe('allocate', () => {
  it('splits by largest remainder, ties to the earlier part', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]);
    expect(allocate(10, [3, 7])).toEqual([3, 7]);
    expect(allocate(5, [0, 1, 0])).toEqual([0, 5, 0]);
    expect(allocate(0, [2, 3])).toEqual([0, 0]);
    expect(allocate(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]); // 3.5, 1.75, 1.75
    // 1/3 of 100 each with float weights: ties must still go to the earlier part.
    expect(allocate(100, [0.1, 0.1, 0.1])).toEqual([34, 33, 33]);
  });

  it('never returns negative zero', () => {
    const parts = allocate(-5, [0, 1]);
    expect(Object.is(parts[0], 0)).toBe(true);
    expect(parts[1]).toBe(-5);
  });

  it('stays exact when the weights sum beyond float precision', () => {
    const total = Number.MAX_SAFE_INTEGER;
    const parts = allocate(total, [2 ** 53, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    // total × 2^53 / (2^53 + 2) = total − 1.999…, so the big part is total − 2 (+1 remainder).
    expect(parts).toEqual([total - 2, 1, 1]);
    const fractional = allocate(total, [0.1, 0.2, 0.7]);
    expect(fractional.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('refuses impossible weights and fractional totals (bugs, not input errors)', () => {
    expect(() => allocate(10, [])).toThrow();
    expect(() => allocate(10, [0, 0])).toThrow();
    expect(() => allocate(10, [1, -1, 2])).toThrow();
    expect(() => allocate(10, [1, Number.NaN])).toThrow();
    expect(() => allocate(10, [1, Number.POSITIVE_INFINITY])).toThrow();
    expect(() => allocate(10.5, [1])).toThrow();
  });

  const weights = fc
    .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 })
    .filter((ws) => ws.some((w) => w > 0));

  it('sums exactly to the total, each part within one minor unit of its exact share (integer weights)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), weights, (total, ws) => {
        const parts = allocate(total, ws);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = BigInt(ws.reduce((a, b) => a + b, 0));
        parts.forEach((p, i) => {
          expect(Number.isSafeInteger(p)).toBe(true);
          // |p − total·w/sum| < 1  ⇔  |p·sum − total·w| < sum, in exact integers.
          const diff = BigInt(p) * sum - BigInt(total) * BigInt(ws[i] ?? 0);
          expect(diff < 0n ? -diff : diff).toBeLessThan(sum);
          if (ws[i] === 0) expect(Object.is(p, 0)).toBe(true);
          if (total !== 0 && p !== 0) expect(Math.sign(p)).toBe(Math.sign(total));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('sums exactly to the total for fractional weights too', () => {
    const fractional = fc
      .array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 })
      .filter((ws) => ws.some((w) => w > 0));
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fractional, (total, ws) => {
        const parts = allocate(total, ws);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = ws.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          const exact = (total * (ws[i] ?? 0)) / sum;
          expect(Math.abs(p - exact)).toBeLessThan(1 + Math.abs(exact) * 1e-9);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('is monotone in the weight: a larger weight never gets a smaller part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), weights, (total, ws) => {
        const parts = allocate(total, ws);
        for (let i = 0; i < ws.length; i++) {
          for (let j = 0; j < ws.length; j++) {
            if ((ws[i] ?? 0) > (ws[j] ?? 0)) expect(parts[i] ?? 0).toBeGreaterThanOrEqual(parts[j] ?? 0);
          }
        }
      }),
    );
  });
});
