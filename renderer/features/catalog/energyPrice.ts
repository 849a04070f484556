/**
 * Energy prices: people quote them per kWh ("0.14"), a site stores them as whole minor units
 * per MWh (14000 cents) so that sub-cent prices stay integers. Conversions are string and
 * integer arithmetic only: 0.1 + 0.04 must never become 0.14000000000000001 on the way in.
 */
import { minorDigits } from '../../../shared/money';
import { err, ok, type Result } from '../../../shared/result';

/** 1 MWh = 10^3 kWh. */
const KWH_PER_MWH_DIGITS = 3;
/** The most decimals a person may type for a per-kWh price. */
export const MAX_PER_KWH_DECIMALS = 4;

/** Decimals of a per-kWh price that one minor unit per MWh stands for (5 for USD, 3 for JPY). */
function exactDecimals(currency: string): number {
  return minorDigits(currency) + KWH_PER_MWH_DIGITS;
}

/** Decimals a per-kWh price in `currency` may have: 4, or fewer where they cannot be stored. */
export function maxPerKwhDecimals(currency: string): number {
  return Math.min(MAX_PER_KWH_DECIMALS, exactDecimals(currency));
}

/**
 * Parses a per-kWh price as typed ("0.14", ".0875", "0.1400") into minor units per MWh,
 * exactly. Empty is `null` (no price). Trailing zeros are not precision, so "0.140000" is fine;
 * a digit beyond what can be stored is an error, never a rounding.
 */
export function parsePerKwh(text: string, currency: string): Result<number | null> {
  const t = text.trim();
  if (t === '') return ok(null);
  if (t.startsWith('-')) return err('An energy price must be zero or more.');
  if (/^\d*,\d+$/u.test(t)) return err(`"${text}" uses a comma: use a decimal point, e.g. 0.14`);
  const m = /^(\d*)(?:\.(\d*))?$/u.exec(t);
  if (!m || !/\d/u.test(t)) return err(`"${text}" is not a price (use digits with a decimal point, e.g. 0.1400)`);
  const [, whole = '', rawFrac = ''] = m;
  const frac = rawFrac.replace(/0+$/u, '');
  const max = maxPerKwhDecimals(currency);
  if (frac.length > max) {
    return err(`"${text}" has more than ${max} decimal place${max === 1 ? '' : 's'}: a price per kWh in ${currency} can have at most ${max}.`);
  }
  const value = Number((whole === '' ? '0' : whole) + frac.padEnd(exactDecimals(currency), '0'));
  if (!Number.isSafeInteger(value)) return err(`"${text}" is too large.`);
  return ok(value);
}

/**
 * The exact per-kWh value of `perMwh` minor units as a plain decimal, with at least
 * `minDecimals` decimals and more only when the value needs them (nothing is hidden).
 */
export function perKwhDecimal(perMwh: number, currency: string, minDecimals: number): string {
  if (!Number.isSafeInteger(perMwh)) throw new Error(`An energy price must be whole minor units per MWh, got ${perMwh}`);
  const scale = exactDecimals(currency);
  const digits = String(Math.abs(perMwh)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let frac = digits.slice(digits.length - scale);
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  frac = frac.padEnd(minDecimals, '0');
  return `${perMwh < 0 ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}

/** For tables: "USD 0.1400/kWh". */
export function formatEnergyPrice(perMwh: number, currency: string): string {
  return `${currency} ${perKwhDecimal(perMwh, currency, MAX_PER_KWH_DECIMALS)}/kWh`;
}

/** For an input: the shortest exact text ("0.14", "0.0875"), empty when there is no price. */
export function energyPriceInput(perMwh: number | null, currency: string): string {
  return perMwh === null ? '' : perKwhDecimal(perMwh, currency, minorDigits(currency));
}
