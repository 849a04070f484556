import { useCallback, useMemo, useState } from 'react';
import { CATEGORY_LABELS } from '../../../shared/catalog';
import { addDays, addMonths, dateParts, isIsoDate, isoDate, yearRangeProblem } from '../../../shared/dates';
import type { PeriodKind } from '../../../shared/depreciation';
import { lastDayOfMonth, monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { depreciatesIn, expenseByGroup, fleetReportToCsv, reportPeriodHeading, rollForward } from '../../../shared/depreciation/fleetReport';
import { bookedSchedule, bookValueByGroup, rollForwardItems } from '../../../shared/depreciation/fleetValue';
import { STAGE_LABELS, STATUS_STAGE } from '../../../shared/lifecycle';
import { BOOKS, type BookKind, type Lot } from '../../../shared/lot';
import { formatMoney } from '../../../shared/money';
import { Field, FieldErrorAnnouncement } from '../../components/Field';
import { SettledStatus, TypingProblems } from '../../components/TypingProblems';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { counted } from '../../lib/counted';
import { saveTextFile } from '../../platform';
import { useUi } from '../../state/ui';
import { useFullSchedules } from './schedules';

/** The As of field's message follows the typing: not an alert at each keystroke (SettledStatus says it). */
const TYPING = { announce: false, attempt: 0 };

type GroupBy = 'category' | 'site' | 'stage';

/** The fiscal year containing `date`, as first and last day. */
export function fiscalYearBounds(date: string, startMonth: number): { start: string; end: string } {
  const { year, month } = dateParts(date);
  const start = isoDate(month >= startMonth ? year : year - 1, startMonth, 1);
  return { start, end: addDays(addMonths(start, 12), -1) };
}

/**
 * A date of the years every typed date takes (1900–2199): a year typed digit by digit passes
 * through 0002, 0020 and 0202, and a range from one of them would lay out thousands of periods.
 */
const usable = (d: string): boolean => isIsoDate(d) && yearRangeProblem(d) === null;

/**
 * The fleet depreciation report: expense per period by category, site or stage; the net book
 * value roll-forward of any range (it reconciles exactly); net book value at any date.
 */
export function FleetReport({ fleet }: { fleet: Fleet }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const today = todayIso();
  const fy = settings.fiscalYearStart;
  const thisYear = fiscalYearBounds(today, fy);
  // Full histories: a split part's months go back to the original's start, so splitting a lot
  // never changes the fleet's figures for past periods.
  const schedules = useFullSchedules(fleet.lots, fy);
  const currencies = useMemo(() => [...new Set(fleet.lots.map((l) => l.currency))].sort(), [fleet.lots]);
  const [book, setBook] = useState<BookKind>('book');
  const [groupBy, setGroupBy] = useState<GroupBy>('category');
  const [kind, setKind] = useState<PeriodKind>('quarter');
  // The range opens on the team's fiscal year. The settings arrive after the first render (a live
  // query; until then the defaults, a January year), so the range follows them until a date is chosen.
  const [fromChoice, setFrom] = useState<string | null>(null);
  const [toChoice, setTo] = useState<string | null>(null);
  const from = fromChoice ?? thisYear.start;
  const to = toChoice ?? thisYear.end;
  const [asOf, setAsOf] = useState(today);
  const [currencyChoice, setCurrency] = useState<string>('');
  const currency = currencyChoice || (currencies.includes(settings.baseCurrency) ? settings.baseCurrency : (currencies[0] ?? settings.baseCurrency));
  const rangeOk = usable(from) && usable(to) && from <= to;
  // What the message below is about, marked on its field: From when it is unusable or after To, To when it is unusable.
  const fromWrong = !usable(from) || (usable(to) && from > to);
  const toNamed = usable(from) && !usable(to);

  const groupOf = useCallback(
    (lot: Lot): string => {
      switch (groupBy) {
        case 'category': {
          const m = fleet.modelsById.get(lot.modelId);
          return m ? CATEGORY_LABELS[m.category] : 'Unknown model';
        }
        case 'site':
          return (lot.siteId && fleet.sitesById.get(lot.siteId)?.code) || 'No site';
        case 'stage':
          return STAGE_LABELS[STATUS_STAGE[lot.status]];
        default: {
          const never: never = groupBy;
          return never;
        }
      }
    },
    [groupBy, fleet.modelsById, fleet.sitesById],
  );

  const others = fleet.lots.filter((l) => l.currency !== currency).length;
  const items = useMemo(
    () =>
      fleet.lots.flatMap((lot) => {
        // A commitment books nothing, whatever in-service date it was planned with (fleetValue.ts).
        const schedule = lot.currency === currency ? bookedSchedule(lot, schedules.get(lot.id)?.[book] ?? null) : null;
        return schedule ? [{ lot, schedule }] : [];
      }),
    [fleet.lots, schedules, book, currency],
  );

  // The lots that book depreciation in the range shown: not those disposed of before it, fully depreciated before it, or on method none.
  const depreciating = useMemo(() => (rangeOk ? items.filter(({ schedule }) => depreciatesIn(schedule, from, to)).length : null), [items, from, to, rangeOk]);

  const expense = useMemo(
    () => (rangeOk ? expenseByGroup(items.map(({ lot, schedule }) => ({ key: groupOf(lot), schedule })), kind, from.slice(0, 7), to.slice(0, 7), fy) : null),
    [items, groupOf, kind, from, to, fy, rangeOk],
  );
  // Every lot owned on the date, at book value (cost basis before it goes into service): the one definition of fleet value.
  const owned = useMemo(
    () => fleet.lots.filter((lot) => lot.currency === currency).map((lot) => ({ lot, schedule: schedules.get(lot.id)?.[book] ?? null })),
    [fleet.lots, schedules, book, currency],
  );
  // The roll-forward counts the same lots (received but not in service at cost), so it closes on the book value at its end.
  const roll = useMemo(() => {
    if (!rangeOk) return null;
    const r = rollForward(rollForwardItems(owned), from, to);
    return r.ok ? r.value : null;
  }, [owned, from, to, rangeOk]);
  const asOfProblem = !isIsoDate(asOf) ? 'Choose the date to value the fleet at.' : usable(asOf) ? '' : `As of: ${yearRangeProblem(asOf)}.`;
  const nbvByGroup = useMemo(() => (usable(asOf) ? bookValueByGroup(owned, asOf, groupOf) : new Map<string, number>()), [owned, groupOf, asOf]);

  const money = (n: number) => formatMoney(n, currency);
  // The amounts in the CSV are plain decimals: the file's name says their currency.
  const exportExpense = async () => {
    if (!expense) return;
    const saved = await saveTextFile(`fleetledger-depreciation-${book}-${currency}-${groupBy}-${from}-${to}.csv`, fleetReportToCsv({ kind: 'expense', table: expense, groupLabel: groupBy === 'category' ? 'Category' : groupBy === 'site' ? 'Site' : 'Stage' }, currency), 'csv');
    if (!saved.ok) toast(`Export failed: ${saved.error}`, 'error');
  };
  const exportRoll = async () => {
    if (!roll) return;
    const saved = await saveTextFile(`fleetledger-nbv-roll-forward-${book}-${currency}-${from}-${to}.csv`, fleetReportToCsv({ kind: 'roll-forward', rollForward: roll }, currency), 'csv');
    if (!saved.ok) toast(`Export failed: ${saved.error}`, 'error');
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Depreciation report</h1>
        {depreciating !== null && <span className="muted">{counted(depreciating, 'lot')} depreciating from {from} to {to}</span>}
      </div>
      <div className="toolbar" role="group" aria-label="Report options">
        <div className="segmented" role="group" aria-label="Books">
          {BOOKS.map((b) => (
            <button key={b} type="button" aria-pressed={book === b} onClick={() => setBook(b)}>{b === 'book' ? 'Book' : 'Tax'}</button>
          ))}
        </div>
        <label className="field-label" htmlFor="report-group">Group by</label>
        <select id="report-group" className="select" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
          <option value="category">Category</option>
          <option value="site">Site</option>
          <option value="stage">Stage</option>
        </select>
        <label className="field-label" htmlFor="report-period">Periods</label>
        <select id="report-period" className="select" value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)}>
          <option value="month">Months</option>
          <option value="quarter">Quarters</option>
          <option value="year">Fiscal years</option>
        </select>
        <label className="field-label" htmlFor="report-from">From</label>
        <input id="report-from" className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={fromWrong}
          aria-describedby={fromWrong ? 'report-range-error' : undefined} />
        <label className="field-label" htmlFor="report-to">To</label>
        <input id="report-to" className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={!usable(to)}
          aria-describedby={toNamed ? 'report-range-error' : undefined} />
        {currencies.length > 1 && (
          <select className="select" aria-label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        )}
      </div>
      <TypingProblems id="report-range-error"
        said={
          rangeOk
            ? ''
            : !isIsoDate(from)
              ? 'Choose the start of the range (From).'
              : !usable(from)
                ? `From: ${yearRangeProblem(from)}.`
                : !isIsoDate(to)
                  ? 'Choose the end of the range (To).'
                  : !usable(to)
                    ? `To: ${yearRangeProblem(to)}.`
                    : 'Choose a range whose start is on or before its end.'
        } />
      {others > 0 && <div className="alert alert-warn">{counted(others, 'lot')} in other currencies {others === 1 ? 'is' : 'are'} not in this {currency} report; choose their currency above.</div>}

      {roll && (
        <section className="card card-body" aria-label="Net book value roll-forward">
          <div className="toolbar">
            <h2 style={{ margin: 0 }}>Net book value roll-forward, {roll.start} to {roll.end}</h2>
            <span style={{ flex: 1 }} />
            <button type="button" className="btn btn-sm" onClick={() => void exportRoll()}>Export CSV</button>
          </div>
          <table className="table" style={{ maxWidth: 520, marginTop: 'var(--sp-2)' }}>
            <tbody>
              <tr><td>Opening net book value</td><td className="num" data-testid="roll-opening">{money(roll.opening)}</td></tr>
              <tr><td>+ Additions (received)</td><td className="num">{money(roll.additions)}</td></tr>
              <tr><td>− Depreciation</td><td className="num">{money(roll.depreciation)}</td></tr>
              <tr><td>− Impairments</td><td className="num">{money(roll.impairments)}</td></tr>
              <tr><td>− Disposals (book value)</td><td className="num">{money(roll.disposals)}</td></tr>
              <tr><th>Closing net book value</th><th className="num" data-testid="roll-closing">{money(roll.closing)}</th></tr>
            </tbody>
          </table>
          <p className="muted" data-testid="roll-check">
            {roll.opening + roll.additions - roll.depreciation - roll.impairments - roll.disposals === roll.closing
              ? 'Reconciles: opening + additions − depreciation − impairments − disposals = closing, to the cent.'
              : 'Does not reconcile — please report this.'}
          </p>
        </section>
      )}

      {expense && (
        <section className="card" aria-label="Depreciation expense">
          <div className="card-body toolbar">
            <h2 style={{ margin: 0 }}>Depreciation expense by {groupBy}</h2>
            <span style={{ flex: 1 }} />
            <button type="button" className="btn btn-sm" onClick={() => void exportExpense()}>Export CSV</button>
          </div>
          <div style={{ overflow: 'auto' }}>
            <table className="table" aria-label="Expense by period">
              <thead>
                <tr>
                  <th>{groupBy === 'category' ? 'Category' : groupBy === 'site' ? 'Site' : 'Stage'}</th>
                  {expense.periods.map((p) => <th key={p.label} className="num">{reportPeriodHeading(p, expense.kind)}</th>)}
                  <th className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {expense.rows.map((r) => (
                  <tr key={r.key}>
                    <td>{r.key}</td>
                    {r.amounts.map((a, i) => <td key={i} className="num">{money(a)}</td>)}
                    <td className="num"><strong>{money(r.total)}</strong></td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th>Total</th>
                  {expense.totals.map((t, i) => <th key={i} className="num">{money(t)}</th>)}
                  <th className="num">{money(expense.total)}</th>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      )}

      <section className="card card-body" aria-label="Net book value at a date">
        <div className="toolbar">
          <h2 style={{ margin: 0 }}>Net book value at</h2>
          {/* Its message follows the typing: shown at once, said once the typing settles. */}
          <FieldErrorAnnouncement.Provider value={TYPING}>
            <Field label="As of" error={asOfProblem || undefined}>
              <input className="input" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
            </Field>
          </FieldErrorAnnouncement.Provider>
          <SettledStatus text={asOfProblem} />
        </div>
        {/* Without a date there is no value: a total of 0 would read as an empty fleet. */}
        {usable(asOf) && (
          <table className="table" style={{ maxWidth: 520 }}>
            <tbody>
              {[...nbvByGroup.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => (
                <tr key={k}><td>{k}</td><td className="num">{money(v)}</td></tr>
              ))}
              <tr>
                <th>Total</th>
                <th className="num" data-testid="nbv-as-of">{money([...nbvByGroup.values()].reduce((a, b) => a + b, 0))}</th>
              </tr>
            </tbody>
          </table>
        )}
        {/* Depreciation is booked by month (fleetValue.ts): the value "at" a date is the one at the end of its month. */}
        {usable(asOf) && (
          <p className="muted" data-testid="nbv-as-of-note">
            Values at the end of the month, {lastDayOfMonth(monthIndexOfDate(asOf))}: depreciation is booked by month, so any date in a month gives the value at its end.
          </p>
        )}
      </section>
    </div>
  );
}
