import { useRef, useState } from 'react';
import type { IsoDate } from '../../../shared/dates';
import { MAX_LIFE_MONTHS, type MonthlySchedule } from '../../../shared/depreciation';
import { nbvAt } from '../../../shared/depreciation/fleetReport';
import type { BookKind, Lot } from '../../../shared/lot';
import { formatMoney, parseMoney } from '../../../shared/money';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { db } from '../../db/db';
import { adjustLotCommand } from '../../db/lotCommands';
import { useSettings } from '../../db/queries';
import { useUi } from '../../state/ui';

interface Props {
  lot: Lot;
  book: BookKind;
  kind: 'impairment' | 'revision';
  schedule: MonthlySchedule;
  today: IsoDate;
  fiscalYearStart: number;
  onClose: () => void;
}

/** Records an impairment (write-down) or a prospective change of useful life or salvage. */
export function AdjustDialog({ lot, book, kind, schedule, today, fiscalYearStart, onClose }: Props) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [date, setDate] = useState<string>(today);
  const [amount, setAmount] = useState('');
  const [lifeYears, setLifeYears] = useState('');
  const [salvage, setSalvage] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One recording at a time: a second press while the first is written would record it twice.
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);
  const changed = useChanged({ date, amount, lifeYears, salvage, note });
  const bookName = book === 'book' ? 'book' : 'tax';

  const submit = async () => {
    setError(null);
    let change;
    if (kind === 'impairment') {
      const a = parseMoney(amount, lot.currency);
      if (!a.ok || a.value <= 0) return setError(`Amount: ${a.ok ? 'must be more than 0' : a.error}.`);
      change = { type: 'impairment' as const, date, amount: a.value };
    } else {
      // Digits only (Number() reads "0x10" as 16), and whole months as the lot form asks: 4.1 years is not rounded to 49 months unseen.
      const years = lifeYears.trim();
      const months = years === '' ? undefined : Number(years) * 12;
      if (months !== undefined && (!/^\d+(?:\.\d+)?$/u.test(years) || months < 1 || Math.abs(months - Math.round(months)) > 1e-9)) {
        return setError('Useful life: a number of years in whole months, e.g. 6 or 4.5.');
      }
      // The engine's limit is in months; the person typed years.
      if (months !== undefined && months > MAX_LIFE_MONTHS) return setError(`Useful life: at most ${MAX_LIFE_MONTHS / 12} years (got ${years}).`);
      let salvageMinor: number | undefined;
      if (salvage.trim() !== '') {
        const s = parseMoney(salvage, lot.currency);
        if (!s.ok) return setError(`Salvage: ${s.error}.`);
        salvageMinor = s.value;
      }
      if (months === undefined && salvageMinor === undefined) return setError('Give a new useful life, a new salvage value, or both.');
      change = { type: 'revision' as const, date, ...(months !== undefined ? { lifeMonths: Math.round(months) } : {}), ...(salvageMinor !== undefined ? { salvage: salvageMinor } : {}) };
    }
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    let r;
    try {
      r = await adjustLotCommand(db, lot.id, { book, change, note }, settings.actorName, fiscalYearStart);
    } finally {
      busy.current = false;
      setSaving(false);
    }
    if (!r.ok) return setError(r.error);
    toast(kind === 'impairment' ? `Impairment recorded on ${lot.code} (${bookName})` : `Revision recorded on ${lot.code} (${bookName})`);
    onClose();
  };

  return (
    <Dialog title={kind === 'impairment' ? `Record an impairment (${bookName})` : `Revise useful life or salvage (${bookName})`} onClose={onClose} onSubmit={() => void submit()}
      unsaved={changed ? (kind === 'impairment' ? 'the impairment' : 'the revision') : undefined}
      footer={
        <>
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={saving}>Record</button>
        </>
      }>
      <p className="muted" style={{ margin: 0 }}>
        {kind === 'impairment'
          ? `Writes the book value down on the date. Net book value today: ${formatMoney(nbvAt(schedule, today), lot.currency)}.`
          : 'A change of estimate: applies from the date on, never to earlier periods (IAS 8 / ASC 250). The life is the new total life from the in-service date.'}
      </p>
      <div className="form-grid">
        <Field label="Date">
          <input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        {kind === 'impairment' ? (
          <Field label={`Amount (${lot.currency})`}>
            <input className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
        ) : (
          <>
            <Field label="New useful life (years)" hint="Empty keeps the life.">
              <input className="input" inputMode="decimal" value={lifeYears} onChange={(e) => setLifeYears(e.target.value)} />
            </Field>
            <Field label={`New salvage (${lot.currency}, whole lot)`} hint="Empty keeps the salvage.">
              <input className="input" inputMode="decimal" value={salvage} onChange={(e) => setSalvage(e.target.value)} />
            </Field>
          </>
        )}
        <Field label="Note" className="span-all">
          <input className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Reason, reference…" />
        </Field>
      </div>
      {error && <div className="alert alert-error" role="alert">Not recorded: {error}</div>}
    </Dialog>
  );
}
