import { isCommitment } from '../../../shared/depreciation/fleetValue';
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type CSSProperties, type FocusEvent as ReactFocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { CATEGORIES, CATEGORY_LABELS, modelLabel } from '../../../shared/catalog';
import { isPoMissing, LOT_STATUSES, STAGES, STAGE_LABELS, STATUS_LABELS, STATUS_STAGE, type LotStatus, type Stage } from '../../../shared/lifecycle';
import { formatMoney } from '../../../shared/money';
import { MoneyTotals } from '../../components/Money';
import { StatusBadge } from '../../components/StatusBadge';
import { useSettings, type Fleet } from '../../db/queries';
import type { Lot } from '../../../shared/lot';
import { useFleetForecast } from '../finance/forecast';
import { useSchedules } from '../finance/schedules';
import { todayIso } from '../../lib/clock';
import { counted } from '../../lib/counted';
import { useSettled } from '../../lib/useSettled';
import { navigate } from '../../state/route';
import { OPTIONAL_LOT_COLUMNS, useLotColumns, useUi, type LotColumnChoice, type LotSortKey, type OptionalLotColumn } from '../../state/ui';
import { exportLots, exportNetBox, exportSnipeIt, exportUnits, importLotsFromFile, importNetBoxFromFiles, importSnipeItFromFile, importUnitsFromFile } from '../importExport/lotFiles';
import { MenuButton } from '../../components/MenuButton';
import { buildLotRows, filterLots, lotListTotals, sortLots, withMarketValues, type LotRow } from './lotRows';

interface Column {
  key: LotSortKey;
  label: string;
  /** Its track in the grid template (px, and a share of any room left over when given). */
  minPx: number;
  grow?: number;
  num?: boolean;
  /** Set for a column the user can hide (see useLotColumns). */
  optional?: OptionalLotColumn;
}

const COLUMNS: readonly Column[] = [
  { key: 'code', label: 'Code', minPx: 190, grow: 1.2 },
  { key: 'model', label: 'Model', minPx: 160, grow: 1.6 },
  { key: 'quantity', label: 'Qty', minPx: 60, num: true },
  { key: 'costBasis', label: 'Cost basis', minPx: 120, grow: 1, num: true },
  { key: 'nbv', label: 'Book value', minPx: 120, grow: 1, num: true },
  { key: 'accumulated', label: 'Accum. dep.', minPx: 110, grow: 0.9, num: true },
  { key: 'market', label: 'Market value', minPx: 120, grow: 1, num: true, optional: 'market' },
  { key: 'gain', label: 'Unrealised gain/loss', minPx: 140, grow: 1, num: true, optional: 'gain' },
  { key: 'status', label: 'Status', minPx: 140 },
  { key: 'site', label: 'Site', minPx: 70 },
  { key: 'age', label: 'Age', minPx: 80, num: true },
];

/**
 * One template for the head and every row, and the width below which the grid scrolls sideways
 * instead of clipping its last columns (the gaps and padding are added in CSS, from the tokens).
 */
function gridLayout(columns: readonly Column[]): { template: string; style: CSSProperties } {
  const template = columns.map((c) => (c.grow === undefined ? `${c.minPx}px` : `minmax(${c.minPx}px, ${c.grow}fr)`)).join(' ');
  const tracks = columns.reduce((sum, c) => sum + c.minPx, 0);
  return { template, style: { '--grid-tracks': `${tracks}px`, '--grid-columns': columns.length } as CSSProperties };
}

const OPTIONAL_LABELS: Record<OptionalLotColumn, string> = { market: 'Market value', gain: 'Unrealised gain/loss' };

/** Hidden market columns forecast no lots: a hook cannot be skipped, and forecasting nothing costs nothing. */
const NO_LOTS: Lot[] = [];
/** The list needs today's figures only (index 0); a one-month horizon gives the same ones at a fraction of the cost. */
const LIST_HORIZON_MONTHS = 1;

export function LotsList({ fleet }: { fleet: Fleet }) {
  const filters = useUi((s) => s.filters);
  const setFilter = useUi((s) => s.setFilter);
  const resetFilters = useUi((s) => s.resetFilters);
  const sort = useUi((s) => s.sort);
  const sortBy = useUi((s) => s.sortBy);
  const open = useUi((s) => s.open);
  const shown = useLotColumns((s) => s.shown);
  const setShown = useLotColumns((s) => s.setShown);
  const today = todayIso();

  const settings = useSettings();
  const schedules = useSchedules(fleet.lots, settings.fiscalYearStart);
  const bookRows = useMemo(() => buildLotRows(fleet, today, schedules, settings.compliancePolicy), [fleet, today, schedules, settings.compliancePolicy]);
  const marketShown = shown.market || shown.gain;
  const forecastFleet = useMemo(() => (marketShown ? fleet : { ...fleet, lots: NO_LOTS }), [marketShown, fleet]);
  const forecast = useFleetForecast(forecastFleet, settings.fiscalYearStart, today, LIST_HORIZON_MONTHS);
  const rows = useMemo(() => (marketShown && forecast ? withMarketValues(bookRows, forecast.byLot) : bookRows), [marketShown, forecast, bookRows]);
  const columns = useMemo(() => COLUMNS.filter((c) => c.optional === undefined || shown[c.optional]), [shown]);
  // Sorting by a column that is not shown would order the list by something invisible.
  const sortShown = columns.some((c) => c.key === sort.key) ? sort : ({ key: 'code', dir: 'asc' } as const);
  // Typing stays responsive even if a render is slow: the list follows a deferred copy.
  const deferred = useDeferredValue(filters);
  const visible = useMemo(() => sortLots(filterLots(rows, deferred), sortShown.key, sortShown.dir), [rows, deferred, sortShown.key, sortShown.dir]);
  const filtered = Object.values(filters).some((v) => v !== '');

  const totals = useMemo(() => lotListTotals(visible), [visible]);

  const showColumn = (column: OptionalLotColumn, show: boolean) => {
    setShown(column, show);
    if (!show && sort.key === column) sortBy('code');
  };

  // Lots imported without their PO, to find and fill in (the filter shows only while there are some).
  const poMissing = useMemo(() => rows.filter((r) => isPoMissing(r.lot)).length, [rows]);

  const count = visible.length === rows.length ? counted(rows.length, 'lot') : `${visible.length.toLocaleString('en-US')} of ${counted(rows.length, 'lot')}`;
  // Said to a screen reader once the filter settles, not at each keystroke typed into the search.
  const countSaid = useSettled(count);
  const statuses: readonly LotStatus[] = filters.stage ? LOT_STATUSES.filter((s) => STATUS_STAGE[s] === filters.stage) : LOT_STATUSES;

  return (
    <div className="page page-fixed">
      <div className="page-header">
        <h1>Lots</h1>
        <span className="muted">{count}</span>
        <span className="spacer" />
        <MenuButton
          label="Import"
          items={[
            { label: 'Lots (CSV)…', onSelect: () => void importLotsFromFile() },
            { label: 'Units (CSV)…', onSelect: () => void importUnitsFromFile() },
            { label: 'Snipe-IT assets (CSV)…', onSelect: () => void importSnipeItFromFile() },
            { label: 'NetBox device types (YAML files)…', onSelect: () => void importNetBoxFromFiles(false) },
            { label: 'NetBox device types (a folder)…', onSelect: () => void importNetBoxFromFiles(true) },
          ]}
        />
        <MenuButton
          label="Export"
          items={[
            { label: filtered ? 'Lots in this list (CSV)' : 'Lots (CSV)', onSelect: () => void exportLots(visible.map((r) => r.lot), fleet, filtered), disabled: visible.length === 0 },
            { label: 'Units (CSV)', onSelect: () => void exportUnits(fleet), disabled: fleet.lots.length === 0 },
            { label: 'Snipe-IT assets (CSV)', onSelect: () => void exportSnipeIt(fleet, false), disabled: fleet.lots.length === 0 },
            { label: 'Snipe-IT assets, every item (CSV)', onSelect: () => void exportSnipeIt(fleet, true), disabled: fleet.lots.length === 0 },
            { label: 'NetBox devices (CSV)', onSelect: () => void exportNetBox(fleet, 4), disabled: fleet.lots.length === 0 },
            { label: 'NetBox 3 devices (CSV)', onSelect: () => void exportNetBox(fleet, 3), disabled: fleet.lots.length === 0 },
          ]}
        />
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
        {(poMissing > 0 || filters.po !== '') && (
          <select className="select" aria-label="PO" value={filters.po} onChange={(e) => setFilter('po', e.target.value as typeof filters.po)}>
            <option value="">Any PO</option>
            <option value="missing">PO missing ({poMissing})</option>
          </select>
        )}
        {settings.compliancePolicy.trustedOrigins.length > 0 && (
          <select className="select" aria-label="Origin" value={filters.origin} onChange={(e) => setFilter('origin', e.target.value as typeof filters.origin)}>
            <option value="">All origins</option>
            <option value="flagged">Origin flagged</option>
          </select>
        )}
        {filtered && (
          <button type="button" className="btn btn-ghost" onClick={resetFilters}>
            Clear filters
          </button>
        )}
        <ColumnsMenu shown={shown} onChange={showColumn} />
        <p className="visually-hidden" role="status">{countSaid}</p>
      </div>
      {forecast?.error && marketShown && (
        <div className="alert alert-error" role="alert">No market values: the forecast failed: {forecast.error}</div>
      )}

      {rows.length === 0 ? (
        <div className="card empty">
          <h2>No lots yet</h2>
          <p>Register a purchase by hand, or import your existing register from a CSV file.</p>
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'new-lot' })}>New lot</button>
            <button type="button" className="btn" onClick={() => void importLotsFromFile()}>Import lots (CSV)…</button>
            <button type="button" className="btn" onClick={() => void importSnipeItFromFile()}>Import from Snipe-IT…</button>
          </div>
        </div>
      ) : (
        <LotGrid rows={visible} columns={columns} marketPending={marketShown && forecast === undefined}
          sortKey={sortShown.key} sortDir={sortShown.dir} onSort={sortBy} footer={
          <>
            <span>{counted(visible.length, 'lot')}</span>
            <span>{counted(totals.units, 'unit')}</span>
            <span data-testid="total-cost" title="What the fleet owns (received until disposed), at cost: the lots the book value counts. Planned and ordered lots are under Committed; disposed lots are in neither.">
              Cost basis owned <MoneyTotals totals={totals.ownedCost} />
            </span>
            <span data-testid="total-nbv" title="What the fleet owns (received until disposed), at book value: cost basis until a lot goes into service.">Book value <MoneyTotals totals={totals.nbv} /></span>
            {totals.committed.size > 0 && (
              <span data-testid="total-committed" title="Planned and ordered lots: the capex pipeline, not fleet value until received.">
                Committed <MoneyTotals totals={totals.committed} />
              </span>
            )}
            {shown.market && <span data-testid="total-market">Market value <MoneyTotals totals={totals.market} /></span>}
            {shown.gain && (
              <span data-testid="total-gain" title="Market value less book value, over the lots owned.">
                Unrealised gain/loss <MoneyTotals totals={totals.gain} />
              </span>
            )}
          </>
        } />
      )}
    </div>
  );
}

/**
 * The Columns button and its panel of checkboxes (a disclosure, not a menu: Tab and Space work as
 * in any form). Escape or a click elsewhere closes it; Escape gives focus back to the button.
 */
function ColumnsMenu({ shown, onChange }: { shown: LotColumnChoice; onChange: (column: OptionalLotColumn, show: boolean) => void }) {
  const [expanded, setExpanded] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!expanded) return;
    const closeOutside = (e: PointerEvent | FocusEvent) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) setExpanded(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    document.addEventListener('focusin', closeOutside);
    return () => {
      document.removeEventListener('pointerdown', closeOutside);
      document.removeEventListener('focusin', closeOutside);
    };
  }, [expanded]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && expanded) {
      setExpanded(false);
      button.current?.focus();
    }
  };

  return (
    <div className="columns-menu" ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="btn" aria-expanded={expanded} aria-controls={panelId} onClick={() => setExpanded((x) => !x)}>
        Columns
      </button>
      <fieldset id={panelId} className="columns-menu-panel" hidden={!expanded}>
        <legend>Optional columns</legend>
        {OPTIONAL_LOT_COLUMNS.map((column) => (
          <label key={column} className="columns-menu-option">
            <input type="checkbox" checked={shown[column]} onChange={(e) => onChange(column, e.target.checked)} />
            {OPTIONAL_LABELS[column]}
          </label>
        ))}
        <p className="muted columns-menu-note">Expected market value (p50) today for the lot’s quantity, and that less the book value.</p>
      </fieldset>
    </div>
  );
}

/** "+USD 1.00", "−USD 1.00", "USD 0.00": the sign is spelled out, not left to the colour. */
function signedMoney(minor: number, currency: string): string {
  return minor > 0 ? `+${formatMoney(minor, currency)}` : formatMoney(minor, currency);
}

const NONE = <span className="muted">—</span>;
const PENDING = <span className="muted">…</span>;

/** What a row shows in a column. */
function cellContent(key: LotSortKey, row: LotRow, marketPending: boolean): ReactNode {
  switch (key) {
    case 'code':
      return (
        <>
          {row.code} {row.lot.demo && <span className="demo-tag" title="Demo data">demo</span>}
          {row.originFlag !== null && <span className="badge badge-warn badge-plain" title={`Compliance: ${row.originFlag}`} data-testid="origin-flag">origin</span>}
          {isPoMissing(row.lot) && <span className="badge badge-warn badge-plain" title="Imported without its purchase order number: fill it in with Edit" data-testid="po-missing">PO missing</span>}
        </>
      );
    case 'model':
      return row.model;
    case 'quantity':
      return row.quantity.toLocaleString('en-US');
    case 'costBasis':
      return formatMoney(row.costBasis, row.currency);
    case 'nbv':
      return row.nbv === null ? NONE : formatMoney(row.nbv, row.currency);
    case 'accumulated':
      return row.accumulated === null ? NONE : formatMoney(row.accumulated, row.currency);
    case 'market':
      return marketPending ? PENDING : row.market === null ? NONE : formatMoney(row.market, row.currency);
    case 'gain':
      return marketPending ? PENDING : row.gain === null ? NONE : signedMoney(row.gain, row.currency);
    case 'status':
      return <StatusBadge status={row.status} />;
    case 'site':
      return row.site || NONE;
    case 'age':
      return row.age;
    default: {
      const never: never = key;
      return never;
    }
  }
}

const AT_COST = 'The cost basis: depreciation starts when the lot goes into service.';
const COMMITTED = 'A commitment (planned or ordered): not fleet value until it is received.';

function cellTitle(column: Column, row: LotRow): string | undefined {
  if (column.key === 'model') return row.model;
  if ((column.key === 'nbv' || column.key === 'market' || column.key === 'gain') && isCommitment(row.lot)) return COMMITTED;
  if (column.key === 'nbv' && row.nbv !== null && row.lot.inServiceDate === null) return AT_COST;
  return undefined;
}

function cellClass(column: Column, row: LotRow): string | undefined {
  if (column.key === 'code') return 'mono';
  if (column.key === 'gain' && row.gain !== null && row.gain !== 0) return row.gain > 0 ? 'num gain' : 'num loss';
  return column.num ? 'num' : undefined;
}

function followSideways(follower: HTMLElement | null, leader: HTMLElement): void {
  if (follower && follower.scrollLeft !== leader.scrollLeft) follower.scrollLeft = leader.scrollLeft;
}

interface GridProps {
  rows: LotRow[];
  columns: readonly Column[];
  /** The market columns are shown but their forecast is still being read. */
  marketPending: boolean;
  sortKey: LotSortKey;
  sortDir: 'asc' | 'desc';
  onSort: (key: LotSortKey) => void;
  footer: ReactNode;
}

/**
 * Only the rows in view are rendered, whatever the fleet size, so the keyboard cannot Tab along
 * them: the grid is one Tab stop that keeps the focus itself and says which row (or heading) is
 * active (aria-activedescendant). The arrow keys, Page Up/Down, Home and End move along the rows,
 * Enter opens the lot; up from the first row are the column headings, along them with Left and
 * Right, where Enter or Space sorts. Each row says where it is in the whole list (aria-rowindex,
 * the heading row being row 1), as only some are in the page.
 */
function LotGrid({ rows, columns, marketPending, sortKey, sortDir, onSort, footer }: GridProps) {
  const { template, style } = useMemo(() => gridLayout(columns), [columns]);
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const ids = useId();
  const [active, setActive] = useState(0);
  // The column heading the keyboard is on, or null when it is on the rows.
  const [heading, setHeading] = useState<number | null>(null);
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));
  const headingIndex = rows.length === 0 ? Math.min(heading ?? 0, columns.length - 1) : heading === null ? null : Math.min(heading, columns.length - 1);
  // The active row stays in the page even when scrolled out of view: aria-activedescendant must name an element that is there.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return activeIndex < rows.length && !indexes.includes(activeIndex) ? [...indexes, activeIndex].sort((x, y) => x - y) : indexes;
    },
    [activeIndex, rows.length],
  );
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 34, overscan: 12, rangeExtractor });
  // By lot, not by place: after a sort the active place holds another lot, and that is a change to announce.
  const rowId = (index: number) => `lot-row-${rows[index]?.id ?? ''}`;
  const headingId = (index: number) => `${ids}-heading-${index}`;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // A sort button clicked with the mouse has the focus: its own keys are its own.
    if (e.target !== e.currentTarget) return;
    if (headingIndex !== null) {
      const moves: Record<string, number> = { ArrowLeft: headingIndex - 1, ArrowRight: headingIndex + 1, Home: 0, End: columns.length - 1 };
      const next = moves[e.key];
      if (next !== undefined) {
        e.preventDefault();
        setHeading(Math.max(0, Math.min(columns.length - 1, next)));
      } else if (e.key === 'ArrowDown' && rows.length > 0) {
        e.preventDefault();
        setHeading(null);
        virtualizer.scrollToIndex(activeIndex);
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        const column = columns[headingIndex];
        if (column) onSort(column.key);
      }
      return;
    }
    if (e.key === 'ArrowUp' && activeIndex === 0) {
      e.preventDefault();
      setHeading(Math.max(0, columns.findIndex((c) => c.key === sortKey)));
      head.current?.scrollIntoView({ block: 'nearest' });
      return;
    }
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
  // Coming back by Tab to a list scrolled since: the keyboard starts on a row in view.
  const onFocus = (e: ReactFocusEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || headingIndex !== null) return;
    const shown = virtualizer.getVirtualItems().filter((item) => {
      const top = scroller.current?.scrollTop ?? 0;
      return item.start >= top && item.end <= top + (scroller.current?.clientHeight ?? 0);
    });
    const first = shown[0];
    if (first && !shown.some((item) => item.index === activeIndex)) setActive(first.index);
  };

  return (
    <div className="table-wrap lots-grid" style={style}>
      <div className="grid-table" style={rows.length === 0 ? { flex: 'none' } : undefined} role="grid" aria-label="Lots" aria-describedby={`${ids}-keys`} aria-rowcount={rows.length + 1} aria-colcount={columns.length}
        aria-busy={marketPending} tabIndex={0} onKeyDown={onKeyDown} onFocus={onFocus}
        aria-activedescendant={headingIndex !== null ? headingId(headingIndex) : rows[activeIndex] ? rowId(activeIndex) : undefined}>
        <span id={`${ids}-keys`} hidden>Arrow keys move between the lots, Enter opens one; up from the first are the column headings, where Enter sorts.</span>
        {/* Scrolled with the rows (and they with it). */}
        <div className="lots-grid-head" role="rowgroup" ref={head} onScroll={(e) => followSideways(scroller.current, e.currentTarget)}>
          <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {columns.map((c, i) => (
              <div key={c.key} id={headingId(i)} role="columnheader" className={[c.num ? 'num' : '', i === headingIndex ? 'is-active' : ''].join(' ').trim() || undefined}
                aria-sort={sortKey === c.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {/* For the mouse: the keyboard sorts from the grid's own Tab stop. */}
                <button type="button" tabIndex={-1} onClick={() => onSort(c.key)}>
                  {c.label}
                  <span aria-hidden="true">{sortKey === c.key ? (sortDir === 'asc' ? '▲' : '▼') : ''}</span>
                </button>
              </div>
            ))}
          </div>
        </div>
        {rows.length > 0 && (
          // Not a Tab stop of its own (Chromium makes a scroller without focusable content one): the grid is.
          <div className="grid-body" role="rowgroup" ref={scroller} tabIndex={-1} onScroll={(e) => followSideways(head.current, e.currentTarget)}>
            <div className="lots-grid-rows" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const r = rows[item.index];
                if (!r) return null;
                return (
                  <div key={r.id} id={rowId(item.index)} role="row" aria-rowindex={item.index + 2}
                    className={item.index === activeIndex && headingIndex === null ? 'grid-row is-active' : 'grid-row'} data-lot-code={r.code}
                    style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)` }}
                    onClick={() => { setActive(item.index); setHeading(null); navigate({ name: 'lot', id: r.id }); }}>
                    {columns.map((c) => (
                      <div key={c.key} role="gridcell" className={cellClass(c, r)} data-column={c.key} title={cellTitle(c, r)}>
                        {cellContent(c.key, r, marketPending)}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </div>
      {rows.length === 0 && (
        <div className="empty">
          <h2>No lots match</h2>
          <p>Change the search or clear the filters.</p>
        </div>
      )}
      {/* Beside the grid, not in it: a grid holds rows only. */}
      <div className="grid-foot">{footer}</div>
    </div>
  );
}
