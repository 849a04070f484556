import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../shared/depreciation/policies';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES } from '../../shared/catalog';
import { describeFill, toCsv, UTF8_BOM } from '../../shared/csv';
import { addDays } from '../../shared/dates';
import { validateLot } from '../../shared/lotChanges';
import { SUPPLIER_CHANNELS } from '../../shared/suppliers';
import {
  formatCsvErrors,
  IMPORTABLE_LOT_STATUSES,
  LOT_CSV_COLUMNS,
  LOT_CSV_RULES,
  lotsToCsv,
  parseLotCsv,
  STATUSES_REQUIRING_IN_SERVICE_DATE,
  STATUSES_REQUIRING_PO_NUMBER,
  STATUSES_REQUIRING_RECEIVED_DATE,
  type CsvRowError,
  type ExportLot,
  type LotCsvColumnName,
  type LotImportRow,
} from '../../shared/lotCsv';

type RowValues = Partial<Record<LotCsvColumnName, string>>;

const ALL_COLUMNS: LotCsvColumnName[] = LOT_CSV_COLUMNS.map((c) => c.name);
const REQUIRED_ONLY_HEADER = LOT_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name).join(',');
const REQUIRED: LotCsvColumnName[] = LOT_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);

/** A valid in-service lot, as CSV cells. */
const GOOD: RowValues = {
  lot_code: 'GPU-001',
  manufacturer: 'Supermicro',
  model: 'SYS-821GE-TNHR',
  category: 'gpu-server',
  quantity: '4',
  unit_cost: '28500.00',
  currency: 'USD',
  purchase_date: '2024-03-01',
  status: 'in-service',
  site: 'AMS1',
  po_number: 'PO-1001',
  received_date: '2024-03-15',
  in_service_date: '2024-04-01',
};

function csv(rows: RowValues[], columns: readonly string[] = ALL_COLUMNS): string {
  return toCsv(
    columns,
    rows.map((r) => columns.map((c) => (r as Record<string, string | undefined>)[c] ?? '')),
  );
}

const NO_CODES: ReadonlySet<string> = new Set();

function imported(text: string, existingCodes = NO_CODES): LotImportRow[] {
  const r = parseLotCsv(text, { existingCodes });
  if (!r.ok) throw new Error(`expected lots, got:\n${formatCsvErrors(r.errors, 'lots.csv').join('\n')}`);
  return r.rows;
}

function errorsOf(text: string, options: Parameters<typeof parseLotCsv>[1] = { existingCodes: NO_CODES }): CsvRowError[] {
  const r = parseLotCsv(text, options);
  if (r.ok) throw new Error(`expected errors, got ${r.rows.length} lots`);
  expect(r).not.toHaveProperty('rows');
  return r.errors;
}

describe('parseLotCsv: reading', () => {
  it('reads a full row into typed fields', () => {
    const [lot, ...rest] = imported(
      csv([
        {
          ...GOOD,
          currency: 'usd',
          category: 'GPU-Server',
          status: 'In-Service',
          unit_cost: '28,500.5',
          salvage_value: '1200',
          warranty_end: '2027-03-01',
          power_watts: '10200',
          supplier: 'Acme Hardware, Inc.',
          notes: 'Line one\nline two',
          extra_costs: '1500.25',
          support_cost_per_year: '800',
        },
      ]),
    );
    expect(rest).toEqual([]);
    expect(lot).toEqual({
      line: 2,
      lotCode: 'GPU-001',
      manufacturer: 'Supermicro',
      model: 'SYS-821GE-TNHR',
      category: 'gpu-server',
      quantity: 4,
      unitCost: 2_850_050,
      currency: 'USD',
      purchaseDate: '2024-03-01',
      status: 'in-service',
      siteCode: 'AMS1',
      inServiceDate: '2024-04-01',
      poNumber: 'PO-1001',
      supplier: 'Acme Hardware, Inc.',
      salvageValue: 120_000,
      warrantyEnd: '2027-03-01',
      powerWatts: 10_200,
      notes: 'Line one\nline two',
      receivedDate: '2024-03-15',
      extraCosts: 150_025,
      supportCostPerYear: 80_000,
      replacementPlan: '',
      countryOfOrigin: null,
      exportClassification: '',
      hsCode: '',
      siteCountry: null,
      supplierCountry: null,
      supplierChannel: null,
      tags: [],
    } satisfies LotImportRow);
  });

  it('reads provenance: country codes and ECCNs as people write them, and says what is wrong with each', () => {
    const [lot] = imported(csv([{ ...GOOD, country_of_origin: 'tw', export_classification: '4a090.A', hs_code: '8471.50', site_country: ' nl ' }]));
    expect(lot).toMatchObject({ countryOfOrigin: 'TW', exportClassification: '4A090.a', hsCode: '8471.50', siteCountry: 'NL' });
    expect(errorsOf(csv([{ ...GOOD, country_of_origin: 'XX', export_classification: '4A09', hs_code: '84', site_country: 'Holland' }]))).toEqual([
      { row: 2, column: 'country_of_origin', message: '"XX" is not an ISO 3166 alpha-2 country code, e.g. TW, US or NL' },
      { row: 2, column: 'site_country', message: '"Holland" is not an ISO 3166 alpha-2 country code, e.g. TW, US or NL' },
      { row: 2, column: 'export_classification', message: '"4A09" is not an export classification: an ECCN such as 3A090, 4A090.a or 5A992.c, or EAR99' },
      { row: 2, column: 'hs_code', message: '"84" is not an HS code: 6 to 10 digits, dots allowed, e.g. 8471.50' },
    ]);
  });

  it('needs only the required columns; optional ones default', () => {
    const [lot] = imported(csv([{ ...GOOD, status: 'planned' }], REQUIRED));
    expect(lot).toMatchObject({
      status: 'planned',
      inServiceDate: null,
      receivedDate: null,
      warrantyEnd: null,
      poNumber: '',
      supplier: '',
      salvageValue: 0,
      extraCosts: 0,
      supportCostPerYear: 0,
      powerWatts: null,
      notes: '',
      replacementPlan: '',
    });
  });

  it('matches column names case-insensitively, trimmed, in any order', () => {
    const text = [
      ' Site ,STATUS,Purchase Date,currency,Unit-Cost,quantity,Category,Model,MANUFACTURER, lot_code ',
      'AMS1,planned,2024-01-02,EUR,10,1,nic,X710,Intel,NIC-7',
    ].join('\r\n');
    expect(imported(text)).toMatchObject([{ lotCode: 'NIC-7', siteCode: 'AMS1', unitCost: 1000, currency: 'EUR', category: 'nic' }]);
  });

  it('reads a semicolon file with a BOM and CRLF, trimming values', () => {
    const text = `${UTF8_BOM}lot_code;manufacturer;model;category;quantity;unit_cost;currency;purchase_date;status;site;notes\r\n 0042 ;Dell;R760;cpu-server;2;7999.99;EUR;2025-01-10;planned;FRA2;"a; b"\r\n\r\n`;
    expect(imported(text)).toMatchObject([{ lotCode: '0042', unitCost: 799_999, notes: 'a; b', line: 2 }]);
  });

  it('keeps leading zeros of codes and PO numbers', () => {
    const [lot] = imported(csv([{ ...GOOD, lot_code: '000123', po_number: '0042', site: '007' }]));
    expect(lot).toMatchObject({ lotCode: '000123', poNumber: '0042', siteCode: '007' });
  });

  it('returns no rows, and no error, for a header-only file', () => {
    expect(imported(csv([]))).toEqual([]);
  });

  it('numbers rows by file row, past multi-line notes and blank rows', () => {
    const text = csv([{ ...GOOD, notes: 'one\ntwo\nthree' }, {}, { ...GOOD, lot_code: 'GPU-002' }, { ...GOOD, lot_code: 'GPU-003', quantity: 'x' }]);
    // header 1; GPU-001 rows 2–4; blank row 5; GPU-002 row 6; GPU-003 row 7.
    expect(errorsOf(text)).toEqual([{ row: 7, column: 'quantity', message: expect.any(String) }]);
    const ok = imported(text.replace(',x,', ',3,'));
    expect(ok.map((r) => r.line)).toEqual([2, 6, 7]);
  });
});

describe('parseLotCsv: header problems', () => {
  it('names every missing required column in one error', () => {
    const errors = errorsOf(csv([GOOD], ALL_COLUMNS.filter((c) => c !== 'site' && c !== 'category')));
    expect(errors).toEqual([{ row: 1, column: null, message: 'missing required columns: category, site' }]);
  });

  it('lists unknown columns, suggesting the column meant, and still checks the rows', () => {
    const text = toCsv(
      [...ALL_COLUMNS, 'Warranty_Ends', 'colour'],
      [
        [...ALL_COLUMNS.map((c) => GOOD[c] ?? ''), '2027-01-01', 'red'],
        [...ALL_COLUMNS.map((c) => ({ ...GOOD, lot_code: 'GPU-002', quantity: '-2' })[c] ?? ''), '', ''],
      ],
    );
    const errors = errorsOf(text);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ row: 1, column: null });
    expect(errors[0]?.message).toMatch(/^unknown columns "Warranty_Ends" \(did you mean warranty_end\?\), "colour"; the columns are: lot_code, /);
    expect(errors[1]).toMatchObject({ row: 3, column: 'quantity' });
  });

  it('refuses a column named twice', () => {
    const errors = errorsOf(csv([GOOD], [...ALL_COLUMNS, 'SITE']));
    expect(errors).toEqual([{ row: 1, column: 'site', message: expect.stringMatching(/more than once/) }]);
  });

  it('reports the header row where the header is, after leading blank lines', () => {
    const errors = errorsOf(`\r\n\r\n${csv([GOOD], ALL_COLUMNS.filter((c) => c !== 'status'))}`);
    expect(errors).toEqual([{ row: 3, column: null, message: 'missing required column: status' }]);
  });

  it('reports an empty file and a broken quote with their rows', () => {
    expect(errorsOf('')).toEqual([{ row: 1, column: null, message: expect.stringMatching(/empty/) }]);
    expect(errorsOf(`${csv([GOOD])}"GPU-9,unclosed\n`)).toEqual([{ row: 3, column: null, message: expect.stringMatching(/never closed/) }]);
  });

  it('refuses values beyond the named columns, but tolerates empty ones', () => {
    const line = ALL_COLUMNS.map((c) => GOOD[c] ?? '').join(',');
    expect(imported(`${ALL_COLUMNS.join(',')},\n${line},,\n`)).toHaveLength(1);
    const errors = errorsOf(`${ALL_COLUMNS.join(',')}\n${line},oops\n`);
    expect(errors).toEqual([{ row: 2, column: null, message: expect.stringMatching(/has 29 values but the header names 28 columns/) }]);
    const unnamed = errorsOf(`${ALL_COLUMNS.join(',')},\n${line},oops\n`);
    expect(unnamed).toEqual([{ row: 2, column: null, message: 'has a value in column 29, which has no name in the header row' }]);
  });
});

describe('parseLotCsv: row problems name the row and column', () => {
  const cases: { what: string; row: RowValues; column: LotCsvColumnName; message: RegExp }[] = [
    { what: 'empty lot code', row: { lot_code: '' }, column: 'lot_code', message: /^is empty, but this column is required$/ },
    { what: 'lot code already in the file', row: { lot_code: 'GPU-001' }, column: 'lot_code', message: /"GPU-001" is also the code of the lot on row 2/ },
    { what: 'lot code already in the fleet', row: { lot_code: 'OLD-1' }, column: 'lot_code', message: /"OLD-1" is already a lot in the fleet/ },
    { what: 'lot code with a line break', row: { lot_code: 'A\nB' }, column: 'lot_code', message: /line break/ },
    { what: 'empty manufacturer', row: { manufacturer: ' ' }, column: 'manufacturer', message: /required/ },
    { what: 'empty model', row: { model: '' }, column: 'model', message: /required/ },
    { what: 'unknown category', row: { category: 'server' }, column: 'category', message: new RegExp(`"server" is not a category; use one of: ${CATEGORIES.join(', ')}`) },
    { what: 'zero quantity', row: { quantity: '0' }, column: 'quantity', message: /"0" is not a whole number of units above 0/ },
    { what: 'fractional quantity', row: { quantity: '1.5' }, column: 'quantity', message: /"1.5" is not a whole number/ },
    { what: 'negative quantity', row: { quantity: '-3' }, column: 'quantity', message: /"-3" is not a whole number/ },
    { what: 'grouped quantity', row: { quantity: '1,000' }, column: 'quantity', message: /"1,000" is not a whole number/ },
    { what: 'decimal-comma cost', row: { unit_cost: '12,5' }, column: 'unit_cost', message: /^"12,5" is not an amount/ },
    { what: 'too many decimals', row: { unit_cost: '12.345' }, column: 'unit_cost', message: /more than 2 decimal places for USD/ },
    { what: 'decimals for JPY', row: { unit_cost: '100.5', currency: 'JPY' }, column: 'unit_cost', message: /more than 0 decimal places for JPY/ },
    { what: 'negative cost', row: { unit_cost: '-1.00' }, column: 'unit_cost', message: /negative/ },
    { what: 'currency symbol', row: { unit_cost: '€12' }, column: 'unit_cost', message: /currency symbol/ },
    { what: 'currency code', row: { unit_cost: 'USD 12' }, column: 'unit_cost', message: /"USD 12" has a currency code/ },
    { what: 'empty cost', row: { unit_cost: '' }, column: 'unit_cost', message: /required/ },
    { what: 'too large a total', row: { unit_cost: '90000000000000.00', quantity: '2' }, column: 'unit_cost', message: /too large/ },
    { what: 'bad currency', row: { currency: 'US' }, column: 'currency', message: /"US" is not a currency code/ },
    { what: 'currency name', row: { currency: 'dollar' }, column: 'currency', message: /not a currency code/ },
    { what: 'salvage above cost', row: { salvage_value: '28500.01' }, column: 'salvage_value', message: /^28500.01 is more than the unit cost 28500.00/ },
    { what: 'bad salvage', row: { salvage_value: 'n/a' }, column: 'salvage_value', message: /not an amount/ },
    { what: 'bad extra costs', row: { extra_costs: '-5' }, column: 'extra_costs', message: /negative/ },
    { what: 'bad support cost', row: { support_cost_per_year: '1.001' }, column: 'support_cost_per_year', message: /decimal places/ },
    { what: 'impossible date', row: { purchase_date: '2026-02-30' }, column: 'purchase_date', message: /^"2026-02-30" is not a real calendar date$/ },
    { what: 'local date format', row: { purchase_date: '01/03/2024' }, column: 'purchase_date', message: /YYYY-MM-DD/ },
    { what: 'unknown status', row: { status: 'active' }, column: 'status', message: /"active" is not a status; use one of: planned, ordered, received, staged, in-service, spare, rma, refresh-candidate, replacing, draining, sanitised$/ },
    { what: 'disposed status', row: { status: 'disposed' }, column: 'status', message: /"disposed" cannot be imported: a disposal needs a disposition and proceeds/ },
    { what: 'empty site', row: { site: '' }, column: 'site', message: /^is empty, but a lot with status "in-service" needs its site$/ },
    { what: 'in service before purchase', row: { in_service_date: '2024-02-29' }, column: 'in_service_date', message: /^2024-02-29 is before the purchase date 2024-03-01$/ },
    { what: 'bad in-service date', row: { in_service_date: '2024-13-01' }, column: 'in_service_date', message: /not a real calendar date/ },
    { what: 'received without a receipt date', row: { status: 'received', received_date: '', in_service_date: '' }, column: 'received_date', message: /needs the date its units were delivered/ },
    { what: 'received before purchase', row: { received_date: '2024-01-01' }, column: 'received_date', message: /before the purchase date/ },
    { what: 'replacing without a plan', row: { status: 'replacing' }, column: 'replacement_plan', message: /needs its replacement plan/ },
    { what: 'fractional watts', row: { power_watts: '350.5' }, column: 'power_watts', message: /"350.5" is not a whole number of watts/ },
    { what: 'negative watts', row: { power_watts: '-1' }, column: 'power_watts', message: /whole number of watts/ },
  ];

  for (const c of cases) {
    it(c.what, () => {
      const text = csv([GOOD, { ...GOOD, lot_code: 'GPU-002', ...c.row }]);
      expect(errorsOf(text, { existingCodes: new Set(['OLD-1']) })).toEqual([{ row: 3, column: c.column, message: expect.stringMatching(c.message) }]);
    });
  }

  it('refuses comma amounts in a semicolon file, where the comma may be a decimal comma', () => {
    const values: RowValues = { ...GOOD, unit_cost: '1,234' };
    const text = `${ALL_COLUMNS.join(';')}\n${ALL_COLUMNS.map((c) => values[c] ?? '').join(';')}\n`;
    expect(errorsOf(text)).toEqual([{ row: 2, column: 'unit_cost', message: expect.stringMatching(/^"1,234" has a comma/) }]);
    // The same value in a comma file is a thousands separator.
    expect(imported(csv([{ ...GOOD, unit_cost: '1,234' }]))).toMatchObject([{ unitCost: 123_400 }]);
  });

  it('checks sites against the known ones when given', () => {
    const text = csv([GOOD, { ...GOOD, lot_code: 'GPU-002', site: 'AMS9' }]);
    expect(errorsOf(text, { existingCodes: NO_CODES, siteCodes: new Set(['FRA2', 'AMS1']) })).toEqual([
      { row: 3, column: 'site', message: '"AMS9" is not a site in Fleetledger; add the site first, or use one of: AMS1, FRA2' },
    ]);
    expect(parseLotCsv(csv([{ ...GOOD, site: 'ams1' }]), { existingCodes: NO_CODES, siteCodes: new Set(['AMS1']) }).ok).toBe(true);
    // A lot not in service yet may have no site (as the app allows, and exports it); one in service may not.
    expect(parseLotCsv(csv([{ ...GOOD, site: '', status: 'planned', in_service_date: '' }]), { existingCodes: NO_CODES, siteCodes: new Set(['AMS1']) })).toMatchObject({ ok: true, rows: [{ siteCode: '' }] });
    expect(errorsOf(csv([{ ...GOOD, site: '' }]), { existingCodes: NO_CODES })).toEqual([{ row: 2, column: 'site', message: 'is empty, but a lot with status "in-service" needs its site' }]);
  });

  describe('lenient as a person would, and saying so', () => {
    it('an empty in-service date takes the received date, else the purchase date, listed with its rows', () => {
      const text = csv([
        { ...GOOD, lot_code: 'A', in_service_date: '', received_date: '2024-03-10' },
        { ...GOOD, lot_code: 'B', in_service_date: '', received_date: '' },
        { ...GOOD, lot_code: 'C', status: 'refresh-candidate', in_service_date: '', received_date: '' },
        { ...GOOD, lot_code: 'D' },
      ]);
      const result = parseLotCsv(text, { existingCodes: NO_CODES });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.rows.map((r) => r.inServiceDate)).toEqual(['2024-03-10', '2024-03-01', '2024-03-01', GOOD.in_service_date]);
      expect(result.filled).toEqual([
        { column: 'in_service_date', what: 'taken from received_date', rows: [2] },
        { column: 'in_service_date', what: 'taken from purchase_date', rows: [3, 4] },
      ]);
      expect(result.filled.map((f) => describeFill(f))).toEqual([
        'in_service_date taken from received_date in 1 row (row 2)',
        'in_service_date taken from purchase_date in 2 rows (rows 3, 4)',
      ]);
    });

    it('an ordered or received lot without a PO is accepted with the PO empty, and listed', () => {
      const text = csv([
        { ...GOOD, lot_code: 'A', status: 'ordered', po_number: '', received_date: '', in_service_date: '', site: '' },
        { ...GOOD, lot_code: 'B', status: 'received', po_number: '', in_service_date: '' },
      ]);
      const result = parseLotCsv(text, { existingCodes: NO_CODES });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.rows.map((r) => [r.status, r.poNumber])).toEqual([['ordered', ''], ['received', '']]);
      expect(result.filled).toEqual([{ column: 'po_number', what: 'empty: the lots are imported flagged “PO missing”', rows: [2, 3] }]);
    });

    it('fills nothing where nothing is missing, and stays strict where a value is wrong', () => {
      const clean = parseLotCsv(csv([GOOD]), { existingCodes: NO_CODES });
      expect(clean).toMatchObject({ ok: true, filled: [] });
      // A wrong received date is never used to fill the in-service date: the row is refused.
      expect(errorsOf(csv([{ ...GOOD, in_service_date: '', received_date: '2024-02-30' }]))).toEqual([
        { row: 2, column: 'received_date', message: '"2024-02-30" is not a real calendar date' },
      ]);
      expect(errorsOf(csv([{ ...GOOD, in_service_date: '', purchase_date: 'soon' }]))).toEqual([
        { row: 2, column: 'purchase_date', message: expect.stringMatching(/YYYY-MM-DD/u) },
      ]);
    });
  });

  it('does not ask for an in-service date where the lot may never have been in service', () => {
    for (const status of ['planned', 'spare', 'rma', 'draining', 'sanitised', 'staged']) {
      expect(imported(csv([{ ...GOOD, status, in_service_date: '' }]))).toHaveLength(1);
    }
    expect(imported(csv([{ ...GOOD, status: 'planned', po_number: '', received_date: '', in_service_date: '' }]))).toHaveLength(1);
  });

  it('collects every error of every row, in row order, and returns no lots', () => {
    const text = csv([
      { ...GOOD, quantity: 'four', currency: 'usd' },
      { ...GOOD, lot_code: 'GPU-002' },
      { ...GOOD, lot_code: 'GPU-001', unit_cost: '12,5', purchase_date: '2024-02-30', status: 'disposed' },
      { ...GOOD, lot_code: 'GPU-004', category: 'toaster' },
    ]);
    const r = parseLotCsv(text, { existingCodes: NO_CODES });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'quantity'],
      [4, 'lot_code'],
      [4, 'unit_cost'],
      [4, 'purchase_date'],
      [4, 'status'],
      [5, 'category'],
    ]);
    expect(formatCsvErrors(r.errors, 'lots.csv').slice(0, 3)).toEqual([
      'lots.csv row 2, column quantity: "four" is not a whole number of units above 0, e.g. 8',
      'lots.csv row 4, column lot_code: "GPU-001" is also the code of the lot on row 2; lot codes must be unique',
      'lots.csv row 4, column unit_cost: "12,5" is not an amount (use digits with an optional decimal point, e.g. 1234.50)',
    ]);
  });
});

describe('lotsToCsv', () => {
  const lot: ExportLot = {
    lotCode: '007',
    manufacturer: 'NVIDIA',
    model: 'DGX H100',
    category: 'gpu-server',
    quantity: 2,
    unitCost: 39_000_000,
    currency: 'USD',
    purchaseDate: '2024-01-10',
    status: 'in-service',
    siteCode: 'AMS1',
    inServiceDate: '2024-02-01',
    poNumber: 'PO-77',
    supplier: '=HYPERLINK("http://evil.example","x")',
    salvageValue: 0,
    warrantyEnd: null,
    powerWatts: null,
    notes: '-fragile, "handle" with care\nsecond line',
    receivedDate: '2024-01-20',
    extraCosts: 12_345,
    supportCostPerYear: 0,
    replacementPlan: '',
    countryOfOrigin: 'US',
    exportClassification: '4A090.a',
    hsCode: '8471.50',
    siteCountry: 'NL',
    supplierCountry: 'US',
    supplierChannel: 'reseller',
    tags: ['training', 'cluster-b'],
  };

  it('writes the import columns in the documented order', () => {
    const text = lotsToCsv([lot]);
    const [header] = text.split('\r\n');
    expect(header).toBe(ALL_COLUMNS.join(','));
    expect(ALL_COLUMNS.slice(0, 17)).toEqual([
      'lot_code', 'manufacturer', 'model', 'category', 'quantity', 'unit_cost', 'currency', 'purchase_date', 'status', 'site',
      'in_service_date', 'po_number', 'supplier', 'salvage_value', 'warranty_end', 'power_watts', 'notes',
    ]);
    expect(text).toContain('007,NVIDIA,DGX H100,gpu-server,2,390000.00,USD,2024-01-10,in-service,AMS1,2024-02-01,PO-77,');
  });

  it('neutralises formulas in the file but gives the text back on import', () => {
    const text = lotsToCsv([lot]);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain(`"'-fragile, ""handle"" with care\nsecond line"`);
    const [back] = imported(text);
    expect(back?.supplier).toBe(lot.supplier);
    expect(back?.notes).toBe(lot.notes);
  });

  it('writes the lot’s tags and reads them back, as the lot form reads them (comma-separated, trimmed)', () => {
    expect(lotsToCsv([lot])).toContain(',"training, cluster-b"\r\n');
    expect(imported(lotsToCsv([lot]))[0]?.tags).toEqual(['training', 'cluster-b']);
    const text = `${REQUIRED_ONLY_HEADER},tags\r\nT-1,Dell,R750,cpu-server,1,1.00,USD,2024-01-10,planned,," spare ,, lab "\r\nT-2,Dell,R750,cpu-server,1,1.00,USD,2024-01-10,planned,,\r\n`;
    expect(imported(text).map((r) => r.tags)).toEqual([['spare', 'lab'], []]);
    expect(errorsOf(`${REQUIRED_ONLY_HEADER},tags\r\nT-1,Dell,R750,cpu-server,1,1.00,USD,2024-01-10,planned,,"a\nb"\r\n`)).toEqual([
      { row: 2, column: 'tags', message: '"a\\nb" contains a line break or control character' },
    ]);
  });

  it('exports disposed lots, which then do not re-import', () => {
    const errors = errorsOf(lotsToCsv([{ ...lot, status: 'disposed' }]));
    expect(errors).toEqual([{ row: 2, column: 'status', message: expect.stringMatching(/cannot be imported/) }]);
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
  const date = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('1995-01-01', n));
  const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'GBP');

  const validLot: fc.Arbitrary<ExportLot> = fc
    .record({
      lotCode: singleLine,
      manufacturer: singleLine,
      model: freeText.filter((s) => s !== ''),
      category: fc.constantFrom(...CATEGORIES),
      quantity: fc.integer({ min: 1, max: 1_000_000 }),
      unitCost: fc.integer({ min: 0, max: 1_000_000_000 }),
      salvageShare: fc.double({ min: 0, max: 1, noNaN: true }),
      currency,
      purchaseDate: date,
      status: fc.constantFrom(...IMPORTABLE_LOT_STATUSES),
      siteCode: singleLine,
      inServiceAfter: fc.option(fc.integer({ min: 0, max: 2000 })),
      receivedAfter: fc.option(fc.integer({ min: 0, max: 400 })),
      poNumber: fc.option(singleLine),
      supplier: freeText,
      warrantyEnd: fc.option(date),
      powerWatts: fc.option(fc.integer({ min: 0, max: 100_000 })),
      notes: freeText,
      extraCosts: fc.integer({ min: 0, max: 1e12 }),
      supportCostPerYear: fc.integer({ min: 0, max: 1e10 }),
      replacementPlan: freeText,
      countryOfOrigin: fc.option(fc.constantFrom('TW', 'US', 'MX', 'DE', 'CN')),
      exportClassification: fc.constantFrom('', '3A090', '4A090.a', '5A992.c', 'EAR99'),
      hsCode: fc.constantFrom('', '8471.50', '847150', '8517.62.00'),
      siteCountry: fc.option(fc.constantFrom('NL', 'DE', 'US')),
      supplierCountry: fc.option(fc.constantFrom('US', 'NL', 'TW')),
      supplierChannel: fc.option(fc.constantFrom(...SUPPLIER_CHANNELS)),
      // As the lot form keeps them: trimmed, non-empty, no commas (the form splits on them).
      tags: fc.array(singleLine.map((t) => t.replaceAll(',', '').trim()).filter((t) => t !== ''), { maxLength: 4 }),
    })
    .map(({ salvageShare, inServiceAfter, receivedAfter, poNumber, ...l }) => {
      // Fill exactly what the status requires; leave the rest as generated.
      const inService = inServiceAfter ?? (STATUSES_REQUIRING_IN_SERVICE_DATE.includes(l.status) ? 0 : null);
      const received = receivedAfter ?? (STATUSES_REQUIRING_RECEIVED_DATE.includes(l.status) ? 0 : null);
      return {
        ...l,
        salvageValue: Math.floor(l.unitCost * salvageShare),
        // Into service once received, never before (a lot is owned from receipt).
        inServiceDate: inService === null ? null : addDays(l.purchaseDate, received === null ? inService : Math.max(inService, received)),
        receivedDate: received === null ? null : addDays(l.purchaseDate, received),
        poNumber: poNumber ?? (STATUSES_REQUIRING_PO_NUMBER.includes(l.status) ? 'PO-1' : ''),
        replacementPlan: l.status === 'replacing' && l.replacementPlan === '' ? 'Swap for next generation' : l.replacementPlan,
        // A supplier's country and channel need a supplier to describe.
        supplierCountry: l.supplier === '' ? null : l.supplierCountry,
        supplierChannel: l.supplier === '' ? null : l.supplierChannel,
      };
    });
  const lots = fc.uniqueArray(validLot, { selector: (l) => l.lotCode, maxLength: 12 });

  it('parseLotCsv(lotsToCsv(lots)) gives back the same lots', () => {
    fc.assert(
      fc.property(lots, (ls) => {
        const rows = imported(lotsToCsv(ls));
        expect(rows.map(({ line: _line, ...rest }) => rest)).toEqual(ls);
        const lines = rows.map((r) => r.line);
        expect(lines.every((n, i) => i === 0 ? n === 2 : n > (lines[i - 1] ?? 0))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('every lot the import accepts also passes the app’s own validateLot', () => {
    fc.assert(
      fc.property(lots, (ls) => {
        for (const r of imported(lotsToCsv(ls))) {
          const errors = validateLot(
            {
              code: r.lotCode,
              modelId: '00000000-0000-4000-8000-000000000001',
              quantity: r.quantity,
              unitCost: r.unitCost,
              extraCosts: r.extraCosts,
              currency: r.currency,
              purchaseDate: r.purchaseDate,
              receivedDate: r.receivedDate,
              inServiceDate: r.inServiceDate,
              siteId: '00000000-0000-4000-8000-000000000002',
              supplier: r.supplier,
              poNumber: r.poNumber,
              warrantyEnd: r.warrantyEnd,
              salvageValue: r.salvageValue,
              powerWatts: r.powerWatts,
              supportCostPerYear: r.supportCostPerYear,
              status: r.status,
              disposition: null,
              disposedDate: null,
              proceeds: null,
              replacementPlan: r.replacementPlan,
              notes: r.notes,
              tags: [],
              parentId: null,
              demo: false,
              book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book),
              tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax),
              adjustments: [],
              depreciationChain: null,
            },
            NO_CODES,
          );
          expect(errors).toEqual({});
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a file of valid lots fails as a whole when any one lot is already in the fleet', () => {
    fc.assert(
      fc.property(lots.filter((ls) => ls.length > 0), fc.nat(), (ls, pick) => {
        const taken = ls[pick % ls.length]?.lotCode ?? '';
        const errors = errorsOf(lotsToCsv(ls), { existingCodes: new Set([taken]) });
        expect(errors).toEqual([expect.objectContaining({ column: 'lot_code', message: expect.stringContaining('already a lot in the fleet') })]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('documentation', () => {
  it('describes every column and states the rules', () => {
    for (const c of LOT_CSV_COLUMNS) expect(c.description.length).toBeGreaterThan(10);
    expect(LOT_CSV_RULES.join('\n')).toContain('disposed cannot be imported');
    expect(STATUSES_REQUIRING_IN_SERVICE_DATE).toEqual(['in-service', 'refresh-candidate', 'replacing']);
    expect(STATUSES_REQUIRING_PO_NUMBER).toEqual(['ordered', 'received']);
    expect(STATUSES_REQUIRING_RECEIVED_DATE).toEqual(['received']);
  });

  it('an in-service lot with only the issue’s documented columns imports (no received date needed)', () => {
    const header = 'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date';
    const r = parseLotCsv(`${header}\nX-1,Dell,R760,cpu-server,4,100.00,USD,2025-01-01,in-service,FRA1,2025-02-01\n`, { existingCodes: new Set() });
    expect(r.ok).toBe(true);
  });
});
