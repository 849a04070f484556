import { describe, expect, it } from 'vitest';
import { parseLotCsv } from '../../shared/lotCsv';
import { err } from '../../shared/result';
import {
  convertSnipeItAssets,
  defaultSnipeItMapping,
  readSnipeItAssets,
  rowRanges,
  snipeItAssetsCsv,
  snipeItCurrencyNote,
  snipeItProblems,
  statusKey,
  warrantyMonths,
  type SnipeItExportLot,
  type SnipeItFile,
} from '../../shared/snipeit';
import { parseUnitCsv, type UnitCsvLot } from '../../shared/unitCsv';

const IMPORTER_HEADER = 'Asset Tag,Asset Name,Model Name,Model No.,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Status,Warranty,Notes,Company';
const EXPORT_HEADER = 'asset tag,Model,Model No.,Category,Manufacturer,Serial,Purchased,Cost,Order Number,Supplier,Location,Status,Warranty,Notes,Checked Out To';

function read(text: string): SnipeItFile {
  const r = readSnipeItAssets(text, 'USD');
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function convert(file: SnipeItFile, statuses: Record<string, string | null> = {}) {
  const mapping = defaultSnipeItMapping(file);
  const r = convertSnipeItAssets(file, { ...mapping, statuses: { ...mapping.statuses, ...statuses } as never }, { currency: 'USD', existingCodes: new Set(['PO-100']), fileName: 'assets.csv' });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const IMPORTER_FILE = '\uFEFF' + [
  IMPORTER_HEADER,
  'A-1,,PowerEdge R750,R750,Servers,Dell,SN-0001,2024-01-15,"$9,500.00",PO-100,CDW,AMS1,Deployed,36,rack 4,Acme',
  'A-2,,PowerEdge R750,R750,Servers,Dell,SN-0002,2024-01-15,9500.00,PO-100,CDW,AMS1,Deployed (Deployed),36,,Acme',
  'A-3,,PowerEdge R750,R750,Servers,Dell,SN-0003,2024-01-15 00:00:00,9500,PO-100,CDW,AMS1,deployed,36,,Acme',
  'A-4,,PowerEdge R750,R750,Servers,Dell,SN-0004,2024-01-15,9500.00,PO-100,CDW,AMS1,Ready to Deploy,36,,Acme',
  'A-5,,H100 SXM,,GPU Accelerators,NVIDIA,SN-0005,2023-06-01,25000.00,PO-77,Exxact,FRA2,Archived,,,Acme',
  'A-6,,PowerEdge R750,R750,Servers,Dell,,2024-01-15,,,CDW,AMS1,Pending,,,Acme',
  '',
].join('\r\n');

describe('reading a Snipe-IT asset file', () => {
  it('reads the importer’s labels (BOM, CRLF), lists what it does not keep, and tallies statuses and categories', () => {
    const file = read(IMPORTER_FILE);
    expect(file.headerStyle).toBe('importer');
    expect(file.ignoredColumns).toEqual(['Company']);
    expect(file.assets).toHaveLength(6);
    expect(file.assets[0]).toMatchObject({ assetTag: 'A-1', manufacturer: 'Dell', model: 'PowerEdge R750', serial: 'SN-0001', cost: 950_000, purchaseDate: '2024-01-15', warrantyMonths: 36, location: 'AMS1' });
    expect(file.assets[2]?.purchaseDate).toBe('2024-01-15');
    expect(file.statuses.map((s) => [s.key, s.rows])).toEqual([['deployed', [2, 3, 4]], ['ready to deploy', [5]], ['archived', [6]], ['pending', [7]]]);
    expect(file.categories.map((c) => c.key)).toEqual(['servers', 'gpu accelerators']);
  });

  it('reads the asset list export’s header, matched case-insensitively', () => {
    const file = read([EXPORT_HEADER, 'T-1,PowerEdge R750,R750,Servers,Dell,SN-0009,2024-01-15,9500.00,PO-1,CDW,AMS1,Deployed,36 months,,Ada'].join('\n'));
    expect(file.headerStyle).toBe('export');
    expect(file.ignoredColumns).toEqual(['Checked Out To']);
    expect(file.assets[0]).toMatchObject({ assetTag: 'T-1', model: 'PowerEdge R750', modelNumber: 'R750', serial: 'SN-0009', warrantyMonths: 36 });
  });

  it('takes every alias Snipe-IT’s importer maps to the serial, "Product Key" and "Key" included (../shared/reference/snipeit-asset-columns.md)', () => {
    for (const header of ['Product Key', 'key', 'Serial No.']) {
      const file = read([`Asset Tag,Model Name,Manufacturer,Purchase Date,${header}`, 'T-1,R750,Dell,2024-01-15,SN-0042'].join('\n'));
      expect(file.ignoredColumns, header).toEqual([]);
      expect(file.assets[0]?.serial, header).toBe('SN-0042');
    }
  });

  it('refuses, with row and column as the file names them, wrong dates, money, serials and duplicates', () => {
    const text = [
      IMPORTER_HEADER,
      'A-1,,R750,,Servers,Dell,SN-0001,15/01/2024,9500.00,,,AMS1,Deployed,,,',
      'A-2,,R750,,Servers,Dell,SN-0002,2024-01-15,9500.001,,,AMS1,Deployed,,,',
      'A-3,,R750,,Servers,Dell,sn-0002,2024-01-15,9500.00,,,AMS1,Deployed,,,',
      'A-1,,R750,,Servers,Dell,SN-0004,2024-01-15,9500.00,,,AMS1,Deployed,three years,,',
      'A-5,,,,Servers,,SN-0005,2024-01-15,9500.00,,,AMS1,Deployed,,,',
    ].join('\n');
    const r = readSnipeItAssets(text, 'USD');
    expect(r).toEqual(
      err([
        { row: 2, column: 'Purchase Date', message: '"15/01/2024" is not a date in YYYY-MM-DD form' },
        { row: 3, column: 'Purchase Cost', message: '"9500.001" has more than 2 decimal places for USD' },
        { row: 4, column: 'Serial Number', message: 'SN-0002 is also the serial of the asset on row 3; a serial is one unit' },
        { row: 5, column: 'Asset Tag', message: 'A-1 is also the asset tag on row 2' },
        { row: 5, column: 'Warranty', message: '"three years" is not a number of months, e.g. 36' },
        { row: 6, column: 'Manufacturer', message: 'is empty; every asset needs its manufacturer' },
        { row: 6, column: 'Model Name', message: 'is empty; every asset needs its model' },
      ]),
    );
  });

  it('refuses a serial or asset tag cell holding a line break, rather than joining two codes into one', () => {
    const text = [IMPORTER_HEADER, 'A-1,,R750,,Servers,Dell,"SN-0001\nSN-0002",2024-01-15,9500.00,,,AMS1,Deployed,,,', '"A-2\nA-3",,R750,,Servers,Dell,SN-0003,2024-01-15,9500.00,,,AMS1,Deployed,,,'].join('\n');
    const r = readSnipeItAssets(text, 'USD');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => [e.row, e.column])).toEqual([[2, 'Serial Number'], [4, 'Asset Tag']]);
    expect(r.error[0]?.message).toContain('line break');
  });

  it('refuses a row with more values than the header names, instead of shifting its cells into the wrong columns', () => {
    const header = 'Asset Tag,Asset Name,Model Name,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Status';
    // An unquoted "9,500.00" splits into two cells: cost 9.00, order number 500.00, supplier PO-100, location CDW…
    const shifted = readSnipeItAssets([header, 'A-1,,R750,Servers,Dell,SN-0001,2024-01-15,9,500.00,PO-100,CDW,AMS1,Deployed'].join('\n'), 'USD');
    expect(shifted).toEqual(err([{ row: 2, column: null, message: 'has 13 values but the header names 12 columns; put a value that contains "," in double quotes' }]));
    // A value under a column with no name would be dropped without a word.
    const unnamed = readSnipeItAssets(['Asset Tag,Model Name,Manufacturer,Purchase Date,', 'A-1,R750,Dell,2024-01-15,rack 4'].join('\n'), 'USD');
    expect(unnamed).toEqual(err([{ row: 2, column: null, message: 'has a value in column 5, which has no name in the header row' }]));
    // Empty trailing cells, as spreadsheets write them, are fine.
    expect(readSnipeItAssets(['Asset Tag,Model Name,Manufacturer,Purchase Date', 'A-1,R750,Dell,2024-01-15,,'].join('\n'), 'USD').ok).toBe(true);
  });

  it('refuses a cost with a comma in a semicolon-separated file, where the comma may be a decimal comma', () => {
    const header = 'Asset Tag;Model Name;Manufacturer;Purchase Date;Purchase Cost';
    // A spreadsheet with a decimal comma writes 1.500 KWD as "1,500": read as a thousands separator it would be 1500.000.
    const r = readSnipeItAssets([header, 'A-1;R750;Dell;2024-01-15;1,500', 'A-2;R750;Dell;2024-01-15;1500.000'].join('\n'), 'KWD');
    expect(r).toEqual(err([{ row: 2, column: 'Purchase Cost', message: expect.stringContaining('"1,500" has a comma, which in a semicolon-separated file may be a decimal comma') }]));
    // In a comma-separated file a quoted "9,500.00" is a thousands separator, as Snipe-IT's list export writes it.
    expect(readSnipeItAssets(['Asset Tag,Model Name,Manufacturer,Purchase Date,Purchase Cost', 'A-1,R750,Dell,2024-01-15,"9,500.00"'].join('\n'), 'USD')).toMatchObject({ ok: true, value: { assets: [{ cost: 950_000 }] } });
  });

  it('reads Purchase Cost as Snipe-IT writes it: always two decimals, with either of its digit separators', () => {
    const header = 'Asset Tag,Model Name,Manufacturer,Purchase Date,Purchase Cost';
    const costs = (text: string, currency: string) => {
      const r = readSnipeItAssets(text, currency);
      return r.ok ? r.value.assets.map((a) => a.cost) : r.error.map((e) => `${e.row} ${e.column}: ${e.message}`);
    };
    // Snipe-IT keeps costs with two decimals (number_format($cost, 2)), so a yen fleet comes out as 150,000.00 yen.
    expect(costs([header, 'A-1,R750,Dell,2024-01-15,"150,000.00"', 'A-2,R750,Dell,2024-01-15,150000.00', 'A-3,R750,Dell,2024-01-15,150000'].join('\n'), 'JPY')).toEqual([150_000, 150_000, 150_000]);
    // …but a yen amount with a real fraction is no yen amount, and "1.000" may be a thousand.
    expect(costs([header, 'A-1,R750,Dell,2024-01-15,1500.50', 'A-2,R750,Dell,2024-01-15,1.000', 'A-3,R750,Dell,2024-01-15,"1.500,50"'].join('\n'), 'JPY')).toEqual([
      '2 Purchase Cost: "1500.50" has more than 0 decimal places for JPY',
      '3 Purchase Cost: "1.000" has more than 0 decimal places for JPY',
      '4 Purchase Cost: "1.500,50" has more than 0 decimal places for JPY',
    ]);
    // Its other digit separator setting, "1.234,56": two digits after the comma can only be a decimal comma.
    expect(costs([header, 'A-1,R750,Dell,2024-01-15,"9.500,00"', 'A-2,R750,Dell,2024-01-15,"950,50"'].join('\n'), 'EUR')).toEqual([950_000, 95_050]);
    expect(costs([header.replaceAll(',', ';'), 'A-1;R750;Dell;2024-01-15;9.500,00', 'A-2;R750;Dell;2024-01-15;€ 1.234.567,89'].join('\n'), 'EUR')).toEqual([950_000, 123_456_789]);
    // Three digits after a comma stay ambiguous in a semicolon file (a thousands separator, or a dinar's decimal comma).
    expect(costs([header.replaceAll(',', ';'), 'A-1;R750;Dell;2024-01-15;9,500'].join('\n'), 'EUR')).toEqual([expect.stringContaining('"9,500" has a comma, which in a semicolon-separated file may be a decimal comma')]);
  });

  it('refuses a file that is not a Snipe-IT asset file, and a column given twice', () => {
    expect(readSnipeItAssets('lot_code,model\nA,B\n', 'USD')).toMatchObject({ ok: false, error: [{ row: 1, message: expect.stringContaining('this does not look like a Snipe-IT asset file') }] });
    expect(readSnipeItAssets('Model,Model Name,Manufacturer,Purchase Date\nA,B,C,2024-01-01\n', 'USD')).toMatchObject({ ok: false, error: [{ row: 1, column: 'Model Name', message: 'says the same as "Model"; keep one of them' }] });
  });

  it('keys statuses as Snipe-IT writes them', () => {
    expect(statusKey('Deployed (Deployed)')).toBe('deployed');
    expect(statusKey(' Ready to Deploy ')).toBe('ready to deploy');
  });
});

describe('converting into lots and units', () => {
  it('groups assets into lots by model, date, order, supplier, cost, status and location; each serial a unit; archived left out', () => {
    const out = convert(read(IMPORTER_FILE));
    expect(out.lots.map((l) => [l.lotCode, l.status, l.quantity, l.category, l.siteCode, l.poNumber, l.unitCost])).toEqual([
      ['PO-100-2', 'in-service', 3, 'cpu-server', 'AMS1', 'PO-100', 950_000],
      ['PO-100-3', 'staged', 1, 'cpu-server', 'AMS1', 'PO-100', 950_000],
      ['PowerEdge-R750-2024-01-15', 'received', 1, 'cpu-server', 'AMS1', '', 0],
    ]);
    expect(out.lots[0]).toMatchObject({ inServiceDate: '2024-01-15', warrantyEnd: '2027-01-14', supplier: 'CDW', notes: expect.stringContaining('A-1: rack 4') });
    expect(out.units.map((u) => [u.lotCode, u.serial, u.assetTag])).toEqual([
      ['PO-100-2', 'SN-0001', 'A-1'],
      ['PO-100-2', 'SN-0002', 'A-2'],
      ['PO-100-2', 'SN-0003', 'A-3'],
      ['PO-100-3', 'SN-0004', 'A-4'],
    ]);
    expect(out.leftOut).toEqual([{ status: 'Archived', rows: [6] }]);
    expect(out.filled).toEqual(
      expect.arrayContaining([
        { column: 'in_service_date', what: 'taken from Purchase Date', rows: [2, 3, 4] },
        { column: 'Purchase Cost', what: 'empty: imported at 0', rows: [7] },
        { column: 'received_date', what: 'taken from Purchase Date', rows: [7] },
        { column: 'Order Number', what: 'empty: the lots are imported flagged “PO missing”', rows: [7] },
        { column: 'Serial Number', what: 'empty: counted in its lot’s quantity, with no unit record', rows: [7] },
      ]),
    );
    // The result is this product's own formats, which the usual parsers accept.
    const lots = parseLotCsv(out.lotsCsv, { existingCodes: new Set() });
    expect(lots.ok).toBe(true);
  });

  it('an archived asset comes in as sanitised when the person says so', () => {
    const out = convert(read(IMPORTER_FILE), { archived: 'sanitised' });
    expect(out.leftOut).toEqual([]);
    expect(out.lots.find((l) => l.status === 'sanitised')).toMatchObject({ manufacturer: 'NVIDIA', model: 'H100 SXM', category: 'gpu-card', siteCode: 'FRA2' });
  });

  it('refuses a status it does not know until it is mapped, naming its rows', () => {
    const file = read([IMPORTER_HEADER, 'A-1,,R750,,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-1,,AMS1,Quarantine,,,', 'A-2,,R750,,Servers,Dell,SN-0002,2024-01-15,9500.00,PO-1,,AMS1,Quarantine,,,'].join('\n'));
    const refused = convertSnipeItAssets(file, defaultSnipeItMapping(file), { currency: 'USD', existingCodes: new Set(), fileName: 'a.csv' });
    expect(refused).toEqual(err([{ row: 2, column: 'Status', message: expect.stringMatching(/^"Quarantine" \(rows 2, 3\) is not a status Fleetledger knows; choose what it becomes/u) }]));
    expect(convert(file, { quarantine: 'rma' }).lots).toMatchObject([{ status: 'rma', quantity: 2 }]);
  });
});

describe('a model whose assets map to two categories', () => {
  it('is refused when converting, naming the model, each category with its Snipe-IT names and rows, and the Category column', () => {
    // One asset of the model filed under a mistyped category: the import would refuse the lots
    // made from it (a model has one category), so the conversion says so, in the file's terms.
    const file = read([EXPORT_HEADER, 'T-1,PowerEdge R750,R750,Servers,Dell,SN-1,2024-01-15,9500.00,PO-1,CDW,AMS1,Deployed,36,,', 'T-2,PowerEdge R750,R750,Servrs,Dell,SN-2,2024-01-15,9500.00,PO-1,CDW,AMS1,Deployed,36,,', 'T-3,PowerEdge R750,R750,Servers,Dell,SN-3,2024-01-15,9500.00,PO-1,CDW,AMS1,Deployed,36,,'].join('\n'));
    const mapping = defaultSnipeItMapping(file);
    const categories = { ...mapping.categories, servers: 'cpu-server', servrs: 'other' } as typeof mapping.categories;
    const r = convertSnipeItAssets(file, { ...mapping, categories }, { currency: 'USD', existingCodes: new Set(), fileName: 'assets.csv' });
    expect(r.ok ? [] : r.error).toEqual([
      { row: 2, column: 'Category', message: 'model Dell PowerEdge R750 would be in 2 categories: cpu-server (Snipe-IT “Servers”; rows 2, 4) and other (Snipe-IT “Servrs”; row 3); a model has one category, which decides its depreciation. Map these Snipe-IT categories to the same one, or correct the rows' },
    ]);
    // Mapped to one, it converts, and the lots import.
    const same = convertSnipeItAssets(file, { ...mapping, categories: { ...categories, servrs: 'cpu-server' } }, { currency: 'USD', existingCodes: new Set(), fileName: 'assets.csv' });
    expect(same.ok && parseLotCsv(same.value.lotsCsv, { existingCodes: new Set() }).ok).toBe(true);
  });
});

describe('writing Snipe-IT’s asset import CSV', () => {
  const lots: SnipeItExportLot[] = [
    {
      code: 'GPU-2024-001', manufacturer: 'Supermicro', model: 'SYS-821GE-TNHR', category: 'gpu-server', quantity: 2, unitCost: 28_500_00, currency: 'USD',
      purchaseDate: '2024-03-01', status: 'in-service', siteCode: 'AMS1', poNumber: 'PO-1001', supplier: 'Exxact', warrantyEnd: '2027-02-28',
      units: [{ serial: 'S4X-0001', assetTag: 'FL-1', siteCode: '' }, { serial: 'S4X-0002', assetTag: 'FL-2', siteCode: '' }],
    },
    {
      code: 'SW-7', manufacturer: 'Arista', model: '7050X3', category: 'network-switch', quantity: 3, unitCost: 9_000_00, currency: 'USD',
      purchaseDate: '2023-05-10', status: 'spare', siteCode: 'FRA2', poNumber: 'PO-7', supplier: '', warrantyEnd: null,
      units: [{ serial: 'JPE1', assetTag: '', siteCode: '' }, { serial: 'JPE2', assetTag: '', siteCode: '' }, { serial: 'JPE3', assetTag: '', siteCode: '' }],
    },
    {
      code: 'NIC-9', manufacturer: 'NVIDIA', model: 'ConnectX-7', category: 'nic', quantity: 4, unitCost: 1_200_00, currency: 'USD',
      purchaseDate: '2024-06-01', status: 'staged', siteCode: 'AMS1', poNumber: 'PO-9', supplier: 'CDW', warrantyEnd: '2025-05-31',
      units: [],
    },
  ];

  it('writes one row per unit with the importer’s labels; items without units only when asked, with generated tags', () => {
    const text = snipeItAssetsCsv(lots, { allItems: false });
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Asset Tag,Asset Name,Model Name,Model No.,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Status,Warranty,Asset Notes');
    expect(lines[1]).toBe('FL-1,GPU-2024-001,SYS-821GE-TNHR,,gpu-server,Supermicro,S4X-0001,2024-03-01,28500.00,PO-1001,Exxact,AMS1,Deployed,36,Fleetledger lot GPU-2024-001');
    expect(lines).toHaveLength(6);
    const all = snipeItAssetsCsv(lots, { allItems: true }).trim().split('\r\n');
    expect(all).toHaveLength(10);
    expect(all[6]).toBe('NIC-9-1,NIC-9,ConnectX-7,,nic,NVIDIA,,2024-06-01,1200.00,PO-9,CDW,AMS1,Ready to Deploy,12,Fleetledger lot NIC-9');
  });

  it('says when the costs are in more than one currency, which Snipe-IT cannot tell and a read back would take as one', () => {
    expect(snipeItCurrencyNote(lots, { allItems: true })).toBeNull();
    const yen = { ...lots[1]!, code: 'SW-JP', currency: 'JPY', unitCost: 1_500_000 };
    expect(snipeItCurrencyNote([...lots, yen], { allItems: false })).toBe(
      'Purchase Cost is written in each lot’s own currency: USD (2 lots), JPY (1 lot). Snipe-IT keeps no currency, and reading the file back takes every cost in the one currency chosen, so import each currency’s assets on their own.',
    );
    // A lot with no row in the file (no units, items not asked for) is not in it.
    const euroWithoutUnits = { ...lots[2]!, code: 'NIC-EU', currency: 'EUR' };
    expect(snipeItCurrencyNote([...lots, euroWithoutUnits], { allItems: false })).toBeNull();
    expect(snipeItCurrencyNote([...lots, euroWithoutUnits], { allItems: true })).toContain('USD (3 lots), EUR (1 lot)');
  });

  it('names every column with a label Snipe-IT’s importer matches by itself (../shared/reference/snipeit-asset-columns.md)', () => {
    // The English labels of app/Livewire/Importer.php's $assets_fields for an asset import: a header
    // that is none of these (nor an alias) is mapped to "Do Not Import" and its data lost.
    const labels = ['Asset Tag', 'Asset Name', 'Model Name', 'Model No.', 'Serial Number', 'Category', 'Manufacturer', 'Company', 'Location', 'Status', 'Supplier',
      'Purchase Date', 'Purchase Cost', 'Order Number', 'Warranty', 'Requestable', 'BYOD', 'Asset Notes', 'Model Notes', 'Image Filename', 'EOL Date', 'Checkout Type'];
    const header = (snipeItAssetsCsv(lots, { allItems: false }).split('\r\n')[0] ?? '').split(',');
    expect(header.filter((h) => !labels.includes(h))).toEqual([]);
    // The lot travels in the asset's notes, and comes back from there.
    expect(header).toContain('Asset Notes');
    expect(read(snipeItAssetsCsv(lots, { allItems: false })).assets[0]).toMatchObject({ lotCode: 'GPU-2024-001', notes: '' });
  });

  it('reads back into the same lots and units (round trip)', () => {
    const text = snipeItAssetsCsv(lots, { allItems: true });
    const back = convert(read(text));
    const lotsBack = back.lots.map((l) => ({ code: l.lotCode, manufacturer: l.manufacturer, model: l.model, category: l.category, quantity: l.quantity, unitCost: l.unitCost, purchaseDate: l.purchaseDate, status: l.status, siteCode: l.siteCode, poNumber: l.poNumber, supplier: l.supplier, warrantyEnd: l.warrantyEnd }));
    expect(lotsBack).toEqual(lots.map(({ units: _units, currency: _currency, ...rest }) => rest));
    expect(back.units).toEqual(lots.flatMap((l) => l.units.map((u) => ({ lotCode: l.code, serial: u.serial, assetTag: u.assetTag.toUpperCase() }))));
    // And the units CSV it writes imports into those lots.
    const parsedLots = parseLotCsv(back.lotsCsv, { existingCodes: new Set() });
    if (!parsedLots.ok) throw new Error(JSON.stringify(parsedLots.errors));
    const byCode = new Map<string, UnitCsvLot>(parsedLots.rows.map((r, i) => [r.lotCode, { id: `lot-${i}`, code: r.lotCode, quantity: r.quantity, trackedUnits: 0, status: r.status, siteId: null }]));
    const units = parseUnitCsv(back.unitsCsv, { lots: byCode, sites: new Map(), knownSerials: () => null, knownAssetTags: () => null });
    expect(units).toMatchObject({ ok: true, units: 5 });
  });

  it('keeps lots apart that Snipe-IT fields alone would merge, and a lot whose units stand at several sites whole', () => {
    const twins: SnipeItExportLot[] = ['ONE-A', 'ONE-B'].map((code, i) => ({
      code, manufacturer: 'Dell', model: 'R750', category: 'cpu-server', quantity: 1, unitCost: 9_500_00, currency: 'USD', purchaseDate: '2024-01-15', status: 'in-service',
      siteCode: 'AMS1', poNumber: 'PO-1', supplier: 'CDW', warrantyEnd: null, units: [{ serial: `TW-000${i}`, assetTag: `tag-${i}`, siteCode: '' }],
    }));
    const spread: SnipeItExportLot = { ...twins[0]!, code: 'gpu-a', quantity: 3, units: [{ serial: 'GA-0001', assetTag: '', siteCode: '' }, { serial: 'GA-0002', assetTag: '', siteCode: 'FRA2' }, { serial: 'GA-0003', assetTag: '', siteCode: '' }] };
    const back = convert(read(snipeItAssetsCsv([...twins, spread], { allItems: true })));
    expect(back.lots.map((l) => [l.lotCode, l.quantity, l.siteCode])).toEqual([['ONE-A', 1, 'AMS1'], ['ONE-B', 1, 'AMS1'], ['gpu-a', 3, 'AMS1']]);
    // Asset tags come back canonical (upper case), as Fleetledger keeps them; the odd unit's site is said.
    expect(back.units.map((u) => u.assetTag)).toEqual(['TAG-0', 'TAG-1', '', '', '']);
    expect(back.filled).toEqual(expect.arrayContaining([{ column: 'Location', what: 'differs from the rest of its lot: the unit comes in at the lot’s site AMS1', rows: [5] }]));
  });

  it('brings a lot back under its own code, whatever characters the code has', () => {
    const base: SnipeItExportLot = { ...lots[0]!, quantity: 1, units: [] };
    const codes = ['GPU 2024/01', 'Rack A+B (Hall 2)', 'Ærø-lot-Ä', 'A-very-long-lot-code-that-goes-on-beyond-forty-characters'];
    const exported = codes.map((code, i) => ({ ...base, code, units: [{ serial: `RT-000${i}`, assetTag: '', siteCode: '' }] }));
    const back = convert(read(snipeItAssetsCsv(exported, { allItems: false })));
    expect(back.lots.map((l) => l.lotCode)).toEqual(codes);
    expect(back.units.map((u) => u.lotCode)).toEqual(codes);
    expect(parseLotCsv(back.lotsCsv, { existingCodes: new Set() }).ok).toBe(true);
    // A marker with a control character in it is no code of ours: shaped as foreign text, so the lots CSV imports.
    const odd = convert(read([IMPORTER_HEADER, 'A-1,,R750,,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-1,,AMS1,Deployed,,Fleetledger lot \u0000LOT-7,'].join('\n')));
    expect(odd.lots.map((l) => l.lotCode)).toEqual(['LOT-7']);
  });

  it('every item of a lot whose code is no valid asset tag still reads back (--all-items)', () => {
    const lot: SnipeItExportLot = { ...lots[0]!, code: 'GPU 2024/01 (Hall B)', quantity: 3, units: [{ serial: 'GT-0001', assetTag: '', siteCode: '' }] };
    const long: SnipeItExportLot = { ...lot, code: 'A-very-long-lot-code-that-goes-on-beyond-forty-characters', units: [] };
    const text = snipeItAssetsCsv([lot, long], { allItems: true });
    const back = convert(read(text));
    expect(back.lots.map((l) => [l.lotCode, l.quantity])).toEqual([['GPU 2024/01 (Hall B)', 3], ['A-very-long-lot-code-that-goes-on-beyond-forty-characters', 3]]);
    // The generated tags are asset tags as Fleetledger and Snipe-IT keep them: distinct, at most 40 characters.
    const tags = read(text).assets.map((a) => a.assetTag).filter((t) => t !== '');
    expect(tags).toEqual(['GPU-2024/01-HALL-B-2', 'GPU-2024/01-HALL-B-3', 'A-VERY-LONG-LOT-CODE-THAT-GOES-ON-BEYO-1', 'A-VERY-LONG-LOT-CODE-THAT-GOES-ON-BEYO-2', 'A-VERY-LONG-LOT-CODE-THAT-GOES-ON-BEYO-3']);
  });

  it('a status or category named like a JavaScript built-in is just a name', () => {
    const file = read([IMPORTER_HEADER, 'A-1,,R750,,constructor,Dell,SN-0001,2024-01-15,9500.00,PO-1,,AMS1,constructor,,,'].join('\n'));
    expect(defaultSnipeItMapping(file).statuses).toEqual({ constructor: null });
    expect(convert(file, { constructor: 'spare' }).lots).toMatchObject([{ status: 'spare', category: 'other' }]);
  });

  it('tells problems of the lots and units it made in the Snipe-IT file’s rows and columns', () => {
    const out = convert(read(IMPORTER_FILE));
    expect(snipeItProblems(out, 'units', [{ row: 3, column: 'serial', message: 'SN-0002 is already in the fleet' }])).toEqual([{ row: 3, column: 'Serial Number', message: 'SN-0002 is already in the fleet' }]);
    expect(snipeItProblems(out, 'lots', [{ row: 2, column: 'lot_code', message: 'is taken' }])).toEqual([{ row: 2, column: 'Asset Name', message: 'lot PO-100-2 (rows 2, 3, 4): is taken' }]);
  });

  it('a warranty of 0 months is no warranty, not one that ended the day before the purchase', () => {
    const file = read([IMPORTER_HEADER, 'A-1,,R750,,Servers,Dell,SN-0001,2024-03-01,9500.00,PO-1,,AMS1,Deployed,0,,', 'A-2,,R750,,Servers,Dell,SN-0002,2024-03-01,9500.00,PO-2,,AMS1,Deployed,1,,'].join('\n'));
    expect(convert(file).lots.map((l) => [l.poNumber, l.warrantyEnd])).toEqual([['PO-1', null], ['PO-2', '2024-03-31']]);
    // Our own export writes 0 for a warranty shorter than a month: it comes back as none, not as 2024-02-29.
    const short = { ...lots[0]!, purchaseDate: '2024-03-01', warrantyEnd: '2024-03-15' };
    expect(convert(read(snipeItAssetsCsv([short], { allItems: false }))).lots[0]?.warrantyEnd).toBeNull();
  });

  it('counts warranty months from the purchase date to the day after the last day', () => {
    expect(warrantyMonths('2024-01-15', '2027-01-14')).toBe('36');
    expect(warrantyMonths('2024-01-31', '2024-02-28')).toBe('1');
    expect(warrantyMonths('2024-03-01', null)).toBe('');
    expect(warrantyMonths('2024-03-01', '2024-02-01')).toBe('');
  });
});

describe('Snipe-IT import at fleet scale', () => {
  // An install's history is mostly Archived assets: 30,000 of them (left out by default) used to
  // take minutes to convert, the row list copied for every asset; linear now (a regression fails
  // on the suite's test timeout).
  it('leaves out 30,000 archived assets and lists every row', () => {
    const n = 30_000;
    const asset = read(`${IMPORTER_HEADER}\nA-1,,PowerEdge R750,R750,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-9,CDW,AMS1,Archived,36,,Acme\n`).assets[0];
    if (asset === undefined) throw new Error('no asset');
    const assets = Array.from({ length: n }, (_, i) => ({ ...asset, line: i + 2, serial: `SN${i}`, assetTag: `A${i}` }));
    const file: SnipeItFile = { assets, headerStyle: 'importer', ignoredColumns: [], statuses: [{ name: 'Archived', key: 'archived', rows: assets.map((a) => a.line) }], categories: [{ name: 'Servers', key: 'servers', rows: assets.map((a) => a.line) }] };
    const converted = convert(file);
    expect(converted.lots).toEqual([]);
    expect(converted.leftOut).toHaveLength(1);
    expect(converted.leftOut[0]?.status).toBe('Archived');
    expect(converted.leftOut[0]?.rows).toHaveLength(n);
    expect(converted.leftOut[0]?.rows.slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('names a big lot’s rows as runs in its notes, not one by one (30,000 numbers would be 200 kB on the lot and its event)', () => {
    const n = 30_000;
    const asset = read(`${IMPORTER_HEADER}\nA-1,,PowerEdge R750,R750,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-9,CDW,AMS1,Ready to Deploy,36,,Acme\n`).assets[0];
    if (asset === undefined) throw new Error('no asset');
    // Row 1002 is another model's: the lot's rows are two runs.
    const assets = Array.from({ length: n }, (_, i) => ({ ...asset, line: i + 2 + (i >= 1000 ? 1 : 0), serial: `SN${i}`, assetTag: `A${i}` }));
    const file: SnipeItFile = { assets, headerStyle: 'importer', ignoredColumns: [], statuses: [{ name: 'Ready to Deploy', key: 'ready to deploy', rows: assets.map((a) => a.line) }], categories: [{ name: 'Servers', key: 'servers', rows: assets.map((a) => a.line) }] };
    const converted = convert(file);
    expect(converted.lots).toHaveLength(1);
    expect(converted.lots[0]?.notes).toBe('Imported from Snipe-IT (assets.csv, rows 2–1001, 1003–30002).');
  });

  it('writes runs of rows, one row alone, and rows given out of order', () => {
    expect(rowRanges([7])).toBe('row 7');
    expect(rowRanges([5, 2, 3, 9, 4, 11, 10])).toBe('rows 2–5, 9–11');
    expect(rowRanges([2, 4])).toBe('rows 2, 4');
  });
});
