/**
 * Provenance (issue 13): the compliance register — what the fleet owns today by origin, export
 * classification and site country, at book value, and every transfer with its licence — and the
 * supplier scorecard, from the ledger's records and events (shared/complianceReports.ts, as
 * `fleetledger compliance` prints them). The register exports as CSV.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { complianceRegister, complianceRegisterCsv, supplierScorecard } from '../../../shared/complianceReports';
import { SUPPLIER_CHANNEL_LABELS } from '../../../shared/suppliers';
import { isOwnedOn } from '../../../shared/depreciation/fleetValue';
import { marketCurves } from '../../../shared/forecast/marketCurves';
import { formatMoney } from '../../../shared/money';
import { MoneyTotals } from '../../components/Money';
import { db } from '../../db/db';
import { readLog } from '../../db/eventLog';
import { useSettings, type Fleet } from '../../db/queries';
import { localDay, todayIso } from '../../lib/clock';
import { exportCsvFile } from '../../lib/csvFiles';
import { useMarketObservations } from '../finance/forecast';
import { useFullSchedules } from '../finance/schedules';

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const orDash = (s: string) => (s === '' ? <span className="muted">not recorded</span> : s);

export function ProvenanceView({ fleet }: { fleet: Fleet }) {
  const settings = useSettings();
  // Each split part's full history (as the depreciation report): the register may be of a date before a split.
  const schedules = useFullSchedules(fleet.lots, settings.fiscalYearStart);
  const events = useLiveQuery(() => readLog(db), []);
  const observations = useMarketObservations();
  const asOf = todayIso();
  const register = useMemo(() => {
    if (events === undefined) return null;
    const books = new Map([...schedules].map(([id, b]) => [id, b.book]));
    return complianceRegister({ lots: fleet.lots, models: fleet.models, sites: fleet.sites, events, schedules: books }, asOf, localDay);
  }, [events, schedules, fleet, asOf]);
  const suppliers = useMemo(() => {
    if (events === undefined || observations === undefined) return null;
    const curves = marketCurves({ models: fleet.models, observations, ownedLots: fleet.lots.filter((l) => isOwnedOn(l, asOf)), asOf });
    return supplierScorecard({ lots: fleet.lots, models: fleet.models, suppliers: fleet.suppliers, events }, (m, c) => curves(m, c).curve);
  }, [events, observations, fleet, asOf]);
  const policy = settings.compliancePolicy;
  const noPolicy = policy.trustedOrigins.length === 0 && policy.licenceClassifications.length === 0;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Provenance</h1>
        <span className="muted">where the fleet came from, where it went, and who sold it</span>
        <span className="spacer" />
        {register && (
          <button type="button" className="btn" onClick={() => void exportCsvFile(`fleetledger-compliance-register-${asOf}.csv`, complianceRegisterCsv(register), `the compliance register (${register.holdings.length} holdings, ${register.transfers.length} transfers)`)}>
            Export register CSV
          </button>
        )}
      </div>
      {noPolicy && (
        <p className="card card-body muted" data-testid="no-policy">
          No compliance policy yet: set trusted origins and the classifications that need a licence in Settings → Compliance, and record every model’s origin and classification and every site’s country.
        </p>
      )}
      {register === null ? (
        <div className="card empty" aria-busy="true">Reading the ledger…</div>
      ) : (
        <>
          <section className="card card-body" aria-label="Compliance register">
            <h2>Holdings on {asOf}</h2>
            <table className="table" aria-label="Holdings by origin, classification and site country">
              <thead>
                <tr><th>Origin</th><th>Classification</th><th>Site country</th><th className="num">Lots</th><th className="num">Units</th><th className="num">Book value</th></tr>
              </thead>
              <tbody>
                {register.holdings.map((h) => (
                  <tr key={`${h.origin}-${h.classification}-${h.siteCountry}-${h.currency}`}>
                    <td>{orDash(h.origin)}</td>
                    <td className="mono">{orDash(h.classification)}</td>
                    <td>{orDash(h.siteCountry)}</td>
                    <td className="num">{h.lots}</td>
                    <td className="num">{h.units.toLocaleString('en-US')}</td>
                    <td className="num">{formatMoney(h.bookValue, h.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">
              Total <MoneyTotals totals={register.holdings.reduce((m, h) => m.set(h.currency, (m.get(h.currency) ?? 0) + h.bookValue), new Map<string, number>())} />, owned lots at book value.
            </p>
          </section>
          <section className="card card-body" aria-label="Transfers">
            <h2>Transfers ({register.transfers.length})</h2>
            {register.transfers.length === 0 ? (
              <p className="muted">No move between countries recorded yet.</p>
            ) : (
              <table className="table" aria-label="Transfers between countries">
                <thead>
                  <tr><th>Date</th><th>Lot</th><th className="num">Units</th><th>From</th><th>To</th><th>Classification</th><th>Licence</th><th>By</th></tr>
                </thead>
                <tbody>
                  {register.transfers.map((t) => (
                    <tr key={t.eventId}>
                      <td className="mono">{t.date}</td>
                      <td>{t.lotCode}</td>
                      <td className="num">{t.quantity ?? ''}</td>
                      <td>{t.from}</td>
                      <td>{t.to}{t.toBuyer ? ' (buyer)' : ''}</td>
                      <td className="mono">{orDash(t.classification)}</td>
                      <td>{t.licenceReference !== '' ? t.licenceReference : <span className="muted">{t.classification === '' ? 'not judged (classification not recorded)' : 'none needed'}</span>}</td>
                      <td>{t.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <section className="card card-body" aria-label="Supplier scorecard">
        <h2>Suppliers</h2>
        {suppliers === null ? (
          <p className="muted" aria-busy="true">Reading the ledger…</p>
        ) : suppliers.length === 0 ? (
          <p className="muted">No lot names its supplier yet.</p>
        ) : (
          <table className="table" aria-label="Supplier scorecard">
            <thead>
              <tr><th>Supplier</th><th>Channel</th><th>Country</th><th className="num">Lots</th><th className="num">Units</th><th className="num">Spend</th><th className="num">Lead time (median / worst)</th><th className="num">RMA rate</th><th className="num">Paid vs list</th><th className="num">Paid vs market p50</th></tr>
            </thead>
            <tbody>
              {suppliers.map((s) => (
                <tr key={s.supplierId ?? s.supplier}>
                  <td>{s.supplier}</td>
                  <td>{s.channel === null ? <span className="muted">unknown</span> : SUPPLIER_CHANNEL_LABELS[s.channel]}</td>
                  <td className="mono">{s.country ?? '—'}</td>
                  <td className="num">{s.lots}</td>
                  <td className="num">{s.units.toLocaleString('en-US')}</td>
                  <td className="num"><MoneyTotals totals={new Map(Object.entries(s.spend))} /></td>
                  <td className="num">{s.leadTimeDays.median === null ? '—' : `${s.leadTimeDays.median} / ${s.leadTimeDays.worst} days`}</td>
                  <td className="num">{pct(s.rmaRate)}</td>
                  <td className="num">{pct(s.paidVsList)}</td>
                  <td className="num">{pct(s.paidVsMarket)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
