import { useMemo, useState } from 'react';
import { CATEGORY_LABELS, type Category } from '../../../shared/catalog';
import { monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { fleetForecast, lotMarketAt, type LotForecast } from '../../../shared/forecast/fleetForecast';
import { allowedTargets } from '../../../shared/lifecycle';
import { formatMoney, minorDigits, parseMoney } from '../../../shared/money';
import { compactAmount, LineChart } from '../../components/LineChart';
import { db } from '../../db/db';
import { moveLotCommand } from '../../db/lotCommands';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';
import { useMarketObservations } from './forecast';

/** "2027-03" → "2027 Q1" (calendar quarters, as refresh budgets are usually planned). */
function quarterOf(month: string): string {
  return `${month.slice(0, 4)} Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The fleet's book value against its expected market value over the horizon, and the refresh
 * calendar: which lots to refresh in which quarter, with their expected proceeds. Scenario inputs
 * (interest rate, energy price) recompute at once.
 */
export function ForecastView({ fleet }: { fleet: Fleet }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const observations = useMarketObservations();
  const [interest, setInterest] = useState('8');
  const [energy, setEnergy] = useState('');
  const [horizon, setHorizon] = useState(36);
  const asOf = todayIso();
  const rate = Number(interest) / 100;
  const energyParsed = energy.trim() === '' ? null : parseMoney(energy, settings.baseCurrency);
  // Typed per kWh, stored per MWh.
  const energyPerMwh = energyParsed?.ok ? energyParsed.value * 1000 : null;
  const inputsOk = Number.isFinite(rate) && rate >= 0 && rate < 1 && (energyParsed === null || energyParsed.ok);

  const result = useMemo(() => {
    if (!observations || !inputsOk) return null;
    return fleetForecast({
      lots: fleet.lots, models: fleet.models, sites: fleet.sites, observations, asOf, horizonMonths: horizon,
      fiscalYearStartMonth: settings.fiscalYearStart, interestRate: rate, energyPricePerMwhOverride: energyPerMwh,
    });
  }, [fleet, observations, asOf, horizon, settings.fiscalYearStart, rate, energyPerMwh, inputsOk]);

  const forecast = result?.ok ? result.value : null;
  const currency = settings.baseCurrency;
  const fleetTotal = forecast?.totals.find((t) => t.by === 'fleet' && t.currency === currency);
  const xs = forecast ? forecast.months.map((m) => monthIndexOfDate(m) + 1) : [];
  const series = (values: Float64Array) => xs.map((x, i) => ({ x, y: values[i] ?? 0 }));

  const calendar = useMemo(() => {
    const byQuarter = new Map<string, { lot: LotForecast; proceeds: number | null; month: string }[]>();
    if (!forecast) return byQuarter;
    for (const lot of forecast.lots) {
      const month = lot.refresh.recommendedMonth;
      if (!month) continue;
      const i = forecast.months.indexOf(month);
      const proceeds = i >= 0 ? (lotMarketAt(lot, i)?.p50 ?? null) : null;
      const q = quarterOf(month);
      byQuarter.set(q, [...(byQuarter.get(q) ?? []), { lot, proceeds, month }]);
    }
    return new Map([...byQuarter.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }, [forecast]);

  const markCandidate = async (lotId: string) => {
    const lot = fleet.lots.find((l) => l.id === lotId);
    if (!lot) return;
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
        <input id="fc-interest" className="input" style={{ width: 80 }} inputMode="decimal" value={interest} onChange={(e) => setInterest(e.target.value)} />
        <label className="field-label" htmlFor="fc-energy">Energy price ({currency}/kWh, all sites)</label>
        <input id="fc-energy" className="input" style={{ width: 100 }} inputMode="decimal" placeholder="each site’s" value={energy} onChange={(e) => setEnergy(e.target.value)} />
        <label className="field-label" htmlFor="fc-horizon">Horizon</label>
        <select id="fc-horizon" className="select" value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
          {[12, 24, 36, 60, 120].map((m) => <option key={m} value={m}>{m} months</option>)}
        </select>
      </div>
      {!inputsOk && <div className="alert alert-error" role="alert">Interest is a percentage from 0 to 100; the energy price an amount such as 0.14 (at most the currency’s decimals ×1000).</div>}
      {result && !result.ok && <div className="alert alert-error" role="alert">The forecast failed: {result.error}</div>}
      {forecast && fleetTotal && (
        <section className="card card-body" aria-label="Fleet book and market value">
          <h2>Fleet value, {currency}</h2>
          <LineChart
            label="Fleet book value and expected market value over time"
            series={[
              { label: 'Market p10–p90', points: series(fleetTotal.p10), upper: series(fleetTotal.p90), color: 'var(--ok)' },
              { label: 'Market p50', points: series(fleetTotal.p50), color: 'var(--ok)' },
              { label: 'Book value', points: series(fleetTotal.book), color: 'var(--accent)' },
            ]}
            today={monthIndexOfDate(asOf)}
            formatY={(n) => compactAmount(n, minorDigits(currency))}
          />
          <table className="table" aria-label="Value by category today" style={{ marginTop: 'var(--sp-3)' }}>
            <thead><tr><th>Category</th><th className="num">Book value</th><th className="num">Market p50</th><th className="num">Unrealised gain / loss</th></tr></thead>
            <tbody>
              {forecast.totals.filter((t) => t.by === 'category' && t.currency === currency).map((t) => (
                <tr key={t.key}>
                  <td>{CATEGORY_LABELS[t.key as Category] ?? t.key}</td>
                  <td className="num">{formatMoney(Math.round(t.book[0] ?? 0), currency)}</td>
                  <td className="num">{formatMoney(Math.round(t.p50[0] ?? 0), currency)}</td>
                  <td className="num">{formatMoney(Math.round((t.p50[0] ?? 0) - (t.book[0] ?? 0)), currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {forecast && (
        <section className="card card-body" aria-label="Refresh calendar">
          <h2>Refresh calendar</h2>
          {calendar.size === 0 ? (
            <p className="muted">No lot is due for refresh within the horizon (a lot needs a successor model in the catalogue to be compared with).</p>
          ) : (
            [...calendar.entries()].map(([quarter, rows]) => (
              <div key={quarter} style={{ marginBottom: 'var(--sp-3)' }}>
                <h3 style={{ margin: '0 0 var(--sp-1)', fontSize: 'var(--fs-md)' }}>
                  {quarter} · expected proceeds {formatMoney(Math.round(rows.reduce((a, r) => a + (r.lot.currency === currency ? (r.proceeds ?? 0) : 0), 0)), currency)}
                </h3>
                <table className="table">
                  <tbody>
                    {rows.map(({ lot, proceeds, month }) => (
                      <tr key={lot.lotId}>
                        <td className="mono"><a href={`#/lots/${lot.lotId}`}>{lot.lotCode}</a></td>
                        <td>{month}</td>
                        <td className="num">{proceeds === null ? '—' : formatMoney(Math.round(proceeds), lot.currency)}</td>
                        <td style={{ whiteSpace: 'normal' }}>{lot.refresh.reason}</td>
                        <td>
                          {allowedTargets(fleet.lots.find((l) => l.id === lot.lotId)?.status ?? 'disposed').includes('refresh-candidate') && (
                            <button type="button" className="btn btn-sm" onClick={() => void markCandidate(lot.lotId)}>Mark as candidate</button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))
          )}
        </section>
      )}
    </div>
  );
}
