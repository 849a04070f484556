import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { CATEGORY_LABELS, modelLabel } from '../../../shared/catalog';
import { residualQuantiles } from '../../../shared/forecast/residual';
import { CONDITION_LABELS, CONDITIONS, type Condition } from '../../../shared/market';
import { formatMoney, minorDigits } from '../../../shared/money';
import { compactAmount, LineChart } from '../../components/LineChart';
import { db } from '../../db/db';
import { observationsOfModels } from '../../db/market';
import type { Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';
import { commonestCondition, curveFacts, fitModelCurve, marketChart, otherCurrencyFact } from './marketChart';
import { exportObservations } from './marketFiles';

/** One model's market prices: the observations, the fitted price curve with its band, and the facts behind it. */
export function ModelMarket({ id, fleet }: { id: string; fleet: Fleet }) {
  const open = useUi((s) => s.open);
  const model = fleet.modelsById.get(id);
  const category = model?.category;
  const categoryIds = useMemo(() => (category === undefined ? [] : fleet.models.filter((m) => m.category === category).map((m) => m.id)), [fleet.models, category]);
  const byModel = useLiveQuery(() => observationsOfModels(db, categoryIds), [categoryIds]);
  const [chosen, setChosen] = useState<Condition | null>(null);
  const today = todayIso();

  if (!model) {
    return (
      <div className="page">
        <div className="card empty">
          <h2>Model not found</h2>
          <p>This model no longer exists: it may have been removed with the demo data.</p>
          <a className="btn" href="#/models">Back to models</a>
        </div>
      </div>
    );
  }
  const own = [...(byModel?.get(model.id) ?? [])].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const others = fleet.models.filter((m) => m.id !== model.id && m.category === model.category).map((m) => ({ model: m, observations: byModel?.get(m.id) ?? [] }));
  const condition = chosen ?? commonestCondition(own);
  const fit = byModel === undefined ? null : fitModelCurve(model, own, others, today, fleet);
  const chart = fit?.ok ? marketChart(fit.value, own, condition, today) : null;
  const now = fit?.ok ? residualQuantiles(fit.value, today, condition) : null;
  const digits = minorDigits(model.currency);

  return (
    <div className="page">
      <div className="page-header">
        <a href="#/models" className="muted">Models</a>
        <span className="muted" aria-hidden="true">/</span>
        <h1>Market prices: {modelLabel(model)}</h1>
        <span className="muted">{CATEGORY_LABELS[model.category]}</span>
        <span className="spacer" />
        <button type="button" className="btn" disabled={own.length === 0} onClick={() => void exportObservations(own, fleet.modelsById, `${model.manufacturer}-${model.name}`)}>
          Export CSV
        </button>
        <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'observation', modelId: model.id })}>
          Record a price
        </button>
      </div>

      <section className="card card-body market-curve" aria-label="Price curve">
        <div className="market-curve-head">
          <h2>Price over time</h2>
          <label className="market-condition">
            Curve for{' '}
            <select className="select" value={condition} onChange={(e) => setChosen(e.target.value as Condition)} aria-label="Curve condition">
              {CONDITIONS.map((c) => (
                <option key={c} value={c}>{CONDITION_LABELS[c]}</option>
              ))}
            </select>
          </label>
        </div>
        {byModel === undefined ? (
          <p className="muted" aria-busy="true">Loading prices…</p>
        ) : fit && !fit.ok ? (
          <p className="muted">{fit.error}</p>
        ) : chart && fit?.ok ? (
          <>
            <LineChart
              label={`Market prices of ${modelLabel(model)} over time, with the fitted curve`}
              series={chart.series}
              dots={chart.dots}
              excludedLabel="Price left out of the fit"
              today={chart.today}
              formatY={(v) => compactAmount(v, digits)}
              height={280}
            />
            <ul className="market-facts" aria-label="Curve facts">
              {now && (
                <li>
                  Today, {CONDITION_LABELS[condition].toLowerCase()}: about {formatMoney(now.p50, model.currency)} a unit (p10–p90 {formatMoney(now.p10, model.currency)} –{' '}
                  {formatMoney(now.p90, model.currency)}).
                </li>
              )}
              {curveFacts(fit.value).map((f) => (
                <li key={f}>{f}</li>
              ))}
              {own.length !== chart.dots.length && <li>{otherCurrencyFact(own.length - chart.dots.length, model.currency)}</li>}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card market-table" aria-label="Observations">
        <div className="card-body">
          <h2>Prices seen ({own.length})</h2>
          {own.length === 0 ? (
            <p className="muted">No prices recorded for this model yet. Record one by hand, or import a market prices CSV from the models page.</p>
          ) : (
            <table className="table" aria-label="Market observations">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" className="num">Unit price</th>
                  <th scope="col">Condition</th>
                  <th scope="col" className="num">Qty</th>
                  <th scope="col">Source</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {own.map((o) => (
                  <tr key={o.id} data-testid="observation-row">
                    <td className="mono">{o.date}</td>
                    <td className="num">{formatMoney(o.unitPrice, o.currency)}</td>
                    <td>{CONDITION_LABELS[o.condition]}</td>
                    <td className="num">{o.quantity}</td>
                    <td>{o.source}</td>
                    <td>{o.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
    </div>
  );
}
