/**
 * The forecast accuracy report through the app's own commands and the command line (issue 12):
 * the demo's sanitised A100 lot is sold; the sale becomes an own-sale price; `fleetledger forecast
 * --ledger --json` sets it against the forecast 6 and 12 months before, as the Forecast view does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, readSnapshot } from '../../renderer/db/ledger';
import { moveLotCommand } from '../../renderer/db/lotCommands';
import { forecastAccuracy } from '../../shared/forecast/accuracy';
import { formatDecimal } from '../../shared/money';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fixture: LedgerFixture;
let path: string;
beforeAll(async () => {
  fixture = await makeLedgerFixture('accuracy');
  const lot = (await fixture.db.lots.toArray()).find((l) => l.status === 'sanitised');
  if (lot === undefined) throw new Error('the demo has no sanitised lot');
  const sold = await moveLotCommand(fixture.db, lot.id, { to: 'disposed', quantity: lot.quantity, date: '2026-11-20', disposition: 'sold', proceeds: lot.quantity * 4_200_00 }, 'ada');
  if (!sold.ok) throw new Error(sold.error);
  path = fixture.file('sold.fleetledger', (await createBackup(fixture.db, '2026-11-29T12:00:00.000Z')).bytes);
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
});

describe('forecast accuracy', () => {
  it('the command line prints what the app computes: the sale against the forecast 6 and 12 months before', async () => {
    const snapshot = await readSnapshot(fixture.db);
    const app = forecastAccuracy({ lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, observations: snapshot.observations, fiscalYearStartMonth: snapshot.settings.fiscalYearStart });
    expect(app.sales).toHaveLength(1);
    const sale = app.sales[0]!;
    expect(sale.realised).toBe(4_200_00);
    expect(sale.forecasts[6]).not.toBeNull();
    expect(sale.forecasts[12]).not.toBeNull();

    const cli = await runCli(['forecast', '--ledger', path, '--as-of', '2026-11-29', '--json']);
    expect(cli.stderr).toBe('');
    const printed = JSON.parse(cli.stdout) as { accuracy: { summary: unknown; sales: { realised: string; forecasts: { monthsBefore: number; p50: string; error: number }[] }[] } };
    expect(printed.accuracy.summary).toEqual(app.summary);
    expect(printed.accuracy.sales[0]?.realised).toBe('4200.00');
    expect(printed.accuracy.sales[0]?.forecasts.map((f) => [f.monthsBefore, f.p50, f.error])).toEqual(
      ([6, 12] as const).map((lead) => [lead, formatDecimal(sale.forecasts[lead]!.p50, 'USD'), sale.forecasts[lead]!.error]),
    );
  });
});
