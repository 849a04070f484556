import { useMemo, useState } from 'react';
import { modelLabel } from '../../../shared/catalog';
import { CONDITION_LABELS, CONDITIONS, type Condition } from '../../../shared/market';
import { parseMoney } from '../../../shared/money';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { db } from '../../db/db';
import { addObservation, type ObservationDraft, type ObservationErrors } from '../../db/market';
import { useStoredSettings, type Fleet } from '../../db/queries';
import type { Settings } from '../../db/database';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';

interface Form {
  modelId: string;
  date: string;
  unitPrice: string;
  currency: string;
  condition: Condition;
  quantity: string;
  source: string;
  note: string;
}

/**
 * Records one price seen on the secondary market, by hand, once the settings are read: with no
 * model chosen the price starts in the team's base currency, not the defaults' USD.
 */
export function ObservationDialog({ modelId, fleet }: { modelId: string | null; fleet: Fleet }) {
  const settings = useStoredSettings();
  return settings === undefined ? null : <ObservationForm modelId={modelId} fleet={fleet} settings={settings} />;
}

function ObservationForm({ modelId, fleet, settings }: { modelId: string | null; fleet: Fleet; settings: Settings }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const models = useMemo(() => [...fleet.models].sort((a, b) => modelLabel(a).localeCompare(modelLabel(b), undefined, { numeric: true })), [fleet.models]);
  const initialModel = modelId === null ? undefined : fleet.modelsById.get(modelId);
  const [form, setForm] = useState<Form>({
    modelId: initialModel?.id ?? '',
    date: todayIso(),
    unitPrice: '',
    currency: initialModel?.currency ?? settings.baseCurrency,
    condition: 'used',
    quantity: '1',
    source: '',
    note: '',
  });
  const [errors, setErrors] = useState<ObservationErrors>({});
  const [busy, setBusy] = useState(false);
  const changed = useChanged(form);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setModel = (id: string) => {
    const m = fleet.modelsById.get(id);
    setForm((f) => ({ ...f, modelId: id, currency: m?.currency ?? f.currency }));
  };

  const submit = async () => {
    const currency = form.currency.trim().toUpperCase();
    const price = parseMoney(form.unitPrice, /^[A-Z]{3}$/u.test(currency) ? currency : 'USD');
    const quantity = /^\d+$/u.test(form.quantity.trim()) ? Number(form.quantity.trim()) : Number.NaN;
    const local: ObservationErrors = {};
    if (form.unitPrice.trim() === '') local.unitPrice = 'Enter the price per unit.';
    else if (!price.ok) local.unitPrice = price.error;
    const draft: ObservationDraft = {
      modelId: form.modelId,
      date: form.date.trim(),
      unitPrice: price.ok ? price.value : 0,
      currency,
      condition: form.condition,
      quantity,
      source: form.source,
      note: form.note,
    };
    setBusy(true);
    try {
      if (Object.keys(local).length > 0) {
        setErrors(local);
        return;
      }
      const r = await addObservation(db, draft, settings.actorName);
      if (!r.ok) {
        setErrors(r.error);
        return;
      }
      close();
      const m = fleet.modelsById.get(r.value.modelId);
      toast(`Recorded a market price for ${m ? modelLabel(m) : 'the model'}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Record a market price" onClose={close} onSubmit={() => void submit()} unsaved={changed ? 'the market price' : undefined}
      footer={
        <>
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={busy}>Record price</button>
        </>
      }>
      <div className="form-grid">
        <Field label="Hardware model" error={errors.modelId} className="span-all">
          <select className="select" value={form.modelId} onChange={(e) => setModel(e.target.value)}>
            <option value="">Choose a model…</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>{modelLabel(m)}</option>
            ))}
          </select>
        </Field>
        <Field label="Date seen" error={errors.date}>
          <input className="input" type="date" value={form.date} max={todayIso()} onChange={(e) => set('date', e.target.value)} />
        </Field>
        <Field label="Condition" error={errors.condition}>
          <select className="select" value={form.condition} onChange={(e) => set('condition', e.target.value as Condition)}>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>{CONDITION_LABELS[c]}</option>
            ))}
          </select>
        </Field>
        <Field label="Unit price" error={errors.unitPrice} hint="Per unit, e.g. 18500.00">
          <input className="input num" inputMode="decimal" value={form.unitPrice} onChange={(e) => set('unitPrice', e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Currency" error={errors.currency}>
          <input className="input" value={form.currency} maxLength={3} onChange={(e) => set('currency', e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Quantity" error={errors.quantity} hint="Units offered or sold at that price">
          <input className="input num" inputMode="numeric" value={form.quantity} onChange={(e) => set('quantity', e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Source" error={errors.source} hint="Broker, marketplace, auction or quote">
          <input className="input" value={form.source} onChange={(e) => set('source', e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Note" error={errors.note} className="span-all">
          <textarea className="textarea" rows={2} value={form.note} onChange={(e) => set('note', e.target.value)} />
        </Field>
      </div>
    </Dialog>
  );
}
