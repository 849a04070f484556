import { useState } from 'react';
import type { Lot } from '../../../shared/lot';
import { listSerials, UNIT_CONDITIONS, UNIT_CONDITION_LABELS, type Unit, type UnitCondition } from '../../../shared/units';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { db } from '../../db/db';
import { useSettings, type Fleet } from '../../db/queries';
import { editUnits } from '../../db/unitEdits';
import { useUi } from '../../state/ui';
import { commonValue, LOT_SITE, UNIT_FORM_READERS, unitEditForm, unitEditPatch, type UnitEditForm } from './unitView';

/**
 * Edits the place (site, room, rack, U), condition and notes of one or many units. A field shows
 * the value the units share; where they differ it starts blank and stays unchanged unless typed
 * in, so one edit can rack a run of units or mark them faulty without touching the rest.
 */
export function EditUnitsDialog({ lot, units, fleet, onClose, onDone }: { lot: Lot; units: readonly Unit[]; fleet: Fleet; onClose: () => void; onDone: () => void }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [initial] = useState<UnitEditForm>(() => unitEditForm(units));
  const [form, setForm] = useState<UnitEditForm>(initial);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const changed = useChanged({ form, note });
  const mixed = (key: keyof UnitEditForm) => commonValue(units, UNIT_FORM_READERS[key]) === null;
  const set = (key: keyof UnitEditForm) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setError(null);
  };
  const sites = [...fleet.sites].sort((a, b) => a.code.localeCompare(b.code));
  const lotSite = lot.siteId ? (fleet.sitesById.get(lot.siteId)?.code ?? '?') : 'none';
  const many = units.length > 1;

  const submit = async () => {
    const patch = unitEditPatch(initial, form);
    if (!patch.ok) {
      setError(patch.error);
      return;
    }
    setSaving(true);
    try {
      const r = await editUnits(db, units.map((u) => ({ serial: u.serial, patch: patch.value })), settings.actorName, note);
      if (!r.ok) {
        setError(r.error);
        return;
      }
      toast(r.value.units === 0 ? 'Nothing changed' : `Updated ${r.value.units} unit${r.value.units === 1 ? '' : 's'}`);
      onDone();
    } finally {
      setSaving(false);
    }
  };

  const keep = many ? 'Several values: leave blank to keep each' : undefined;
  return (
    <Dialog title={many ? `Edit ${units.length} units` : `Edit ${units[0]?.serial ?? 'unit'}`} label="Edit units" onClose={onClose} onSubmit={() => void submit()}
      unsaved={changed ? `the changes to ${many ? 'the units' : 'the unit'}` : undefined}
      footer={
        <>
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={saving}>Save {units.length} unit{units.length === 1 ? '' : 's'}</button>
        </>
      }>
      <p style={{ margin: 0 }} className="muted">
        Units: <span className="mono">{listSerials(units.map((u) => u.serial), 6)}</span>. Serials and asset tags are not edited here: they are set when
        units are received.
      </p>
      <div className="form-grid">
        <Field label="Site">
          <select className="select" value={form.site} onChange={(e) => set('site')(e.target.value)}>
            {form.site === '' && <option value="">{mixed('site') ? 'Several sites: unchanged' : 'Choose…'}</option>}
            <option value={LOT_SITE}>At the lot’s site ({lotSite})</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>{s.code} — {s.name}</option>
            ))}
          </select>
        </Field>
        <Field label="Room" hint={mixed('room') ? keep : undefined}>
          <input className="input" value={form.room} placeholder={mixed('room') ? 'Several' : ''} onChange={(e) => set('room')(e.target.value)} />
        </Field>
        <Field label="Rack" hint={mixed('rack') ? keep : undefined}>
          <input className="input" value={form.rack} placeholder={mixed('rack') ? 'Several' : ''} onChange={(e) => set('rack')(e.target.value)} />
        </Field>
        <Field label="U (rack position)" hint={many ? 'One position holds one unit: set U one unit at a time.' : 'The lowest rack unit it occupies, 1–99; blank when not racked.'}>
          <input className="input" inputMode="numeric" value={form.u} placeholder={mixed('u') ? 'Several' : ''} onChange={(e) => set('u')(e.target.value)} />
        </Field>
        <Field label="Condition">
          <select className="select" value={form.status} onChange={(e) => set('status')(e.target.value)}>
            {form.status === '' && <option value="">Several conditions: unchanged</option>}
            {UNIT_CONDITIONS.map((c: UnitCondition) => (
              <option key={c} value={c}>{UNIT_CONDITION_LABELS[c]}</option>
            ))}
          </select>
        </Field>
        <Field label="Unit notes" hint={mixed('notes') ? keep : undefined}>
          {/* A text area: notes may hold line breaks (a units CSV gives them), which a one-line input drops on the next keystroke. */}
          <textarea className="textarea" rows={2} value={form.notes} placeholder={mixed('notes') ? 'Several' : ''} onChange={(e) => set('notes')(e.target.value)} />
        </Field>
        <Field label="Note for the history" className="span-all" hint="Why: ticket number, burn-in result…">
          <input className="input" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="edit-units-error">
          Not saved: {error}
        </div>
      )}
    </Dialog>
  );
}
