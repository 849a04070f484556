/**
 * `fleetledger export lots|units|events --ledger <file>`: a backup's records in the documented
 * formats. Lots and units read back with the app's own importers; events are the backup's own,
 * line for line.
 */
import { readFileSync } from 'node:fs';
import { readLog } from '../../renderer/db/eventLog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportArgs } from '../../cli/export';
import { parseCsvTable } from '../../shared/csv';
import { canonicalJson, parseCanonicalJson } from '../../shared/ledger/canonicalJson';
import { EVENT_CSV_COLUMNS } from '../../shared/ledger/ledgerExport';
import { LOT_CSV_COLUMNS, parseLotCsv } from '../../shared/lotCsv';
import { UNIT_CSV_COLUMNS, parseUnitCsv } from '../../shared/unitCsv';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await makeLedgerFixture('export');
}, 60_000);
afterAll(async () => {
  await fx.dispose();
});

function table(csv: string): string[][] {
  const parsed = parseCsvTable(csv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return [parsed.value.header, ...parsed.value.rows.map((r) => r.cells)];
}

describe('fleetledger export lots', () => {
  it('writes the lots CSV, by code; what can be imported imports back as the same lots', async () => {
    const { code, stdout, stderr } = await runCli(['export', 'lots', '--ledger', fx.path]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lots = await fx.db.lots.toArray();
    const rows = table(stdout);
    expect(rows[0]).toEqual(LOT_CSV_COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(lots.length + 1);
    const codes = rows.slice(1).map((r) => r[0] ?? '');
    expect(codes).toEqual([...codes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    expect(stdout.endsWith('\r\n')).toBe(true);

    // Every lot the import format can take (not disposed; with a site, which import requires
    // and the app's export leaves empty when a lot has none) goes back in unchanged.
    const left = new Set(lots.filter((l) => l.status === 'disposed' || l.siteId === null).map((l) => l.code));
    expect(left.size).toBeLessThan(lots.length / 2);
    const lines = stdout.split('\r\n');
    const importable = [lines[0], ...lines.slice(1).filter((l) => l !== '' && !left.has(l.split(',')[0] ?? ''))].join('\n');
    const back = parseLotCsv(importable, { existingCodes: new Set() });
    if (!back.ok) throw new Error(JSON.stringify(back.errors.slice(0, 3)));
    expect(back.rows).toHaveLength(lots.length - left.size);
    const models = new Map((await fx.db.models.toArray()).map((m) => [m.id, m]));
    const sites = new Map((await fx.db.sites.toArray()).map((s) => [s.id, s]));
    for (const row of back.rows) {
      const lot = lots.find((l) => l.code === row.lotCode);
      if (lot === undefined) throw new Error(row.lotCode);
      const model = models.get(lot.modelId);
      expect(row).toMatchObject({
        manufacturer: model?.manufacturer, model: model?.name, category: model?.category, quantity: lot.quantity, unitCost: lot.unitCost,
        currency: lot.currency, purchaseDate: lot.purchaseDate, status: lot.status, siteCode: lot.siteId === null ? '' : sites.get(lot.siteId)?.code,
        inServiceDate: lot.inServiceDate, salvageValue: lot.salvageValue, extraCosts: lot.extraCosts, supportCostPerYear: lot.supportCostPerYear, notes: lot.notes,
      });
    }
  });

  it('--json: one object per lot, keyed by the CSV columns, amounts as decimal strings', async () => {
    const { code, stdout } = await runCli(['export', 'lots', '--ledger', fx.path, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>[];
    const csv = table((await runCli(['export', 'lots', '--ledger', fx.path, '--csv'])).stdout);
    expect(out).toHaveLength(csv.length - 1);
    out.forEach((lot, i) => {
      expect(Object.keys(lot)).toEqual(LOT_CSV_COLUMNS.map((c) => c.name));
      const cells = csv[i + 1] ?? [];
      LOT_CSV_COLUMNS.forEach((c, k) => {
        const v = lot[c.name];
        expect(v === null ? '' : String(v), `${String(lot.lot_code)} ${c.name}`).toBe(cells[k]);
      });
      expect(typeof lot.quantity).toBe('number');
      expect(lot.unit_cost).toMatch(/^\d+\.\d{2}$/u);
    });
  });
});

describe('the README says which --json lot fields are null', () => {
  it('names every column export lots --json prints as null (dates aside, which it calls empty dates)', async () => {
    // It said "empty dates and power_watts as null"; site_country (and the other country and channel columns) are null too.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((l) => l.startsWith('| `lots` |')) ?? '';
    expect(row).toContain('empty dates');
    const out = JSON.parse((await runCli(['export', 'lots', '--ledger', fx.path, '--json'])).stdout) as Record<string, unknown>[];
    const nulls = new Set(out.flatMap((lot) => Object.keys(lot).filter((k) => lot[k] === null)));
    expect(nulls.size).toBeGreaterThan(0);
    for (const key of nulls) if (!key.endsWith('_date') && key !== 'warranty_end') expect(row, key).toContain(`\`${key}\``);
    // A row that gives no country or channel: each of those columns is null, as the README says.
    for (const key of ['country_of_origin', 'site_country', 'supplier_country', 'supplier_channel']) expect(row, key).toContain(`\`${key}\``);
  });
});

describe('fleetledger export units', () => {
  it('writes the units CSV, which the app\'s unit importer reads', async () => {
    const { code, stdout } = await runCli(['export', 'units', '--ledger', fx.path]);
    expect(code).toBe(0);
    const rows = table(stdout);
    expect(rows[0]).toEqual(UNIT_CSV_COLUMNS.map((c) => c.name));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['SN0001', 'SN0002', 'SN0003']);
    expect(rows[2]).toEqual([rows[1]?.[0], 'SN0002', 'AT-SN0002', '', 'Hall 1', 'B07', '10', 'ok', '']);
    const lot = (await fx.db.lots.where('code').equals(rows[1]?.[0] ?? '').first())!;
    const back = parseUnitCsv(stdout, {
      lots: new Map([[lot.code, { id: lot.id, code: lot.code, quantity: lot.quantity, trackedUnits: 0, status: lot.status, siteId: lot.siteId }]]),
      sites: new Map(),
      knownSerials: () => null,
      knownAssetTags: () => null,
    });
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.batches.flatMap((b) => b.units.map((u) => [u.serial, u.assetTag, u.room, u.rack, u.u]))).toEqual([
      ['SN0001', 'AT-SN0001', '', '', null],
      ['SN0002', 'AT-SN0002', 'Hall 1', 'B07', 10],
      ['SN0003', 'AT-SN0003', '', '', null],
    ]);
  });

  it('--json: the same fields, the rack position a number', async () => {
    const { code, stdout } = await runCli(['export', 'units', '--ledger', fx.path, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>[];
    expect(out.map((u) => u.serial)).toEqual(['SN0001', 'SN0002', 'SN0003']);
    expect(out[1]).toMatchObject({ asset_tag: 'AT-SN0002', site: '', room: 'Hall 1', rack: 'B07', u: 10, status: 'ok', notes: '' });
    expect(out[0]?.u).toBeNull();
  });
});

describe('fleetledger export events', () => {
  it('JSON Lines by default: the backup\'s events in clock order, one canonical JSON event per line', async () => {
    const { code, stdout } = await runCli(['export', 'events', '--ledger', fx.path]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    const log = await readLog(fx.db);
    expect(lines).toHaveLength(fx.backup.header.counts.events);
    expect(lines).toEqual(log.map((e) => canonicalJson(e)));
    // Units travel packed in their events: the canonical form reads back to the same typed arrays.
    expect(lines.map((l) => parseCanonicalJson(l))).toEqual(log);
    expect((await runCli(['export', 'events', '--ledger', fx.path, '--json'])).stdout).toBe(stdout);
  });

  it('--csv: the scalar fields, one row per event', async () => {
    const { code, stdout } = await runCli(['export', 'events', '--ledger', fx.path, '--csv']);
    expect(code).toBe(0);
    const rows = table(stdout);
    expect(rows[0]).toEqual(['id', 'hlc', 'at', 'date', 'entity', 'lotId', 'seq', 'type', 'from', 'to', 'quantity', 'actor', 'note']);
    expect(rows[0]).toEqual(EVENT_CSV_COLUMNS.map((c) => c.name));
    const log = await readLog(fx.db);
    expect(rows).toHaveLength(log.length + 1);
    const move = log.findIndex((e) => e.type === 'transitioned' || e.type === 'split');
    const e = log[move]!;
    expect(rows[move + 1]).toEqual([e.id, e.hlc, e.at, e.date ?? '', e.entity, e.lotId, String(e.seq), e.type, e.from ?? '', e.to ?? '', e.quantity === null ? '' : String(e.quantity), e.actor, e.note]);
    expect(rows.slice(1).some((r) => r[4] === 'settings' && r[7] === 'settings-changed')).toBe(true);
  });
});

describe('fleetledger export: arguments', () => {
  it('defaults: CSV for lots and units, JSON Lines for events', () => {
    expect(parseExportArgs(['lots', '--ledger', 'a.fleetledger'])).toEqual({ ok: true, value: { kind: 'lots', source: { ledger: 'a.fleetledger' }, format: 'csv' } });
    expect(parseExportArgs(['units', '--ledger', 'a.fleetledger'])).toMatchObject({ ok: true, value: { format: 'csv' } });
    expect(parseExportArgs(['--ledger', 'a.fleetledger', 'events'])).toMatchObject({ ok: true, value: { kind: 'events', format: 'json' } });
  });

  it('bad arguments: one line naming the argument, exit 2', async () => {
    const usage = async (args: string[], message: string) => expect(await runCli(['export', ...args])).toEqual({ code: 2, stdout: '', stderr: `fleetledger export: ${message}\n` });
    await usage(['--ledger', fx.path], 'what to export: required (lots, units, events), or --format snipeit|netbox-devices');
    await usage(['models', '--ledger', fx.path], '"models" is not something to export (lots, units, events)');
    await usage(['lots', 'units', '--ledger', fx.path], 'unexpected argument "units" (one of lots, units, events at a time)');
    await usage(['lots'], '--ledger: required (a .fleetledger backup), or --folder (a team folder)');
    await usage(['lots', '--ledger', fx.path, '--csv', '--json'], '--json: give --csv or --json, not both');
    await usage(['lots', '--ledger', fx.path, '--ledger', fx.path], '--ledger: given more than once');
    await usage(['lots', '--ledger'], '--ledger needs a value (write --ledger=VALUE for one that starts with -)');
    await usage(['lots', '--ledger', fx.path, '--frobnicate'], 'unknown option --frobnicate (see --help)');
    // A flag given a value was told it "needs a value" (parseArgs uses one code for both).
    await usage(['lots', '--ledger', fx.path, '--json=yes'], '--json takes no value (write --json alone)');
  });

  it('a damaged backup exports nothing', async () => {
    const lines = fx.text.split('\n');
    const cut = fx.file('cut.fleetledger', lines.slice(0, 40).join('\n'));
    const r = await runCli(['export', 'events', '--ledger', cut]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`fleetledger export: --ledger: ${cut}: The backup is damaged: it ends in the middle of a line (the file was cut short) and does not match the checksum in its header.\n`);
  });

  it('--help', async () => {
    const { code, stdout } = await runCli(['export', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: fleetledger export lots\|units\|events \(--ledger <file\.fleetledger> \| --folder <dir>\) \[--csv \| --json\]\n/u);
  });
});
