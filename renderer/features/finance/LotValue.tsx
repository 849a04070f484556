import { useMemo } from 'react';
import { fullBookSchedules } from '../../../shared/depreciation/lotSchedule';
import { fleetOwnVsRent } from '../../../shared/ownVsRentFleet';
import { LotUtilisation } from './LotUtilisation';
import { plannedPurchases } from '../../../shared/ownVsRentPlan';
import { formatPercent } from '../../../shared/utilisation';
import { DEFAULT_INTEREST_RATE } from '../../../shared/forecast/fleetForecast';
import { isCommitment } from '../../../shared/depreciation/fleetValue';
import { monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { gainLossAt, lotMarketAt, type LotForecast } from '../../../shared/forecast/fleetForecast';
import type { Lot } from '../../../shared/lot';
import { CONDITION_LABELS } from '../../../shared/market';
import { formatMoney, minorDigits } from '../../../shared/money';
import { compactAmount, LineChart } from '../../components/LineChart';
import { todayIso } from '../../lib/clock';
import { navigate } from '../../state/route';
import { useSettings, type Fleet } from '../../db/queries';
import { useFleetForecast, useMarketObservations } from './forecast';
import { formatMwh } from './refreshCalendar';

/** A lot's Value tab: book value against expected market value (p10–p90 band), and when to refresh. */
export function LotValue({ lot, forecast, months }: { lot: Lot; forecast: LotForecast | undefined; months: readonly string[] }) {
  const money = (n: number) => formatMoney(Math.round(n), lot.currency);
  if (lot.status === 'disposed') return <div className="card empty"><h2>Disposed</h2><p>A disposed lot is off the books; its proceeds are on the Overview tab.</p></div>;
  if (isCommitment(lot)) return <div className="card empty"><h2>Not owned yet</h2><p>A planned or ordered lot is a commitment — part of the capex pipeline, not fleet value. Its book and market value start when it is received.</p></div>;
  if (!forecast) return <div className="card empty" aria-busy="true">Forecasting…</div>;
  const now = lotMarketAt(forecast, 0);
  const gain = gainLossAt(forecast, 0);
  const xs = months.map((m) => monthIndexOfDate(m) + 1);
  const points = (values: ArrayLike<number>, scale = 1) => xs.map((x, i) => ({ x, y: (values[i] ?? 0) * scale }));
  const unit = forecast.unitMarket;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 'var(--sp-3)' }}>
      <div className="card card-body stats" aria-label="Value figures">
        <div className="stat"><span className="label">Book value</span><span className="value">{money(forecast.book[0] ?? 0)}</span></div>
        <div className="stat"><span className="label">Market value (p50)</span><span className="value" data-testid="market-p50">{now ? money(now.p50) : '—'}</span></div>
        <div className="stat"><span className="label">Range p10 – p90</span><span className="value">{now ? `${compactAmount(now.p10, minorDigits(lot.currency))} – ${compactAmount(now.p90, minorDigits(lot.currency))}` : '—'}</span></div>
        <div className="stat"><span className="label">Unrealised gain / loss</span><span className="value">{gain === null ? '—' : money(gain)}</span></div>
      </div>
      {forecast.marketProblem && <div className="alert alert-warn">No market value: {forecast.marketProblem}</div>}
      <div className="card card-body">
        <LineChart
          label={`Book value and expected market value of ${lot.code}`}
          series={[
            ...(unit ? [{ label: 'Market p10–p90', points: points(unit.p10, lot.quantity), upper: points(unit.p90, lot.quantity), color: 'var(--ok)' }] : []),
            ...(unit ? [{ label: 'Market p50', points: points(unit.p50, lot.quantity), color: 'var(--ok)' }] : []),
            { label: 'Book value', points: points(forecast.book), color: 'var(--accent)' },
          ]}
          today={monthIndexOfDate(todayIso())}
          formatY={(n) => compactAmount(n, minorDigits(lot.currency))}
        />
        <p className="muted" style={{ margin: 'var(--sp-2) 0 0' }}>
          Priced as {CONDITION_LABELS[forecast.condition].toLowerCase()}
          {forecast.curve ? `; curve from ${forecast.curve.source === 'model' ? 'this model’s prices' : forecast.curve.source === 'category' ? 'its category’s prices' : 'the category prior'}` : ''}.{' '}
          <a href={`#/models/${encodeURIComponent(lot.modelId)}/market`} onClick={(e) => { e.preventDefault(); navigate({ name: 'model-market', id: lot.modelId }); }}>Market prices of this model</a>
        </p>
      </div>
      <section className="card card-body" aria-label="Refresh">
        <h2>Refresh</h2>
        <p data-testid="refresh-advice" style={{ margin: 0 }}>
          {forecast.refresh.recommendedMonth ? <><strong>Refresh in {forecast.refresh.recommendedMonth}.</strong> </> : null}
          {forecast.refresh.reason}
        </p>
        {forecast.refresh.replacementUnits !== null && (
          <dl className="quarter-sums" style={{ marginTop: 'var(--sp-2)' }} aria-label="Replacement">
            {forecast.refresh.proceeds !== null && <div><dt>Expected proceeds then</dt><dd>{money(forecast.refresh.proceeds)}</dd></div>}
            <div><dt>Replaced by</dt><dd>{forecast.refresh.replacementUnits} successor unit{forecast.refresh.replacementUnits === 1 ? '' : 's'}</dd></div>
            <div><dt>Replacement capex</dt><dd>{forecast.refresh.replacementCapex === null ? '—' : money(forecast.refresh.replacementCapex)}</dd></div>
            <div>
              <dt>Energy saved a year</dt>
              <dd>
                {forecast.refresh.energySavedPerYear === null ? '—' : money(forecast.refresh.energySavedPerYear)}
                {forecast.refresh.energySavedMwhPerYear !== null && ` · ${formatMwh(forecast.refresh.energySavedMwhPerYear)}`}
              </dd>
            </div>
          </dl>
        )}
      </section>
    </div>
  );
}

/** The Value tab: forecasts the fleet (curves are fitted per model, so one lot needs its model's neighbours) only when opened. */
export function LotValueTab({ lot, fleet, fiscalYearStart }: { lot: Lot; fleet: Fleet; fiscalYearStart: number }) {
  const state = useFleetForecast(fleet, fiscalYearStart, todayIso());
  if (state?.error) return <div className="alert alert-error" role="alert">The forecast failed: {state.error}</div>;
  return (
    <>
      <LotValue lot={lot} forecast={state?.byLot.get(lot.id)} months={state?.forecast?.months ?? []} />
      <LotOwnVsRent lot={lot} fleet={fleet} fiscalYearStart={fiscalYearStart} />
    </>
  );
}

/** The lot's own-vs-rent figures at the view's default scenario (Own vs rent changes it for the fleet); for a planned purchase, buy or rent. */
function LotOwnVsRent({ lot, fleet, fiscalYearStart }: { lot: Lot; fleet: Fleet; fiscalYearStart: number }) {
  const settings = useSettings();
  const observations = useMarketObservations();
  const assumed = settings.assumedUtilisationPercent / 100;
  const row = useMemo(() => {
    if (isCommitment(lot)) return null;
    // Its full history: owned cost runs from the in-service month, before any split too.
    const books = fullBookSchedules([lot], fiscalYearStart);
    const scenario = { asOf: todayIso(), horizonMonths: 36, term: 'on-demand' as const, interestRate: DEFAULT_INTEREST_RATE, assumedUtilisation: assumed };
    return fleetOwnVsRent({ lots: [lot], models: fleet.models, sites: fleet.sites, schedules: books, categoryPrices: settings.categoryRentalPrices }, scenario).lots[0] ?? null;
  }, [lot, fleet.models, fleet.sites, fiscalYearStart, assumed, settings.categoryRentalPrices]);
  const plan = useMemo(() => {
    if (!isCommitment(lot) || observations === undefined) return null;
    const scenario = { asOf: todayIso(), term: 'on-demand' as const, interestRate: DEFAULT_INTEREST_RATE, assumedUtilisation: assumed };
    return plannedPurchases({ lots: fleet.lots, models: fleet.models, sites: fleet.sites, observations, categoryPrices: settings.categoryRentalPrices }, scenario).find((r) => (r.ok ? r.value.lotId === lot.id : r.lotCode === lot.code)) ?? null;
  }, [lot, fleet, observations, assumed, settings.categoryRentalPrices]);
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, lot.currency));
  const scenarioNote = `On demand, utilisation ${formatPercent(settings.assumedUtilisationPercent)} assumed where none is recorded, interest ${DEFAULT_INTEREST_RATE * 100} %.`;
  return (
    <>
      {plan !== null && (
        <section className="card card-body" aria-label="Buy or rent" style={{ marginTop: 'var(--sp-3)' }}>
          <h2>Buy or rent</h2>
          {!plan.ok ? (
            <p className="muted">Not compared: {plan.reason}.</p>
          ) : (
            <>
              <div className="stats" data-testid="lot-buy-or-rent">
                <div className="stat"><span className="label">Net present value of buying</span><span className="value">{money(plan.value.npv)}</span></div>
                <div className="stat"><span className="label">Buying (present value)</span><span className="value">{money(plan.value.buy.pv)}</span></div>
                <div className="stat"><span className="label">Renting (present value)</span><span className="value">{money(plan.value.rent.pv)}</span></div>
                <div className="stat"><span className="label">Break-even utilisation</span><span className="value">{plan.value.breakEvenUtilisation === null ? '—' : `${(plan.value.breakEvenUtilisation * 100).toFixed(1)} %`}</span></div>
              </div>
              <p><strong>{plan.value.npv >= 0 ? 'Buying costs less' : 'Renting costs less'}</strong> over {plan.value.months} months of use, {plan.value.startMonth} to {plan.value.endMonth} (sold {plan.value.refreshMonth}), in today’s money. Assumed:</p>
              <ul data-testid="lot-buy-or-rent-assumptions">{plan.value.assumptions.map((a) => <li key={a}>{a}</li>)}</ul>
            </>
          )}
          <p className="muted"><a href="#/own-vs-rent">Own vs rent</a> changes the scenario (rate, energy, term, holding period).</p>
        </section>
      )}
      {row !== null && (
        <section className="card card-body" aria-label="Own vs rent of this lot" style={{ marginTop: 'var(--sp-3)' }}>
          <h2>Own vs rent</h2>
          {row.price === null ? (
            <p className="muted">No rental price for this model or its category in the book: add one on the model to compare.</p>
          ) : (
            <div className="stats" data-testid="lot-own-vs-rent">
              <div className="stat"><span className="label">Break-even utilisation</span><span className="value">{row.breakEven === null ? '—' : `${(row.breakEven * 100).toFixed(1)} %`}</span></div>
              <div className="stat"><span className="label">Owned cost a useful hour</span><span className="value">{row.perUsefulHour === null ? '—' : money(Math.round(row.perUsefulHour))}</span></div>
              <div className="stat"><span className="label">Saved to date</span><span className="value">{money(row.toDate.saving)}</span></div>
              <div className="stat"><span className="label">Saved next 36 months</span><span className="value">{money(row.ahead.saving)}</span></div>
            </div>
          )}
          <p className="muted">
            {row.price !== null && `At ${formatMoney(row.price.pricePerHour, lot.currency)}/h${row.price.from === 'category' ? ' (its category’s price)' : ''}. `}
            This month’s utilisation: {formatPercent(Number((row.utilisation.value * 100).toFixed(2)))} {row.utilisation.assumed ? 'assumed' : 'recorded'}; {row.utilisation.recordedMonths} of its months recorded, {row.utilisation.assumedMonths} assumed. {scenarioNote}{' '}
            <a href="#/own-vs-rent">Own vs rent</a> changes the scenario for the fleet.
          </p>
        </section>
      )}
      <LotUtilisation lot={lot} />
    </>
  );
}
