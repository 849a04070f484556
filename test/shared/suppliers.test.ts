/**
 * Suppliers as catalogue records (issue 13): ids from names, the checks, the resolver the lot
 * form and imports use, the upgrade of lots' supplier texts, the lots CSV columns, and backups
 * made before suppliers existed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoFleet } from '../../shared/demoFleet';
import { isUuid } from '../../shared/ids';
import { decodeBackup, encodeBackupTextV1 } from '../../shared/ledger/backupFormat';
import { foldLedger } from '../../shared/ledger/fold';
import { compareSnapshots } from '../../shared/ledger/compareSnapshots';
import { exportLots } from '../../shared/ledger/ledgerExport';
import type { Lot } from '../../shared/lot';
import { createLot, type LotDraft } from '../../shared/lotChanges';
import { lotsToCsv, parseLotCsv } from '../../shared/lotCsv';
import { planLotImport } from '../../shared/lotImport';
import { DEFAULT_CATEGORY_POLICIES } from '../../shared/depreciation/policies';
import {
  lotSupplierName,
  needsSupplierAdoption,
  parseSupplierChannel,
  planSupplierAdoption,
  saveSupplier,
  SupplierResolver,
  supplierIdFromName,
  supplierKey,
  validateSupplier,
  type Supplier,
} from '../../shared/suppliers';

let n = 0;
const ctx = { now: '2026-12-06T10:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: 'ada' };
const demo = demoFleet({ today: '2026-12-06', now: ctx.now, newId: ctx.newId });
const sha256 = (text: string): Promise<string> => Promise.resolve(createHash('sha256').update(text, 'utf8').digest('hex'));

const supplier = (name: string, over: Partial<Supplier> = {}): Supplier => ({ id: supplierIdFromName(name), name, country: null, channel: null, notes: '', demo: false, createdAt: ctx.now, updatedAt: ctx.now, ...over });

/** A lot as an earlier version wrote it: the supplier as text, no `supplierId`. */
function legacyLot(code: string, text: string): Lot {
  const { id: _i, createdAt: _c, updatedAt: _u, parentId: _p, adjustments: _a, depreciationChain: _d, supplierId: _s, ...rest } = demo.lots[0]!;
  const r = createLot({ ...rest, code, supplier: text } as LotDraft, ctx, new Set());
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.lots[0]!;
}

describe('a supplier’s id from its name', () => {
  it('is a UUID (version 8), the same for the same name whatever its case and spaces, and differs between names', () => {
    const id = supplierIdFromName('Arrow Electronics');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('8');
    expect(supplierIdFromName('  arrow   ELECTRONICS ')).toBe(id);
    expect(supplierIdFromName('Arrow')).not.toBe(id);
    // Fixed, so every device of a team gives the same name the same id, build after build.
    expect(supplierIdFromName('Supermicro')).toBe('acde0436-e519-86d8-8c2e-6e6e22e9ca69');
    // Every code point counts, beyond the Basic Multilingual Plane too.
    expect(supplierIdFromName('Foo😀')).not.toBe(supplierIdFromName('Foo😁'));
  });

  it('keys names as people write them: case and runs of spaces do not count', () => {
    expect(supplierKey('  Dell   Technologies ')).toBe('dell technologies');
  });
});

describe('a supplier channel as written in a file', () => {
  it('takes the codes and the names, in any case; empty is not given; anything else is refused', () => {
    expect(['oem-direct', 'OEM direct', 'oem', 'Distributor', 'reseller', 'broker', 'Broker / secondary market', 'secondary market', 'OEM_DIRECT'].map(parseSupplierChannel)).toEqual([
      'oem-direct', 'oem-direct', 'oem-direct', 'distributor', 'reseller', 'broker', 'broker', 'broker', 'oem-direct',
    ]);
    expect(parseSupplierChannel('  ')).toBeNull();
    expect(parseSupplierChannel('wholesale')).toBeUndefined();
  });
});

describe('saving a supplier', () => {
  const arrow = supplier('Arrow', { country: 'US', channel: 'distributor' });

  it('names what is wrong with each field', () => {
    expect(validateSupplier({ name: ' ', country: 'USA', channel: 'wholesale' as never, notes: '', demo: false }, [])).toEqual({
      name: 'A supplier needs a name.',
      country: 'Country is a two-letter ISO 3166 code, e.g. NL or US, or empty.',
      channel: 'Choose a channel, or leave it unknown.',
    });
    expect(validateSupplier({ name: 'ARROW', country: null, channel: null, notes: '', demo: false }, [arrow]).name).toBe('ARROW is already a supplier.');
  });

  it('creates one with the id its name gives, and records an edit as before and after of the fields changed', () => {
    const made = saveSupplier({ name: ' Rack  Broker ', country: 'nl', channel: 'broker', notes: '', demo: false }, null, [arrow], ctx);
    expect(made.ok && made.value.record).toMatchObject({ id: supplierIdFromName('Rack Broker'), name: 'Rack Broker', country: 'NL', channel: 'broker' });
    expect(made.ok && made.value.event).toMatchObject({ entity: 'supplier', type: 'created', seq: 1 });
    const edited = saveSupplier({ name: 'Arrow', country: 'DE', channel: 'distributor', notes: '', demo: false }, arrow, [arrow], ctx);
    expect(edited.ok && edited.value.event).toMatchObject({ entity: 'supplier', type: 'edited', lotId: arrow.id, before: { country: 'US' }, after: { country: 'DE' } });
    const same = saveSupplier({ name: 'Arrow', country: 'US', channel: 'distributor', notes: '', demo: false }, arrow, [arrow], ctx);
    expect(same.ok && same.value.event).toBeNull();
  });

  it('gives a new supplier a fresh id when a renamed one holds the id of its name', () => {
    const renamed = { ...supplier('Acme'), name: 'Acme Europe' };
    const made = saveSupplier({ name: 'Acme', country: null, channel: null, notes: '', demo: false }, null, [renamed], ctx);
    expect(made.ok && made.value.record.id).not.toBe(renamed.id);
  });
});

describe('the resolver (lot form, imports)', () => {
  it('finds a known supplier by name, makes an unknown one once with its event, and gives null for no name', () => {
    const r = new SupplierResolver([supplier('Arrow')], ctx, 'From a file.');
    expect(r.resolve('ARROW ')?.id).toBe(supplierIdFromName('Arrow'));
    const made = r.resolve('New Co', { country: 'TW', channel: 'reseller' });
    expect(made).toMatchObject({ name: 'New Co', country: 'TW', channel: 'reseller', notes: 'From a file.' });
    expect(r.resolve('new co')).toBe(made);
    expect(r.resolve('')).toBeNull();
    expect(r.created).toEqual([made]);
    expect(r.events.map((e) => [e.entity, e.type, e.lotId])).toEqual([['supplier', 'created', made?.id]]);
  });
});

describe('the upgrade of lots’ supplier texts (schema version 10)', () => {
  const lots = [legacyLot('L-3', 'supermicro'), legacyLot('L-1', 'Supermicro'), legacyLot('L-2', ' Supermicro  '), legacyLot('L-4', 'Arrow'), legacyLot('L-5', '')];

  it('makes one supplier per name, spelt as most lots spell it, and gives each lot with a text its id, by an event', () => {
    const plan = planSupplierAdoption(lots, [], ctx);
    expect(plan.suppliers.map((s) => [s.name, s.id, s.country, s.channel])).toEqual([
      ['Supermicro', supplierIdFromName('Supermicro'), null, null],
      ['Arrow', supplierIdFromName('Arrow'), null, null],
    ]);
    expect(plan.lots.map((l) => [l.code, l.supplierId])).toEqual([
      ['L-1', supplierIdFromName('Supermicro')],
      ['L-2', supplierIdFromName('Supermicro')],
      ['L-3', supplierIdFromName('Supermicro')],
      ['L-4', supplierIdFromName('Arrow')],
    ]);
    const edits = plan.events.filter((e) => e.entity === 'lot');
    expect(edits.map((e) => [e.type, e.after.supplierId])).toEqual(plan.lots.map((l) => ['edited', l.supplierId]));
    expect(plan.events.filter((e) => e.entity === 'supplier').map((e) => e.type)).toEqual(['created', 'created']);
    // The lot with no supplier text is left alone; the others' texts are emptied, and each event keeps its text as the value before.
    expect(needsSupplierAdoption(lots[4]!)).toBe(false);
    expect(plan.lots.map((l) => l.supplier)).toEqual(['', '', '', '']);
    expect(edits.map((e) => e.before?.supplier)).toEqual(['Supermicro', ' Supermicro  ', 'supermicro', 'Arrow']);
  });

  it('uses a supplier already on record, whatever its spelling, and changes nothing when run again', () => {
    const known = supplier('SUPERMICRO', { country: 'US', channel: 'oem-direct' });
    const plan = planSupplierAdoption(lots, [known], ctx);
    expect(plan.suppliers.map((s) => s.name)).toEqual(['Arrow']);
    expect(plan.lots.filter((l) => l.code !== 'L-4').every((l) => l.supplierId === known.id)).toBe(true);
    const again = planSupplierAdoption([...plan.lots, lots[4]!], [known, ...plan.suppliers], ctx);
    expect(again).toEqual({ suppliers: [], lots: [], events: [] });
  });

  it('takes in a text an earlier version writes later on a lot that has a supplier: the lot moves to that supplier', () => {
    const plan = planSupplierAdoption(lots, [], ctx);
    const edited = { ...plan.lots[3]!, supplier: 'Insight' };
    const again = planSupplierAdoption([edited], plan.suppliers, ctx);
    expect(again.suppliers.map((s) => s.name)).toEqual(['Insight']);
    expect(again.lots.map((l) => [l.supplierId, l.supplier])).toEqual([[supplierIdFromName('Insight'), '']]);
    expect(again.events.at(-1)).toMatchObject({ before: { supplierId: supplierIdFromName('Arrow'), supplier: 'Insight' }, after: { supplierId: supplierIdFromName('Insight'), supplier: '' } });
    // Until then the lot reads as the text says: it is the newer word.
    expect(lotSupplierName(edited, new Map(plan.suppliers.map((s) => [s.id, s])))).toBe('Insight');
  });

  it('reads the same names from the lots as before: the record’s name, or the text', () => {
    const plan = planSupplierAdoption(lots, [], ctx);
    const byId = new Map(plan.suppliers.map((s) => [s.id, s]));
    expect(plan.lots.map((l) => lotSupplierName(l, byId))).toEqual(['Supermicro', 'Supermicro', 'Supermicro', 'Arrow']);
    expect(lotSupplierName(lots[0]!, byId)).toBe('supermicro');
    expect(lotSupplierName({ supplierId: null }, byId)).toBe('');
  });
});

describe('the lots CSV’s supplier columns', () => {
  const header = 'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,po_number,supplier,supplier_country,supplier_channel';
  const row = (code: string, supplierCells: string) => `${code},Dell,R760,cpu-server,2,100.00,USD,2025-01-01,ordered,,PO-1,${supplierCells}`;
  const parse = (text: string) => {
    const r = parseLotCsv(text, { existingCodes: new Set() });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.rows;
  };
  const plan = (text: string, suppliers: Supplier[] = []) =>
    planLotImport(parse(text), { models: [], sites: [], suppliers, templates: DEFAULT_CATEGORY_POLICIES, takenCodes: new Set() }, ctx, 'lots.csv');

  it('creates a supplier the file names, with its country and channel, once for all its rows', () => {
    const r = plan([header, row('A', 'Arrow,us,Distributor'), row('B', 'arrow,,')].join('\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.newSuppliers.map((s) => [s.name, s.country, s.channel])).toEqual([['Arrow', 'US', 'distributor']]);
    expect(r.value.summary.newSuppliers).toEqual(['Arrow']);
    expect(r.value.lots.map((l) => l.supplierId)).toEqual([r.value.newSuppliers[0]!.id, r.value.newSuppliers[0]!.id]);
    // The supplier's event comes before the lots that name it.
    expect(r.value.events[0]).toMatchObject({ entity: 'supplier', type: 'created' });
  });

  it('never changes a supplier on record: a country or channel that differs is refused with its row and column', () => {
    const known = supplier('Arrow', { country: 'US', channel: 'distributor' });
    const r = plan([header, row('A', 'Arrow,US,distributor'), row('B', 'Arrow,DE,'), row('C', 'Arrow,,broker')].join('\n'), [known]);
    expect(r.ok ? [] : r.error).toEqual([
      { row: 3, column: 'supplier_country', message: 'Supplier Arrow has country US in the catalogue, not DE; change it in Suppliers, or leave the column empty' },
      { row: 4, column: 'supplier_channel', message: 'Supplier Arrow has channel Distributor in the catalogue, not Broker / secondary market; change it in Suppliers, or leave the column empty' },
    ]);
  });

  it('refuses rows of one new supplier that disagree, and a channel or country without a supplier', () => {
    const r = plan([header, row('A', 'New Co,TW,reseller'), row('B', 'new co,JP,')].join('\n'));
    expect(r.ok ? [] : r.error).toEqual([{ row: 3, column: 'supplier_country', message: 'Supplier New Co has country TW from an earlier row of this file, not JP; change it in Suppliers, or leave the column empty' }]);
    const bad = parseLotCsv([header, row('A', ',US,'), row('B', 'X,,wholesale')].join('\n'), { existingCodes: new Set() });
    expect(bad.ok ? [] : bad.errors).toEqual([
      { row: 2, column: 'supplier_country', message: 'describes a supplier, but the row names none (supplier is empty)' },
      { row: 3, column: 'supplier_channel', message: '"wholesale" is not a supplier channel: one of oem-direct, distributor, reseller, broker' },
    ]);
  });

  it('exports each lot’s supplier with its country and channel, and imports back into the same suppliers', () => {
    const exported = lotsToCsv(exportLots(demo.lots.filter((l) => l.status !== 'disposed'), demo.models, demo.sites, demo.suppliers));
    const rows = parse(exported);
    const broker = rows.find((r) => r.supplier === 'Rackbroker');
    expect(broker).toMatchObject({ supplierCountry: 'NL', supplierChannel: 'broker' });
    const again = planLotImport(rows, { models: demo.models, sites: demo.sites, suppliers: demo.suppliers, templates: DEFAULT_CATEGORY_POLICIES, takenCodes: new Set() }, ctx, 'again.csv');
    expect(again.ok && again.value.newSuppliers).toEqual([]);
  });
});

describe('a backup made before suppliers were records', () => {
  it('reads with no suppliers, and its events still rebuild its snapshot', async () => {
    const snapshot = foldLedger([]);
    const meta = { ledgerId: 'l', ledgerName: 'Old', schemaVersion: 9, createdAt: ctx.now };
    const { header, body } = await encodeBackupTextV1(meta, [], snapshot, sha256);
    const { suppliers: _s, ...oldCounts } = header.counts;
    const oldHeader = JSON.stringify({ ...header, counts: oldCounts, bodySha256: await sha256(body) });
    const read = await decodeBackup(`${oldHeader}\n${body}`, sha256, 10);
    expect(read.ok && read.value.snapshot.suppliers).toEqual([]);
    expect(read.ok && compareSnapshots(foldLedger(read.value.events), read.value.snapshot)).toEqual([]);
  });
});

describe('one supplier made on two devices', () => {
  it('folds into one record: the first stands, the second fills only what the first left empty, and later edits stand', () => {
    const id = supplierIdFromName('Arrow');
    const base = { id: '', hlc: '', entity: 'supplier' as const, lotId: id, seq: 1, date: null, actor: 'ada', from: null, to: null, quantity: null, before: null, relatedLotId: null, note: '' };
    const first = { ...base, id: 'a:1', hlc: '001-000000-a', at: ctx.now, type: 'created' as const, after: supplier('Arrow', { notes: '' }) as never };
    const edit = { ...base, id: 'a:2', hlc: '002-000000-a', seq: 2, at: ctx.now, type: 'edited' as const, after: { country: 'US', channel: 'distributor' } as never };
    const second = { ...base, id: 'b:1', hlc: '003-000000-b', at: ctx.now, actor: 'bob', type: 'created' as const, after: supplier('ARROW', { notes: 'Bob’s contact: sales@arrow.example', country: 'DE' }) as never };
    const [folded] = foldLedger([first, edit, second]).suppliers;
    expect(folded).toMatchObject({ id, name: 'Arrow', country: 'US', channel: 'distributor', notes: 'Bob’s contact: sales@arrow.example' });
  });
});
