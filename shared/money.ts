import { err, ok, type Result } from './result';

/** An ISO 4217 code, upper case (e.g. "USD"). */
export type CurrencyCode = string;

/** Money is an integer count of minor units plus its currency. Never a float. */
export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/**
 * Minor-unit digits per ISO 4217 for the currencies that are not 2. Everything else has 2.
 * Kept here (not from Intl) so the domain gives the same answer on every platform.
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/u.test(code);
}

export function minorDigits(currency: CurrencyCode): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export function money(minor: number, currency: CurrencyCode): Money {
  if (!Number.isSafeInteger(minor)) throw new Error(`Money must be a whole number of minor units, got ${minor}`);
  return { minor, currency };
}

/** The currencies written with "$" (dollars and pesos). */
const DOLLAR_CURRENCIES: readonly CurrencyCode[] = [
  'USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD', 'MXN', 'ARS', 'CLP', 'COP', 'CUP', 'DOP', 'UYU',
  'BSD', 'BBD', 'BZD', 'BMD', 'BND', 'KYD', 'XCD', 'FJD', 'GYD', 'JMD', 'LRD', 'NAD', 'SBD', 'SRD',
  'TTD', 'ZWL', 'KID', 'TVD',
];

/** What a currency sign in front of an amount says: which currencies it may mean. */
const CURRENCY_SIGNS: Readonly<Record<string, { name: string; currencies: readonly CurrencyCode[] }>> = {
  $: { name: 'dollars ($)', currencies: DOLLAR_CURRENCIES },
  '€': { name: 'EUR (€)', currencies: ['EUR'] },
  '£': { name: 'pounds (£)', currencies: ['GBP', 'EGP', 'FKP', 'GIP', 'SHP', 'SSP', 'SYP', 'LBP', 'SDG'] },
  '¥': { name: 'JPY or CNY (¥)', currencies: ['JPY', 'CNY'] },
};

/**
 * Splits a currency sign or ISO code off an amount: "-$ 12" or "$-12", "USD 1,234.50" (as
 * formatMoney writes it) or "1234.50 USD". The rest is the amount with its sign.
 */
function currencyMarker(text: string): { marker: { name: string; currencies: readonly CurrencyCode[] } | null; rest: string } {
  const sign = /^(-?)\s*([$€£¥])\s*(.*)$/su.exec(text);
  if (sign) {
    const found = CURRENCY_SIGNS[sign[2] ?? ''];
    return { marker: found ?? null, rest: `${sign[1] ?? ''}${sign[3] ?? ''}` };
  }
  const before = /^(-?)\s*([A-Z]{3})\s+(-?\s*\d.*)$/su.exec(text);
  if (before) return { marker: codeMarker(before[2] ?? ''), rest: `${before[1] ?? ''}${before[3] ?? ''}` };
  const after = /^(-?\s*\d.*?)\s+([A-Z]{3})$/su.exec(text);
  if (after) return { marker: codeMarker(after[2] ?? ''), rest: after[1] ?? '' };
  return { marker: null, rest: text };
}

function codeMarker(code: CurrencyCode): { name: string; currencies: readonly CurrencyCode[] } {
  return { name: code, currencies: [code] };
}

/**
 * Parses a decimal amount as people type it ("1234.5", "1,234.50", "-12", "1 234,50" is not
 * accepted: a comma is only a thousands separator) into minor units, exactly, with no float
 * arithmetic. More fractional digits than the currency has is an error, not a rounding.
 * A currency sign or code may come with it ("$12", "USD 1,234.50" as formatMoney writes it) if it
 * names `currency`; one naming another currency ("$1000" for JPY) is refused, naming both.
 */
export function parseMoney(text: string, currency: CurrencyCode): Result<number> {
  const digits = minorDigits(currency);
  const marked = currencyMarker(text.trim());
  if (marked.marker !== null && !marked.marker.currencies.includes(currency)) {
    // "$1000" on a JPY lot is not 1000 yen: the amount is in another currency, and no rate is assumed.
    return err(`"${text}" is in ${marked.marker.name}, but this amount is in ${currency}; write it in ${currency} (no exchange rate is assumed)`);
  }
  const cleaned = marked.rest;
  if (cleaned === '') return err('is empty');
  const m = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/u.exec(cleaned);
  if (!m) return err(`"${text}" is not an amount (use digits with an optional decimal point, e.g. 1234.50)`);
  const [, sign, intPart = '0', frac = ''] = m;
  if (frac.length > digits) {
    return err(`"${text}" has more than ${digits} decimal place${digits === 1 ? '' : 's'} for ${currency}`);
  }
  const whole = intPart.replaceAll(',', '');
  const minorText = whole + frac.padEnd(digits, '0');
  const value = Number(minorText);
  if (!Number.isSafeInteger(value)) return err(`"${text}" is too large`);
  // "-0.00" is zero, not IEEE negative zero (which would compare unequal in tests and JSON diffs).
  return ok(sign && value !== 0 ? -value : value);
}

/** Formats minor units as a plain decimal string ("1234.50"), the machine format of CSV and JSON. */
export function formatDecimal(minor: number, currency: CurrencyCode): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, abs.length - digits);
  const frac = digits === 0 ? '' : `.${abs.slice(abs.length - digits)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Formats for people: grouping and the currency code ("USD 1,234.50"). Locale-independent. */
export function formatMoney(minor: number, currency: CurrencyCode): string {
  const plain = formatDecimal(minor, currency);
  const negative = plain.startsWith('-');
  const [whole = '0', frac] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
  return `${negative ? '−' : ''}${currency} ${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/**
 * A finite non-negative double as an exact fraction `numerator / 2^shift`. Every double is a
 * 53-bit integer times a power of two, and doubling a non-integer below 2^53 is exact, so this
 * loses nothing (at most 1074 doublings, for subnormals).
 */
function exactBinaryFraction(w: number): { numerator: bigint; shift: number } {
  let x = w;
  let shift = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    shift += 1;
  }
  return { numerator: BigInt(x), shift };
}

/**
 * Splits `total` minor units into parts proportional to `weights`, in whole minor units, so
 * that the parts always sum exactly to the total (largest remainder; ties go to the earlier
 * part). Works for negative totals too. Weights must be non-negative with a positive sum.
 *
 * All arithmetic is exact (BigInt over the weights' exact binary values): with floats, a share
 * of a large total can be off by a unit, the parts could then miss the total, and equal
 * remainders could be ordered by rounding noise instead of by position.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new Error(`allocate: total must be an integer, got ${total}`);
  if (weights.length === 0 || weights.some((w) => w < 0 || !Number.isFinite(w)) || !weights.some((w) => w > 0)) {
    throw new Error(`allocate: weights must be non-negative with a positive sum, got [${weights.join(', ')}]`);
  }
  const fast = allocateSmallWholeWeights(total, weights);
  if (fast) return fast;
  const fractions = weights.map(exactBinaryFraction);
  const maxShift = Math.max(...fractions.map((f) => f.shift));
  const scaled = fractions.map((f) => f.numerator << BigInt(maxShift - f.shift));
  const sum = scaled.reduce((a, b) => a + b, 0n);
  const abs = BigInt(Math.abs(total));
  const parts = scaled.map((w) => (abs * w) / sum);
  const order = scaled
    .map((w, index) => ({ index, rem: (abs * w) % sum }))
    .sort((a, b) => (a.rem === b.rem ? a.index - b.index : a.rem > b.rem ? -1 : 1));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  for (const { index } of order) {
    if (left <= 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  // Each part is at most |total|, so converting back to a number is exact.
  return parts.map((p) => (p === 0n ? 0 : total < 0 ? -Number(p) : Number(p)));
}

/**
 * The common case of `allocate` in plain number arithmetic: whole-number weights whose products
 * with the total stay exact (|total| × Σweights ≤ 2^53), which covers quantities, days and
 * months. Same rule (largest remainder, ties to the earlier part), without BigInt's cost, which
 * matters when schedules allocate hundreds of thousands of times. `null` when it does not apply.
 */
function allocateSmallWholeWeights(total: number, weights: readonly number[]): number[] | null {
  let sum = 0;
  for (const w of weights) {
    if (!Number.isInteger(w)) return null;
    sum += w;
  }
  const abs = Math.abs(total);
  if (abs * sum > Number.MAX_SAFE_INTEGER) return null;
  const n = weights.length;
  const parts = new Array<number>(n);
  const remainders = new Array<number>(n);
  let left = abs;
  for (let i = 0; i < n; i += 1) {
    const product = abs * (weights[i] ?? 0);
    const part = Math.floor(product / sum);
    parts[i] = part;
    remainders[i] = product - part * sum;
    left -= part;
  }
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (remainders[b] ?? 0) - (remainders[a] ?? 0) || a - b);
    for (let k = 0; k < left; k += 1) {
      const i = order[k] ?? 0;
      parts[i] = (parts[i] ?? 0) + 1;
    }
  }
  return total < 0 ? parts.map((p) => (p === 0 ? 0 : -p)) : parts;
}
