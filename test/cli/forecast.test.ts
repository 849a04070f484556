import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetFromRows, parseForecastArgs, runForecast } from '../../cli/forecast';
import { nbvAt } from '../../shared/depreciation/fleetReport';
import { lotSchedule } from '../../shared/depreciation/lotSchedule';
import { parseLotCsv } from '../../shared/lotCsv';
import { formatDecimal, parseMoney } from '../../shared/money';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fleetledger-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runForecast(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, '2026-11-29');
  return { code, stdout, stderr };
}

const LOTS_CSV = [
  'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date',
  'GPU-2024-001,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01',
  'CPU-2023-007,Dell,R760,cpu-server,20,12500.00,USD,2023-06-10,in-service,FRA2,2023-07-01,PO-2,2023-06-20',
  'SW-2026-001,Arista,7050X3,network-switch,4,18000.00,USD,2026-10-01,ordered,AMS1,,PO-3,',
  '',
].join('\n');

const MARKET_CSV = [
  'manufacturer,model,date,unit_price,currency,condition,quantity,source',
  'Supermicro,SYS-821GE-TNHR,2025-06-01,230000.00,USD,used,2,broker A',
  'Supermicro,SYS-821GE-TNHR,2026-03-01,190000.00,USD,refurbished,,marketplace',
  'Dell,R760,2026-01-15,5200.00,USD,used,10,auction',
  'Unknown,Thing,2026-01-15,100.00,USD,used,,quote',
  '',
].join('\n');

const lotsPath = file('lots.csv', LOTS_CSV);
const marketPath = file('market.csv', MARKET_CSV);

interface Quantiles {
  p10: string;
  p50: string;
  p90: string;
}
interface Month {
  month: string;
  bookValue: string;
  market: Quantiles | null;
  gainLoss: string | null;
  proceedsIfSold: string | null;
}
interface Output {
  asOf: string;
  horizonMonths: number;
  unmatchedMarketRows: number;
  lots: {
    lotCode: string;
    curve: { source: string; decayPerYear: number; bandSigma: number; observations: number } | null;
    atAsOf: Month;
    months: Month[];
    refresh: { recommendedMonth: string | null; trigger: string | null; reason: string; proceeds: string | null; replacementUnits: number | null };
  }[];
  fleet: { by: string; key: string; currency: string; lotCount: number; months: Month[] }[];
}

const cents = (text: string): number => {
  const parsed = parseMoney(text, 'USD');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('fleetledger forecast (the real executable)', () => {
  it('prints the issue’s example as JSON', () => {
    const { status, stdout, stderr } = cli(['forecast', '--lots', lotsPath, '--market', marketPath, '--as-of', '2026-12-01', '--horizon-months', '36', '--json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const out = JSON.parse(stdout) as Output;
    expect(out.asOf).toBe('2026-12-01');
    expect(out.unmatchedMarketRows).toBe(1);
    // The ordered switch is a commitment, not fleet value: counted apart, at cost (PRODUCT.md "Fleet value").
    expect(out.lots.map((l) => l.lotCode)).toEqual(['GPU-2024-001', 'CPU-2023-007']);
    expect((out as unknown as { commitments: unknown }).commitments).toEqual({ lots: 1, cost: { USD: '72000.00' } });
    const gpu = out.lots[0];
    if (gpu === undefined) throw new Error('no lot');
    expect(gpu.months).toHaveLength(36);
    expect(gpu.months[0]?.month).toBe('2027-01');
    expect(gpu.months[35]?.month).toBe('2029-12');
    expect(gpu.curve).toMatchObject({ source: 'model', observations: 2 });
    expect(gpu.refresh).toEqual({
      recommendedMonth: null, trigger: null, reason: 'no successor model in the catalogue', proceeds: null,
      replacementUnits: null, replacementCapex: null, energySavedPerYear: null, energySavedMwhPerYear: null,
    });

    // Book value at asOf is the engine's, for the lot as the import builds it.
    const rows = parseLotCsv(LOTS_CSV, { existingCodes: new Set() });
    if (!rows.ok) throw new Error('lots');
    const lot = fleetFromRows(rows.rows, '2026-12-01').lots[0];
    if (lot === undefined) throw new Error('no lot');
    const schedule = lotSchedule(lot, 'book', 1);
    if (!schedule.ok || schedule.value === null) throw new Error('no schedule');
    expect(gpu.atAsOf.bookValue).toBe(formatDecimal(nbvAt(schedule.value, '2026-12-01'), 'USD'));
    expect(gpu.months[0]?.bookValue).toBe(formatDecimal(nbvAt(schedule.value, '2027-01'), 'USD'));

    for (const l of out.lots) {
      for (const m of [l.atAsOf, ...l.months]) {
        expect(m.bookValue).toMatch(/^-?\d+\.\d{2}$/u);
        if (m.market === null) throw new Error(`${l.lotCode} has no market value`);
        expect(cents(m.market.p10)).toBeLessThanOrEqual(cents(m.market.p50));
        expect(cents(m.market.p50)).toBeLessThanOrEqual(cents(m.market.p90));
        expect(m.gainLoss).toBe(formatDecimal(cents(m.market.p50) - cents(m.bookValue), 'USD'));
        expect(m.proceedsIfSold).toBe(m.market.p50);
      }
    }
    const fleet = out.fleet.find((t) => t.by === 'fleet');
    expect(fleet?.lotCount).toBe(2);
    expect(fleet?.months).toHaveLength(36);
    expect(out.fleet.filter((t) => t.by === 'site').map((t) => t.key)).toEqual(['AMS1', 'FRA2']);
  }, 60_000);

  it('bad CSV: one stderr line naming the file, row and column, exit 2', () => {
    const bad = file('bad-lots.csv', LOTS_CSV.replace('12500.00', '12.5OO'));
    const { status, stdout, stderr } = cli(['forecast', '--lots', bad, '--as-of', '2026-12-01', '--json']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^fleetledger forecast: .*bad-lots\.csv row 3, column unit_cost: /u);
  }, 60_000);

  it('bad flag: one stderr line naming it, exit 2', () => {
    const { status, stdout, stderr } = cli(['forecast', '--lots', lotsPath, '--horizon-months', '0']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('fleetledger forecast: --horizon-months: "0" is not a whole number of months from 1 to 240\n');
  }, 60_000);
});

describe('fleetledger forecast (in process)', () => {
  it('names the argument at fault', async () => {
    expect((await run(['--lots', lotsPath, '--frobnicate'])).stderr).toBe('fleetledger forecast: unknown option --frobnicate (see --help)\n');
    expect((await run([])).stderr).toBe('fleetledger forecast: --lots or --ledger: required (a lots CSV file, or a .fleetledger backup), or --folder (a team folder)\n');
    expect(await run(['--lots', join(dir, 'missing.csv')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^fleetledger forecast: --lots: cannot read .*missing\.csv/u) as unknown });
    expect((await run(['--lots', lotsPath, '--as-of', '2026-02-30'])).stderr).toMatch(/^fleetledger forecast: --as-of: /u);
    expect((await run(['--lots', lotsPath, '--fiscal-year-start', '13'])).code).toBe(2);
    expect((await run(['--lots', lotsPath, '--interest-rate', 'lots'])).stderr).toMatch(/^fleetledger forecast: --interest-rate: /u);
    // The range the Forecast view takes (0 to below 100 %): a negative or a 500 % rate is refused, not used.
    for (const rate of ['-0.5', '1', '5']) {
      const refused = await run(['--lots', lotsPath, `--interest-rate=${rate}`]);
      expect(refused.stderr).toBe(`fleetledger forecast: --interest-rate: "${rate}" is not a yearly rate from 0 to below 1, such as 0.08\n`);
      expect(refused.code).toBe(2);
    }
    expect((await run(['--lots', lotsPath, '--json', '--json'])).stderr).toBe('fleetledger forecast: --json: given more than once\n');
    expect((await run(['--lots', lotsPath, '--hold-until-years', 'old'])).stderr).toBe('fleetledger forecast: --hold-until-years: "old" is not an age in years such as 5 or 4.5 (0 to 50, at least a month unless 0)\n');
    expect((await run(['--lots', lotsPath, '--hold-until-years', '0.02'])).code).toBe(2);
  });

  it('--hold-until-years refreshes lots when they reach that age, with the proceeds then', async () => {
    const { code, stdout } = await run(['--lots', lotsPath, '--market', marketPath, '--as-of', '2026-12-01', '--hold-until-years', '3.5', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Output & { holdUntilAgeMonths: number };
    expect(out.holdUntilAgeMonths).toBe(42);
    const byCode = new Map(out.lots.map((l) => [l.lotCode, l]));
    // In service 2024-04-15 + 42 months = 2027-10; 2023-07-01 + 42 months = 2027-01 (the first month of the plan).
    const gpu = byCode.get('GPU-2024-001');
    expect(gpu?.refresh).toMatchObject({ recommendedMonth: '2027-10', trigger: 'age', replacementUnits: null });
    expect(gpu?.refresh.reason).toMatch(/^Reaches the hold-until age of 3 years 6 months in 2027-10\. /u);
    // Sold at the start of 2027-10: the market p50 at the end of 2027-09.
    expect(gpu?.refresh.proceeds).toBe(gpu?.months.find((m) => m.month === '2027-09')?.market?.p50);
    expect(byCode.get('CPU-2023-007')?.refresh).toMatchObject({ recommendedMonth: '2027-01', trigger: 'age' });
  });

  it('a bad market file names its row', async () => {
    const bad = file('bad-market.csv', MARKET_CSV.replace('used,10', 'broken,10'));
    const { code, stderr } = await run(['--lots', lotsPath, '--market', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad-market\.csv row 4, column condition: /u);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('defaults: as-of today, 36 months; prints a table without --json', async () => {
    const parsed = parseForecastArgs(['--lots', 'x.csv'], '2026-11-29');
    expect(parsed).toEqual({ ok: true, value: { lotsPath: 'x.csv', marketPath: null, ledgerPath: null, folderPath: null, asOf: '2026-11-29', horizonMonths: 36, fiscalYearStartMonth: null, interestRate: 0.08, holdUntilAgeMonths: null, json: false } });
    const { code, stdout } = await run(['--lots', lotsPath, '--market', marketPath]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^lot +cur +qty +book 2026-11/u);
    expect(stdout).toContain('GPU-2024-001');
    expect((await run(['--help'])).stdout).toMatch(/^Usage: fleetledger forecast/u);
  });

  it('the table says, as the JSON does (unmatchedMarketRows), that market rows naming no lot\'s model were not used', async () => {
    // A market file whose model names are misspelt was dropped without a word unless --json was given.
    const json = JSON.parse((await run(['--lots', lotsPath, '--market', marketPath, '--as-of', '2026-12-01', '--json'])).stdout) as Output;
    expect(json.unmatchedMarketRows).toBe(1);
    const table = await run(['--lots', lotsPath, '--market', marketPath, '--as-of', '2026-12-01']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('\n1 market price row(s) not used: no lot in the lots file has their manufacturer and model.\n');
    const matched = await run(['--lots', lotsPath, '--as-of', '2026-12-01']);
    expect(matched.stdout).not.toContain('market price row');
  });
});

describe('fleetledger forecast: a price far outside its model\'s others', () => {
  it('is left out of the curve and named, in the JSON and in the table; the band stays as without it', async () => {
    const rows = MARKET_CSV.split('\n');
    const three = [...rows.slice(0, 3), 'Supermicro,SYS-821GE-TNHR,2025-11-01,210000.00,USD,used,1,broker B'];
    const wild = [...three, 'Supermicro,SYS-821GE-TNHR,2026-01-10,10000000000000.00,USD,used,1,typo', ''].join('\n');
    const args = ['--lots', lotsPath, '--as-of', '2026-12-01', '--horizon-months', '12'];
    const base = JSON.parse((await run([...args, '--market', file('three.csv', [...three, ''].join('\n')), '--json'])).stdout) as Output;
    const withWild = JSON.parse((await run([...args, '--market', file('wild.csv', wild), '--json'])).stdout) as Output;
    const gpu = (o: Output) => o.lots.find((l) => l.lotCode === 'GPU-2024-001')!;
    expect(gpu(withWild).curve).toMatchObject({ observations: 3, outliers: [{ date: '2026-01-10', unitPrice: '10000000000000.00', currency: 'USD', condition: 'used' }] });
    expect(gpu(base).curve).toMatchObject({ observations: 3, outliers: [] });
    expect(gpu(withWild).months).toEqual(gpu(base).months);
    const table = await run([...args, '--market', file('wild.csv', wild)]);
    expect(table.stdout).toContain("\n1 market price(s) left out of the curves, more than 10 times above or below their model's others (check the amount and currency): Supermicro SYS-821GE-TNHR 2026-01-10 10000000000000.00 USD used.\n");
  });
});

describe('fleetledger forecast: two prices far apart, and no list price to say which is wrong', () => {
  it('keeps both in the curve but names them, in the JSON and under the table', async () => {
    const wild = file('two.csv', MARKET_CSV.replace('Dell,R760,2026-01-15,5200.00,USD,used,10,auction', 'Dell,R760,2026-01-15,5200.00,USD,used,10,auction\nDell,R760,2026-02-15,520000.00,USD,used,1,typo'));
    const args = ['--lots', lotsPath, '--as-of', '2026-12-01', '--horizon-months', '12', '--market', wild];
    const json = JSON.parse((await run([...args, '--json'])).stdout) as Output;
    const cpu = json.lots.find((l) => l.lotCode === 'CPU-2023-007')!;
    expect(cpu.curve).toMatchObject({
      observations: 2,
      outliers: [],
      suspects: [
        { date: '2026-01-15', unitPrice: '5200.00', currency: 'USD', condition: 'used' },
        { date: '2026-02-15', unitPrice: '520000.00', currency: 'USD', condition: 'used' },
      ],
    });
    expect(json.lots.find((l) => l.lotCode === 'GPU-2024-001')!.curve).toMatchObject({ suspects: [] });
    const table = await run(args);
    expect(table.stdout).toContain(
      "\n2 market price(s) more than 10 times above or below their model's other price or list price, kept in the curves, as with fewer than three prices none is left out (check the amount and currency, and the list price): Dell R760 2026-01-15 5200.00 USD used; Dell R760 2026-02-15 520000.00 USD used.\n",
    );
  });
});

describe('fleetledger forecast: a group\'s unrealised gain / loss is the sum of its lots\'', () => {
  it('a lot with no market value curve adds no loss of its whole book value', async () => {
    // DON-1 was donated (unit cost 0) with 500.00 of freight capitalised: book value, but no
    // price to fit a curve on (no list price, no observations, no lot cost). Its gain / loss is
    // unknown (null), so the fleet's must be GPU's alone, not GPU's − DON-1's book value.
    const lots = file('lots-nocurve.csv', [
      'lot_code,manufacturer,model,category,quantity,unit_cost,extra_costs,currency,purchase_date,status,site,in_service_date,po_number,received_date',
      'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,0.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01',
      'DON-1,Acme,Donated box,cpu-server,2,0.00,500.00,USD,2026-06-01,in-service,AMS1,2026-06-01,PO-2,2026-06-01',
      '',
    ].join('\n'));
    const { code, stdout, stderr } = await run(['--lots', lots, '--market', marketPath, '--as-of', '2026-11-29', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    type Month = { bookValue: string; gainLoss: string | null; market: Quantiles | null };
    const out = JSON.parse(stdout) as { lots: { lotCode: string; atAsOf: Month; months: Month[] }[]; fleet: { by: string; atAsOf: Month; months: Month[] }[] };
    const gpu = out.lots.find((l) => l.lotCode === 'GPU-1');
    const don = out.lots.find((l) => l.lotCode === 'DON-1');
    expect(don?.atAsOf.market).toBeNull();
    expect(don?.atAsOf.gainLoss).toBeNull();
    expect(Number(don?.atAsOf.bookValue)).toBeGreaterThan(0);
    const fleet = out.fleet.find((t) => t.by === 'fleet');
    expect(fleet?.atAsOf.gainLoss).toBe(gpu?.atAsOf.gainLoss);
    fleet?.months.forEach((m, i) => expect(m.gainLoss).toBe(gpu?.months[i]?.gainLoss));
    // The table: a group with no curve at all (DON-1's category) shows no market value, not 0.00.
    const table = await run(['--lots', lots, '--market', marketPath, '--as-of', '2026-11-29']);
    const cpuRow = table.stdout.split('\n').find((l) => /^category +cpu-server /u.test(l));
    expect(cpuRow?.split(/ {2,}/u).slice(-3)).toEqual(['—', '—', '—']);
    const gpuRow = table.stdout.split('\n').find((l) => /^category +gpu-server /u.test(l));
    expect(gpuRow).not.toContain('—');
  });
});

describe('fleetledger forecast: the README', () => {
  it('gives --as-of the default the command uses: today in local time, as the app', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### `fleetledger forecast`'), readme.indexOf('### `fleetledger export`'));
    const row = section.split('\n').find((l) => l.startsWith('| `--as-of'));
    expect(row).toBe('| `--as-of <YYYY-MM-DD>` | forecast date | today (local time, as in the app) |');
    // runForecast's default --as-of is localToday(), which is what --help says.
    const help = await run(['--help']);
    expect(help.stdout).toContain('(default today, in local time)');
  });
});
