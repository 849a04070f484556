/**
 * Refused input changes nothing (PRODUCT.md, "Quality promises"): a command line the CLI refuses
 * leaves the team folder as it was, and a lots file that contradicts itself or the catalogue is
 * refused with its row and column rather than imported differently from what it says.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './ledgerFixture';

let shared: string;
let inputs: string;
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'refused-cli-'));
  inputs = await mkdtemp(join(tmpdir(), 'refused-cli-inputs-'));
  process.env.FLEETLEDGER_CLI_HOME = join(inputs, 'cli-home');
});
afterEach(async () => {
  await rm(shared, { recursive: true, force: true });
  await rm(inputs, { recursive: true, force: true });
  delete process.env.FLEETLEDGER_CLI_HOME;
});

describe('ledger init refuses a bad device name before it writes anything', () => {
  it.each([
    ['an empty name', ''],
    ['a name with a line break', 'dock\nscanner'],
    ['a name over 80 characters', 'x'.repeat(81)],
  ])('%s: exit 2, the folder stays empty, and the same command with a good name then works', async (_what, deviceName) => {
    const refused = await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', deviceName]);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'fleetledger ledger: --device-name: 1 to 80 characters, no control characters\n' });
    expect(await readdir(shared)).toEqual([]);
    const again = await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'dock scanner']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
  });
});

const HEADER = 'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date';

async function file(name: string, text: string): Promise<string> {
  const path = join(inputs, name);
  await writeFile(path, text);
  return path;
}

describe('a lots file whose category contradicts the model it names is refused, not imported under another category', () => {
  // The category decides the lot's depreciation policies (gpu-card: 3 years book, MACRS 5; other: 5 years, MACRS 7).
  it('import lots: a model already in the catalogue under another category (row and column named, nothing written)', async () => {
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const first = await file('first.csv', `${HEADER}\nX-1,Acme,Widget 9,other,2,1000.00,USD,2024-03-01,planned,,,,\n`);
    expect(await runCli(['import', 'lots', first, '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0, stderr: '' });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const second = await file('second.csv', `${HEADER}\nG-1,ACME,widget 9,gpu-card,4,2500.00,USD,2024-03-01,planned,,,,\n`);
    const refused = await runCli(['import', 'lots', second, '--folder', shared, '--device-name', 'hall']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('second.csv row 2, column category: Acme Widget 9 is other in the catalogue, not gpu-card;');
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
  });

  it('forecast --lots and import lots: two rows of one model that disagree on its category', async () => {
    const lots = await file('lots.csv', `${HEADER}\nX-1,Acme,Widget 9,other,2,1000.00,USD,2024-03-01,planned,,,,\nG-1,acme,Widget 9,gpu-card,4,2500.00,USD,2024-03-01,planned,,,,\n`);
    const forecast = await runCli(['forecast', '--lots', lots, '--as-of', '2026-12-01', '--json']);
    expect(forecast).toMatchObject({ code: 2, stdout: '' });
    expect(forecast.stderr).toContain('lots.csv row 3, column category: Acme Widget 9 is other from an earlier row of this file, not gpu-card;');
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const imported = await runCli(['import', 'lots', lots, '--folder', shared, '--device-name', 'hall']);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('lots.csv row 3, column category: Acme Widget 9 is other from an earlier row of this file, not gpu-card;');
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
  });
});

describe('convert --from snipeit does not write a lots file that import lots refuses', () => {
  it('one model in two Snipe-IT categories that map to different ones: exit 1, the rows named, nothing on stdout', async () => {
    const assets = await file('assets.csv', [
      'Asset Tag,Model,Category,Manufacturer,Serial,Purchased,Cost,Order Number,Supplier,Location,Status,Warranty,Company',
      'A-1,PowerEdge R750,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-100,CDW,AMS1,Deployed,36,Acme',
      'A-2,PowerEdge R750,Spares,Dell,SN-0002,2024-01-15,9500.00,PO-100,CDW,AMS1,Deployed,36,Acme',
      '',
    ].join('\n'));
    const converted = await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', '--category', 'Servers=cpu-server', '--category', 'Spares=other', assets]);
    expect(converted).toMatchObject({ code: 1, stdout: '' });
    expect(converted.stderr).toContain('assets.csv row 2, column Category: model Dell PowerEdge R750 would be in 2 categories: cpu-server (Snipe-IT “Servers”; row 2) and other (Snipe-IT “Spares”; row 3); a model has one category, which decides its depreciation. Map these Snipe-IT categories to the same one, or correct the rows');
    // Mapped to one category, the same file converts.
    expect(await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', '--category', 'Servers=cpu-server', '--category', 'Spares=cpu-server', assets])).toMatchObject({ code: 0 });
  });
});

describe('own-vs-rent reads its numbers strictly, as forecast does', () => {
  // Number() reads "" and " " as 0, "0x41" as 65 and "1e1" as 10: an empty --interest-rate became 0 %, silently.
  it.each([
    ['--interest-rate', '', 'a yearly rate from 0 to below 1, e.g. 0.08'],
    ['--interest-rate', ' ', 'a yearly rate from 0 to below 1, e.g. 0.08'],
    ['--interest-rate', '8e-2', 'a yearly rate from 0 to below 1, e.g. 0.08'],
    ['--utilisation', '0x41', 'a percentage from 0 to 100'],
    ['--horizon-months', '2.4e1', 'a whole number from 1 to 240'],
    ['--hold-months', '0x10', 'a whole number from 1 to 240'],
  ])('%s "%s" is refused (exit 2), naming the option', async (option, value, message) => {
    expect(await runCli(['own-vs-rent', '--ledger', join(inputs, 'missing.fleetledger'), `${option}=${value}`])).toEqual({ code: 2, stdout: '', stderr: `fleetledger own-vs-rent: ${option}: ${message}\n` });
  });
});

describe('a CSV that is not UTF-8 is refused, as the app refuses it, rather than read with replacement characters', () => {
  // "Société Générale" and "Kühlung" as Excel on Windows saves them (Windows-1252): é = 0xE9, ü = 0xFC.
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
  const LOTS = `${HEADER},supplier,notes\nX-1,Acme,Widget 9,other,2,1000.00,USD,2024-03-01,planned,,,,,Société Générale,Kühlung\n`;

  it('import lots: exit 1, the row named, nothing written', async () => {
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const path = join(inputs, 'cp1252.csv');
    await writeFile(path, latin1(LOTS));
    const refused = await runCli(['import', 'lots', path, '--folder', shared, '--device-name', 'hall']);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('cp1252.csv row 2: is not UTF-8 text');
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
  });

  it('forecast --lots and --market, and convert --from snipeit: refused with the file and row', async () => {
    const lots = join(inputs, 'lots.csv');
    await writeFile(lots, latin1(LOTS));
    const forecast = await runCli(['forecast', '--lots', lots, '--as-of', '2026-12-01', '--json']);
    expect(forecast).toMatchObject({ code: 2, stdout: '' });
    expect(forecast.stderr).toContain('lots.csv row 2: is not UTF-8 text');
    const good = await file('good.csv', LOTS);
    const market = join(inputs, 'market.csv');
    await writeFile(market, latin1('manufacturer,model,date,unit_price,currency,condition,source\nAcme,Widget 9,2026-01-01,500.00,USD,used,Enchères Drouot\n'));
    const withMarket = await runCli(['forecast', '--lots', good, '--market', market, '--as-of', '2026-12-01', '--json']);
    expect(withMarket).toMatchObject({ code: 2, stdout: '' });
    expect(withMarket.stderr).toContain('market.csv row 2: is not UTF-8 text');
    const assets = join(inputs, 'assets.csv');
    await writeFile(assets, latin1('Asset Tag,Model,Category,Manufacturer,Serial,Purchased,Cost,Order Number,Supplier,Location,Status\nA-1,PowerEdge R750,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-100,Société Générale,AMS1,Deployed\n'));
    const converted = await runCli(['convert', '--from', 'snipeit', '--to', 'lots-csv', assets]);
    expect(converted).toMatchObject({ code: 1, stdout: '' });
    expect(converted.stderr).toContain('assets.csv row 2: is not UTF-8 text');
  });
});

describe('move refuses a date that is not a date, naming the option (exit 2), and writes nothing', () => {
  // It said "The move needs a date (YYYY-MM-DD)." with exit 1, as if no date had been given.
  it.each([
    ['--date', '2026-13-01', '"2026-13-01" is not a real calendar date'],
    ['--date', '2026-02-30', '"2026-02-30" is not a real calendar date'],
    ['--date', 'yesterday', '"yesterday" is not a date in YYYY-MM-DD form'],
    ['--in-service-date', '06/12/2026', '"06/12/2026" is not a date in YYYY-MM-DD form'],
  ])('%s %s', async (option, value, message) => {
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const lots = await file('lots.csv', `${HEADER}\nCPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20\n`);
    expect(await runCli(['import', 'lots', lots, '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const refused = await runCli(['move', 'CPU-1', '--to', 'in-service', option, value, '--folder', shared, '--device-name', 'hall']);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `fleetledger move: ${option}: ${message}\n` });
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
  });
});

describe('move refuses a date after today (a typo for this year), exit 1, and writes nothing', () => {
  it('2099-01-01', async () => {
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const lots = await file('lots.csv', `${HEADER}\nCPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20\n`);
    expect(await runCli(['import', 'lots', lots, '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const refused = await runCli(['move', 'CPU-1', '--to', 'staged', '--site', 'FRA2', '--date', '2099-01-01', '--folder', shared, '--device-name', 'hall']);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/The move date 2099-01-01 is after today \(\d{4}-\d{2}-\d{2}\): a move records what has happened/u);
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
  });
});

describe('move refuses an option the target status does not take (the app’s Move dialog does not offer it), rather than drop it', () => {
  // `--to refresh-candidate --replacement-plan …` (what --help said a refresh candidate needs) moved the lot and dropped the plan.
  it.each([
    [['--to', 'refresh-candidate', '--replacement-plan', 'Swap for R770'], '--replacement-plan: not for a move to refresh-candidate (only to replacing)'],
    [['--to', 'staged', '--proceeds', '1200.00'], '--proceeds: not for a move to staged (only to disposed)'],
    [['--to', 'staged', '--disposition', 'sold'], '--disposition: not for a move to staged (only to disposed)'],
    [['--to', 'spare', '--buyer', 'Bob'], '--buyer: not for a move to spare (only to disposed)'],
    [['--to', 'staged', '--po', 'PO-9'], '--po: not for a move to staged (only to ordered)'],
    [['--to', 'staged', '--in-service-date', '2024-01-01'], '--in-service-date: not for a move to staged (only to in-service)'],
    [['--to', 'sanitised', '--site', 'FRA2'], '--site: not for a move to sanitised (only to in-service, staged, spare, rma)'],
  ])('%j: exit 2, named, nothing written', async (args, message) => {
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const lots = await file('lots.csv', `${HEADER}\nCPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20\n`);
    expect(await runCli(['import', 'lots', lots, '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    expect(await runCli(['move', 'CPU-1', ...args, '--folder', shared, '--device-name', 'hall'])).toEqual({ code: 2, stdout: '', stderr: `fleetledger move: ${message}\n` });
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
  });
});

describe('own-vs-rent and compliance: a --ledger or --folder they cannot read exits 2, as forecast, export and lots do', () => {
  // README: a backup that cannot be read "prints the reason on one line and exits with 2"; bad arguments exit 2. These two exited 1.
  it.each(['own-vs-rent', 'compliance', 'forecast', 'export lots', 'lots'])('%s', async (command) => {
    const args = command.split(' ');
    const cut = await file('cut.fleetledger', 'not a backup\n');
    const missing = join(inputs, 'no-such-folder');
    const fromFile = await runCli([...args, '--ledger', cut]);
    expect(fromFile).toEqual({ code: 2, stdout: '', stderr: `fleetledger ${args[0]}: --ledger: ${cut}: This is not a Fleetledger backup: its first line is not a Fleetledger backup header.\n` });
    const fromFolder = await runCli([...args, '--folder', missing]);
    expect(fromFolder).toMatchObject({ code: 2, stdout: '' });
    expect(fromFolder.stderr).toMatch(new RegExp(`^fleetledger ${args[0]}: --folder: .*no-such-folder cannot be read`, 'u'));
  });
});

describe('the writing commands refuse an --actor that history cannot name on one line, before anything is written', () => {
  // `--actor "$(printf 'ada\nbob')"` (or a name with a tab) went into the append-only history as is; `--actor ""` was recorded as "fleetledger CLI".
  const message = 'fleetledger %s: --actor: a name on one line, not empty (no line breaks or control characters)\n';
  it.each([
    ['a line break', 'ada\nbob'],
    ['a tab', 'ada\tbob'],
    ['nothing', ''],
    ['only spaces', '   '],
  ])('%s: move, import and ledger init exit 2, the folder as it was', async (_what, actor) => {
    expect(await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const lots = await file('lots.csv', `${HEADER}\nCPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20\n`);
    const more = await file('more.csv', `${HEADER}\nCPU-2,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-3,2023-06-20\n`);
    expect(await runCli(['import', 'lots', lots, '--folder', shared, '--device-name', 'hall'])).toMatchObject({ code: 0 });
    const root = join(shared, (await readdir(shared))[0] as string);
    const before = await readdir(join(root, 'devices'), { recursive: true });
    const moved = await runCli(['move', 'CPU-1', '--to', 'staged', '--site', 'FRA2', '--folder', shared, '--device-name', 'hall', '--actor', actor]);
    expect(moved).toEqual({ code: 2, stdout: '', stderr: message.replace('%s', 'move') });
    const imported = await runCli(['import', 'lots', more, '--folder', shared, '--device-name', 'hall', '--actor', actor]);
    expect(imported).toEqual({ code: 2, stdout: '', stderr: message.replace('%s', 'import') });
    expect(await readdir(join(root, 'devices'), { recursive: true })).toEqual(before);
    const other = join(inputs, 'other-share');
    await mkdir(other);
    const init = await runCli(['ledger', 'init', '--folder', other, '--name', 'Other fleet', '--device-name', 'hall', '--actor', actor]);
    expect(init).toEqual({ code: 2, stdout: '', stderr: message.replace('%s', 'ledger') });
    expect(await readdir(other)).toEqual([]);
    // A good name is taken, trimmed, and history names it.
    expect(await runCli(['move', 'CPU-1', '--to', 'staged', '--site', 'FRA2', '--folder', shared, '--device-name', 'hall', '--actor', ' Ada Lovelace '])).toMatchObject({ code: 0 });
    const events = (await runCli(['export', 'events', '--folder', shared])).stdout.trim().split('\n');
    expect(JSON.parse(events.at(-1) as string)).toMatchObject({ type: 'transitioned', actor: 'Ada Lovelace' });
  });
});

describe('an empty --folder or --ledger is named as empty, as forecast names it, not as the other one missing', () => {
  // `--folder "$SHARE"` with SHARE unset said "--ledger: required (a .fleetledger backup), or --folder (a team folder)".
  it.each(['lots', 'export lots', 'own-vs-rent', 'compliance', 'schedule --lot CPU-1', 'forecast'])('%s', async (command) => {
    const args = command.split(' ');
    expect(await runCli([...args, '--folder', ''])).toEqual({ code: 2, stdout: '', stderr: `fleetledger ${args[0]}: --folder: needs a folder\n` });
    expect(await runCli([...args, '--ledger='])).toEqual({ code: 2, stdout: '', stderr: `fleetledger ${args[0]}: --ledger: needs a file name\n` });
  });
});

describe('sync: an empty --ledger or --folder is a bad argument, refused before the server is asked', () => {
  // `--ledger "$BACKUP"` with BACKUP unset went to the server and then had nowhere to write the backup.
  // Port 9 (discard) on this machine: a run that got as far as the server would say it cannot be reached.
  const couchdb = ['sync', '--couchdb', 'http://127.0.0.1:9/fleet'];
  it('--ledger ""', async () => {
    expect(await runCli([...couchdb, '--ledger', ''])).toEqual({ code: 2, stdout: '', stderr: 'fleetledger sync: --ledger: needs a file name\n' });
  });
  it('--folder ""', async () => {
    expect(await runCli([...couchdb, '--folder', ''])).toEqual({ code: 2, stdout: '', stderr: 'fleetledger sync: --folder: needs a folder\n' });
  });
});

describe('a date option outside the years 1900–2199 is refused, naming the option', () => {
  it('forecast --as-of 9999-12-31 and schedule --in-service 9999-06-01: exit 2 with the option, not a crash or FY10000', async () => {
    const lots = join(inputs, 'lots.csv');
    await writeFile(lots, 'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status\nA-1,Dell,R760,cpu-server,1,100.00,USD,2024-01-01,planned\n');
    expect(await runCli(['forecast', '--lots', lots, '--as-of', '9999-12-31'])).toEqual({ code: 2, stdout: '', stderr: 'fleetledger forecast: --as-of: "9999-12-31" is not a date from 1900 to 2199\n' });
    expect(await runCli(['schedule', '--method', 'straight-line', '--cost', '1000', '--salvage', '0', '--life-years', '3', '--in-service', '9999-06-01'])).toEqual({
      code: 2, stdout: '', stderr: 'fleetledger schedule: --in-service: "9999-06-01" is not a date from 1900 to 2199\n',
    });
  });
});
