import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { parseScheduleArgs, runAssetSchedule } from '../../cli/schedule';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runAssetSchedule(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const example = [
  'schedule',
  '--method', 'fixed-declining',
  '--cost', '1000000.00',
  '--salvage', '100000.00',
  '--life-years', '6',
  '--in-service', '2026-06-01',
  '--json',
];

describe('fleetledger schedule (the real executable)', () => {
  it('prints the issue\'s example as JSON', () => {
    const { status, stdout, stderr } = cli(example);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const out = JSON.parse(stdout) as { currency: string; periods: Record<string, string>[]; total: string };
    expect(out.currency).toBe('USD');
    expect(out.total).toBe('900000.00');
    expect(out.periods[0]).toEqual({
      label: 'FY2026',
      start: '2026-01-01',
      end: '2026-12-31',
      depreciation: '186083.33',
      accumulated: '186083.33',
      bookValue: '813916.67',
    });
    expect(out.periods.map((p) => p.depreciation)).toEqual([
      '186083.33', '259639.42', '176814.44', '120410.64', '81999.64', '55841.76', '19210.77',
    ]);
    expect(out.periods.at(-1)?.bookValue).toBe('100000.00');
    expect(stdout.startsWith('{"currency":"USD","periods":[{"label":"FY2026","start":"2026-01-01","end":"2026-12-31","depreciation":"186083.33","accumulated":"186083.33","bookValue":"813916.67"}')).toBe(true);
  }, 60_000);

  it('bad arguments: one line on stderr naming the argument, exit code 2', () => {
    const unknown = cli(['schedule', '--method', 'straight-line', '--frobnicate', '1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('fleetledger schedule: unknown option --frobnicate (see --help)\n');

    const badCost = cli(['schedule', '--method', 'straight-line', '--cost', 'lots', '--salvage', '0', '--life-years', '5', '--in-service', '2026-01-01']);
    expect(badCost.status).toBe(2);
    expect(badCost.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(badCost.stderr).toMatch(/^fleetledger schedule: --cost: /u);
  }, 60_000);

  it('--help exits 0; an unknown command exits 2', () => {
    const help = cli(['schedule', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: fleetledger schedule');
    const unknown = cli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('fleetledger: unknown command "frobnicate" (commands: schedule, forecast, export, lots, backup, conflicts, ledger, import, move, correct-date, sync, own-vs-rent, compliance, convert, catalog)\n');
  }, 60_000);
});

describe('schedule arguments', () => {
  const ok = ['--method', 'straight-line', '--cost', '1000000.00', '--salvage', '100000.00', '--life-years', '5', '--in-service', '2026-03-17'];

  it.each([
    [['--method', 'double'], '--method: "double" is not one of'],
    [['--cost', '1000000.00'], '--method: required'],
    [[...ok, '--cost', '5'], '--cost: given more than once'],
    [['--method', 'straight-line', '--in-service', '2026-01-01'], '--cost: required'],
    [[...ok.slice(0, 8)], '--in-service: required'],
    [[...ok.slice(0, 4), '--life-years', '5', '--in-service', '2026-01-01'], '--salvage: required for --method straight-line'],
    [[...ok.slice(0, 6), '--in-service', '2026-01-01'], '--life-years: required for --method straight-line'],
    [[...ok, '--life-months', '60'], '--life-months: give --life-years or --life-months, not both'],
    [[...ok.slice(0, 6), '--life-years', '5.01', '--in-service', '2026-01-01'], '--life-years: 5.01 years is not a whole number of months'],
    [[...ok.slice(0, 8), '--in-service', '2026-02-30'], '--in-service: "2026-02-30" is not a real calendar date'],
    [['--method', 'straight-line', '--cost', '100', '--salvage', '200', '--life-years', '5', '--in-service', '2026-01-01'], '--salvage: 200 is more than the cost 100'],
    [['--method', 'straight-line', '--cost', '-100', '--salvage', '0', '--life-years', '5', '--in-service', '2026-01-01'], '--cost needs a value'],
    [['--method', 'straight-line', '--cost', '1.001', '--salvage', '0', '--life-years', '5', '--in-service', '2026-01-01'], '--cost: "1.001" has more than 2 decimal places for USD'],
    [[...ok, '--convention', 'mid-year'], '--convention: "mid-year" is not one of'],
    [[...ok, '--factor', '1.5'], '--factor: does not apply to --method straight-line'],
    [[...ok, '--no-switch'], '--no-switch: does not apply to --method straight-line'],
    [[...ok, '--recovery-years', '5'], '--recovery-years: does not apply to --method straight-line'],
    [[...ok, '--fiscal-year-start', '13'], '--fiscal-year-start: "13" is not a month number 1..12'],
    [[...ok, '--period', 'week'], '--period: "week" is not one of month, quarter, year'],
    [[...ok, '--currency', 'usd'], '--currency: "usd" is not an ISO 4217 code such as USD'],
    [[...ok, '--json', '--csv'], '--csv: choose --json or --csv, not both'],
    [[...ok, 'extra'], 'unexpected argument "extra"'],
    [['--method', 'declining-balance', '--cost', '100', '--salvage', '0', '--life-years', '5', '--in-service', '2026-01-01', '--factor', 'two'], '--factor: "two" is not a number above 0'],
    [['--method', 'macrs', '--cost', '100', '--in-service', '2026-01-01'], '--recovery-years: required for --method macrs (3, 5 or 7)'],
    [['--method', 'macrs', '--cost', '100', '--in-service', '2026-01-01', '--recovery-years', '4'], '--recovery-years: "4" is not 3, 5 or 7'],
    [['--method', 'macrs', '--cost', '100', '--salvage', '10', '--in-service', '2026-01-01', '--recovery-years', '5'], '--salvage: MACRS recovers the whole basis'],
    [['--method', 'macrs', '--cost', '100', '--in-service', '2026-01-01', '--recovery-years', '5', '--convention', 'full-month'], '--convention: macrs uses half-year or mid-quarter'],
    // --method none depreciates nothing: a life or a convention given with it was dropped without a word.
    [['--method', 'none', '--cost', '100', '--in-service', '2026-01-01', '--life-years', '5'], '--life-years: does not apply to --method none'],
    [['--method', 'none', '--cost', '100', '--in-service', '2026-01-01', '--life-months', '60'], '--life-months: does not apply to --method none'],
    [['--method', 'none', '--cost', '100', '--in-service', '2026-01-01', '--convention', 'half-year'], '--convention: does not apply to --method none'],
  ])('%j → %s', (args, message) => {
    const { code, stdout, stderr } = run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`fleetledger schedule: ${message}`), stderr).toBe(true);
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd()).not.toContain('\n');
  });

  it('defaults: full-month, factor 2 with switch, fiscal year from January, period year, USD', () => {
    const parsed = parseScheduleArgs(['--method', 'declining-balance', '--cost', '100', '--salvage', '0', '--life-months', '60', '--in-service', '2026-01-01']);
    expect(parsed).toEqual({
      ok: true,
      value: {
        cost: 10_000,
        salvage: 0,
        inServiceDate: '2026-01-01',
        policy: { method: 'declining-balance', lifeMonths: 60, convention: 'full-month', factor: 2, switchToStraightLine: true },
        fiscalYearStartMonth: 1,
        period: 'year',
        currency: 'USD',
        format: 'text',
      },
    });
  });

  it('the first-year conventions, by quarter and by month, and other currencies\' digits', () => {
    const mid = run([...ok, '--convention', 'mid-month', '--period', 'quarter', '--json']);
    expect(mid.code).toBe(0);
    const quarters = JSON.parse(mid.stdout) as { periods: { label: string; depreciation: string }[]; total: string };
    expect(quarters.periods[0]).toMatchObject({ label: 'FY2026 Q1', depreciation: '7500.00' });
    expect(quarters.total).toBe('900000.00');

    const yen = run(['--method', 'straight-line', '--cost', '1000000', '--salvage', '0', '--life-months', '3', '--in-service', '2026-01-01', '--currency', 'JPY', '--period', 'month', '--json']);
    expect(JSON.parse(yen.stdout)).toEqual({
      currency: 'JPY',
      periods: [
        { label: '2026-01', start: '2026-01-01', end: '2026-01-31', depreciation: '333334', accumulated: '333334', bookValue: '666666' },
        { label: '2026-02', start: '2026-02-01', end: '2026-02-28', depreciation: '333333', accumulated: '666667', bookValue: '333333' },
        { label: '2026-03', start: '2026-03-01', end: '2026-03-31', depreciation: '333333', accumulated: '1000000', bookValue: '0' },
      ],
      total: '1000000',
    });
  });

  it('MACRS takes its recovery period from --recovery-years (or a 3/5/7-year --life-years); CSV output', () => {
    const { code, stdout } = run(['--method', 'macrs', '--cost', '1000000.00', '--in-service', '2026-05-10', '--life-years', '5', '--csv']);
    expect(code).toBe(0);
    expect(stdout.split('\r\n').slice(0, 3)).toEqual([
      'label,start,end,depreciation,accumulated,bookValue',
      'FY2026,2026-01-01,2026-12-31,200000.00,200000.00,800000.00',
      'FY2027,2027-01-01,2027-12-31,320000.00,520000.00,480000.00',
    ]);
  });

  it('none prints no periods and a zero total', () => {
    const { code, stdout } = run(['--method', 'none', '--cost', '100.00', '--in-service', '2026-01-01', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ currency: 'USD', periods: [], total: '0.00' });
  });

  it('a text table for people by default', () => {
    const { code, stdout } = run(ok);
    expect(code).toBe(0);
    expect(stdout).toContain('FY2026');
    expect(stdout).toContain('Total depreciation: 900000.00 USD');
  });
});

describe('fleetledger dispatcher', () => {
  it('lists commands with --help and refuses a missing command', async () => {
    let out = '';
    let errText = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (errText += t) };
    expect(await main(['--help'], io)).toBe(0);
    expect(out).toContain('schedule');
    expect(await main([], io)).toBe(2);
    expect(errText).toBe('fleetledger: no command given (commands: schedule, forecast, export, lots, backup, conflicts, ledger, import, move, correct-date, sync, own-vs-rent, compliance, convert, catalog)\n');
  });
});
