/**
 * Moving in and out (issue 15) on the command line: `convert --from snipeit`, `catalog --from
 * netbox-yaml`, `export --format snipeit|netbox-devices`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvTable } from '../../shared/csv';
import { parseLotCsv } from '../../shared/lotCsv';
import { netBoxDeviceColumns } from '../../shared/netbox';
import { convertSnipeItAssets, defaultSnipeItMapping, readSnipeItAssets, SNIPEIT_EXPORT_COLUMNS } from '../../shared/snipeit';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let dir: string;
let fx: LedgerFixture;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetledger-migration-'));
  fx = await makeLedgerFixture('migration');
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await fx.dispose();
});

const SNIPE = [
  'Asset Tag,Model,Category,Manufacturer,Serial,Purchased,Cost,Order Number,Supplier,Location,Status,Warranty,Company',
  'A-1,PowerEdge R750,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-100,CDW,AMS1,Deployed,36,Acme',
  'A-2,PowerEdge R750,Servers,Dell,SN-0002,2024-01-15,9500.00,PO-100,CDW,AMS1,Deployed,36,Acme',
  'A-3,PowerEdge R750,Servers,Dell,SN-0003,2024-01-15,9500.00,PO-100,CDW,AMS1,Archived,36,Acme',
  'A-4,PowerEdge R750,Servers,Dell,SN-0004,2024-01-15,9500.00,PO-100,CDW,AMS1,Quarantine,36,Acme',
].join('\n');

describe('fleetledger convert --from snipeit', () => {
  it('refuses a status it does not know, naming the rows; converts once it is mapped, saying on stderr what it did', async () => {
    const file = join(dir, 'assets.csv');
    await writeFile(file, SNIPE);
    const refused = await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', file]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('assets.csv row 5, column Status: "Quarantine" (rows 5) is not a status Fleetledger knows');

    const lots = await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', '--status', 'Quarantine=rma', '--currency', 'eur', file]);
    expect(lots.code).toBe(0);
    const parsed = parseLotCsv(lots.stdout, { existingCodes: new Set() });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.rows.map((r) => [r.lotCode, r.status, r.quantity, r.currency])).toEqual([['PO-100', 'in-service', 2, 'EUR'], ['PO-100-2', 'rma', 1, 'EUR']]);
    expect(lots.stderr).toContain('4 assets in assets.csv (the asset list export’s columns) → 2 lots, 3 units');
    expect(lots.stderr).toContain('status Quarantine (1) → rma');
    expect(lots.stderr).toContain('left out: 1 Archived asset (rows 4)');
    expect(lots.stderr).toContain('not kept (Fleetledger has no place for them): Company');
    expect(lots.stderr).toContain('filled in: in_service_date taken from Purchase Date in 2 rows (rows 2, 3)');

    const units = await runCli(['convert', '--from', 'snipeit', '--to', 'units-csv', '--status', 'quarantine=rma', '--status', 'Archived=sanitised', file]);
    expect(units.code).toBe(0);
    expect(units.stdout.trim().split('\r\n')).toEqual([
      'lot_code,serial,asset_tag,site,room,rack,u,status,notes',
      'PO-100,SN-0001,A-1,,,,,,',
      'PO-100,SN-0002,A-2,,,,,,',
      'PO-100-2,SN-0003,A-3,,,,,,',
      'PO-100-3,SN-0004,A-4,,,,,,',
    ]);
  });

  it('says what is wrong with the command line (exit 2)', async () => {
    expect(await runCli(['convert', '--to', 'lots-csv', 'x.csv'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--from: required') });
    expect(await runCli(['convert', '--from', 'snipeit', '--to', 'xlsx', 'x.csv'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--to: one of lots-csv, units-csv') });
    expect(await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', '--status', 'Broken=fixed', 'x.csv'])).toMatchObject({ code: 2, stderr: expect.stringContaining('fixed is not a status') });
    expect(await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', join(dir, 'missing.csv')])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot be read') });
  });
});

describe('fleetledger catalog --from netbox-yaml', () => {
  it('prints exactly the documented JSON for files and folders, naming each problem’s file and line (exit 1)', async () => {
    const lib = join(dir, 'device-types');
    await mkdir(join(lib, 'Dell'), { recursive: true });
    await mkdir(join(lib, 'Acme'), { recursive: true });
    await writeFile(join(lib, 'Dell', 'PowerEdge-R750.yaml'), 'manufacturer: Dell\nmodel: PowerEdge R750\npart_number: R750\nu_height: 2.0\npower-ports:\n  - name: PSU1\n    maximum_draw: 1400\n    allocated_draw: 700\n  - name: PSU2\n    maximum_draw: 1400\n    allocated_draw: 700\n');
    await writeFile(join(lib, 'Dell', 'PowerEdge-C6420.yml'), 'manufacturer: Dell\nmodel: PowerEdge C6420\nu_height: 0\n');
    await writeFile(join(lib, 'Acme', 'broken.yaml'), 'manufacturer: Acme\nmodel: "Box\nu_height: 1\n');
    await writeFile(join(lib, 'Acme', 'README.md'), '# not a device type');
    const run = await runCli(['catalog', '--from', 'netbox-yaml', lib, '--json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { models: unknown[]; problems: { file: string; line: number; message: string }[] };
    expect(out.models).toEqual([
      { manufacturer: 'Dell', model: 'PowerEdge C6420', partNumber: '', rackUnits: 0, powerWatts: null, powerSource: null },
      { manufacturer: 'Dell', model: 'PowerEdge R750', partNumber: 'R750', rackUnits: 2, powerWatts: 700, powerSource: 'allocated' },
    ]);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({ file: expect.stringMatching(/Acme[/\\]broken\.yaml$/u), line: expect.any(Number), message: expect.stringMatching(/^is not valid YAML/u) });
    expect(run.stderr).toMatch(/broken\.yaml:\d+: is not valid YAML/u);

    const one = await runCli(['catalog', '--from', 'netbox-yaml', join(lib, 'Dell', 'PowerEdge-R750.yaml')]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('PowerEdge R750');
    expect(one.stdout).toContain('700 W');
    expect(one.stdout).toContain('1 model from 1 file.');
    expect(await runCli(['catalog', '--from', 'netbox', lib])).toMatchObject({ code: 2 });
  });

  it('a YAML file that is not UTF-8 is a problem of that file (its line named), as the app refuses it, not a model named with U+FFFD', async () => {
    const lib = join(dir, 'legacy-types');
    await mkdir(lib, { recursive: true });
    await writeFile(join(lib, 'good.yaml'), 'manufacturer: Dell\nmodel: PowerEdge R750\nu_height: 2\n');
    // "Société Générale" as a Windows editor saves it (Windows-1252: é = 0xE9).
    await writeFile(join(lib, 'latin1.yaml'), Buffer.from('manufacturer: Acme\nmodel: Société Générale 1U\nu_height: 1\n', 'latin1'));
    const run = await runCli(['catalog', '--from', 'netbox-yaml', lib, '--json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { models: { model: string }[]; problems: { file: string; line: number; message: string }[] };
    expect(out.models.map((m) => m.model)).toEqual(['PowerEdge R750']);
    expect(out.problems).toEqual([{ file: expect.stringMatching(/latin1\.yaml$/u) as unknown as string, line: 2, message: 'is not UTF-8 text (saved in a legacy encoding?); save it as UTF-8' }]);
    expect(run.stderr).toMatch(/latin1\.yaml:2: is not UTF-8 text/u);
  });
});

describe('fleetledger catalog over a clone of the device-type library', () => {
  it('passes over hidden files and folders (.github workflows, .pre-commit-config.yaml), as the app does', async () => {
    const lib = join(dir, 'devicetype-library');
    await mkdir(join(lib, 'device-types', 'Dell'), { recursive: true });
    await mkdir(join(lib, '.github', 'workflows'), { recursive: true });
    await writeFile(join(lib, 'device-types', 'Dell', 'PowerEdge-R750.yaml'), 'manufacturer: Dell\nmodel: PowerEdge R750\nu_height: 2\n');
    await writeFile(join(lib, '.github', 'workflows', 'tests.yml'), 'name: tests\non: [push]\n');
    await writeFile(join(lib, '.pre-commit-config.yaml'), 'repos: []\n');
    const run = await runCli(['catalog', '--from', 'netbox-yaml', lib, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { models: { model: string }[]; problems: unknown[] };
    expect(out.models.map((m) => m.model)).toEqual(['PowerEdge R750']);
    expect(out.problems).toEqual([]);
    // A hidden file named on the command line is read: it was asked for.
    const named = await runCli(['catalog', '--from', 'netbox-yaml', join(lib, '.pre-commit-config.yaml'), '--json']);
    expect(named.code).toBe(1);
  });
});

describe('fleetledger export --format', () => {
  it('snipeit: one row per unit with the importer’s labels, which converts back into the same lots', async () => {
    const run = await runCli(['export', '--format', 'snipeit', '--all-items', '--ledger', fx.path]);
    expect(run.code).toBe(0);
    // Every lot of the fixture is in USD: nothing the file cannot say.
    expect(run.stderr).toBe('');
    const table = parseCsvTable(run.stdout);
    if (!table.ok) throw new Error(table.error.message);
    expect(table.value.header).toEqual([...SNIPEIT_EXPORT_COLUMNS]);
    const lots = (await fx.db.lots.toArray()).filter((l) => l.status !== 'disposed');
    const read = readSnipeItAssets(run.stdout, 'USD');
    if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 3)));
    const back = convertSnipeItAssets(read.value, defaultSnipeItMapping(read.value), { currency: 'USD', existingCodes: new Set(), fileName: 'x.csv' });
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    const summary = (rows: { code: string; quantity: number; status: string }[]) => rows.map((r) => `${r.code} ${r.quantity} ${r.status}`).sort();
    expect(summary(back.value.lots.map((l) => ({ code: l.lotCode, quantity: l.quantity, status: l.status })))).toEqual(summary(lots));
  });

  it('netbox-devices: the documented columns, a row per unit or item', async () => {
    const run = await runCli(['export', '--format', 'netbox-devices', '--ledger', fx.path]);
    expect(run.code).toBe(0);
    const table = parseCsvTable(run.stdout);
    if (!table.ok) throw new Error(table.error.message);
    expect(table.value.header).toEqual(netBoxDeviceColumns(4));
    expect(table.value.header[1]).toBe('role');
    expect(table.value.rows.length).toBeGreaterThan(0);
    // NetBox before 4.0 takes the role as device_role; the rows are the same.
    const three = await runCli(['export', '--format', 'netbox-devices', '--netbox-version', '3', '--ledger', fx.path]);
    expect(three.code).toBe(0);
    expect(three.stdout.split('\r\n')[0]).toBe(netBoxDeviceColumns(3).join(','));
    expect(three.stdout.split('\r\n').slice(1)).toEqual(run.stdout.split('\r\n').slice(1));
    expect(await runCli(['export', '--format', 'netbox-devices', '--netbox-version', '5', '--ledger', fx.path])).toMatchObject({ code: 2, stderr: expect.stringContaining('--netbox-version: "5" is not a NetBox release this export knows (3 or 4)') });
    expect(await runCli(['export', '--format', 'snipeit', '--netbox-version', '3', '--ledger', fx.path])).toMatchObject({ code: 2, stderr: expect.stringContaining('--netbox-version: only with --format netbox-devices') });
    expect(await runCli(['export', 'lots', '--netbox-version', '3', '--ledger', fx.path])).toMatchObject({ code: 2 });
    expect(await runCli(['export', '--format', 'xlsx', '--ledger', fx.path])).toMatchObject({ code: 2 });
    expect(await runCli(['export', 'lots', '--all-items', '--ledger', fx.path])).toMatchObject({ code: 2 });
  });
});
