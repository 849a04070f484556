/**
 * Own vs rent (issue 12): the fleet's cumulative owned cost against renting the same work, a
 * table per lot (break-even utilisation, cost per useful hour, saved to date and ahead), and the
 * scenario inputs, which recompute at once. The numbers are shared/ownVsRentFleet.ts's, as
 * `fleetledger own-vs-rent` prints them.
 */
import { useMemo, useState } from 'react';
import { monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { formatMoney, minorDigits } from '../../../shared/money';
import { RENTAL_TERM_LABELS, RENTAL_TERMS, type RentalTerm } from '../../../shared/ownVsRent';
import { fleetOwnVsRent } from '../../../shared/ownVsRentFleet';
import { compactAmount, LineChart } from '../../components/LineChart';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useSchedules } from './schedules';

const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

export function OwnVsRentView({ fleet }: { fleet: Fleet }) {
  const settings = useSettings();
  const schedules = useSchedules(fleet.lots, settings.fiscalYearStart);
  const [interest, setInterest] = useState('8');
  const [utilisation, setUtilisation] = useState('70');
  const [term, setTerm] = useState<RentalTerm>('on-demand');
  const [horizon, setHorizon] = useState(36);
  const asOf = todayIso();
  const rate = Number(interest) / 100;
  const use = Number(utilisation) / 100;
  const inputsOk = Number.isFinite(rate) && rate >= 0 && rate < 1 && Number.isFinite(use) && use >= 0 && use <= 1;
  const result = useMemo(() => {
    if (!inputsOk) return null;
    const books = new Map([...schedules].map(([id, b]) => [id, b.book]));
    return fleetOwnVsRent({ lots: fleet.lots, models: fleet.models, sites: fleet.sites, schedules: books }, { asOf, horizonMonths: horizon, term, interestRate: rate, assumedUtilisation: use });
  }, [fleet, schedules, asOf, horizon, term, rate, use, inputsOk]);

  const currency = settings.baseCurrency;
  const series = result?.cumulative[currency];
  const xs = result ? result.months.map((m) => monthIndexOfDate(m) + 1) : [];
  const priced = result?.lots.filter((l) => l.price !== null) ?? [];
  const sum = (pick: (l: (typeof priced)[number]) => number | null) => priced.filter((l) => l.currency === currency).reduce((s, l) => s + (pick(l) ?? 0), 0);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Own vs rent</h1>
        <span className="muted">what owning costs against renting the same work</span>
      </div>
      <div className="toolbar" role="group" aria-label="Scenario">
        <label className="field-label" htmlFor="ovr-interest">Interest rate (% a year)</label>
        <input id="ovr-interest" className="input" style={{ width: 70 }} inputMode="decimal" value={interest} onChange={(e) => setInterest(e.target.value)} />
        <label className="field-label" htmlFor="ovr-utilisation">Utilisation (%, assumed)</label>
        <input id="ovr-utilisation" className="input" style={{ width: 70 }} inputMode="decimal" value={utilisation} onChange={(e) => setUtilisation(e.target.value)} />
        <label className="field-label" htmlFor="ovr-term">Rental term</label>
        <select id="ovr-term" className="select" value={term} onChange={(e) => setTerm(e.target.value as RentalTerm)}>
          {RENTAL_TERMS.map((t) => <option key={t} value={t}>{RENTAL_TERM_LABELS[t]}</option>)}
        </select>
        <label className="field-label" htmlFor="ovr-horizon">Horizon</label>
        <select id="ovr-horizon" className="select" value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
          {[12, 24, 36, 60, 120].map((m) => <option key={m} value={m}>{m} months</option>)}
        </select>
      </div>
      {!inputsOk && <div className="alert alert-error" role="alert">The interest rate is a percentage from 0 to below 100, the utilisation a percentage from 0 to 100.</div>}
      {result && priced.length === 0 && (
        <p className="card card-body" data-testid="ovr-no-prices">
          No rental prices in the book yet, so nothing to compare with: add what renting the same capacity costs on a model (Models → edit a model → Rental prices). A price on one
          model of a category also prices the others, by their performance.
        </p>
      )}
      {result && series && (
        <section className="card card-body" aria-label="Cumulative cost">
          <h2>Owned against rented, {currency}</h2>
          <p data-testid="ovr-summary">
            Lots with a rental price: owning has cost {formatMoney(sum((l) => l.toDate.owned), currency)} since they went into service, renting the same work would have cost{' '}
            {formatMoney(sum((l) => l.toDate.rental), currency)}: {sum((l) => l.toDate.saving) >= 0 ? 'saved' : 'lost'} {formatMoney(Math.abs(sum((l) => l.toDate.saving)), currency)}. Over the next {horizon} months:{' '}
            {formatMoney(sum((l) => l.ahead.saving), currency)} {sum((l) => l.ahead.saving) >= 0 ? 'saved' : 'lost'}. Utilisation {utilisation} % is assumed for every lot.
          </p>
          <LineChart
            label="Cumulative owned and rental cost over time"
            series={[
              { label: 'Owned (cumulative)', points: xs.map((x, i) => ({ x, y: series.owned[i] ?? 0 })), color: 'var(--accent)' },
              { label: `Rented, ${RENTAL_TERM_LABELS[term].toLowerCase()} (cumulative)`, points: xs.map((x, i) => ({ x, y: series.rental[i] ?? 0 })), color: 'var(--ok)' },
            ]}
            today={monthIndexOfDate(asOf)}
            formatY={(n) => compactAmount(n, minorDigits(currency))}
          />
        </section>
      )}
      {result && (
        <section className="card card-body" aria-label="Own vs rent by lot">
          <h2>By lot</h2>
          <table className="table" aria-label="Own vs rent by lot">
            <thead>
              <tr>
                <th>Lot</th><th>Rental price</th><th className="num">Break-even utilisation</th><th className="num">Owned cost a useful hour</th>
                <th className="num">Owned to date</th><th className="num">Saved to date</th><th className="num">Saved next {horizon} months</th>
              </tr>
            </thead>
            <tbody>
              {result.lots.map((l) => (
                <tr key={l.lotId}>
                  <td><a href={`#/lots/${l.lotId}`}>{l.lotCode}</a></td>
                  <td>{l.price === null ? <span className="muted">none in the book</span> : `${formatMoney(l.price.pricePerHour, l.currency)}/h${l.price.from === 'category' ? ' (from its category)' : ''}`}</td>
                  <td className="num">{percent(l.breakEven)}</td>
                  <td className="num">{l.perUsefulHour === null ? '—' : formatMoney(Math.round(l.perUsefulHour), l.currency)}</td>
                  <td className="num">{formatMoney(l.toDate.owned, l.currency)}</td>
                  <td className="num">{l.toDate.saving === null ? '—' : formatMoney(l.toDate.saving, l.currency)}</td>
                  <td className="num">{l.ahead.saving === null ? '—' : formatMoney(l.ahead.saving, l.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
