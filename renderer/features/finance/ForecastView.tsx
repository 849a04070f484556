import { Fragment, useMemo, useState } from 'react';
import { forecastInputFromLedger } from '../../../shared/ledger/forecastInput';
import { DEFAULT_TEAM_SETTINGS } from '../../../shared/ledger/teamSettings';
import { CATEGORY_LABELS, type Category } from '../../../shared/catalog';
import { monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { fleetForecast, totalGainLossAt } from '../../../shared/forecast/fleetForecast';
import { ACCURACY_LEADS, forecastAccuracy } from '../../../shared/forecast/accuracy';
import type { MarketObservation } from '../../../shared/market';
import { checklistFor } from '../../../shared/checklists';
import { allowedTargets } from '../../../shared/lifecycle';
import { formatMoney, minorDigits } from '../../../shared/money';
import { parsePercentText } from '../../../shared/utilisation';
import { parsePerKwh } from '../catalog/energyPrice';
import { compactAmount, LineChart } from '../../components/LineChart';
import { TypingProblems } from '../../components/TypingProblems';
import { MoneyTotals } from '../../components/Money';
import { db } from '../../db/db';
import { moveLotCommand } from '../../db/lotCommands';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';
import { useMarketObservations } from './forecast';
import { formatMwh, parseHoldUntil, refreshCalendar } from './refreshCalendar';

/**
 * The fleet's book value against its expected market value over the horizon, and the refresh
 * calendar: which lots to refresh in which quarter, with expected proceeds, replacement capex and
 * energy saved. Scenario inputs (interest rate, energy price, hold-until age) recompute at once.
 */
export function ForecastView({ fleet }: { fleet: Fleet }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const observations = useMarketObservations();
  const [interest, setInterest] = useState('8');
  const [energy, setEnergy] = useState('');
  const [horizon, setHorizon] = useState(36);
  const [holdUntil, setHoldUntil] = useState('');
  const asOf = todayIso();
  // NaN (refused below) for a field that is blank or not a percentage, never Number("")'s 0.
  const rate = (parsePercentText(interest) ?? NaN) / 100;
  // Typed per kWh as sites are ("0.0875"), as minor units per MWh.
  const energyParsed = parsePerKwh(energy, settings.baseCurrency);
  const energyPerMwh = energyParsed.ok ? energyParsed.value : null;
  const hold = parseHoldUntil(holdUntil);
  const holdMonths = hold.ok ? hold.months : null;
  // Each input that cannot be read, named and marked, not one sentence of every rule.
  const problems = {
    interest: Number.isFinite(rate) && rate >= 0 && rate < 1 ? null : 'Interest rate: a percentage from 0 to below 100, e.g. 8.',
    energy: energyParsed.ok ? null : `Energy price: ${energyParsed.error}`,
    hold: hold.ok ? null : 'Hold until age: a number of years from 0 to 50, or empty for no limit.',
  };
  const inputsOk = Object.values(problems).every((p) => p === null);

  const result = useMemo(() => {
    if (!observations || !inputsOk) return null;
    // The same input `fleetledger forecast --ledger` builds from a backup (shared/ledger/forecastInput.ts).
    return fleetForecast(
      forecastInputFromLedger(
        { lots: fleet.lots, models: fleet.models, sites: fleet.sites, observations, settings: { ...DEFAULT_TEAM_SETTINGS, fiscalYearStart: settings.fiscalYearStart, baseCurrency: settings.baseCurrency } },
        { asOf, horizonMonths: horizon, interestRate: rate, energyPricePerMwhOverride: energyPerMwh, holdUntilAgeMonths: holdMonths },
      ),
    );
  }, [fleet, observations, asOf, horizon, settings.fiscalYearStart, settings.baseCurrency, rate, energyPerMwh, holdMonths, inputsOk]);

  const forecast = result?.ok ? result.value : null;
  const currency = settings.baseCurrency;
  const fleetTotals = (forecast?.totals ?? []).filter((t) => t.by === 'fleet').sort((a, b) => (a.currency === currency ? -1 : b.currency === currency ? 1 : a.currency.localeCompare(b.currency)));
  const xs = forecast ? forecast.months.map((m) => monthIndexOfDate(m) + 1) : [];
  const series = (values: Float64Array) => xs.map((x, i) => ({ x, y: values[i] ?? 0 }));

  const calendar = useMemo(() => (forecast ? refreshCalendar(forecast.lots) : []), [forecast]);
  const modelName = (id: string | null) => {
    const m = id === null ? undefined : fleet.modelsById.get(id);
    return m ? `${m.manufacturer} ${m.name}` : '';
  };

  const open = useUi((s) => s.open);
  const markCandidate = async (lotId: string) => {
    const lot = fleet.lots.find((l) => l.id === lotId);
    if (!lot) return;
    // A checklist with required items for the move is a person's to tick: the Move dialog asks.
    if (checklistFor(settings.checklists, 'refresh-candidate').some((i) => i.required)) {
      open({ kind: 'move', lotId: lot.id, to: 'refresh-candidate' });
      return;
    }
    const r = await moveLotCommand(db, lot.id, { to: 'refresh-candidate', quantity: lot.quantity, date: asOf, note: 'Marked from the refresh planner.' }, settings.actorName);
    toast(r.ok ? `${lot.code} is now a refresh candidate` : `Not moved: ${r.error}`, r.ok ? 'ok' : 'error');
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Forecast &amp; refresh</h1>
        <span className="muted">book value against expected market value, and when keeping stops paying</span>
      </div>
      <div className="toolbar" role="group" aria-label="Scenario">
        <label className="field-label" htmlFor="fc-interest">Interest rate (% a year)</label>
        <input id="fc-interest" className="input" style={{ width: 80 }} inputMode="decimal" value={interest} onChange={(e) => setInterest(e.target.value)} aria-invalid={problems.interest !== null} aria-describedby={problems.interest !== null ? 'fc-interest-error' : undefined} />
        <label className="field-label" htmlFor="fc-energy">Energy price ({currency}/kWh, sites of lots in {currency})</label>
        <input id="fc-energy" className="input" style={{ width: 100 }} inputMode="decimal" placeholder="each site’s" value={energy} onChange={(e) => setEnergy(e.target.value)} aria-invalid={problems.energy !== null} aria-describedby={problems.energy !== null ? 'fc-energy-error' : undefined} />
        <label className="field-label" htmlFor="fc-horizon">Horizon</label>
        <select id="fc-horizon" className="select" value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
          {[12, 24, 36, 60, 120].map((m) => <option key={m} value={m}>{m} months</option>)}
        </select>
        <label className="field-label" htmlFor="fc-hold">Hold until age (years)</label>
        <input id="fc-hold" className="input" style={{ width: 70 }} inputMode="decimal" placeholder="no limit" value={holdUntil} onChange={(e) => setHoldUntil(e.target.value)} aria-invalid={problems.hold !== null} aria-describedby={problems.hold !== null ? 'fc-hold-error' : undefined} />
      </div>
      {/* Each message is its field's description too (aria-describedby): read again on the way back to it. */}
      <TypingProblems said={Object.values(problems).filter((p) => p !== null).join(' ')}>
          {(Object.keys(problems) as (keyof typeof problems)[]).map((k) => problems[k] !== null && <span key={k} id={`fc-${k}-error`}>{problems[k]} </span>)}
      </TypingProblems>
      {result && !result.ok && <div className="alert alert-error" role="alert">The forecast failed: {result.error}</div>}
      {forecast && fleetTotals.map((fleetTotal, index) => {
        // One section per currency the owned lots are in, the base currency first: a lot is never
        // left out of the fleet's value for being in another currency (nor converted).
        const currency = fleetTotal.currency;
        return (
        <section key={currency} className="card card-body" aria-label={index === 0 ? 'Fleet book and market value' : `Fleet book and market value, ${currency}`}>
          <h2>Fleet value, {currency}</h2>
          <LineChart
            label={`Fleet book value and expected market value over time${index === 0 ? '' : `, ${currency}`}`}
            series={[
              { label: 'Market p10–p90', points: series(fleetTotal.p10), upper: series(fleetTotal.p90), color: 'var(--ok)' },
              { label: 'Market p50', points: series(fleetTotal.p50), color: 'var(--ok)' },
              { label: 'Book value', points: series(fleetTotal.book), color: 'var(--accent)' },
            ]}
            today={monthIndexOfDate(asOf)}
            formatY={(n) => compactAmount(n, minorDigits(currency))}
          />
          <table className="table" aria-label={`Value by category today${index === 0 ? '' : `, ${currency}`}`} style={{ marginTop: 'var(--sp-3)' }}>
            <thead><tr><th>Category</th><th className="num">Book value</th><th className="num">Market p50</th><th className="num">Unrealised gain / loss</th></tr></thead>
            <tbody>
              {forecast.totals.filter((t) => t.by === 'category' && t.currency === currency).map((t) => (
                <tr key={t.key}>
                  <td>{CATEGORY_LABELS[t.key as Category] ?? t.key}</td>
                  <td className="num">{formatMoney(Math.round(t.book[0] ?? 0), currency)}</td>
                  <td className="num">{formatMoney(Math.round(t.p50[0] ?? 0), currency)}</td>
                  <td className="num">{gainLossText(totalGainLossAt(t, 0), currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>Fleet (owned)</th>
                <th className="num" data-testid={index === 0 ? 'forecast-book-today' : `forecast-book-today-${currency}`}>{formatMoney(Math.round(fleetTotal.book[0] ?? 0), currency)}</th>
                <th className="num">{formatMoney(Math.round(fleetTotal.p50[0] ?? 0), currency)}</th>
                <th className="num">{gainLossText(totalGainLossAt(fleetTotal, 0), currency)}</th>
              </tr>
            </tfoot>
          </table>
          {index === 0 && <p className="muted" data-testid="forecast-commitments">{commitmentsText(forecast.commitments)}</p>}
        </section>
        );
      })}
      {forecast && fleetTotals.length === 0 && (
        // Nothing owned yet (a team planning its first purchases): the capex pipeline is still said.
        <section className="card card-body" aria-label="Fleet book and market value">
          <h2>Fleet value</h2>
          <p className="muted" data-testid="forecast-commitments">No hardware is owned yet. {commitmentsText(forecast.commitments)}</p>
        </section>
      )}
      {forecast && (
        <section className="card card-body" aria-label="Refresh calendar">
          <h2>Refresh calendar</h2>
          {calendar.length === 0 ? (
            <p className="muted">
              No lot is due for refresh within the horizon. A lot is compared with its model’s successor in the catalogue (give both models a performance per unit
              to compare the work they do), or set a hold-until age.
            </p>
          ) : (
            calendar.map((q) => (
              <div key={q.quarter} className="refresh-quarter" style={{ marginBottom: 'var(--sp-3)' }}>
                <h3 style={{ margin: '0 0 var(--sp-1)', fontSize: 'var(--fs-md)' }}>{q.quarter}</h3>
                <dl className="quarter-sums" aria-label={`${q.quarter} totals`}>
                  <div><dt>Lots</dt><dd>{q.lots.length}</dd></div>
                  <div><dt>Expected proceeds</dt><dd><MoneyTotals totals={q.proceeds} /></dd></div>
                  <div>
                    <dt>Replacement capex</dt>
                    <dd><MoneyTotals totals={q.capex} />{q.unpriced > 0 && <span className="muted"> (+{q.unpriced} not priced)</span>}</dd>
                  </div>
                  <div>
                    <dt>Energy saved a year</dt>
                    <dd>
                      {q.energySaved.size === 0 && q.energySavedMwh === null ? <span className="muted">—</span> : <><MoneyTotals totals={q.energySaved} /> · {q.energySavedMwh === null ? '—' : formatMwh(q.energySavedMwh)}</>}
                      {q.energyUnknown > 0 && <span className="muted"> (+{q.energyUnknown} not known)</span>}
                    </dd>
                  </div>
                </dl>
                <div className="refresh-scroll">
                <table className="table refresh-table" aria-label={`Lots due in ${q.quarter}`}>
                  <thead>
                    <tr>
                      <th>Lot</th><th>Month</th><th>Due by</th><th className="num">Proceeds</th><th>Replace with</th><th className="num">Capex</th>
                      <th className="num">Energy saved / yr</th><th><span className="visually-hidden">Action</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.lots.map((lot) => {
                      const r = lot.refresh;
                      return (
                        <Fragment key={lot.lotId}>
                        <tr className="refresh-lot">
                          <td className="mono"><a href={`#/lots/${lot.lotId}`}>{lot.lotCode}</a></td>
                          <td>{r.recommendedMonth}</td>
                          <td>{r.trigger === 'age' ? 'Age' : 'Economics'}</td>
                          <td className="num">{r.proceeds === null ? '—' : formatMoney(Math.round(r.proceeds), lot.currency)}</td>
                          <td style={{ whiteSpace: 'normal', minWidth: 160 }}>{r.replacementUnits === null ? <span className="muted">—</span> : `${r.replacementUnits} × ${modelName(r.successorId)}`}</td>
                          <td className="num">{r.replacementCapex === null ? '—' : formatMoney(Math.round(r.replacementCapex), lot.currency)}</td>
                          <td className="num">
                            {r.energySavedPerYear === null ? '—' : formatMoney(r.energySavedPerYear, lot.currency)}
                            {r.energySavedMwhPerYear !== null && <div className="muted">{formatMwh(r.energySavedMwhPerYear)}</div>}
                          </td>
                          <td>
                            {allowedTargets(fleet.lots.find((l) => l.id === lot.lotId)?.status ?? 'disposed').includes('refresh-candidate') && (
                              <button type="button" className="btn btn-sm" onClick={() => void markCandidate(lot.lotId)}>Mark as candidate</button>
                            )}
                          </td>
                        </tr>
                        <tr className="refresh-why">
                          <td colSpan={8}>{r.reason}</td>
                        </tr>
                        </Fragment>
                      );
                    })}
                  </tbody>
                </table>
                </div>
              </div>
            ))
          )}
        </section>
      )}
      {observations && <AccuracySection fleet={fleet} observations={observations} fiscalYearStart={settings.fiscalYearStart} />}
    </div>
  );
}

const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

/**
 * How good the forecasts were: each own sale against the p50 and band the forecast gave 6 and 12
 * months before it, from the data as it stood then (shared/forecast/accuracy.ts).
 */
function AccuracySection({ fleet, observations, fiscalYearStart }: { fleet: Fleet; observations: readonly MarketObservation[]; fiscalYearStart: number }) {
  const report = useMemo(() => forecastAccuracy({ lots: fleet.lots, models: fleet.models, sites: fleet.sites, observations, fiscalYearStartMonth: fiscalYearStart }), [fleet, observations, fiscalYearStart]);
  return (
    <section className="card card-body" aria-label="Forecast accuracy">
      <h2>Forecast accuracy</h2>
      {report.sales.length === 0 ? (
        <p className="muted" data-testid="accuracy-empty">
          No own sales yet. When a lot is disposed of as sold (with proceeds), its price is set here against what the forecast said 6 and 12 months before.
        </p>
      ) : (
        <>
          <p data-testid="accuracy-summary">
            {report.summary.map((s) => `${s.monthsBefore} months before: ${s.sales} sale${s.sales === 1 ? '' : 's'}, median error of the p50 ${percent(s.medianAbsoluteError)}, ${percent(s.insideBand)} inside p10–p90`).join('; ')}.
          </p>
          <table className="table" aria-label="Own sales against the forecast">
            <thead>
              <tr><th>Lot</th><th>Sold</th><th className="num">Price a unit</th><th className="num">p50 6 mo before</th><th className="num">Error</th><th className="num">p50 12 mo before</th><th className="num">Error</th></tr>
            </thead>
            <tbody>
              {report.sales.map((s) => (
                <tr key={s.observationId}>
                  <td>{s.lotCode ?? '—'}</td>
                  <td>{s.date}</td>
                  <td className="num">{formatMoney(s.realised, s.currency)}</td>
                  {ACCURACY_LEADS.map((lead) => {
                    const f = s.forecasts[lead];
                    return (
                      <Fragment key={lead}>
                        <td className="num" title={f === null ? 'No forecast could be made then (no data yet).' : `p10 ${formatMoney(f.p10, s.currency)} – p90 ${formatMoney(f.p90, s.currency)}`}>{f === null ? '—' : formatMoney(f.p50, s.currency)}</td>
                        <td className="num">{f === null ? '—' : `${f.error >= 0 ? '+' : ''}${percent(f.error)}${f.inside ? '' : ' (outside the band)'}`}</td>
                      </Fragment>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The line under the fleet's value: what it counts, and the planned and ordered lots it does not. */
function commitmentsText(commitments: { lots: number; cost: Record<string, number> }): string {
  return `Fleet value counts what is owned, from receipt until disposal. ${
    commitments.lots === 0
      ? 'No planned or ordered lots.'
      : `Committed, not owned yet: ${commitments.lots} planned or ordered lot${commitments.lots === 1 ? '' : 's'}, ${Object.entries(commitments.cost).map(([c, n]) => formatMoney(n, c)).join(' + ')} at cost (the capex pipeline).`
  }`;
}

/** A total's gain / loss (of its lots with a market value), or a dash when none has one. */
function gainLossText(gain: number | null, currency: string): string {
  return gain === null ? '—' : formatMoney(Math.round(gain), currency);
}
