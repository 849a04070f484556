import { useMemo } from 'react';
import { counted } from '../../lib/counted';
import { modelLabel } from '../../../shared/catalog';
import { STAGES, STAGE_LABELS, STATUS_LABELS, statusesOfStage, STATUS_STAGE, type LotStatus, type Stage } from '../../../shared/lifecycle';
import { costBasis, type Lot } from '../../../shared/lot';
import { isCommitment } from '../../../shared/depreciation/fleetValue';
import { addTo, MoneyTotals } from '../../components/Money';
import type { Fleet } from '../../db/queries';
import { navigate } from '../../state/route';
import { EMPTY_FILTERS, useUi } from '../../state/ui';

interface StatusSummary {
  lots: Lot[];
  quantity: number;
  cost: Map<string, number>;
}

const SHOWN_PER_STATUS = 6;

type CostKind = 'committed' | 'owned' | 'disposed';
const COST_KINDS: readonly CostKind[] = ['committed', 'owned', 'disposed'];
const COST_KIND_TITLES: Record<CostKind, string> = {
  committed: 'Planned and ordered lots, at cost: the capex pipeline, not the fleet’s until received.',
  owned: 'Lots the fleet owns (received until disposed), at cost basis.',
  disposed: 'Lots disposed of, at the cost they had: no longer on the books.',
};

/** The four stages side by side: what is where, and what it cost. Moves start from here. */
export function Pipeline({ fleet }: { fleet: Fleet }) {
  const open = useUi((s) => s.open);
  const summary = useMemo(() => {
    const byStatus = new Map<LotStatus, StatusSummary>();
    for (const lot of fleet.lots) {
      const s = byStatus.get(lot.status) ?? { lots: [], quantity: 0, cost: new Map<string, number>() };
      s.lots.push(lot);
      s.quantity += lot.quantity;
      addTo(s.cost, lot.currency, costBasis(lot));
      byStatus.set(lot.status, s);
    }
    for (const s of byStatus.values()) s.lots.sort((a, b) => costBasis(b) - costBasis(a));
    // A stage's cost is told apart by what it is (PRODUCT.md "Fleet value"): planned and ordered lots
    // are commitments, not the team's hardware; disposed lots have left the books. Procure holds
    // commitments and received lots, decommission lots still owned and lots disposed of.
    const byStage = new Map<Stage, { lots: number; quantity: number; cost: Record<CostKind, Map<string, number>> }>();
    for (const [status, s] of byStatus) {
      const stage = STATUS_STAGE[status];
      const t = byStage.get(stage) ?? { lots: 0, quantity: 0, cost: { committed: new Map<string, number>(), owned: new Map<string, number>(), disposed: new Map<string, number>() } };
      t.lots += s.lots.length;
      t.quantity += s.quantity;
      const kind: CostKind = isCommitment({ status }) ? 'committed' : status === 'disposed' ? 'disposed' : 'owned';
      for (const [c, v] of s.cost) addTo(t.cost[kind], c, v);
      byStage.set(stage, t);
    }
    return { byStatus, byStage };
  }, [fleet.lots]);

  const showStatus = (status: LotStatus) => {
    useUi.setState({ filters: { ...EMPTY_FILTERS, status } });
    navigate({ name: 'lots' });
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Pipeline</h1>
        <span className="muted">procure → deploy → refresh → decommission</span>
      </div>
      <div className="pipeline">
        {STAGES.map((stage) => {
          const t = summary.byStage.get(stage);
          return (
            <section key={stage} className={`stage-col stage-${stage}`} aria-label={`${STAGE_LABELS[stage]} stage`}>
              <h2>{STAGE_LABELS[stage]}</h2>
              <div className="stage-summary">
                {t ? (
                  <>
                    {counted(t.lots, 'lot')} · {counted(t.quantity, 'unit')}
                    {COST_KINDS.filter((k) => t.cost[k].size > 0).map((k) => (
                      <span key={k} title={COST_KIND_TITLES[k]}> · {k} <MoneyTotals totals={t.cost[k]} /></span>
                    ))}
                  </>
                ) : (
                  'Nothing here'
                )}
              </div>
              {statusesOfStage(stage).map((status) => {
                const s = summary.byStatus.get(status);
                return (
                  <div key={status} className="status-block" data-status={status}>
                    <div className="status-head">
                      <button type="button" className="btn btn-ghost btn-sm" style={{ paddingLeft: 0 }} onClick={() => showStatus(status)}
                        aria-label={`${STATUS_LABELS[status]}: show ${counted(s?.lots.length ?? 0, 'lot')} in the list`}>
                        <strong>{STATUS_LABELS[status]}</strong>
                      </button>
                      <span className="muted">{s ? counted(s.lots.length, 'lot') : '—'}</span>
                    </div>
                    {s && (
                      <>
                        <div className="status-stats">
                          <span>{counted(s.quantity, 'unit')}</span>
                          <MoneyTotals totals={s.cost} />
                        </div>
                        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                          {s.lots.slice(0, SHOWN_PER_STATUS).map((lot) => {
                            const model = fleet.modelsById.get(lot.modelId);
                            return (
                              <li key={lot.id} className="mini-lot">
                                <a href={`#/lots/${lot.id}`} title={model ? modelLabel(model) : ''}>
                                  <span className="mono">{lot.code}</span> <span className="muted">×{lot.quantity}</span>
                                </a>
                                {status !== 'disposed' && (
                                  <button type="button" className="btn btn-sm" onClick={() => open({ kind: 'move', lotId: lot.id })} aria-label={`Move ${lot.code}`}>
                                    Move…
                                  </button>
                                )}
                              </li>
                            );
                          })}
                        </ul>
                        {s.lots.length > SHOWN_PER_STATUS && (
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => showStatus(status)}>
                            + {s.lots.length - SHOWN_PER_STATUS} more
                          </button>
                        )}
                      </>
                    )}
                  </div>
                );
              })}
            </section>
          );
        })}
      </div>
    </div>
  );
}
