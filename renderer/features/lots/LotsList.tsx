import { useDeferredValue, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { CATEGORIES, CATEGORY_LABELS, modelLabel } from '../../../shared/catalog';
import { LOT_STATUSES, STAGES, STAGE_LABELS, STATUS_LABELS, STATUS_STAGE, type LotStatus, type Stage } from '../../../shared/lifecycle';
import { formatMoney } from '../../../shared/money';
import { addTo, MoneyTotals } from '../../components/Money';
import { StatusBadge } from '../../components/StatusBadge';
import { useSettings, type Fleet } from '../../db/queries';
import { useSchedules } from '../finance/schedules';
import { todayIso } from '../../lib/clock';
import { navigate } from '../../state/route';
import { useUi, type LotSortKey } from '../../state/ui';
import { exportLots, importLotsFromFile } from '../importExport/lotFiles';
import { buildLotRows, filterLots, sortLots, type LotRow } from './lotRows';

const COLUMNS: { key: LotSortKey; label: string; num?: boolean }[] = [
  { key: 'code', label: 'Code' },
  { key: 'model', label: 'Model' },
  { key: 'quantity', label: 'Qty', num: true },
  { key: 'costBasis', label: 'Cost basis', num: true },
  { key: 'nbv', label: 'Book value', num: true },
  { key: 'accumulated', label: 'Accum. dep.', num: true },
  { key: 'status', label: 'Status' },
  { key: 'site', label: 'Site' },
  { key: 'age', label: 'Age', num: true },
];
const TEMPLATE = 'minmax(190px, 1.2fr) minmax(160px, 1.6fr) 60px minmax(120px, 1fr) minmax(120px, 1fr) minmax(110px, 0.9fr) 140px 70px 80px';

export function LotsList({ fleet }: { fleet: Fleet }) {
  const filters = useUi((s) => s.filters);
  const setFilter = useUi((s) => s.setFilter);
  const resetFilters = useUi((s) => s.resetFilters);
  const sort = useUi((s) => s.sort);
  const sortBy = useUi((s) => s.sortBy);
  const open = useUi((s) => s.open);
  const today = todayIso();

  const settings = useSettings();
  const schedules = useSchedules(fleet.lots, settings.fiscalYearStart);
  const rows = useMemo(() => buildLotRows(fleet, today, schedules), [fleet, today, schedules]);
  // Typing stays responsive even if a render is slow: the list follows a deferred copy.
  const deferred = useDeferredValue(filters);
  const visible = useMemo(() => sortLots(filterLots(rows, deferred), sort.key, sort.dir), [rows, deferred, sort]);
  const filtered = Object.values(filters).some((v) => v !== '');

  const totals = useMemo(() => {
    const t = new Map<string, number>();
    const nbv = new Map<string, number>();
    let units = 0;
    for (const r of visible) {
      addTo(t, r.currency, r.costBasis);
      if (r.nbv !== null) addTo(nbv, r.currency, r.nbv);
      units += r.quantity;
    }
    return { cost: t, nbv, units };
  }, [visible]);

  const statuses: readonly LotStatus[] = filters.stage ? LOT_STATUSES.filter((s) => STATUS_STAGE[s] === filters.stage) : LOT_STATUSES;

  return (
    <div className="page page-fixed">
      <div className="page-header">
        <h1>Lots</h1>
        <span className="muted">
          {visible.length === rows.length ? `${rows.length} lots` : `${visible.length} of ${rows.length} lots`}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void importLotsFromFile()}>
          Import CSV…
        </button>
        <button type="button" className="btn" onClick={() => void exportLots(visible.map((r) => r.lot), fleet, filtered)} disabled={visible.length === 0}>
          Export CSV
        </button>
        <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'new-lot' })}>
          New lot
        </button>
      </div>

      <div className="toolbar" role="search" aria-label="Filter lots">
        <input
          className="input search"
          type="search"
          placeholder="Search code, model, site, PO, supplier…"
          aria-label="Search lots"
          value={filters.text}
          onChange={(e) => setFilter('text', e.target.value)}
        />
        <select className="select" aria-label="Stage" value={filters.stage} onChange={(e) => {
          setFilter('stage', e.target.value as Stage | '');
          if (filters.status && e.target.value && STATUS_STAGE[filters.status] !== e.target.value) setFilter('status', '');
        }}>
          <option value="">All stages</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>{STAGE_LABELS[s]}</option>
          ))}
        </select>
        <select className="select" aria-label="Status" value={filters.status} onChange={(e) => setFilter('status', e.target.value as LotStatus | '')}>
          <option value="">All statuses</option>
          {statuses.map((s) => (
            <option key={s} value={s}>{STATUS_LABELS[s]}</option>
          ))}
        </select>
        <select className="select" aria-label="Site" value={filters.siteId} onChange={(e) => setFilter('siteId', e.target.value)}>
          <option value="">All sites</option>
          {[...fleet.sites].sort((a, b) => a.code.localeCompare(b.code)).map((s) => (
            <option key={s.id} value={s.id}>{s.code} — {s.name}</option>
          ))}
        </select>
        <select className="select" aria-label="Category" value={filters.category} onChange={(e) => setFilter('category', e.target.value as typeof filters.category)}>
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
          ))}
        </select>
        <select className="select" aria-label="Model" value={filters.modelId} onChange={(e) => setFilter('modelId', e.target.value)}>
          <option value="">All models</option>
          {[...fleet.models].sort((a, b) => modelLabel(a).localeCompare(modelLabel(b))).map((m) => (
            <option key={m.id} value={m.id}>{modelLabel(m)}</option>
          ))}
        </select>
        {filtered && (
          <button type="button" className="btn btn-ghost" onClick={resetFilters}>
            Clear filters
          </button>
        )}
      </div>

      {rows.length === 0 ? (
        <div className="card empty">
          <h2>No lots yet</h2>
          <p>Register a purchase by hand, or import your existing register from a CSV file.</p>
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'new-lot' })}>New lot</button>
            <button type="button" className="btn" onClick={() => void importLotsFromFile()}>Import CSV…</button>
          </div>
        </div>
      ) : (
        <LotGrid rows={visible} sortKey={sort.key} sortDir={sort.dir} onSort={sortBy} footer={
          <>
            <span>{visible.length} lots</span>
            <span>{totals.units.toLocaleString('en-US')} units</span>
            <span>Cost basis <MoneyTotals totals={totals.cost} /></span>
            <span>Book value <MoneyTotals totals={totals.nbv} /></span>
          </>
        } />
      )}
    </div>
  );
}

interface GridProps {
  rows: LotRow[];
  sortKey: LotSortKey;
  sortDir: 'asc' | 'desc';
  onSort: (key: LotSortKey) => void;
  footer: React.ReactNode;
}

/** Only the rows in view are rendered, whatever the fleet size. */
function LotGrid({ rows, sortKey, sortDir, onSort, footer }: GridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 34, overscan: 12 });
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 340) / 34) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -rows.length, End: rows.length };
    const delta = moves[e.key];
    if (delta !== undefined) {
      e.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, activeIndex + delta));
      setActive(next);
      virtualizer.scrollToIndex(next);
    } else if (e.key === 'Enter') {
      const row = rows[activeIndex];
      if (row) navigate({ name: 'lot', id: row.id });
    }
  };

  return (
    <div className="table-wrap" role="grid" aria-label="Lots" aria-rowcount={rows.length + 1}>
      <div className="grid-head" role="row" style={{ gridTemplateColumns: TEMPLATE }}>
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader" className={c.num ? 'num' : undefined}
            aria-sort={sortKey === c.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button type="button" onClick={() => onSort(c.key)}>
              {c.label}
              <span aria-hidden="true">{sortKey === c.key ? (sortDir === 'asc' ? '▲' : '▼') : ''}</span>
            </button>
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className="empty">
          <h2>No lots match</h2>
          <p>Change the search or clear the filters.</p>
        </div>
      ) : (
        <div className="grid-body" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} aria-activedescendant={rows[activeIndex] ? `lot-row-${rows[activeIndex].id}` : undefined}
          aria-label="Lot rows: arrow keys to move, Enter to open">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = rows[item.index];
              if (!r) return null;
              return (
                <div key={r.id} id={`lot-row-${r.id}`} role="row" aria-rowindex={item.index + 2} aria-selected={item.index === activeIndex}
                  className="grid-row" data-lot-code={r.code}
                  style={{ gridTemplateColumns: TEMPLATE, transform: `translateY(${item.start}px)` }}
                  onClick={() => { setActive(item.index); navigate({ name: 'lot', id: r.id }); }}>
                  <div role="gridcell" className="mono">
                    {r.code} {r.lot.demo && <span className="demo-tag" title="Demo data">demo</span>}
                  </div>
                  <div role="gridcell" title={r.model}>{r.model}</div>
                  <div role="gridcell" className="num">{r.quantity.toLocaleString('en-US')}</div>
                  <div role="gridcell" className="num">{formatMoney(r.costBasis, r.currency)}</div>
                  <div role="gridcell" className="num">{r.nbv === null ? <span className="muted">—</span> : formatMoney(r.nbv, r.currency)}</div>
                  <div role="gridcell" className="num">{r.accumulated === null ? <span className="muted">—</span> : formatMoney(r.accumulated, r.currency)}</div>
                  <div role="gridcell"><StatusBadge status={r.status} /></div>
                  <div role="gridcell">{r.site || <span className="muted">—</span>}</div>
                  <div role="gridcell" className="num">{r.age}</div>
                </div>
              );
            })}
          </div>
        </div>
      )}
      <div className="grid-foot">{footer}</div>
    </div>
  );
}
