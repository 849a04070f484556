/**
 * `fleetledger forecast --ledger`: the forecast from a backup is the app's. The app's Forecast &
 * refresh view (renderer/features/finance/ForecastView.tsx) feeds `fleetForecast` with every lot,
 * model and site (`readFleet`), every market price, the team's fiscal year start, 8 % interest,
 * no energy-price override and no hold-until age unless typed in; `appForecastInput` below does
 * the same from the same database. The command line reads the backup of that database, and the
 * refresh months per lot must come out the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedgerFile } from '../../cli/ledgerFile';
import type { FleetDb } from '../../renderer/db/database';
import { readFleet } from '../../renderer/db/queries';
import { fleetForecast, type FleetForecastInput } from '../../shared/forecast/fleetForecast';
import { forecastInputFromLedger } from '../../shared/ledger/forecastInput';
import { flipMiddleByte, gzipText, makeLedgerFixture, runCli, TODAY, type LedgerFixture } from './ledgerFixture';

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await makeLedgerFixture('forecast');
}, 60_000);
afterAll(async () => {
  await fx.dispose();
});

/** The view's input with its scenario fields as the view starts (interest "8", energy and hold-until empty) or as typed. */
async function appForecastInput(db: FleetDb, asOf: string, holdUntilMonths: number | null = null): Promise<FleetForecastInput> {
  const fleet = await readFleet(db);
  const observations = await db.marketObservations.toArray();
  const settings = await db.getSettings();
  return {
    lots: fleet.lots,
    models: fleet.models,
    sites: fleet.sites,
    observations,
    asOf,
    horizonMonths: 36,
    fiscalYearStartMonth: settings.fiscalYearStart,
    interestRate: Number('8') / 100,
    energyPricePerMwhOverride: null,
    energyPriceOverrideCurrency: settings.baseCurrency,
    holdUntilAgeMonths: holdUntilMonths,
  };
}

function refreshMonths(input: FleetForecastInput): Map<string, string | null> {
  const r = fleetForecast(input);
  if (!r.ok) throw new Error(r.error);
  return new Map(r.value.lots.map((l) => [l.lotCode, l.refresh.recommendedMonth]));
}

interface PrintedForecast {
  asOf: string;
  fiscalYearStartMonth: number;
  interestRate: number;
  ledger: { ledgerId: string; ledgerName: string; createdAt: string } | null;
  unmatchedMarketRows: number;
  lots: { lotCode: string; refresh: { recommendedMonth: string | null; trigger: string | null } }[];
}

describe('fleetledger forecast --ledger', () => {
  it('builds the same input as the app\'s Forecast view from the same ledger', async () => {
    const read = await readLedgerFile(fx.path);
    if (!read.ok) throw new Error(read.error.message);
    const cli = forecastInputFromLedger(read.value.contents.snapshot, { asOf: TODAY });
    const app = await appForecastInput(fx.db, TODAY);
    expect(cli).toEqual(app);
    expect(cli.fiscalYearStartMonth).toBe(4);
    // The catalogue the refresh plan needs is there: successors, power, site energy prices.
    expect(cli.models.some((m) => m.successorId !== null)).toBe(true);
    expect(cli.sites.some((s) => s.energyPricePerMwh !== null)).toBe(true);
    expect(cli.observations.length).toBeGreaterThan(0);
  });

  for (const asOf of [TODAY, '2027-06-30']) {
    it(`prints the refresh months the app shows on ${asOf}`, async () => {
      const app = refreshMonths(await appForecastInput(fx.db, asOf));
      expect([...app.values()].filter((m) => m !== null).length).toBeGreaterThanOrEqual(1);

      const { code, stdout, stderr } = await runCli(['forecast', '--ledger', fx.path, '--as-of', asOf, '--json']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const out = JSON.parse(stdout) as PrintedForecast;
      expect(out.asOf).toBe(asOf);
      expect(new Map(out.lots.map((l) => [l.lotCode, l.refresh.recommendedMonth]))).toEqual(app);
      expect(out.fiscalYearStartMonth).toBe(4);
      expect(out.interestRate).toBe(0.08);
      expect(out.unmatchedMarketRows).toBe(0);
      expect(out.ledger).toEqual({ ledgerId: fx.backup.header.ledgerId, ledgerName: 'Acme GPU fleet', createdAt: '2026-11-29T10:00:00.000Z' });
      const codes = out.lots.map((l) => l.lotCode);
      expect(codes).toEqual([...codes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    });
  }

  it('a hold-until age typed in the view and given as --hold-until-years agree', async () => {
    const app = refreshMonths(await appForecastInput(fx.db, TODAY, 36));
    const { code, stdout } = await runCli(['forecast', '--ledger', fx.path, '--as-of', TODAY, '--hold-until-years', '3', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as PrintedForecast;
    expect(new Map(out.lots.map((l) => [l.lotCode, l.refresh.recommendedMonth]))).toEqual(app);
    expect(out.lots.some((l) => l.refresh.trigger === 'age')).toBe(true);
  });

  it('--fiscal-year-start overrides the team\'s; the table lists lots by code', async () => {
    const json = JSON.parse((await runCli(['forecast', '--ledger', fx.path, '--as-of', TODAY, '--fiscal-year-start', '1', '--json'])).stdout) as PrintedForecast;
    expect(json.fiscalYearStartMonth).toBe(1);
    const table = await runCli(['forecast', '--ledger', fx.path, '--as-of', TODAY]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^lot +cur +qty +book 2026-11/u);
    expect(table.stdout).toMatch(/\nCPU-DL380-2025-01 /u);
  });

  it('refuses a damaged backup and mixed inputs with one line naming the argument, exit 2', async () => {
    expect(await runCli(['forecast', '--ledger', fx.path, '--lots', 'lots.csv'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fleetledger forecast: --ledger: give --lots (CSV files) or --ledger (a backup), not both\n',
    });
    expect((await runCli(['forecast', '--ledger', fx.path, '--market', 'm.csv'])).stderr).toBe('fleetledger forecast: --market: not with --ledger (the backup holds its market prices)\n');
    expect((await runCli(['forecast', '--ledger', ''])).stderr).toBe('fleetledger forecast: --ledger: needs a file name\n');
    const damaged = fx.file('damaged.fleetledger', flipMiddleByte(fx.backup.bytes));
    const r = await runCli(['forecast', '--ledger', damaged]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`fleetledger forecast: --ledger: ${damaged}: The backup is damaged: `)).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
    const csv = fx.file('not-a-backup.csv', 'lot_code\nA-1\n');
    expect((await runCli(['forecast', '--ledger', csv])).stderr).toContain('This is not a Fleetledger backup');
    const missing = await runCli(['forecast', '--ledger', `${fx.dir}/nope.fleetledger`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^fleetledger forecast: --ledger: cannot read ".*nope\.fleetledger" \(ENOENT\)\n$/u);
    // A plain-text backup works as the gzip one does.
    expect((await runCli(['forecast', '--ledger', fx.file('plain.fleetledger', fx.text), '--as-of', TODAY, '--json'])).code).toBe(0);
    expect((await runCli(['forecast', '--ledger', fx.file('regz.fleetledger', gzipText(fx.text)), '--as-of', TODAY, '--json'])).code).toBe(0);
  });

  it('--help documents --ledger', async () => {
    const { code, stdout } = await runCli(['forecast', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('fleetledger forecast --ledger <file.fleetledger> [options] [--json]');
    expect(stdout).toContain('--ledger <file>');
  });
});
