import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorDigits } from '../../../shared/money';
import {
  energyPriceInput,
  formatEnergyPrice,
  maxPerKwhDecimals,
  parsePerKwh,
  perKwhDecimal,
} from '../../../renderer/features/catalog/energyPrice';

const value = (text: string, currency = 'USD') => {
  const r = parsePerKwh(text, currency);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const error = (text: string, currency = 'USD') => {
  const r = parsePerKwh(text, currency);
  if (r.ok) throw new Error(`expected an error for "${text}", got ${r.value}`);
  return r.error;
};

describe('parsePerKwh', () => {
  it('converts a per-kWh price to whole minor units per MWh, exactly', () => {
    expect(value('0.14')).toBe(14_000);
    expect(value('0.1400')).toBe(14_000);
    expect(value('0.0875')).toBe(8_750);
    expect(value('.5')).toBe(50_000);
    expect(value('1')).toBe(100_000);
    expect(value('12.3456')).toBe(1_234_560);
    expect(value(' 0.19 ')).toBe(19_000);
    expect(value('0')).toBe(0);
    // The float route gives 0.1 + 0.04 = 0.14000000000000001; none of that here.
    expect(value('0.0001')).toBe(10);
  });

  it('uses the minor units of the currency', () => {
    expect(value('25', 'JPY')).toBe(25_000);
    expect(value('0.125', 'JPY')).toBe(125);
    expect(value('0.0125', 'BHD')).toBe(12_500);
  });

  it('is empty for no price', () => {
    expect(value('')).toBeNull();
    expect(value('   ')).toBeNull();
  });

  it('ignores trailing zeros but refuses precision it would have to round away', () => {
    expect(value('0.140000000')).toBe(14_000);
    expect(error('0.12345')).toMatch(/more than 4 decimal places/u);
    expect(maxPerKwhDecimals('USD')).toBe(4);
    expect(maxPerKwhDecimals('JPY')).toBe(3);
    expect(error('0.1234', 'JPY')).toMatch(/more than 3 decimal places/u);
  });

  it('says what is wrong with text that is not a price', () => {
    expect(error('abc')).toMatch(/not a price/u);
    expect(error('.')).toMatch(/not a price/u);
    expect(error('1.2.3')).toMatch(/not a price/u);
    expect(error('1e3')).toMatch(/not a price/u);
    expect(error('0,14')).toMatch(/decimal point/u);
    expect(error('-0.14')).toMatch(/zero or more/u);
    expect(error('99999999999999999')).toMatch(/too large/u);
  });
});

describe('showing a price', () => {
  it('formats per kWh with four decimals, or more when the value has them', () => {
    expect(formatEnergyPrice(14_000, 'USD')).toBe('USD 0.1400/kWh');
    expect(formatEnergyPrice(8_750, 'USD')).toBe('USD 0.0875/kWh');
    expect(formatEnergyPrice(8_755, 'USD')).toBe('USD 0.08755/kWh');
    expect(formatEnergyPrice(0, 'USD')).toBe('USD 0.0000/kWh');
    expect(formatEnergyPrice(25_000, 'JPY')).toBe('JPY 25.0000/kWh');
    expect(formatEnergyPrice(1_234_560, 'EUR')).toBe('EUR 12.3456/kWh');
  });

  it('gives an input the shortest exact text', () => {
    expect(energyPriceInput(14_000, 'USD')).toBe('0.14');
    expect(energyPriceInput(8_750, 'USD')).toBe('0.0875');
    expect(energyPriceInput(100_000, 'USD')).toBe('1.00');
    expect(energyPriceInput(25_000, 'JPY')).toBe('25');
    expect(energyPriceInput(null, 'USD')).toBe('');
  });

  it('refuses a stored price that is not whole minor units (a bug upstream)', () => {
    expect(() => perKwhDecimal(0.5, 'USD', 4)).toThrow(/whole minor units/u);
  });

  it('round-trips every price a person can type', () => {
    const currencies = fc.constantFrom('USD', 'EUR', 'JPY', 'BHD', 'CLF');
    fc.assert(
      fc.property(currencies, fc.nat({ max: 10 ** 9 }), (currency, n) => {
        // Only prices with at most the allowed decimals can be typed.
        const perMwh = n * 10 ** Math.max(0, minorDigits(currency) + 3 - maxPerKwhDecimals(currency));
        expect(value(energyPriceInput(perMwh, currency), currency)).toBe(perMwh);
        expect(value(perKwhDecimal(perMwh, currency, 4), currency)).toBe(perMwh);
      }),
    );
  });
});
