/**
 * Own vs rent (issue 12): the fleet's cumulative owned cost against renting the same work, the
 * savings per category and per lot (break-even utilisation, cost per useful hour, saved to date
 * and ahead), buy-or-rent for every planned purchase, and the scenario inputs, which recompute at
 * once. The numbers are shared/ownVsRentFleet.ts's and shared/ownVsRentPlan.ts's, as
 * `fleetledger own-vs-rent` prints them.
 */
import { useMemo, useState } from 'react';
import { CATEGORY_LABELS, type Category } from '../../../shared/catalog';
import { monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { formatMoney, minorDigits } from '../../../shared/money';
import { parsePerKwh } from '../catalog/energyPrice';
import { RENTAL_TERM_LABELS, RENTAL_TERMS, type RentalTerm } from '../../../shared/ownVsRent';
import { fullBookSchedules } from '../../../shared/depreciation/lotSchedule';
import { fleetOwnVsRent, type LotOwnVsRent } from '../../../shared/ownVsRentFleet';
import { plannedPurchases } from '../../../shared/ownVsRentPlan';
import { formatPercent, parsePercentText } from '../../../shared/utilisation';
import { compactAmount, LineChart } from '../../components/LineChart';
import { TypingProblems } from '../../components/TypingProblems';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useMarketObservations } from './forecast';
import { exportUtilisation, importUtilisationFromFile } from './ownVsRentFiles';

const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const savedOrLost = (n: number, currency: string): string => `${n >= 0 ? 'saved' : 'lost'} ${formatMoney(Math.abs(n), currency)}`;

/** "72.5 % recorded" or "70 % assumed": a lot's utilisation in the as-of month, and how much of it is known. */
function utilisationText(u: LotOwnVsRent['utilisation']): string {
  return `${formatPercent(Number((u.value * 100).toFixed(2)))} ${u.assumed ? 'assumed' : 'recorded'}`;
}

export function OwnVsRentView({ fleet }: { fleet: Fleet }) {
  const settings = useSettings();
  // Full histories: owned cost runs from each lot's in-service month, before any split too.
  const schedules = useMemo(() => fullBookSchedules(fleet.lots, settings.fiscalYearStart), [fleet.lots, settings.fiscalYearStart]);
  const observations = useMarketObservations();
  const [interest, setInterest] = useState('8');
  const [utilisation, setUtilisation] = useState<string | null>(null);
  const [energy, setEnergy] = useState('');
  const [term, setTerm] = useState<RentalTerm>('on-demand');
  const [horizon, setHorizon] = useState(36);
  const [hold, setHold] = useState('');
  const asOf = todayIso();
  const currency = settings.baseCurrency;
  const useText = utilisation ?? String(settings.assumedUtilisationPercent);
  // NaN (refused below) for a field that is blank or not a percentage, never Number("")'s 0.
  const rate = (parsePercentText(interest) ?? NaN) / 100;
  const use = (parsePercentText(useText) ?? NaN) / 100;
  // Typed per kWh as sites are ("0.0875"), kept as minor units per MWh; it prices the lots in the base currency.
  const energyParsed = parsePerKwh(energy, currency);
  const energyPerMwh = energyParsed.ok ? energyParsed.value : null;
  const energyPrice = useMemo(() => (energyPerMwh === null ? null : { currency, perMwh: energyPerMwh }), [energyPerMwh, currency]);
  const holdMonths = hold.trim() === '' ? null : /^\d+$/u.test(hold.trim()) ? Number(hold.trim()) : NaN;
  const holdOk = holdMonths === null || (Number.isInteger(holdMonths) && holdMonths >= 1 && holdMonths <= 240);
  // Each input that cannot be read, named and marked, not one sentence of every rule.
  const problems = {
    interest: Number.isFinite(rate) && rate >= 0 && rate < 1 ? null : 'Interest rate: a percentage from 0 to below 100, e.g. 8.',
    utilisation: Number.isFinite(use) && use >= 0 && use <= 1 ? null : 'Assumed utilisation: a percentage from 0 to 100.',
    energy: energyParsed.ok ? null : `Energy price: ${energyParsed.error}`,
    hold: holdOk ? null : 'Hold for: a whole number of months from 1 to 240, or empty for the book life.',
  };
  const inputsOk = Object.values(problems).every((p) => p === null);

  const result = useMemo(() => {
    if (!inputsOk) return null;
    return fleetOwnVsRent(
      { lots: fleet.lots, models: fleet.models, sites: fleet.sites, schedules, categoryPrices: settings.categoryRentalPrices },
      { asOf, horizonMonths: horizon, term, interestRate: rate, assumedUtilisation: use, energyPrice },
    );
  }, [fleet, schedules, asOf, horizon, term, rate, use, energyPrice, inputsOk, settings.categoryRentalPrices]);
  const planned = useMemo(() => {
    if (!inputsOk || observations === undefined) return null;
    return plannedPurchases(
      { lots: fleet.lots, models: fleet.models, sites: fleet.sites, observations, categoryPrices: settings.categoryRentalPrices },
      { asOf, term, interestRate: rate, assumedUtilisation: use, energyPrice, holdMonths },
    );
  }, [fleet, observations, asOf, term, rate, use, energyPrice, holdMonths, inputsOk, settings.categoryRentalPrices]);

  // A chart and summary per currency the priced lots are in, the base currency first: lots bought in
  // another currency are never left out of the comparison for it (nor converted).
  const fleetTotals = (result?.fleet ?? []).filter((t) => result?.cumulative[t.currency] !== undefined).sort((a, b) => (a.currency === currency ? -1 : b.currency === currency ? 1 : a.currency.localeCompare(b.currency)));
  const xs = result ? result.months.map((m) => monthIndexOfDate(m) + 1) : [];
  const anyRecorded = fleet.lots.some((l) => Object.keys(l.utilisation ?? {}).length > 0);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Own vs rent</h1>
        <span className="muted">what owning costs against renting the same work</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void importUtilisationFromFile()}>Import utilisation…</button>
        {anyRecorded && <button type="button" className="btn" onClick={() => void exportUtilisation(fleet.lots)}>Export utilisation</button>}
      </div>
      <div className="toolbar" role="group" aria-label="Scenario">
        <label className="field-label" htmlFor="ovr-interest">Interest rate (% a year)</label>
        <input id="ovr-interest" className="input" style={{ width: 70 }} inputMode="decimal" value={interest} onChange={(e) => setInterest(e.target.value)} aria-invalid={problems.interest !== null} aria-describedby={problems.interest !== null ? 'ovr-interest-error' : undefined} />
        <label className="field-label" htmlFor="ovr-utilisation">Assumed utilisation (%)</label>
        <input id="ovr-utilisation" className="input" style={{ width: 70 }} inputMode="decimal" value={useText} onChange={(e) => setUtilisation(e.target.value)} aria-invalid={problems.utilisation !== null} aria-describedby={problems.utilisation !== null ? 'ovr-utilisation-error' : undefined}
          title={`Where a lot has no utilisation recorded for a month. The team’s assumption is ${formatPercent(settings.assumedUtilisationPercent)} (Settings).`} />
        <label className="field-label" htmlFor="ovr-energy">Energy ({currency}/kWh)</label>
        <input id="ovr-energy" className="input" style={{ width: 80 }} inputMode="decimal" placeholder="each site’s" title={`For every lot in ${currency}, instead of its site’s price; lots in other currencies keep their sites’.`} value={energy} onChange={(e) => setEnergy(e.target.value)} aria-invalid={problems.energy !== null} aria-describedby={problems.energy !== null ? 'ovr-energy-error' : undefined} />
        <label className="field-label" htmlFor="ovr-term">Rental term</label>
        <select id="ovr-term" className="select" value={term} onChange={(e) => setTerm(e.target.value as RentalTerm)}>
          {RENTAL_TERMS.map((t) => <option key={t} value={t}>{RENTAL_TERM_LABELS[t]}</option>)}
        </select>
        <label className="field-label" htmlFor="ovr-horizon">Horizon</label>
        <select id="ovr-horizon" className="select" value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
          {[12, 24, 36, 60, 120].map((m) => <option key={m} value={m}>{m} months</option>)}
        </select>
      </div>
      <TypingProblems said={Object.values(problems).filter((p) => p !== null).join(' ')}>
        {/* Each message is its field's description too (aria-describedby): read again on the way back to it. */}
          {(Object.keys(problems) as (keyof typeof problems)[]).map((k) => problems[k] !== null && <span key={k} id={`ovr-${k}-error`}>{problems[k]} </span>)}
      </TypingProblems>
      {result && result.lots.every((l) => l.price === null) && (
        <p className="card card-body" data-testid="ovr-no-prices">
          No rental prices in the book yet, so nothing to compare with: add what renting the same capacity costs on a model (Models → edit a model → Rental prices), for a whole category (Models → Category rental prices…), or from a file (Models → Import rental prices…). A price on one
          model of a category, or for the category, also prices its other models, by their performance.
        </p>
      )}
      {result && fleetTotals.map((fleetTotal, index) => {
        const cur = fleetTotal.currency;
        const series = result.cumulative[cur] ?? { owned: [], rental: [] };
        const recordedLots = result.lots.filter((l) => l.currency === cur && l.utilisation.recordedMonths > 0).length;
        return (
        <section key={cur} className="card card-body" aria-label={index === 0 ? 'Cumulative cost' : `Cumulative cost, ${cur}`}>
          <h2>Owned against rented, {cur}</h2>
          <p data-testid={index === 0 ? 'ovr-summary' : `ovr-summary-${cur}`}>
            {fleetTotal.lots} lot{fleetTotal.lots === 1 ? '' : 's'} with a rental price: owning has cost {formatMoney(fleetTotal.toDate.owned, cur)} since they went into service, renting the same work would have cost{' '}
            {formatMoney(fleetTotal.toDate.rental, cur)}: {savedOrLost(fleetTotal.toDate.saving, cur)}. Over the next {horizon} months: {savedOrLost(fleetTotal.ahead.saving, cur)}.{' '}
            {recordedLots === 0 ? `Utilisation ${formatPercent(use * 100)} is assumed for every lot.` : `Utilisation is recorded for some months of ${recordedLots} lot${recordedLots === 1 ? '' : 's'}; ${formatPercent(use * 100)} is assumed for every other month.`}
          </p>
          <LineChart
            label={`Cumulative owned and rental cost over time${index === 0 ? '' : `, ${cur}`}`}
            series={[
              { label: 'Owned (cumulative)', points: xs.map((x, i) => ({ x, y: series.owned[i] ?? 0 })), color: 'var(--accent)' },
              { label: `Rented, ${RENTAL_TERM_LABELS[term].toLowerCase()} (cumulative)`, points: xs.map((x, i) => ({ x, y: series.rental[i] ?? 0 })), color: 'var(--ok)' },
            ]}
            today={monthIndexOfDate(asOf)}
            formatY={(n) => compactAmount(n, minorDigits(cur))}
          />
        </section>
        );
      })}
      {result && result.byCategory.length > 0 && (
        <section className="card card-body" aria-label="Own vs rent by category">
          <h2>By category</h2>
          <table className="table" aria-label="Own vs rent by category">
            <thead>
              <tr><th>Category</th><th className="num">Lots</th><th className="num">Owned to date</th><th className="num">Rented to date</th><th className="num">Saved to date</th><th className="num">Saved next {horizon} months</th></tr>
            </thead>
            <tbody>
              {[...result.byCategory, ...result.fleet].map((t) => (
                <tr key={`${t.key}-${t.currency}`}>
                  <td>{t.key === 'fleet' ? <strong>Fleet</strong> : CATEGORY_LABELS[t.key as Category] ?? t.key}</td>
                  <td className="num">{t.lots}</td>
                  <td className="num">{formatMoney(t.toDate.owned, t.currency)}</td>
                  <td className="num">{formatMoney(t.toDate.rental, t.currency)}</td>
                  <td className="num">{formatMoney(t.toDate.saving, t.currency)}</td>
                  <td className="num">{formatMoney(t.ahead.saving, t.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {result && (
        <section className="card card-body" aria-label="Own vs rent by lot">
          <h2>By lot</h2>
          <table className="table" aria-label="Own vs rent by lot">
            <thead>
              <tr>
                <th>Lot</th><th>Rental price</th><th>Utilisation</th><th className="num">Break-even utilisation</th><th className="num">Owned cost a useful hour</th>
                <th className="num">Owned to date</th><th className="num">Saved to date</th><th className="num">Saved next {horizon} months</th>
              </tr>
            </thead>
            <tbody>
              {result.lots.map((l) => (
                <tr key={l.lotId}>
                  <td><a href={`#/lots/${l.lotId}`}>{l.lotCode}</a></td>
                  <td>{l.price === null ? <span className="muted">none in the book</span> : `${formatMoney(l.price.pricePerHour, l.currency)}/h${l.price.from === 'category' ? ' (from its category)' : ''}`}</td>
                  <td>{utilisationText(l.utilisation)}</td>
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
      {planned && planned.length > 0 && (
        <section className="card card-body" aria-label="Planned purchases: buy or rent">
          <h2>Planned purchases: buy or rent</h2>
          <div className="toolbar">
            <label className="field-label" htmlFor="ovr-hold">Hold for (months)</label>
            <input id="ovr-hold" className="input" style={{ width: 80 }} inputMode="numeric" placeholder="book life" value={hold} onChange={(e) => setHold(e.target.value)} aria-invalid={problems.hold !== null} aria-describedby={problems.hold !== null ? 'ovr-hold-error' : undefined} />
            <span className="muted">Net present value in today’s money at {formatPercent(rate * 100)} a year: what renting the same work would cost, less what buying costs after the resale.</span>
          </div>
          <table className="table" aria-label="Planned purchases: buy or rent">
            <thead>
              <tr><th>Lot</th><th>In use</th><th className="num">Price</th><th className="num">Buying (present value)</th><th className="num">Renting (present value)</th><th>Net present value of buying</th><th className="num">Break-even utilisation</th></tr>
            </thead>
            <tbody>
              {planned.map((r) =>
                r.ok ? (
                  <tr key={r.value.lotId} data-testid="planned-purchase">
                    <td>
                      <a href={`#/lots/${r.value.lotId}`}>{r.value.lotCode}</a>
                      <details>
                        <summary>Assumptions</summary>
                        <ul>{r.value.assumptions.map((a) => <li key={a}>{a}</li>)}</ul>
                      </details>
                    </td>
                    <td>{r.value.startMonth} – {r.value.endMonth} ({r.value.months} months), sold {r.value.refreshMonth}</td>
                    <td className="num">{formatMoney(r.value.buy.capex, r.value.currency)}</td>
                    <td className="num">{formatMoney(r.value.buy.pv, r.value.currency)}</td>
                    <td className="num">{formatMoney(r.value.rent.pv, r.value.currency)}</td>
                    <td>{formatMoney(r.value.npv, r.value.currency)}: {r.value.npv >= 0 ? 'buying costs less' : 'renting costs less'}</td>
                    <td className="num">{percent(r.value.breakEvenUtilisation)}</td>
                  </tr>
                ) : (
                  <tr key={r.lotCode}>
                    <td>{r.lotCode}</td>
                    <td colSpan={6} className="muted">Not compared: {r.reason}.</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
