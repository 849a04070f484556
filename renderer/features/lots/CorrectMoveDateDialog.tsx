import { useRef, useState } from 'react';
import type { LotEvent } from '../../../shared/events';
import { STATUS_LABELS } from '../../../shared/lifecycle';
import type { Lot } from '../../../shared/lot';
import { correctableMoveOf } from '../../../shared/lotChanges';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { db } from '../../db/db';
import { correctMoveDateCommand } from '../../db/lotCommands';
import { useSettings } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';

const FIELD_WORDS: Partial<Record<keyof Lot, string>> = {
  purchaseDate: 'purchase date',
  receivedDate: 'received date',
  inServiceDate: 'in-service date (depreciation and the forecast follow it)',
  disposedDate: 'disposal date (the disposal’s gain or loss follows it)',
};

/**
 * Corrects the date of the lot's latest move, typed wrong (2026-01-03 for 2026-03-01): the lot's
 * dates that follow it change with it, and the history keeps both (shared/lotChanges.ts correctMoveDate).
 */
export function CorrectMoveDateDialog({ lot, events, parentCode, onClose }: { lot: Lot; events: readonly LotEvent[]; parentCode: string | undefined; onClose: () => void }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [found] = useState(() => correctableMoveOf(lot, events, parentCode));
  const [date, setDate] = useState(found.ok ? found.value.date : '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);
  const changed = useChanged({ date, reason });

  if (!found.ok) {
    return (
      <Dialog title="Correct the date of the last move" onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>Close</button>}>
        <p role="alert" style={{ margin: 0 }}>{found.error}</p>
      </Dialog>
    );
  }
  const { move, date: was, fields } = found.value;
  const submit = async () => {
    setError(null);
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    let r;
    try {
      r = await correctMoveDateCommand(db, lot.id, date.trim(), settings.actorName, reason);
    } finally {
      busy.current = false;
      setSaving(false);
    }
    if (!r.ok) return setError(r.error);
    toast(`Date of ${lot.code}’s move corrected to ${date.trim()}`);
    onClose();
  };
  const moveWords = `${move.from ? STATUS_LABELS[move.from] : '?'} → ${move.to ? STATUS_LABELS[move.to] : '?'}`;
  return (
    <Dialog title="Correct the date of the last move" onClose={onClose} onSubmit={() => void submit()} unsaved={changed ? 'the corrected date' : undefined}
      footer={
        <>
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={saving}>Correct date</button>
        </>
      }>
      <p style={{ margin: 0 }} data-testid="correct-move">
        {lot.code}’s last move, {moveWords}, is dated <span className="mono">{was}</span>.
        {fields.length > 0 ? ` Its ${fields.map((f) => FIELD_WORDS[f] ?? f).join(' and ')} changes with it.` : ''} The history keeps both dates.
      </p>
      <div className="form-grid">
        <Field label="The day it happened">
          <input className="input" type="date" value={date} max={todayIso()} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Field label="Reason" hint="Optional; kept in the history." className="span-all">
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. day and month typed the wrong way round" />
        </Field>
      </div>
      {error && <div className="alert alert-error" role="alert">Not corrected: {error}</div>}
    </Dialog>
  );
}
