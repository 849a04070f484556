/**
 * `fleetledger own-vs-rent` (issue 12): the demo ledger with a rental price on its GPU servers'
 * models, read from a backup; the JSON is the app's computation (shared/ownVsRentFleet.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModelCommand } from '../../renderer/db/catalogCommands';
import { createBackup, readSnapshot } from '../../renderer/db/ledger';
import { editLotCommand } from '../../renderer/db/lotCommands';
import { formatDecimal } from '../../shared/money';
import { fullBookSchedules } from '../../shared/depreciation/lotSchedule';
import { fleetOwnVsRent } from '../../shared/ownVsRentFleet';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fixture: LedgerFixture;
let path: string;
beforeAll(async () => {
  fixture = await makeLedgerFixture('own-vs-rent');
  for (const model of (await fixture.db.models.toArray()).filter((m) => m.category === 'gpu-server')) {
    const { id, createdAt: _c, updatedAt: _u, ...draft } = model;
    const saved = await saveModelCommand(fixture.db, { ...draft, rentalPrices: [{ id: `rent-${id}`, term: 'on-demand', pricePerHour: 6_500, currency: 'USD', performancePerInstance: model.performance ?? 1, date: '2026-01-15', source: 'Cloud price list' }] }, id, 'ada');
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  }
  path = fixture.file('priced.fleetledger', (await createBackup(fixture.db, '2026-11-29T12:00:00.000Z')).bytes);
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
});

describe('fleetledger own-vs-rent', () => {
  it('prints, as JSON, what the app computes for the same ledger and scenario', async () => {
    const { code, stdout, stderr } = await runCli(['own-vs-rent', '--ledger', path, '--as-of', '2026-11-29', '--horizon-months', '24', '--utilisation', '65', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const out = JSON.parse(stdout) as { scenario: unknown; lots: { lotCode: string; breakEvenUtilisation: number | null; toDate: { owned: string; saving: string | null }; ahead: { saving: string | null } }[] };
    expect(out.scenario).toEqual({ asOf: '2026-11-29', horizonMonths: 24, term: 'on-demand', interestRate: 0.08, utilisation: { value: 0.65, assumed: true, from: 'command line' }, energyPricePerMwh: null, holdMonths: null });
    const snapshot = await readSnapshot(fixture.db);
    const schedules = fullBookSchedules(snapshot.lots, snapshot.settings.fiscalYearStart);
    const app = fleetOwnVsRent({ lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, schedules }, { asOf: '2026-11-29', horizonMonths: 24, term: 'on-demand', interestRate: 0.08, assumedUtilisation: 0.65 });
    expect(out.lots.map((l) => [l.lotCode, l.breakEvenUtilisation, l.toDate.owned, l.toDate.saving, l.ahead.saving])).toEqual(
      app.lots.map((l) => [l.lotCode, l.breakEven, formatDecimal(l.toDate.owned, l.currency), l.toDate.saving === null ? null : formatDecimal(l.toDate.saving, l.currency), l.ahead.saving === null ? null : formatDecimal(l.ahead.saving, l.currency)]),
    );
    expect(out.lots.some((l) => l.breakEvenUtilisation !== null)).toBe(true);
    expect(out.lots.some((l) => l.breakEvenUtilisation === null)).toBe(true);
  });

  it('prints a table with the scenario in words, and refuses bad arguments with one line', async () => {
    const text = await runCli(['own-vs-rent', '--ledger', path, '--as-of', '2026-11-29']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^LOT +CUR +UTILISATION +BREAK-EVEN/u);
    expect(text.stdout).toMatch(/on-demand rental, utilisation 70% assumed for every lot, interest 8\.0%, as of 2026-11-29\. \d+ lot\(s\) have no rental price/u);
    expect(text.stdout).toMatch(/^CATEGORY +CUR +LOTS/mu);
    expect(text.stdout).toMatch(/^fleet +USD/mu);
    expect(text.stdout).toContain('Planned purchases, buy against rent');
    expect((await runCli(['own-vs-rent', '--ledger', path, '--utilisation', '120'])).stderr).toBe('fleetledger own-vs-rent: --utilisation: a percentage from 0 to 100\n');
    expect((await runCli(['own-vs-rent', '--ledger', path, '--term', 'weekly'])).stderr).toBe('fleetledger own-vs-rent: --term: one of on-demand, 1-year, 3-year\n');
    expect((await runCli(['own-vs-rent', '--ledger', path, '--hold-months', '0'])).stderr).toBe('fleetledger own-vs-rent: --hold-months: a whole number from 1 to 240\n');
    expect((await runCli(['own-vs-rent', '--ledger', path, '--energy-price', '12,5'])).stderr).toBe('fleetledger own-vs-rent: --energy-price: an amount per MWh, 0 or more, e.g. 95.00\n');
    expect((await runCli(['own-vs-rent'])).code).toBe(2);
  });

  it('totals per category and for the fleet, and compares every planned purchase with renting, from the team’s assumed utilisation', async () => {
    await fixture.db.setSetting('assumedUtilisationPercent', 80);
    const lot = (await fixture.db.lots.toArray()).find((l) => l.status === 'in-service' && l.code.startsWith('GPU-H100'))!;
    const edited = await editLotCommand(fixture.db, lot.id, { utilisation: { '2026-11': 95 } }, 'ada');
    if (!edited.ok) throw new Error(JSON.stringify(edited.error));
    const file = fixture.file('assumed.fleetledger', (await createBackup(fixture.db, '2026-11-30T12:00:00.000Z')).bytes);
    const { code, stdout, stderr } = await runCli(['own-vs-rent', '--ledger', file, '--as-of', '2026-11-29', '--hold-months', '36', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const out = JSON.parse(stdout) as {
      scenario: { utilisation: unknown; holdMonths: number };
      lots: { lotCode: string; category: string; utilisation: { value: number; assumed: boolean; recordedMonths: number } }[];
      byCategory: { category: string; currency: string; lots: number; toDate: { saving: string } }[];
      fleet: { currency: string; lots: number; toDate: { saving: string } }[];
      planned: ({ lotCode: string; months: number; npv: string; assumptions: string[] } | { lotCode: string; notCompared: string })[];
    };
    expect(out.scenario.utilisation).toEqual({ value: 0.8, assumed: true, from: 'team setting' });
    expect(out.lots.find((l) => l.lotCode === lot.code)!.utilisation).toMatchObject({ value: 0.95, assumed: false, recordedMonths: 1 });
    expect(out.lots.filter((l) => l.lotCode !== lot.code).every((l) => l.utilisation.value === 0.8 && l.utilisation.assumed)).toBe(true);
    const cents = (text: string) => Math.round(Number(text) * 100);
    const usd = out.fleet.find((t) => t.currency === 'USD')!;
    expect(out.byCategory.filter((t) => t.currency === 'USD').reduce((s, t) => s + cents(t.toDate.saving), 0)).toBe(cents(usd.toDate.saving));
    const compared = out.planned.filter((p): p is { lotCode: string; months: number; npv: string; assumptions: string[] } => 'npv' in p);
    expect(compared.length).toBeGreaterThan(0);
    for (const p of compared) {
      expect(p.months).toBe(36);
      expect(p.assumptions.length).toBeGreaterThan(3);
    }
    expect(out.planned.filter((p) => 'notCompared' in p).every((p) => 'notCompared' in p && /rental price|holding period/u.test(p.notCompared))).toBe(true);
  });
});
