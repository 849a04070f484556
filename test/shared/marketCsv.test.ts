import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toCsv, UTF8_BOM } from '../../shared/csv';
import { addDays } from '../../shared/dates';
import { CONDITION_LABELS, CONDITIONS } from '../../shared/market';
import {
  formatCsvErrors,
  MARKET_CSV_COLUMNS,
  MARKET_CSV_RULES,
  marketObservationsToCsv,
  parseCondition,
  parseMarketCsv,
  type CsvRowError,
  type ExportMarketObservation,
  type MarketCsvColumnName,
  type MarketCsvOptions,
  type MarketImportRow,
} from '../../shared/marketCsv';

type RowValues = Partial<Record<MarketCsvColumnName, string>>;

const ALL_COLUMNS: MarketCsvColumnName[] = MARKET_CSV_COLUMNS.map((c) => c.name);
const REQUIRED: MarketCsvColumnName[] = MARKET_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);
const TODAY = '2026-06-30';

const GOOD: RowValues = {
  manufacturer: 'Supermicro',
  model: 'SYS-821GE-TNHR',
  date: '2026-05-14',
  unit_price: '185000.00',
  currency: 'USD',
  condition: 'used',
  quantity: '8',
  source: 'Broker quote',
};

function csv(rows: RowValues[], columns: readonly string[] = ALL_COLUMNS): string {
  return toCsv(
    columns,
    rows.map((r) => columns.map((c) => (r as Record<string, string | undefined>)[c] ?? '')),
  );
}

function imported(text: string, options: MarketCsvOptions = { asOf: TODAY }): MarketImportRow[] {
  const r = parseMarketCsv(text, options);
  if (!r.ok) throw new Error(`expected rows, got:\n${formatCsvErrors(r.errors, 'market.csv').join('\n')}`);
  return r.rows;
}

function errorsOf(text: string, options: MarketCsvOptions = { asOf: TODAY }): CsvRowError[] {
  const r = parseMarketCsv(text, options);
  if (r.ok) throw new Error(`expected errors, got ${r.rows.length} rows`);
  expect(r).not.toHaveProperty('rows');
  return r.errors;
}

describe('parseMarketCsv: reading', () => {
  it('reads a full row into typed fields', () => {
    expect(imported(csv([{ ...GOOD, currency: 'usd', unit_price: '185,000.5', note: 'pallet of 8\nno rails' }]))).toEqual([
      {
        line: 2,
        manufacturer: 'Supermicro',
        model: 'SYS-821GE-TNHR',
        date: '2026-05-14',
        unitPrice: 18_500_050,
        currency: 'USD',
        condition: 'used',
        quantity: 8,
        source: 'Broker quote',
        note: 'pallet of 8\nno rails',
      } satisfies MarketImportRow,
    ]);
  });

  it('needs only the required columns; quantity defaults to 1 and note to empty', () => {
    expect(REQUIRED).not.toContain('quantity');
    expect(imported(csv([GOOD], REQUIRED))).toMatchObject([{ quantity: 1, note: '' }]);
    expect(imported(csv([{ ...GOOD, quantity: '' }]))).toMatchObject([{ quantity: 1 }]);
  });

  it('matches column names case-insensitively, trimmed, in any order', () => {
    const text = [' Source ,CONDITION,Unit Price,currency,Date,Model,MANUFACTURER', 'eBay,As Is,1200,EUR,2025-01-02,X710,Intel'].join('\r\n');
    expect(imported(text)).toMatchObject([{ source: 'eBay', condition: 'as-is', unitPrice: 120_000, currency: 'EUR', model: 'X710' }]);
  });

  it('reads a semicolon file with a BOM and CRLF', () => {
    const text = `${UTF8_BOM}manufacturer;model;date;unit_price;currency;condition;quantity;source\r\nDell; R760 ;2026-01-05;4200.00;USD;refurbished;2;Broker\r\n`;
    expect(imported(text)).toMatchObject([{ manufacturer: 'Dell', model: 'R760', unitPrice: 420_000, condition: 'refurbished', quantity: 2 }]);
  });

  it('accepts condition synonyms and the app’s own labels', () => {
    expect(parseCondition('Certified refurbished')).toBe('refurbished');
    expect(parseCondition('used, working')).toBe('used');
    expect(parseCondition('USED-WORKING')).toBe('used');
    expect(parseCondition('as is')).toBe('as-is');
    expect(parseCondition('As_Is')).toBe('as-is');
    for (const c of CONDITIONS) {
      expect(parseCondition(c)).toBe(c);
      expect(parseCondition(CONDITION_LABELS[c])).toBe(c);
    }
    expect(parseCondition('broken')).toBeNull();
  });

  it('reads amounts in the currency’s decimal places (JPY has none)', () => {
    expect(imported(csv([{ ...GOOD, currency: 'JPY', unit_price: '2500000' }]))).toMatchObject([{ unitPrice: 2_500_000 }]);
    expect(errorsOf(csv([{ ...GOOD, currency: 'JPY', unit_price: '25.5' }]))).toEqual([
      { row: 2, column: 'unit_price', message: expect.stringMatching(/decimal place/) },
    ]);
  });

  it('accepts today and refuses tomorrow', () => {
    expect(imported(csv([{ ...GOOD, date: TODAY }]))).toHaveLength(1);
    expect(errorsOf(csv([{ ...GOOD, date: addDays(TODAY, 1) }]))).toEqual([
      { row: 2, column: 'date', message: expect.stringMatching(/in the future \(today is 2026-06-30\)/) },
    ]);
  });

  it('checks models against the catalogue when given, ignoring case', () => {
    const knownModels = [{ manufacturer: 'Supermicro', name: 'SYS-821GE-TNHR' }];
    expect(imported(csv([{ ...GOOD, manufacturer: 'SUPERMICRO', model: 'sys-821ge-tnhr' }]), { asOf: TODAY, knownModels })).toHaveLength(1);
    expect(errorsOf(csv([{ ...GOOD, model: 'SYS-999' }]), { asOf: TODAY, knownModels })).toEqual([
      { row: 2, column: 'model', message: expect.stringMatching(/"Supermicro SYS-999" is not a model in the catalogue/) },
    ]);
  });
});

describe('parseMarketCsv: errors', () => {
  it('collects every problem with its row and column, and imports nothing', () => {
    const text = csv([
      GOOD,
      { ...GOOD, unit_price: '$100', condition: 'mint' },
      GOOD,
      { ...GOOD, date: '2026-02-30', quantity: '0', currency: 'DOLLARS', source: '' },
      { ...GOOD, unit_price: '0' },
      { ...GOOD, quantity: '2.5', manufacturer: '' },
      { ...GOOD, unit_price: '-100.00' },
    ]);
    expect(errorsOf(text)).toEqual([
      { row: 3, column: 'unit_price', message: expect.stringMatching(/currency symbol/) },
      { row: 3, column: 'condition', message: '"mint" is not a condition; use one of: new, refurbished, used, as-is' },
      { row: 5, column: 'date', message: expect.stringMatching(/not a real calendar date/) },
      { row: 5, column: 'currency', message: expect.stringMatching(/not a currency code/) },
      { row: 5, column: 'quantity', message: expect.stringMatching(/whole number of units above 0/) },
      { row: 5, column: 'source', message: 'is empty, but this column is required' },
      { row: 6, column: 'unit_price', message: expect.stringMatching(/not above 0/) },
      { row: 7, column: 'manufacturer', message: 'is empty, but this column is required' },
      { row: 7, column: 'quantity', message: expect.stringMatching(/"2.5"/) },
      // Not "0 or more": 0 is refused too.
      { row: 8, column: 'unit_price', message: '"-100.00" is negative; a price seen on the market is a positive amount' },
    ]);
  });

  it('counts file rows, including blank lines and multi-line notes', () => {
    const text = [
      'manufacturer,model,date,unit_price,currency,condition,source,note',
      '',
      'Dell,R760,2026-01-05,4200,USD,used,Broker,"two',
      'lines"',
      'Dell,R760,2026-01-05,4200,USD,shiny,Broker,',
    ].join('\n');
    expect(errorsOf(text)).toEqual([{ row: 5, column: 'condition', message: expect.any(String) }]);
  });

  it('reports header problems: missing, unknown (with a suggestion) and repeated columns', () => {
    const text = ['manufacturer,model,date,unit_prise,condition,condition,source', 'Dell,R760,2026-01-05,4200,used,used,Broker'].join('\n');
    expect(errorsOf(text)).toEqual([
      { row: 1, column: 'condition', message: 'appears more than once in the header; keep one' },
      { row: 1, column: null, message: 'missing required columns: unit_price, currency' },
      { row: 1, column: null, message: expect.stringMatching(/unknown column "unit_prise" \(did you mean unit_price\?\)/) },
    ]);
  });

  it('refuses values beyond the header and decimal commas in semicolon files', () => {
    expect(errorsOf(`${csv([GOOD]).trimEnd()},extra\r\n`)).toEqual([{ row: 2, column: null, message: expect.stringMatching(/has 10 values but the header names 9/) }]);
    const semi = 'manufacturer;model;date;unit_price;currency;condition;source\nDell;R760;2026-01-05;4200,50;EUR;used;Broker\n';
    expect(errorsOf(semi)).toEqual([{ row: 2, column: 'unit_price', message: expect.stringMatching(/decimal comma/) }]);
  });

  it('reports an unreadable file as one error', () => {
    expect(errorsOf('')).toEqual([{ row: 1, column: null, message: expect.stringMatching(/empty/) }]);
    expect(errorsOf('manufacturer,model\n"Dell,R760\n')).toEqual([{ row: 2, column: null, message: expect.stringMatching(/never closed/) }]);
  });

  it('formats errors with file, row and column', () => {
    const errors = errorsOf(csv([{ ...GOOD, condition: 'mint' }]));
    expect(formatCsvErrors(errors, 'market.csv')).toEqual([
      'market.csv row 2, column condition: "mint" is not a condition; use one of: new, refurbished, used, as-is',
    ]);
  });

  it('documents every column in the rules', () => {
    const text = MARKET_CSV_RULES.join(' ');
    for (const c of ALL_COLUMNS) expect(text).toContain(c);
  });
});

describe('export → import', () => {
  const singleLine = fc
    .string({ unit: fc.constantFrom(...'AZaz09-_./ #,;"\'=+@é€'.split('')), minLength: 1, maxLength: 10 })
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const freeText = fc
    .string({ unit: fc.oneof(fc.constantFrom(...'aZ0 ,;"\'\r\n\t=+-@'.split('')), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 20 })
    .map((s) => s.trim());
  const observation: fc.Arbitrary<ExportMarketObservation> = fc.record({
    manufacturer: singleLine,
    model: singleLine,
    date: fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('1996-01-01', n)),
    unitPrice: fc.integer({ min: 1, max: 1e12 }),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'GBP'),
    condition: fc.constantFrom(...CONDITIONS),
    quantity: fc.integer({ min: 1, max: 1_000_000 }),
    source: singleLine,
    note: freeText,
  });

  it('parseMarketCsv(marketObservationsToCsv(rows)) gives back the same rows', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 12 }), (rows) => {
        const back = imported(marketObservationsToCsv(rows));
        expect(back.map(({ line: _line, ...rest }) => rest)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('also reads back with a BOM and semicolons, as Excel saves it', () => {
    const rows: ExportMarketObservation[] = [{ manufacturer: 'Dell', model: 'R760', date: '2026-01-05', unitPrice: 420_000, currency: 'USD', condition: 'as-is', quantity: 3, source: 'Auction; lot 4', note: '' }];
    const semicolon = marketObservationsToCsv(rows).replace(/,/gu, ';');
    expect(imported(UTF8_BOM + semicolon).map(({ line: _line, ...rest }) => rest)).toEqual(rows);
  });
});
