/**
 * Fleet value has one definition (issue 12, PRODUCT.md "Fleet value"): owned from receipt until
 * disposal, at book value (cost basis until depreciation starts); planned and ordered lots are
 * commitments, never fleet value. The demo ledger's fleet book value is computed on several dates
 * through every path that shows it — the lots list's total, the lot header (summed), the
 * depreciation report's "net book value as of", the forecast (view, Value tab), the command
 * line's forecast JSON and the compliance register's holdings — and they must agree to the cent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSchedules } from '../../renderer/features/finance/schedules';
import { buildLotRows, withMarketValues } from '../../renderer/features/lots/lotRows';
import { readSnapshot } from '../../renderer/db/ledger';
import { bookValueByGroup, commitments, isCommitment, lotBookValue } from '../../shared/depreciation/fleetValue';
import { fleetForecast, gainLossAt, lotMarketAt } from '../../shared/forecast/fleetForecast';
import { forecastInputFromLedger } from '../../shared/ledger/forecastInput';
import type { LedgerSnapshot } from '../../shared/ledger/fold';
import { formatDecimal } from '../../shared/money';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fixture: LedgerFixture;
let snapshot: LedgerSnapshot;
beforeAll(async () => {
  fixture = await makeLedgerFixture('fleet-value');
  snapshot = await readSnapshot(fixture.db);
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
});

const DATES = ['2026-11-29', '2026-03-31', '2027-06-15', '2024-12-31'];

describe('the fleet’s book value, through every path that shows it', () => {
  it('the demo fleet has commitments (planned and ordered lots) and lots owned but not in service, so the rule matters', () => {
    expect(snapshot.lots.filter(isCommitment).length).toBeGreaterThan(0);
    expect(snapshot.lots.some((l) => !isCommitment(l) && l.inServiceDate === null && l.status !== 'disposed')).toBe(true);
  });

  it('the demo fleet has a lot split after depreciation began, after some of the dates', () => {
    const splits = snapshot.lots.flatMap((l) => l.depreciationChain?.splits.map((s) => s.month) ?? []);
    expect(splits.length).toBeGreaterThan(0);
    expect(DATES.filter((d) => splits.some((m) => d.slice(0, 7) < m)).length).toBeGreaterThan(0);
  });

  it.each(DATES)('agrees to the cent on %s', async (date) => {
    const fy = snapshot.settings.fiscalYearStart;
    // The lots list and the lot header take the shared schedules (schedulesOf); the depreciation
    // report takes every split part's full history (FleetReport.tsx, useFullSchedules). The two
    // agree from a lot's last split on; the list and header show today, after every split.
    const schedules = computeSchedules(snapshot.lots, fy);
    const fullSchedules = computeSchedules(snapshot.lots, fy, 'full');
    const lastSplit = snapshot.lots.flatMap((l) => l.depreciationChain?.splits.map((s) => s.month) ?? []).reduce((a, b) => (a > b ? a : b), '');
    const afterEverySplit = date.slice(0, 7) >= lastSplit;
    const currency = 'USD';
    const ofCurrency = snapshot.lots.filter((l) => l.currency === currency);

    // The lot header, summed: lotBookValue per lot.
    const header = ofCurrency.reduce((sum, lot) => sum + (lotBookValue(lot, schedules.get(lot.id)?.book ?? null, date) ?? 0), 0);

    // The lots list's total (every row's book value, as LotsList sums them).
    const fleet = { lots: snapshot.lots, modelsById: new Map(snapshot.models.map((m) => [m.id, m])), sitesById: new Map(snapshot.sites.map((s) => [s.id, s])), suppliersById: new Map(snapshot.suppliers.map((s) => [s.id, s])) };
    const rows = buildLotRows(fleet, date, schedules);
    const list = rows.filter((r) => r.currency === currency && r.nbv !== null).reduce((sum, r) => sum + (r.nbv ?? 0), 0);

    // The depreciation report's net book value as of the date, summed over its groups.
    const report = [...bookValueByGroup(ofCurrency.map((lot) => ({ lot, schedule: fullSchedules.get(lot.id)?.book ?? null })), date, (l) => l.status).values()].reduce((a, b) => a + b, 0);

    // The forecast (the Forecast view's fleet total today, and each lot's Value tab).
    const forecast = fleetForecast(forecastInputFromLedger(snapshot, { asOf: date, horizonMonths: 12 }));
    if (!forecast.ok) throw new Error(forecast.error);
    const fleetTotal = forecast.value.totals.find((t) => t.by === 'fleet' && t.currency === currency);
    const forecastBook = Math.round(fleetTotal?.book[0] ?? 0);
    const valueTabs = forecast.value.lots.filter((l) => l.currency === currency).reduce((sum, l) => sum + (l.book[0] ?? 0), 0);

    // The command line's forecast JSON (fleet total at the as-of date).
    const cli = await runCli(['forecast', '--ledger', fixture.path, '--as-of', date, '--horizon-months', '12', '--json']);
    expect(cli.stderr).toBe('');
    const printed = (JSON.parse(cli.stdout) as { fleet: { by: string; currency: string; atAsOf: { bookValue: string } }[] }).fleet.find((t) => t.by === 'fleet' && t.currency === currency);

    // The compliance register's holdings (the Provenance view and `fleetledger compliance`), summed.
    const compliance = await runCli(['compliance', '--ledger', fixture.path, '--as-of', date, '--json']);
    expect(compliance.stderr).toBe('');
    const holdings = (JSON.parse(compliance.stdout) as { holdings: { currency: string; bookValue: string }[] }).holdings.filter((h) => h.currency === currency);
    const register = holdings.reduce((sum, h) => sum + Math.round(Number(h.bookValue) * 100), 0);

    expect(report).toBeGreaterThan(0);
    expect([forecastBook, valueTabs]).toEqual([report, report]);
    expect(register).toBe(report);
    expect(printed?.atAsOf.bookValue).toBe(formatDecimal(report, currency));
    if (afterEverySplit) expect([header, list]).toEqual([report, report]);
    else expect(header).toBe(list);
  });

  it('counts commitments apart, at cost, and never in market value or unrealised gain', () => {
    const date = DATES[0] as string;
    const forecast = fleetForecast(forecastInputFromLedger(snapshot, { asOf: date, horizonMonths: 12 }));
    if (!forecast.ok) throw new Error(forecast.error);
    const pipeline = commitments(snapshot.lots);
    expect(forecast.value.commitments).toEqual({ lots: pipeline.lots, cost: Object.fromEntries(pipeline.cost) });
    const committedIds = new Set(snapshot.lots.filter(isCommitment).map((l) => l.id));
    expect(forecast.value.lots.some((l) => committedIds.has(l.lotId))).toBe(false);
    // The lots list: a commitment has no book value, market value or gain.
    const schedules = computeSchedules(snapshot.lots, snapshot.settings.fiscalYearStart);
    const fleet = { lots: snapshot.lots, modelsById: new Map(snapshot.models.map((m) => [m.id, m])), sitesById: new Map(snapshot.sites.map((s) => [s.id, s])), suppliersById: new Map(snapshot.suppliers.map((s) => [s.id, s])) };
    const rows = withMarketValues(buildLotRows(fleet, date, schedules), new Map(forecast.value.lots.map((l) => [l.lotId, l])));
    for (const r of rows.filter((x) => committedIds.has(x.id))) expect([r.nbv, r.market, r.gain]).toEqual([null, null, null]);
    // Market value and gain totals are over owned lots, consistent with the forecast's.
    const fleetTotal = forecast.value.totals.find((t) => t.by === 'fleet' && t.currency === 'USD');
    const gain = forecast.value.lots.filter((l) => l.currency === 'USD').reduce((sum, l) => sum + (gainLossAt(l, 0) ?? 0), 0);
    const market = forecast.value.lots.filter((l) => l.currency === 'USD').reduce((sum, l) => sum + (lotMarketAt(l, 0)?.p50 ?? 0), 0);
    expect(Math.round(market)).toBe(Math.round(fleetTotal?.p50[0] ?? 0));
    expect(Math.round(gain)).toBe(Math.round((fleetTotal?.p50[0] ?? 0) - (fleetTotal?.book[0] ?? 0)));
  });
});
