/**
 * The command line as a device of a team (issue 10): `ledger init`, `import lots|units` and
 * `move` write into a team folder as the app does, with the app's guards and messages; an app
 * device that joins sees exactly what `lots` and `conflicts` print.
 */
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFolder } from '../../electron/teamFolder';
import { FleetDb } from '../../renderer/db/database';
import { createBackup, readSnapshot } from '../../renderer/db/ledger';
import { lotEvents, moveLotCommand } from '../../renderer/db/lotCommands';
import { joinTeamLedger, syncLedgerOf } from '../../renderer/db/teamSync';
import { currentConflicts } from '../../renderer/features/conflicts/useConflicts';
import { totalDepreciation } from '../../shared/depreciation';
import { lotSchedule } from '../../shared/depreciation/lotSchedule';
import { formatDecimal } from '../../shared/money';
import { EMPTY_SYNC_STATE, syncFolder, type SyncState } from '../../shared/sync/folderSync';
import { uniqueDbName } from '../renderer/db/migrationHarness';
import { nodeSyncDeps, ok } from '../renderer/db/teamFixture';
import { runCli } from './ledgerFixture';
import { readTeamLedger, type TeamLedger } from '../../cli/teamLedger';
import { cliContext, lastSeqOf, openTeamDevice, writeAsDevice } from '../../cli/teamWrite';
import { correctedMoveDates, describeMoveDateCorrection, isMoveDateCorrection, moveLot } from '../../shared/lotChanges';

let shared: string;
let inputs: string;
const dbs: FleetDb[] = [];
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'team-cli-'));
  inputs = await mkdtemp(join(tmpdir(), 'team-cli-inputs-'));
  // The machine's record of its CLI devices, one per test (as one machine).
  process.env.FLEETLEDGER_CLI_HOME = join(inputs, 'cli-home');
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
  await rm(shared, { recursive: true, force: true });
  await rm(inputs, { recursive: true, force: true });
  delete process.env.FLEETLEDGER_CLI_HOME;
});

const LOTS_CSV = [
  'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date',
  'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01',
  'CPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20',
  '',
].join('\n');

async function file(name: string, text: string): Promise<string> {
  const path = join(inputs, name);
  await writeFile(path, text);
  return path;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args);
}

/** A team ledger started by the CLI, with the lots imported by device "hall". */
async function startedTeam(): Promise<string> {
  const init = await cli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall']);
  expect(init).toMatchObject({ code: 0, stderr: '' });
  expect(init.stdout).toMatch(/^Started the ledger “Acme fleet” in /u);
  const lots = await cli(['import', 'lots', await file('lots.csv', LOTS_CSV), '--folder', shared, '--device-name', 'hall']);
  expect(lots).toEqual({ code: 0, stdout: 'Imported 2 lots (12 units) from lots.csv; new models: Supermicro SYS-821GE-TNHR, Dell R760; new sites: AMS1, FRA2.\n', stderr: '' });
  return shared;
}

/** An app device ("Office") joins the team's ledger in the folder and takes it in. */
async function appJoins(name: string): Promise<{ app: FleetDb; root: string; deps: ReturnType<typeof nodeSyncDeps>; state: SyncState }> {
  const app = new FleetDb(uniqueDbName(name));
  await app.open();
  dbs.push(app);
  const root = join(shared, (await readdir(shared))[0] as string);
  const manifest = JSON.parse((await diskFolder(root).readManifest())!) as { ledgerId: string };
  expect(await joinTeamLedger(app, manifest.ledgerId)).toEqual({ ok: true });
  const deps = nodeSyncDeps();
  const state = ok(await syncFolder(await syncLedgerOf(app, 'Office'), diskFolder(root), EMPTY_SYNC_STATE, deps)).state;
  return { app, root, deps, state };
}

describe('the command line as a team device', () => {
  it('starts a ledger, imports lots and units, moves a lot, and continues its own device on the next run', async () => {
    await startedTeam();
    const units = await cli(['import', 'units', await file('units.csv', 'lot_code,serial,rack\nGPU-1,SN-0001,B07\nGPU-1,SN-0002,B07\n'), '--folder', shared, '--device-name', 'hall']);
    expect(units).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported 2 units into 1 lot from /u) as unknown as string, stderr: '' });
    expect(await cli(['move', 'CPU-1', '--to', 'staged', '--date', '2024-07-01', '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Moved CPU-1 to staged.\n', stderr: '' });
    // One device folder: every run continued the same device ("hall"), in one chain; this machine keeps its id.
    expect(Object.keys(JSON.parse(await readFile(join(inputs, 'cli-home', 'cli-devices.json'), 'utf8')) as object)).toEqual([expect.stringMatching(/ hall$/u)]);
    const root = join(shared, (await readdir(shared))[0] as string);
    const devices = await readdir(join(root, 'devices'));
    expect(devices).toHaveLength(1);
    expect((await readdir(join(root, 'devices', devices[0] as string))).sort()).toEqual(['00000001.jsonl.gz', '00000002.jsonl.gz', '00000003.jsonl.gz', '00000004.jsonl.gz', 'head.json']);
    const listed = await cli(['lots', '--folder', shared]);
    expect(listed).toEqual({
      code: 0,
      stdout: ['LOT    STATUS      QTY  MODEL                      SITE', 'CPU-1  Staged        4  Dell R760                  FRA2', 'GPU-1  In service    8  Supermicro SYS-821GE-TNHR  AMS1', '2 lots, 12 units', ''].join('\n'),
      stderr: '',
    });
    const exported = await cli(['export', 'units', '--folder', shared, '--json']);
    expect((JSON.parse(exported.stdout) as { serial: string; rack: string }[]).map((u) => `${u.serial} ${u.rack}`)).toEqual(['SN-0001 B07', 'SN-0002 B07']);
  });

  it('counts one lot and one unit in the singular', async () => {
    await cli(['ledger', 'init', '--folder', shared, '--device-name', 'hall']);
    const one = [LOTS_CSV.split('\n')[0], 'NIC-1,NVIDIA,ConnectX-7,network-switch,1,1500.00,USD,2024-03-01,received,AMS1,,PO-9,2024-03-05', ''].join('\n');
    expect(await cli(['import', 'lots', await file('one.csv', one), '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported 1 lot \(1 unit\) from one\.csv;/u) as unknown as string });
    expect(await cli(['import', 'units', await file('u.csv', 'lot_code,serial\nNIC-1,SN-0009\n'), '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0, stdout: 'Imported 1 unit into 1 lot from u.csv.\n' });
    expect((await cli(['lots', '--folder', shared])).stdout).toMatch(/\n1 lot, 1 unit\n$/u);
  });

  it('continues after a run cut off between its segment and its head: the segment is its own, and the next run keeps it', async () => {
    await startedTeam();
    const root = join(shared, (await readdir(shared))[0] as string);
    const [hall] = await readdir(join(root, 'devices'));
    const headPath = join(root, 'devices', hall as string, 'head.json');
    const headBefore = await readFile(headPath);
    expect(await cli(['move', 'CPU-1', '--to', 'staged', '--date', '2024-07-01', '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0 });
    // As if the head write had failed (the share went away) after the segment was in place.
    await writeFile(headPath, headBefore);
    const next = await cli(['move', 'GPU-1', '--to', 'spare', '--date', '2024-07-02', '--folder', shared, '--device-name', 'hall']);
    expect(next).toEqual({ code: 0, stdout: 'Moved GPU-1 to spare.\n', stderr: '' });
    const team = ok(await readTeamLedger(shared));
    expect(team.problems).toEqual([]);
    expect(Object.fromEntries(team.snapshot.lots.map((l) => [l.code, l.status]))).toEqual({ 'CPU-1': 'staged', 'GPU-1': 'spare' });
  });

  it('two runs at once as the same device: the one that writes second is refused and writes nothing, never reports a change it did not write', async () => {
    await startedTeam();
    // Both runs read the folder before either writes (two shells, the same --device-name).
    const first = ok(await openTeamDevice(shared, 'hall', () => undefined));
    const second = ok(await openTeamDevice(shared, 'hall', () => undefined));
    const move = (team: TeamLedger, code: string, to: 'staged' | 'spare', quantity?: number) => {
      const lot = team.snapshot.lots.find((l) => l.code === code)!;
      return ok(moveLot(lot, lastSeqOf(team, lot.id), { to, quantity: quantity ?? lot.quantity, date: '2024-07-01' }, cliContext('hall'), { takenCodes: new Set(team.snapshot.lots.map((l) => l.code)) })).events;
    };
    ok(await writeAsDevice(first.team, first.device, move(first.team, 'CPU-1', 'staged')));
    // The second run's events take the same ids as the first's: it used to say it was done and
    // write nothing (as many events), or write only those past the first's (more: here the new
    // lot of a split was written without the parent's share taken off).
    const split = move(second.team, 'GPU-1', 'spare', 2);
    expect(split.length).toBeGreaterThan(1);
    const late = await writeAsDevice(second.team, second.device, split);
    expect(late.ok ? 'written' : late.error).toMatch(/^another run as the device “hall” wrote to the team folder since this one read it .*nothing was written/u);
    const same = await writeAsDevice(second.team, second.device, move(second.team, 'GPU-1', 'spare'));
    expect(same.ok).toBe(false);
    const team = ok(await readTeamLedger(shared));
    expect(team.problems).toEqual([]);
    expect(Object.fromEntries(team.snapshot.lots.map((l) => [l.code, l.status]))).toEqual({ 'CPU-1': 'staged', 'GPU-1': 'in-service' });
    // Run again, it reads the folder anew and is written.
    expect(await cli(['move', 'GPU-1', '--to', 'spare', '--date', '2024-07-02', '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Moved GPU-1 to spare.\n', stderr: '' });
  });

  it('a sale recorded from the command line is a market price of the model, as in the app (own sale)', async () => {
    await startedTeam();
    for (const [to, extra] of [['in-service', ['--in-service-date', '2024-07-01']], ['draining', []], ['sanitised', []]] as const) {
      expect(await cli(['move', 'CPU-1', '--to', to, '--date', '2026-06-01', ...extra, '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0, stderr: '' });
    }
    // Proceeds marked as another currency are not taken as the lot's (no exchange rate is assumed).
    expect(await cli(['move', 'CPU-1', '--to', 'disposed', '--date', '2026-07-15', '--disposition', 'sold', '--proceeds', '€4000.00', '--folder', shared, '--device-name', 'hall'])).toEqual({
      code: 2, stdout: '', stderr: 'fleetledger move: --proceeds: "€4000.00" is in EUR (€), but this amount is in USD; write it in USD (no exchange rate is assumed)\n',
    });
    expect(await cli(['move', 'CPU-1', '--to', 'disposed', '--date', '2026-07-15', '--disposition', 'sold', '--proceeds', '4000.00', '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Moved CPU-1 to disposed.\n', stderr: '' });
    const team = await readTeamLedger(shared);
    if (!team.ok) throw new Error(team.error);
    expect(team.value.snapshot.observations).toEqual([expect.objectContaining({ date: '2026-07-15', unitPrice: 100_000, quantity: 4, condition: 'used', source: 'own sale', note: 'Sale of lot CPU-1' })]);
  });

  it('a header-only utilisation or rental price file is nothing to import (exit 0), as a header-only lots or units file is', async () => {
    await startedTeam();
    const util = await file('empty-util.csv', 'lot_code,month,utilisation_percent\n');
    const prices = await file('empty-prices.csv', 'manufacturer,model,category,term,performance_per_instance,price_per_hour,currency,date,source\n');
    const lots = await file('empty-lots.csv', `${LOTS_CSV.split('\n')[0]}\n`);
    expect(await cli(['import', 'lots', lots, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Nothing to import: the file has no rows.\n', stderr: '' });
    expect(await cli(['import', 'utilisation', util, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Nothing to import: the file has no rows.\n', stderr: '' });
    expect(await cli(['import', 'rental-prices', prices, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Nothing to import: the file has no rows.\n', stderr: '' });
  });

  it('imports utilisation (a nightly monitoring job) and rental prices; the same file again changes nothing; a bad one writes nothing', async () => {
    await startedTeam();
    const util = await file('util.csv', 'lot_code,month,utilisation_percent\nGPU-1,2026-10,81.5\nGPU-1,2026-11,77\nCPU-1,2026-11,12\n');
    expect(await cli(['import', 'utilisation', util, '--folder', shared, '--device-name', 'hall'])).toEqual({
      code: 0, stdout: 'Imported utilisation from util.csv: 3 months added, 0 months replaced on 2 lots.\n', stderr: '',
    });
    expect(await cli(['import', 'utilisation', util, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Nothing to import: the ledger already holds every row of util.csv.\n', stderr: '' });
    const prices = await file('prices.csv', 'manufacturer,model,category,term,performance_per_instance,price_per_hour,currency,date,source\nSupermicro,SYS-821GE-TNHR,,on-demand,1,98.32,USD,2026-11-01,Cloud list price\n,,cpu-server,1-year,1,1.10,USD,2026-11-01,Colo quote\n');
    expect(await cli(['import', 'rental-prices', prices, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Imported 2 rental prices for 1 model and 1 category from prices.csv.\n', stderr: '' });
    expect(await cli(['import', 'rental-prices', prices, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Nothing to import: the ledger already holds every row of prices.csv.\n', stderr: '' });
    const team = await readTeamLedger(shared);
    if (!team.ok) throw new Error(team.error);
    expect(team.value.snapshot.lots.find((l) => l.code === 'GPU-1')!.utilisation).toEqual({ '2026-10': 81.5, '2026-11': 77 });
    expect(team.value.snapshot.models.find((m) => m.name === 'SYS-821GE-TNHR')!.rentalPrices).toEqual([expect.objectContaining({ term: 'on-demand', pricePerHour: 9_832, source: 'Cloud list price' })]);
    expect(team.value.snapshot.settings.categoryRentalPrices).toEqual({ 'cpu-server': [expect.objectContaining({ term: '1-year', pricePerHour: 110, source: 'Colo quote' })] });
    // own-vs-rent reads both back from the folder.
    const ovr = await cli(['own-vs-rent', '--folder', shared, '--as-of', '2026-11-15', '--json']);
    const row = (JSON.parse(ovr.stdout) as { lots: { lotCode: string; utilisation: { value: number; assumed: boolean }; price: unknown }[] }).lots.find((l) => l.lotCode === 'GPU-1')!;
    expect(row).toMatchObject({ utilisation: { value: 0.77, assumed: false }, price: expect.objectContaining({ pricePerHour: '98.32' }) });

    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const bad = await cli(['import', 'utilisation', await file('bad-util.csv', 'lot_code,month,utilisation_percent\nGPU-1,2026-12,150\n'), '--folder', shared, '--device-name', 'hall']);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('bad-util.csv row 2, column utilisation_percent: "150" is not a percentage') as unknown as string });
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
    expect((await cli(['import', 'weather', util, '--folder', shared])).stderr).toBe('fleetledger import: what to import: lots, units, utilisation, rental-prices (fleetledger import lots <file.csv> --folder <dir>)\n');
  });

  it('refuses what the app refuses, with its messages, and writes nothing', async () => {
    await startedTeam();
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    expect(await cli(['move', 'CPU-1', '--to', 'disposed', '--folder', shared, '--device-name', 'hall'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'fleetledger move: A lot that is Received cannot move to Disposed. From Received it can move to: Staged, In service, Spare, RMA.\n',
    });
    expect(await cli(['move', 'NOPE', '--to', 'staged', '--folder', shared])).toMatchObject({ code: 1, stderr: 'fleetledger move: no lot NOPE in the ledger\n' });
    const bad = await cli(['import', 'units', await file('bad.csv', 'lot_code,serial\nGPU-1,S1\nGPU-9,SN-0003\n'), '--folder', shared, '--device-name', 'hall']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('row 2, column serial');
    expect(bad.stderr).toContain('row 3, column lot_code');
    expect(bad.stderr).toContain('fleetledger import: nothing was imported (2 problems)');
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
    expect(await cli(['ledger', 'init', '--folder', shared])).toMatchObject({ code: 1, stderr: expect.stringContaining('already holds a ledger') as unknown as string });
    // A move dated before the lot's last one is refused (its import carried no move: any date from its purchase was taken).
    expect(await cli(['move', 'CPU-1', '--to', 'staged', '--date', '2024-07-01', '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const afterStaged = await readdir(join(root, 'devices'), { recursive: true });
    expect(await cli(['move', 'CPU-1', '--to', 'in-service', '--date', '2024-06-01', '--folder', shared, '--device-name', 'hall'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'fleetledger move: The move date 2024-06-01 is before CPU-1’s last move (to Staged) on 2024-07-01: a lot’s moves are dated in the order they happened. Date it 2024-07-01 or later.\n',
    });
    // Put in service on a day with an in-service date after it: refused as in the app.
    expect(await cli(['move', 'CPU-1', '--to', 'in-service', '--site', 'FRA2', '--date', '2024-07-02', '--in-service-date', '2024-07-15', '--folder', shared, '--device-name', 'hall'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'fleetledger move: The in-service date 2024-07-15 is after the move date 2024-07-02: a lot moved to In service on 2024-07-02 is in service from that day. Give an in-service date of 2024-07-02 or earlier, or date the move when it went into service.\n',
    });
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(afterStaged);
  });

  it('correct-date corrects a lot’s latest move as the app does: its dates follow, the app sees it, a refusal writes nothing', async () => {
    await startedTeam();
    const root = join(shared, (await readdir(shared))[0] as string);
    const dev = ['--folder', shared, '--device-name', 'hall'];
    // Typed 2024-01-07 for 2024-07-01.
    expect(await cli(['move', 'CPU-1', '--to', 'in-service', '--site', 'FRA2', '--date', '2024-01-07', ...dev])).toMatchObject({ code: 0 });
    const before = await readdir(join(root, 'devices'), { recursive: true });
    // Refused as in the app, with its messages (exit 1), writing nothing.
    expect(await cli(['correct-date', 'GPU-1', '--date', '2024-05-01', ...dev])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'fleetledger correct-date: GPU-1 has no dated move to correct: the dates it was registered or imported with are changed with Edit.\n',
    });
    expect(await cli(['correct-date', 'CPU-1', '--date', '2024-01-07', ...dev])).toEqual({ code: 1, stdout: '', stderr: 'fleetledger correct-date: CPU-1’s move to In service is already dated 2024-01-07.\n' });
    expect(await cli(['correct-date', 'CPU-1', '--date', '2023-06-01', ...dev])).toEqual({ code: 1, stdout: '', stderr: 'fleetledger correct-date: The corrected date 2023-06-01 is before CPU-1’s purchase date 2023-06-10.\n' });
    expect(await cli(['correct-date', 'NOPE', '--date', '2024-07-01', ...dev])).toEqual({ code: 1, stdout: '', stderr: 'fleetledger correct-date: no lot NOPE in the ledger\n' });
    // Bad arguments: exit 2.
    expect(await cli(['correct-date', 'CPU-1', ...dev])).toEqual({ code: 2, stdout: '', stderr: 'fleetledger correct-date: --date: required (the day the move happened, YYYY-MM-DD)\n' });
    expect(await cli(['correct-date', 'CPU-1', '--date', '2024-02-30', ...dev])).toEqual({ code: 2, stdout: '', stderr: 'fleetledger correct-date: --date: "2024-02-30" is not a real calendar date\n' });
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
    expect(await cli(['correct-date', 'CPU-1', '--date', '2024-07-01', '--reason', 'day and month swapped', ...dev])).toEqual({
      code: 0,
      stdout: 'Corrected the date of CPU-1’s move to In service from 2024-01-07 to 2024-07-01; its in-service date with it.\n',
      stderr: '',
    });
    const lots = JSON.parse((await cli(['lots', '--folder', shared, '--json'])).stdout) as { lot_code: string; in_service_date: string }[];
    expect(lots.find((l) => l.lot_code === 'CPU-1')?.in_service_date).toBe('2024-07-01');
    // An app that joins holds the lot as corrected, and its history says so.
    const { app } = await appJoins('cli-correct-app');
    const cpu = (await app.lots.toArray()).find((l) => l.code === 'CPU-1')!;
    expect(cpu.inServiceDate).toBe('2024-07-01');
    const events = await lotEvents(app, cpu.id);
    const correction = events.find(isMoveDateCorrection)!;
    expect(correction.note).toBe('day and month swapped');
    expect(describeMoveDateCorrection(correction, correctedMoveDates(events).corrections.get(correction.id))).toBe('Date of the move to In service corrected from 2024-01-07 to 2024-07-01');
    // The next move may not be dated before the corrected one.
    expect(await cli(['move', 'CPU-1', '--to', 'spare', '--date', '2024-03-01', ...dev])).toMatchObject({ code: 1, stderr: expect.stringContaining('before CPU-1’s last move (to In service) on 2024-07-01') as unknown as string });
  });

  it('ledger init refuses a ledger\'s own folder and a folder inside it (exit 1), writing nothing there', async () => {
    // Every other command takes the ledger's fleetledger-… folder as --folder; ledger init started a
    // second ledger inside it (or inside its devices/, which every device then reported as a problem).
    await startedTeam();
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(root, { recursive: true });
    for (const inside of [root, join(root, 'devices')]) {
      const init = await cli(['ledger', 'init', '--folder', inside, '--name', 'Second fleet', '--device-name', 'hall']);
      expect(init).toMatchObject({ code: 1, stdout: '' });
      expect(init.stderr).toMatch(/^fleetledger ledger: --folder: .* (is the folder of a ledger|is inside the folder of a ledger)/u);
    }
    expect(await readdir(root, { recursive: true })).toEqual(before);
    expect((await cli(['conflicts', '--folder', shared])).stdout).toBe('No conflicts.\n');
  });

  it('a CLI device and an app device cross moves: the same lots and conflicts on both sides', async () => {
    await startedTeam();
    const { app, root, deps, state } = await appJoins('cli-team-app');
    const gpu = (await app.lots.toArray()).find((l) => l.code === 'GPU-1')!;
    expect(gpu.status).toBe('in-service');
    // The office moves GPU-1 to RMA while "desk", which has not seen that, takes 3 of it to spare.
    ok(await moveLotCommand(app, gpu.id, { to: 'rma', quantity: 8, date: '2025-02-01' }, 'office'));
    expect(await cli(['move', 'GPU-1', '--to', 'spare', '--quantity', '3', '--date', '2025-02-02', '--folder', shared, '--device-name', 'desk'])).toEqual({
      code: 0,
      stdout: 'Moved 3 of GPU-1 to spare as GPU-1.1; 5 stay in GPU-1.\n',
      stderr: '',
    });
    ok(await syncFolder(await syncLedgerOf(app, 'Office'), diskFolder(root), state, deps));
    // Both sides agree: the app's lots and conflicts are what the CLI prints from the folder.
    const lots = JSON.parse((await cli(['lots', '--folder', shared, '--json'])).stdout) as { lot_code: string; status: string; quantity: number }[];
    const snapshot = await readSnapshot(app);
    expect(lots.map((l) => `${l.lot_code} ${l.status} ${l.quantity}`).sort()).toEqual(snapshot.lots.map((l) => `${l.code} ${l.status} ${l.quantity}`).sort());
    const printed = JSON.parse((await cli(['conflicts', '--folder', shared, '--json'])).stdout) as { conflicts: { kind: string }[]; problems: string[] };
    expect(printed.problems).toEqual([]);
    expect(printed.conflicts.length).toBeGreaterThan(0);
    expect(printed.conflicts).toEqual(await currentConflicts(app));
    // The command line never writes under another device's id: the office's name is refused here.
    expect(await cli(['move', 'CPU-1', '--to', 'staged', '--folder', shared, '--device-name', 'Office'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fleetledger move: --device-name: a device named “Office” already writes to this folder, and not from this machine; give this machine\'s command line its own name\n',
    });
    // A lot's schedule from the folder is the one the app computes for it.
    const cpu = (await app.lots.toArray()).find((l) => l.code === 'CPU-1')!;
    ok(await moveLotCommand(app, cpu.id, { to: 'in-service', quantity: 4, date: '2023-07-01' }, 'office'));
    ok(await syncFolder(await syncLedgerOf(app, 'Office'), diskFolder(root), EMPTY_SYNC_STATE, deps));
    const schedule = await cli(['schedule', '--lot', 'CPU-1', '--folder', shared, '--json']);
    expect(schedule.stderr).toBe('');
    const fromApp = lotSchedule((await app.lots.get(cpu.id))!, 'book', 1);
    expect(JSON.parse(schedule.stdout)).toMatchObject({ currency: 'USD', total: formatDecimal(totalDepreciation(ok(fromApp)!), 'USD') });
    expect(await cli(['schedule', '--lot', 'GPU-1.1', '--folder', shared, '--method', 'none'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--method: not with --lot') as unknown as string });
  });

  it('ledger init --from puts a lost team folder back from a backup: every device’s changes, and each device carries on there', async () => {
    await startedTeam();
    const joined = await appJoins('cli-team-putback');
    const { app, root, deps } = joined;
    let { state } = joined;
    const gpu = (await app.lots.toArray()).find((l) => l.code === 'GPU-1')!;
    ok(await moveLotCommand(app, gpu.id, { to: 'rma', quantity: 8, date: '2025-02-01' }, 'office'));
    state = ok(await syncFolder(await syncLedgerOf(app, 'Office'), diskFolder(root), state, deps)).state;
    const listedBefore = await cli(['lots', '--folder', shared]);
    const backup = join(inputs, 'acme.fleetledger');
    await writeFile(backup, (await createBackup(app)).bytes);

    // Refused, writing nothing: a name beside --from, an empty --from, a damaged backup.
    const elsewhere = await mkdtemp(join(tmpdir(), 'team-cli-back-'));
    try {
      expect(await cli(['ledger', 'init', '--folder', elsewhere, '--from', backup, '--name', 'Other'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--name: the ledger put back --from a backup keeps the backup’s name') as unknown as string });
      expect(await cli(['ledger', 'init', '--folder', elsewhere, '--from', ''])).toMatchObject({ code: 2, stderr: 'fleetledger ledger: --from: needs a file name\n' });
      const damaged = await file('damaged.fleetledger', 'not a backup\n');
      expect(await cli(['ledger', 'init', '--folder', elsewhere, '--from', damaged])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^fleetledger ledger: --from: .*damaged\.fleetledger: /u) as unknown as string });
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }

    // The team folder is lost; it is put back from the backup, where it was.
    await rm(root, { recursive: true, force: true });
    const put = await cli(['ledger', 'init', '--folder', shared, '--from', backup]);
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(/^Put the ledger “Acme fleet” back in .* from .*acme\.fleetledger: \d+ changes of 2 devices\n$/u);
    expect(await cli(['lots', '--folder', shared])).toEqual(listedBefore);

    // While the chain put back for "hall" is still being copied here, it writes nothing (its next
    // change would take a number the put-back segments hold), and says why.
    const officeId = (await syncLedgerOf(app, 'Office')).deviceId;
    const hallDevices = (await readdir(join(root, 'devices'))).filter((d) => d !== officeId);
    expect(hallDevices).toEqual([expect.any(String)]);
    const hallFolder = join(root, 'devices', hallDevices[0] as string);
    const inTransit = join(inputs, 'in-transit');
    await rename(hallFolder, inTransit);
    const more = await file('more.csv', [LOTS_CSV.split('\n')[0], 'NET-1,Arista,7050X3,network-switch,2,9000.00,USD,2024-01-10,received,AMS1,,PO-3,2024-01-20', ''].join('\n'));
    const refused = await cli(['import', 'lots', more, '--folder', shared, '--device-name', 'hall']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the team folder was made anew with the device “hall”’s changes up to \d+ put back, and this machine has them only up to 0: the sync tool is still copying them\. Nothing was written/u);
    expect(await readdir(join(root, 'devices'))).not.toContain(hallDevices[0]);
    await rename(inTransit, hallFolder);

    // The app device carries on in its chain; so does the command line's device "hall".
    ok(await moveLotCommand(app, gpu.id, { to: 'spare', quantity: 8, date: '2025-03-01' }, 'office'));
    const round = ok(await syncFolder(await syncLedgerOf(app, 'Office'), diskFolder(root), state, deps));
    expect([round.pushed, round.problems]).toEqual([1, []]);
    expect(await cli(['move', 'CPU-1', '--to', 'staged', '--date', '2024-07-01', '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 0, stdout: 'Moved CPU-1 to staged.\n', stderr: '' });
    ok(await syncFolder(await syncLedgerOf(app, 'Office'), diskFolder(root), round.state, deps));
    const lots = JSON.parse((await cli(['lots', '--folder', shared, '--json'])).stdout) as { lot_code: string; status: string }[];
    expect(lots.map((l) => `${l.lot_code} ${l.status}`).sort()).toEqual(['CPU-1 staged', 'GPU-1 spare']);
    expect((await readSnapshot(app)).lots.map((l) => `${l.code} ${l.status}`).sort()).toEqual(['CPU-1 staged', 'GPU-1 spare']);
  });
});
