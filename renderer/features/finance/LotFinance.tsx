import { useMemo, useState } from 'react';
import type { IsoDate } from '../../../shared/dates';
import { schedulePeriods, type MonthlySchedule, type PeriodKind } from '../../../shared/depreciation';
import type { DisposalResult } from '../../../shared/depreciation/types';
import { monthIndexOfDate, type YearMonth } from '../../../shared/depreciation/fiscal-calendar';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import { isCommitment, unscheduledDisposal } from '../../../shared/depreciation/fleetValue';
import { STATUS_LABELS } from '../../../shared/lifecycle';
import { accumulatedDepreciationAt, nbvAt } from '../../../shared/depreciation/fleetReport';
import { toCsv } from '../../../shared/csv';
import { BOOKS, costBasis, type BookKind, type Lot, type LotAdjustment } from '../../../shared/lot';
import { formatDecimal, formatMoney, minorDigits } from '../../../shared/money';
import { compactAmount, LineChart } from '../../components/LineChart';
import { todayIso } from '../../lib/clock';
import { saveTextFile } from '../../platform';
import { useUi } from '../../state/ui';
import { describeTemplate, formatYears } from '../lots/PolicyFields';
import { AdjustDialog } from './AdjustDialog';
import type { LotBooks } from './schedules';

const BOOK_LABELS: Record<BookKind, string> = { book: 'Book', tax: 'Tax' };

const MACRS_NO_ADJUSTMENT = 'MACRS recovers the basis by the IRS tables: its recovery periods are statutory and it takes no impairment.';
const NONE_NO_REVISION = 'This book does not depreciate the lot (method: none): there is no useful life or salvage to revise.';

/** Book value at the end of each month of the schedule, as chart points. */
export function bookValuePoints(s: MonthlySchedule): { x: number; y: number }[] {
  const start = monthIndexOfDate(s.startMonth);
  let value = s.cost - s.openingAccumulated - s.openingWriteDowns;
  const points = [{ x: start, y: value }];
  s.depreciation.forEach((d, i) => {
    value -= d + (s.writeDowns[i] ?? 0);
    points.push({ x: start + i + 1, y: value });
  });
  return points;
}

/** The lot's Finance tab: both books' schedules by month, quarter or fiscal year, and the chart. */
export function LotFinance({ lot, books, fiscalYearStart }: { lot: Lot; books: LotBooks | undefined; fiscalYearStart: number }) {
  const [book, setBook] = useState<BookKind>('book');
  const [kind, setKind] = useState<PeriodKind>('year');
  const [adjusting, setAdjusting] = useState<'impairment' | 'revision' | null>(null);
  const toast = useUi((s) => s.toast);
  const today = todayIso();
  // The lot's own view shows its full history: for a split part, its share of every month since
  // the original went into service (equal to the since-split view from the split on).
  const full = useMemo(
    () =>
      Object.fromEntries(
        BOOKS.map((b) => {
          const r = lotSchedule(lot, b, fiscalYearStart, { history: 'full' });
          return [b, r.ok ? r.value : null];
        }),
      ) as Record<BookKind, MonthlySchedule | null>,
    [lot, fiscalYearStart],
  );
  const schedule = full[book];
  const periods = useMemo(() => (schedule ? schedulePeriods(schedule, kind) : []), [schedule, kind]);
  const money = (n: number) => formatMoney(n, lot.currency);
  const todayMonth = monthIndexOfDate(today);
  const committed = isCommitment(lot);
  const carried = useMemo(() => adjustmentsCarried(lot), [lot]);
  const unscheduled = schedule ? null : unscheduledDisposal(lot);
  // The engine takes neither an impairment nor a revision in a MACRS book: the buttons are off there, not refused after filling in.
  const macrs = lot[book].policy.method === 'macrs';
  // Nor does a life or a salvage change anything in a book that does not depreciate (method none): only an impairment does.
  const notDepreciated = lot[book].policy.method === 'none';

  if (books?.error) return <div className="alert alert-error" role="alert">This lot’s depreciation cannot be computed: {books.error}</div>;

  const exportCsv = async () => {
    if (!schedule) return;
    const csv = toCsv(
      ['period', 'start', 'end', 'depreciation', 'write_down', 'accumulated', 'book_value', 'currency'],
      periods.map((p) => [p.label, p.start, p.end, formatDecimal(p.depreciation, lot.currency), formatDecimal(p.writeDown, lot.currency),
        formatDecimal(p.accumulated, lot.currency), formatDecimal(p.bookValue, lot.currency), lot.currency]),
    );
    const saved = await saveTextFile(`${lot.code}-${book}-depreciation-${kind}.csv`, csv, 'csv');
    if (!saved.ok) toast(`Export failed: ${saved.error}`, 'error');
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 'var(--sp-3)' }}>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Books">
          {BOOKS.map((b) => (
            <button key={b} type="button" aria-pressed={book === b} onClick={() => setBook(b)}>{BOOK_LABELS[b]}</button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Periods">
          {(['month', 'quarter', 'year'] as const).map((k) => (
            <button key={k} type="button" aria-pressed={kind === k} onClick={() => setKind(k)}>{k === 'year' ? 'Fiscal year' : k === 'quarter' ? 'Quarter' : 'Month'}</button>
          ))}
        </div>
        <span className="muted" data-testid="finance-policy">{describePolicyInEffect(lot, book, today)}</span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn btn-sm" disabled={!schedule || lot.status === 'disposed' || macrs} title={macrs ? MACRS_NO_ADJUSTMENT : undefined} onClick={() => setAdjusting('impairment')}>Record impairment…</button>
        <button type="button" className="btn btn-sm" disabled={!schedule || lot.status === 'disposed' || macrs || notDepreciated} title={macrs ? MACRS_NO_ADJUSTMENT : notDepreciated ? NONE_NO_REVISION : undefined} onClick={() => setAdjusting('revision')}>Revise life or salvage…</button>
        <button type="button" className="btn btn-sm" disabled={periods.length === 0} onClick={() => void exportCsv()}>Export CSV</button>
      </div>

      {!schedule ? (
        <div className="card empty">
          <h2>{unscheduled !== null ? 'Never depreciated' : 'No depreciation yet'}</h2>
          <p>{noScheduleReason(lot)} Cost basis {money(costBasis(lot))}.</p>
          {/* Never in service, yet disposed of: it left the books at cost, as the depreciation report's roll-forward counts it. */}
          {unscheduled !== null && <DisposalStats disposal={unscheduled} money={money} />}
        </div>
      ) : (
        <>
          {/* A commitment's schedule is a projection from its planned in-service date: the books carry nothing for it (fleetValue.ts). */}
          {committed && (
            <div className="alert alert-warn" role="note" data-testid="finance-projected">
              Projected: this lot is {STATUS_LABELS[lot.status].toLowerCase()}, a commitment the fleet does not own yet. The books carry no
              value and no depreciation for it until it is received; the figures below are what it would book from its planned in-service date.
            </div>
          )}
          <div className="card card-body stats" aria-label={`${BOOK_LABELS[book]} figures`}>
            <div className="stat"><span className="label">Cost</span><span className="value">{money(schedule.cost)}</span></div>
            <div className="stat"><span className="label">{committed ? 'Projected accumulated depreciation' : 'Accumulated depreciation'}</span><span className="value">{money(accumulatedDepreciationAt(schedule, today))}</span></div>
            <div className="stat"><span className="label">{committed ? 'Projected book value today' : 'Net book value today'}</span><span className="value" data-testid="nbv-today">{money(nbvAt(schedule, today))}</span></div>
            <div className="stat"><span className="label">Salvage</span><span className="value">{money(schedule.salvage)}</span></div>
          </div>
          {schedule.disposal && (
            <div className="card card-body">
              <DisposalStats disposal={schedule.disposal} money={money} />
            </div>
          )}
          <div className="card card-body">
            <LineChart
              label={`${BOOK_LABELS[book]} value of ${lot.code} over time`}
              series={[
                ...BOOKS.flatMap((b) => {
                  const s = full[b];
                  return s ? [{ label: `${BOOK_LABELS[b]} value`, points: bookValuePoints(s), color: b === 'book' ? 'var(--accent)' : 'var(--st-refresh)', dashed: b !== book }] : [];
                }),
              ]}
              today={todayMonth}
              formatY={(n) => compactAmount(n, minorDigits(lot.currency))}
            />
          </div>
          {/* Method none books no month (a flat schedule: cost, less impairments): say so rather than show an empty table. */}
          {periods.length === 0 ? (
            <div className="card card-body muted">{noScheduleReason(lot)} It stays on the books at cost, less any impairment, until it is disposed of.</div>
          ) : (
            <div className="card" style={{ overflow: 'auto', maxHeight: 480 }}>
              <table className="table" aria-label={`${BOOK_LABELS[book]} depreciation schedule`}>
                <thead>
                  <tr>
                    <th>Period</th><th>From</th><th>To</th><th className="num">Depreciation</th><th className="num">Write-down</th>
                    <th className="num">Accumulated</th><th className="num">Book value</th>
                  </tr>
                </thead>
                <tbody>
                  {periods.map((p) => (
                    <tr key={p.label} className={p.start <= today && today <= p.end ? 'current' : undefined}>
                      <td>{p.label}</td><td>{p.start}</td><td>{p.end}</td>
                      <td className="num">{money(p.depreciation)}</td>
                      <td className="num">{p.writeDown ? money(p.writeDown) : '—'}</td>
                      <td className="num">{money(p.accumulated)}</td>
                      <td className="num">{money(p.bookValue)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th colSpan={3}>Total</th>
                    <th className="num">{money(periods.reduce((a, p) => a + p.depreciation, 0))}</th>
                    <th className="num">{money(periods.reduce((a, p) => a + p.writeDown, 0))}</th>
                    <th colSpan={2} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {carried.length > 0 && (
            <div className="card card-body">
              <h2>Adjustments</h2>
              <ul>
                {carried.map(({ adjustment: a, beforeSplit }) => (
                  <li key={a.id}>
                    {a.change.date} · {BOOK_LABELS[a.book]} ·{' '}
                    {a.change.type === 'impairment'
                      ? `impairment of ${money(a.change.amount)}`
                      : `revision: ${a.change.lifeMonths !== undefined ? `life ${a.change.lifeMonths} months` : ''}${a.change.salvage !== undefined ? ` salvage ${money(a.change.salvage)}` : ''}`}
                    {beforeSplit !== null && ` (recorded on the lot before the split of ${beforeSplit}; this lot carries its share)`}
                    {a.note && <span className="muted"> — {a.note}</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {adjusting && schedule && (
        <AdjustDialog lot={lot} book={book} kind={adjusting} schedule={schedule} onClose={() => setAdjusting(null)} today={today as IsoDate} fiscalYearStart={fiscalYearStart} />
      )}
    </div>
  );
}

/** A disposal in figures: its date, the proceeds, the book value it left the books at, and the gain or loss (proceeds − that book value). */
function DisposalStats({ disposal, money }: { disposal: DisposalResult; money: (n: number) => string }) {
  return (
    <div className="stats" aria-label="Disposal">
      <div className="stat"><span className="label">Disposed of on</span><span className="value">{disposal.date}</span></div>
      <div className="stat"><span className="label">Proceeds</span><span className="value">{money(disposal.proceeds)}</span></div>
      <div className="stat"><span className="label">Book value at disposal</span><span className="value">{money(disposal.bookValue)}</span></div>
      <div className="stat"><span className="label">Gain / loss on disposal</span><span className="value">{money(disposal.gainOrLoss)}</span></div>
    </div>
  );
}

/**
 * Every impairment and revision the lot's schedules carry, oldest level first: for a part of a lot
 * split after depreciation began, those recorded before each of its splits (moved into its
 * depreciation chain; amounts as recorded on the whole, of which the part carries its share), then
 * its own since its last split.
 */
export function adjustmentsCarried(lot: Lot): { adjustment: LotAdjustment; beforeSplit: YearMonth | null }[] {
  const chain = lot.depreciationChain;
  const own = lot.adjustments.map((adjustment) => ({ adjustment, beforeSplit: null }));
  if (chain === null) return own;
  const inherited = chain.adjustments.map((adjustment) => ({ adjustment, beforeSplit: chain.splits[0]?.month ?? null }));
  chain.splits.forEach((step, k) => {
    const next = chain.splits[k + 1]?.month ?? null;
    for (const adjustment of step.adjustments) inherited.push({ adjustment, beforeSplit: next });
  });
  return [...inherited, ...own];
}

/**
 * The book's policy in one line with the useful life in effect on `today`: after a revision of the
 * life (its own or one carried from before a split), the revised life and when it was revised, from
 * what; a revision dated later is said as what is to come. (The lot's policy keeps the life it was
 * set up with: a revision is recorded beside it, applying from its date on.)
 */
export function describePolicyInEffect(lot: Lot, book: BookKind, today: IsoDate | string): string {
  const template = lot[book];
  const policy = template.policy;
  if (!('lifeMonths' in policy)) return describeTemplate(template);
  const revisions = adjustmentsCarried(lot)
    .map(({ adjustment }) => adjustment)
    .filter((a) => a.book === book && a.change.type === 'revision' && a.change.lifeMonths !== undefined)
    .map((a) => ({ date: a.change.date, lifeMonths: a.change.type === 'revision' ? (a.change.lifeMonths ?? policy.lifeMonths) : policy.lifeMonths }))
    // Stable: revisions of one date stay in the order recorded, the last one standing.
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let life = policy.lifeMonths;
  let revised: { date: string; was: number } | null = null;
  let coming: { date: string; lifeMonths: number } | null = null;
  for (const r of revisions) {
    if (r.date <= today) {
      revised = { date: r.date, was: life };
      life = r.lifeMonths;
    } else {
      coming ??= r;
    }
  }
  const notes = [
    ...(revised !== null ? [`life revised on ${revised.date} (was ${formatYears(revised.was)} y)`] : []),
    ...(coming !== null ? [`life to be ${formatYears(coming.lifeMonths)} y from ${coming.date}`] : []),
  ];
  const line = describeTemplate({ ...template, policy: { ...policy, lifeMonths: life } });
  return notes.length === 0 ? line : `${line}; ${notes.join('; ')}`;
}

/** Why a lot's book has no schedule, in words: it was never in service (and, disposed, never will be), or its method is none. */
export function noScheduleReason(lot: Lot): string {
  if (lot.inServiceDate) return 'This book does not depreciate the lot (method: none).';
  if (lot.status === 'disposed') return `The lot was disposed of${lot.disposedDate ? ` on ${lot.disposedDate}` : ''} without ever being put in service, so it was never depreciated.`;
  return 'Depreciation starts when the lot is put in service.';
}
