/**
 * A lot's utilisation record (issue 12): the months it has a figure for, and a form to record one
 * (or change or remove it). Each save is one `edited` event naming that month only; the months
 * without a figure take the team's assumption, which own vs rent calls "assumed".
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isYearMonth } from '../../../shared/depreciation/fiscal-calendar';
import type { Lot } from '../../../shared/lot';
import { formatPercent, isUtilisationPercent, parsePercentText, sortedUtilisation, type UtilisationChange } from '../../../shared/utilisation';
import { db } from '../../db/db';
import { recordUtilisation } from '../../db/utilisation';
import { useSettings } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';

/** The month before `today`'s: the last whole month, the one a person usually has figures for. */
function lastMonth(today: string): string {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function LotUtilisation({ lot }: { lot: Lot }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [month, setMonth] = useState(() => lastMonth(todayIso()));
  const [value, setValue] = useState('');
  // The message, the field it is about (marked, described by it, and given the keyboard), and which
  // attempt it answers: the same refusal twice is said again, not met with silence.
  const [error, setErrorState] = useState<{ text: string; field: 'month' | 'percent' | null; attempt: number } | null>(null);
  const attempts = useRef(0);
  const setError = (text: string | null, field: 'month' | 'percent' | null = null) => {
    attempts.current += 1;
    setErrorState(text === null ? null : { text, field, attempt: attempts.current });
  };
  const monthBox = useRef<HTMLInputElement>(null);
  const percentBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error?.field === 'month') monthBox.current?.focus();
    else if (error?.field === 'percent') percentBox.current?.focus();
  }, [error]);
  const [saving, setSaving] = useState(false);
  const recorded = Object.entries(sortedUtilisation(lot.utilisation ?? {})).reverse();

  const save = async (change: UtilisationChange, message: string) => {
    setSaving(true);
    try {
      const r = await recordUtilisation(db, lot.id, change, settings.actorName);
      if (!r.ok) {
        setError(r.error);
        return false;
      }
      toast(message);
      return true;
    } finally {
      setSaving(false);
    }
  };

  const record = async (e: FormEvent) => {
    e.preventDefault();
    const percent = parsePercentText(value);
    if (!isYearMonth(month)) return setError('Choose a month.', 'month');
    if (percent === null || !isUtilisationPercent(percent)) return setError('Utilisation is a percentage from 0 to 100, at most two decimals.', 'percent');
    setError(null);
    if (await save({ [month]: percent }, `${lot.code}: utilisation of ${month} recorded as ${formatPercent(percent)}`)) setValue('');
  };

  const remove = (m: string) => {
    void save({ [m]: null }, `${lot.code}: utilisation of ${m} removed; the assumption applies to it again`);
  };

  return (
    <section className="card card-body" aria-label="Utilisation" style={{ marginTop: 'var(--sp-3)' }}>
      <h2>Utilisation</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        The share of each month’s hours this lot did useful work. Months without a figure take the team’s assumption, {formatPercent(settings.assumedUtilisationPercent)}, and own vs rent marks them “assumed”.
      </p>
      <form className="toolbar" onSubmit={(e) => void record(e)} aria-label="Record utilisation">
        <label className="field-label" htmlFor="util-month">Month</label>
        <input id="util-month" ref={monthBox} className="input" type="month" value={month} onChange={(e) => setMonth(e.target.value)}
          aria-invalid={error?.field === 'month' || undefined} aria-describedby={error?.field === 'month' ? 'util-error' : undefined} />
        <label className="field-label" htmlFor="util-percent">Utilisation (%)</label>
        <input id="util-percent" ref={percentBox} className="input" style={{ width: 80 }} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)}
          aria-invalid={error?.field === 'percent' || undefined} aria-describedby={error?.field === 'percent' ? 'util-error' : undefined} />
        <button type="submit" className="btn" disabled={saving}>Record</button>
      </form>
      {error && <div key={error.attempt} id="util-error" className="alert alert-error" role="alert">{error.text}</div>}
      {recorded.length === 0 ? (
        <p className="muted" data-testid="utilisation-none">No month recorded yet: every month is assumed.</p>
      ) : (
        <table className="table" aria-label="Recorded utilisation">
          <thead><tr><th>Month</th><th className="num">Utilisation</th><th /></tr></thead>
          <tbody>
            {recorded.map(([m, p]) => (
              <tr key={m}>
                <td className="mono">{m}</td>
                <td className="num">{formatPercent(p)}</td>
                <td><button type="button" className="btn btn-sm" disabled={saving} onClick={() => remove(m)} aria-label={`Remove ${m}`}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
