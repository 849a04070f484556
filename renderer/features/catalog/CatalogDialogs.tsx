import { Fragment, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { CATEGORIES, CATEGORY_LABELS, STORAGE_BEARING_DEFAULT, modelLabel, type Category, type HardwareModel, type Site } from '../../../shared/catalog';
import { validateModel, validateSite, type CatalogErrors } from '../../../shared/catalogChanges';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { saveModelCommand, saveSiteCommand } from '../../db/catalogCommands';
import { saveSupplierCommand } from '../../db/catalogCommands';
import { SUPPLIER_CHANNEL_LABELS, SUPPLIER_CHANNELS, type Supplier, type SupplierChannel, type SupplierDraft } from '../../../shared/suppliers';
import { db } from '../../db/db';
import { entityEvents } from '../../db/eventLog';
import { useSettings, type Fleet } from '../../db/queries';
import { storageErrors, type StorageErrorDescription } from '../../db/storage';
import { useUi } from '../../state/ui';
import { hasErrors, modelDraftOf, modelFormOf, siteDraftOf, siteFormOf, type ModelForm, type SiteForm } from './catalogForm';
import { RentalPricesEditor } from './RentalPricesEditor';
import { catalogChangeRows, type HistoryContext } from './catalogHistory';
import { maxPerKwhDecimals } from './energyPrice';

interface CatalogDialogsProps {
  dialog: { kind: 'model' | 'site' | 'supplier'; id: string | null };
  fleet: Fleet;
}

/** The create/edit dialog of a hardware model, a site or a supplier. */
export function CatalogDialogs({ dialog, fleet }: CatalogDialogsProps) {
  // Read here rather than through useSettings(), whose defaults stand in while it loads: a new
  // record must start in the user's base currency, not in USD for the first few milliseconds.
  const baseCurrency = useLiveQuery(() => db.getSetting('baseCurrency'), []);
  if (baseCurrency === undefined) return null;
  const key = `${dialog.kind}:${dialog.id ?? 'new'}`;
  if (dialog.kind === 'model') {
    const existing = dialog.id === null ? null : fleet.modelsById.get(dialog.id);
    if (existing === undefined) return <MissingRecordDialog key={key} what="model" />;
    return <ModelDialog key={key} existing={existing} fleet={fleet} baseCurrency={baseCurrency} />;
  }
  if (dialog.kind === 'supplier') {
    const supplier = dialog.id === null ? null : fleet.suppliersById.get(dialog.id);
    if (supplier === undefined) return <MissingRecordDialog key={key} what="supplier" />;
    return <SupplierDialog key={key} existing={supplier} fleet={fleet} />;
  }
  const existing = dialog.id === null ? null : fleet.sitesById.get(dialog.id);
  if (existing === undefined) return <MissingRecordDialog key={key} what="site" />;
  return <SiteDialog key={key} existing={existing} fleet={fleet} baseCurrency={baseCurrency} />;
}

function MissingRecordDialog({ what }: { what: 'model' | 'site' | 'supplier' }) {
  const close = useUi((s) => s.close);
  return (
    <Dialog
      title={`${what[0]?.toUpperCase()}${what.slice(1)} not found`}
      onClose={close}
      footer={
        <button type="button" className="btn" onClick={close}>
          Close
        </button>
      }
    >
      <p>This {what} no longer exists: it may have been removed with the demo data, or in another window.</p>
    </Dialog>
  );
}

/** What Escape would throw away (Dialog's `unsaved`): nothing while the form is as it opened. */
function unsavedWork(changed: boolean, existing: object | null, what: 'model' | 'site' | 'supplier'): string | undefined {
  if (!changed) return undefined;
  return existing ? `the changes to the ${what}` : `the new ${what}`;
}

/** What every catalogue dialog shares: saving state, errors, the actor, focus on the first error. */
function useSaveState<T>() {
  const settings = useSettings();
  const [errors, setErrors] = useState<CatalogErrors<T>>({});
  const [failure, setFailure] = useState<StorageErrorDescription | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const body = useRef<HTMLDivElement>(null);

  // After a refused save, take the keyboard to the first field that needs fixing.
  useEffect(() => {
    if (attempt > 0) body.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const refuse = (e: CatalogErrors<T>) => {
    setErrors(e);
    setAttempt((n) => n + 1);
  };
  const clearError = (key: keyof T) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });

  /** Runs a save; storage failures are shown in the dialog and reported to the storage banner. */
  const run = async (save: () => Promise<boolean>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await save();
    } catch (e) {
      setFailure(storageErrors.report(e));
    } finally {
      setBusy(false);
    }
  };

  return { actor: settings.actorName || 'local user', errors, refuse, clearError, failure, busy, run, body };
}

function Footer({ busy }: { busy: boolean }) {
  return (
    <>
      <CancelButton />
      <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy || undefined}>
        Save
      </button>
    </>
  );
}

/** Errors on fields the form does not show (never dropped silently), and storage failures. */
function FormProblems({ errors, shown, failure }: { errors: object; shown: readonly string[]; failure: StorageErrorDescription | null }) {
  const other = Object.entries(errors as Record<string, string | undefined>).filter(([k, v]) => v && !shown.includes(k));
  return (
    <>
      {failure && (
        <div className="alert alert-error" role="alert">
          <strong>{failure.title}.</strong> {failure.message}
        </div>
      )}
      {other.length > 0 && (
        <div className="alert alert-error" role="alert">
          {other.map(([k, v]) => (
            <div key={k}>{v}</div>
          ))}
        </div>
      )}
    </>
  );
}

const MODEL_FIELDS: readonly (keyof ModelForm)[] = [
  'manufacturer', 'name', 'category', 'powerWatts', 'rackUnits', 'listPrice', 'currency',
  'releaseDate', 'endOfSale', 'endOfSupport', 'successorId', 'performance', 'serialPattern', 'storageBearing', 'countryOfOrigin', 'exportClassification', 'hsCode', 'rentalPrices', 'notes',
];

function ModelDialog({ existing, fleet, baseCurrency }: { existing: HardwareModel | null; fleet: Fleet; baseCurrency: string }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const s = useSaveState<HardwareModel>();
  const [form, setForm] = useState<ModelForm>(() => modelFormOf(existing, baseCurrency));
  // The record as the form was opened on: a field left as shown keeps what it is now (changed meanwhile elsewhere).
  const [opened] = useState(existing);
  const [storageTouched, setStorageTouched] = useState(false);
  const storageHint = useId();

  const others = useMemo(
    () => fleet.models.filter((m) => m.id !== existing?.id).sort((a, b) => modelLabel(a).localeCompare(modelLabel(b), undefined, { numeric: true })),
    [fleet.models, existing?.id],
  );

  const set = <K extends keyof ModelForm>(key: K, value: ModelForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    s.clearError(key);
  };
  const setCategory = (category: Category) => {
    setForm((f) => ({
      ...f,
      category,
      // A new model follows its category's default until the person sets it themselves.
      storageBearing: existing === null && !storageTouched ? STORAGE_BEARING_DEFAULT[category] : f.storageBearing,
    }));
    s.clearError('category');
  };

  const submit = () =>
    s.run(async () => {
      const { draft, errors } = modelDraftOf(form, existing);
      if (hasErrors(errors)) {
        s.refuse({ ...validateModel(draft, others), ...errors });
        return false;
      }
      const r = await saveModelCommand(db, draft, existing?.id ?? null, s.actor, opened);
      if (!r.ok) {
        s.refuse(r.error);
        return false;
      }
      close();
      toast(`Saved model ${modelLabel(r.value)}`);
      return true;
    });

  const e = s.errors;
  const changed = useChanged(form);
  return (
    <Dialog title={existing ? 'Edit model' : 'New model'} onClose={close} unsaved={unsavedWork(changed, existing, 'model')} onSubmit={() => void submit()} footer={<Footer busy={s.busy} />}>
      <div ref={s.body} className="catalog-form">
        {existing?.demo && <p className="muted">Demo data: removed by “Clear demo data” unless your own lots use it.</p>}
        <FormProblems errors={e} shown={MODEL_FIELDS} failure={s.failure} />
        <div className="form-grid">
          <Field label="Manufacturer" error={e.manufacturer}>
            <input className="input" value={form.manufacturer} onChange={(ev) => set('manufacturer', ev.target.value)} autoComplete="off" />
          </Field>
          <Field label="Model name" error={e.name}>
            <input className="input" value={form.name} onChange={(ev) => set('name', ev.target.value)} autoComplete="off" />
          </Field>
          <Field label="Category" error={e.category}>
            <select className="select" value={form.category} onChange={(ev) => setCategory(ev.target.value as Category)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Power per unit (W)" error={e.powerWatts} hint="Typical draw, whole watts">
            <input className="input num" inputMode="numeric" value={form.powerWatts} onChange={(ev) => set('powerWatts', ev.target.value)} />
          </Field>
          <Field label="Rack units" error={e.rackUnits} hint="Empty for parts that take none">
            <input className="input num" inputMode="numeric" value={form.rackUnits} onChange={(ev) => set('rackUnits', ev.target.value)} />
          </Field>
          <Field label="List price" error={e.listPrice} hint="Per unit, e.g. 25000.00">
            <input className="input num" inputMode="decimal" value={form.listPrice} onChange={(ev) => set('listPrice', ev.target.value)} />
          </Field>
          <Field label="Currency" error={e.currency} hint="ISO 4217 code, e.g. USD">
            <input
              className="input mono"
              value={form.currency}
              maxLength={3}
              spellCheck={false}
              autoComplete="off"
              onChange={(ev) => set('currency', ev.target.value.toUpperCase())}
            />
          </Field>
          <Field label="Release date" error={e.releaseDate}>
            <input className="input" type="date" value={form.releaseDate} onChange={(ev) => set('releaseDate', ev.target.value)} />
          </Field>
          <Field label="End of sale" error={e.endOfSale}>
            <input className="input" type="date" value={form.endOfSale} onChange={(ev) => set('endOfSale', ev.target.value)} />
          </Field>
          <Field label="End of support" error={e.endOfSupport}>
            <input className="input" type="date" value={form.endOfSupport} onChange={(ev) => set('endOfSupport', ev.target.value)} />
          </Field>
          <Field label="Successor" error={e.successorId} className="span-all">
            <select className="select" value={form.successorId} onChange={(ev) => set('successorId', ev.target.value)}>
              <option value="">None</option>
              {form.successorId !== '' && !others.some((m) => m.id === form.successorId) && (
                <option value={form.successorId}>(a model that no longer exists)</option>
              )}
              {others.map((m) => (
                <option key={m.id} value={m.id}>
                  {modelLabel(m)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Performance per unit"
            error={e.performance}
            hint="Work one unit does, in a unit you use across the family (e.g. A100 system = 1, or a benchmark score). The refresh planner compares it with the successor’s."
          >
            <input className="input num" inputMode="decimal" value={form.performance} onChange={(ev) => set('performance', ev.target.value)} />
          </Field>
          <Field label="Serial format" error={e.serialPattern} hint="Optional regular expression the whole serial must match, e.g. S[0-9A-Z]{13}. Scans that don’t match are rejected.">
            <input className="input mono" value={form.serialPattern} spellCheck={false} autoComplete="off" onChange={(ev) => set('serialPattern', ev.target.value)} />
          </Field>
          <Field label="Country of origin" error={e.countryOfOrigin} hint="Where it is made: ISO 3166 code, e.g. TW, US, MX. Settings → Compliance flags origins outside the team’s trusted list.">
            <input className="input mono" value={form.countryOfOrigin} maxLength={2} spellCheck={false} autoComplete="off" onChange={(ev) => set('countryOfOrigin', ev.target.value.toUpperCase())} />
          </Field>
          <Field label="Export classification" error={e.exportClassification} hint="ECCN, e.g. 3A090, 4A090.a, 5A992.c, or EAR99. A transfer abroad may need a licence reference under the team’s policy.">
            <input className="input mono" value={form.exportClassification} spellCheck={false} autoComplete="off" onChange={(ev) => set('exportClassification', ev.target.value)} />
          </Field>
          <Field label="HS code" error={e.hsCode} hint="Customs tariff code, 6–10 digits, e.g. 8471.50.">
            <input className="input mono" value={form.hsCode} spellCheck={false} autoComplete="off" onChange={(ev) => set('hsCode', ev.target.value)} />
          </Field>
          <div className="field span-all">
            <label className="check">
              <input
                type="checkbox"
                checked={form.storageBearing}
                aria-describedby={storageHint}
                onChange={(ev) => {
                  setStorageTouched(true);
                  set('storageBearing', ev.target.checked);
                }}
              />
              Storage-bearing
            </label>
            <div className="field-hint" id={storageHint}>
              Its units hold data and must be sanitised before disposal (NIST SP 800-88). Usual for a {CATEGORY_LABELS[form.category].toLowerCase()}:{' '}
              {STORAGE_BEARING_DEFAULT[form.category] ? 'yes' : 'no'}.
            </div>
          </div>
          <RentalPricesEditor rows={form.rentalPrices} currency={form.currency.trim().toUpperCase() || baseCurrency} error={e.rentalPrices} onChange={(rows) => set('rentalPrices', rows)} />
          <Field label="Notes" error={e.notes} className="span-all">
            <textarea className="textarea" value={form.notes} onChange={(ev) => set('notes', ev.target.value)} />
          </Field>
        </div>
        {existing && <RecordHistory id={existing.id} context={{ currency: existing.currency, modelName: (id) => modelName(fleet, id) }} />}
      </div>
    </Dialog>
  );
}

function modelName(fleet: Fleet, id: string): string {
  const m = fleet.modelsById.get(id);
  return m ? modelLabel(m) : '(a model that no longer exists)';
}

const SITE_FIELDS: readonly string[] = ['code', 'name', 'energyPricePerMwh', 'currency', 'pue', 'spacePerRackUnitMonth', 'country', 'notes'];

function SiteDialog({ existing, fleet, baseCurrency }: { existing: Site | null; fleet: Fleet; baseCurrency: string }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const s = useSaveState<Site>();
  const [form, setForm] = useState<SiteForm>(() => siteFormOf(existing, baseCurrency));
  const [opened] = useState(existing);

  const set = <K extends keyof SiteForm>(key: K, value: SiteForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    s.clearError(key === 'energyPrice' ? 'energyPricePerMwh' : key === 'spaceCost' ? 'spacePerRackUnitMonth' : key);
  };

  const submit = () =>
    s.run(async () => {
      const { draft, errors } = siteDraftOf(form, existing);
      if (hasErrors(errors)) {
        s.refuse({ ...validateSite(draft, fleet.sites.filter((x) => x.id !== existing?.id)), ...errors });
        return false;
      }
      const r = await saveSiteCommand(db, draft, existing?.id ?? null, s.actor, opened);
      if (!r.ok) {
        s.refuse(r.error);
        return false;
      }
      close();
      toast(`Saved site ${r.value.code}`);
      return true;
    });

  const e = s.errors;
  const changed = useChanged(form);
  const currency = /^[A-Za-z]{3}$/u.test(form.currency.trim()) ? form.currency.trim().toUpperCase() : 'the site currency';
  const decimals = maxPerKwhDecimals(currency);
  return (
    <Dialog title={existing ? 'Edit site' : 'New site'} onClose={close} unsaved={unsavedWork(changed, existing, 'site')} onSubmit={() => void submit()} footer={<Footer busy={s.busy} />}>
      <div ref={s.body} className="catalog-form">
        {existing?.demo && <p className="muted">Demo data: removed by “Clear demo data” unless your own lots use it.</p>}
        <FormProblems errors={e} shown={SITE_FIELDS} failure={s.failure} />
        <div className="form-grid">
          <Field label="Code" error={e.code} hint="Short and unique, e.g. FRA1">
            <input className="input mono" value={form.code} onChange={(ev) => set('code', ev.target.value)} autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Name" error={e.name}>
            <input className="input" value={form.name} onChange={(ev) => set('name', ev.target.value)} autoComplete="off" />
          </Field>
          <Field
            label="Energy price per kWh"
            error={e.energyPricePerMwh}
            hint={`In ${currency}, up to ${decimals} decimal${decimals === 1 ? '' : 's'}, e.g. 0.1400. Empty if unknown.`}
          >
            <input className="input num" inputMode="decimal" value={form.energyPrice} onChange={(ev) => set('energyPrice', ev.target.value)} />
          </Field>
          <Field label="Currency" error={e.currency} hint="ISO 4217 code, e.g. USD">
            <input
              className="input mono"
              value={form.currency}
              maxLength={3}
              spellCheck={false}
              autoComplete="off"
              onChange={(ev) => set('currency', ev.target.value.toUpperCase())}
            />
          </Field>
          <Field label="PUE" error={e.pue} hint="Power usage effectiveness, 1.0–5.0. Empty if unknown.">
            <input className="input num" inputMode="decimal" value={form.pue} onChange={(ev) => set('pue', ev.target.value)} />
          </Field>
          <Field label="Space cost a rack unit a month" error={e.spacePerRackUnitMonth} hint={`In ${currency}: rent, cooling share and cross-connects of one U. Empty if unknown.`}>
            <input className="input num" inputMode="decimal" value={form.spaceCost} onChange={(ev) => set('spaceCost', ev.target.value)} />
          </Field>
          <Field label="Country" error={e.country} hint="ISO 3166 code, e.g. NL. A move between sites in different countries is a transfer (Settings → Compliance).">
            <input className="input mono" value={form.country} maxLength={2} spellCheck={false} autoComplete="off" onChange={(ev) => set('country', ev.target.value.toUpperCase())} />
          </Field>
          <Field label="Notes" error={e.notes} className="span-all">
            <textarea className="textarea" value={form.notes} onChange={(ev) => set('notes', ev.target.value)} />
          </Field>
        </div>
        {existing && <RecordHistory id={existing.id} context={{ currency: existing.currency, modelName: (id) => modelName(fleet, id) }} />}
      </div>
    </Dialog>
  );
}

const SUPPLIER_FIELDS: readonly string[] = ['name', 'country', 'channel', 'notes'];

function SupplierDialog({ existing, fleet }: { existing: Supplier | null; fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const s = useSaveState<Supplier>();
  const [form, setForm] = useState(() => ({ name: existing?.name ?? '', country: existing?.country ?? '', channel: existing?.channel ?? '', notes: existing?.notes ?? '' }));
  const [opened] = useState(existing);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    s.clearError(key);
  };
  const submit = () =>
    s.run(async () => {
      const draft: SupplierDraft = {
        name: form.name,
        country: form.country.trim() === '' ? null : form.country.trim().toUpperCase(),
        channel: form.channel === '' ? null : (form.channel as SupplierChannel),
        notes: form.notes,
        demo: existing?.demo ?? false,
      };
      const r = await saveSupplierCommand(db, draft, existing?.id ?? null, s.actor, opened);
      if (!r.ok) {
        s.refuse(r.error);
        return false;
      }
      close();
      toast(`Saved supplier ${r.value.name}`);
      return true;
    });
  const e = s.errors;
  const changed = useChanged(form);
  return (
    <Dialog title={existing ? 'Edit supplier' : 'New supplier'} onClose={close} unsaved={unsavedWork(changed, existing, 'supplier')} onSubmit={() => void submit()} footer={<Footer busy={s.busy} />}>
      <div ref={s.body} className="catalog-form">
        {existing?.demo && <p className="muted">Demo data: removed by “Clear demo data” unless your own lots use it.</p>}
        <FormProblems errors={e} shown={SUPPLIER_FIELDS} failure={s.failure} />
        <div className="form-grid">
          <Field label="Name" error={e.name} hint="As lots name it; a lot’s supplier is typed and matched by name, case aside.">
            <input className="input" value={form.name} onChange={(ev) => set('name', ev.target.value)} autoComplete="off" />
          </Field>
          <Field label="Country" error={e.country} hint="ISO 3166 code of where you buy from, e.g. US. Empty if unknown.">
            <input className="input mono" value={form.country} maxLength={2} spellCheck={false} autoComplete="off" onChange={(ev) => set('country', ev.target.value.toUpperCase())} />
          </Field>
          <Field label="Channel" error={e.channel} hint="How it sells: from the maker, through distribution, a reseller, or the secondary market.">
            <select className="select" value={form.channel} onChange={(ev) => set('channel', ev.target.value)}>
              <option value="">Unknown</option>
              {SUPPLIER_CHANNELS.map((c) => (
                <option key={c} value={c}>{SUPPLIER_CHANNEL_LABELS[c]}</option>
              ))}
            </select>
          </Field>
          <Field label="Notes" error={e.notes} className="span-all">
            <textarea className="textarea" value={form.notes} onChange={(ev) => set('notes', ev.target.value)} />
          </Field>
        </div>
        {existing && <RecordHistory id={existing.id} context={{ currency: 'USD', modelName: (id) => modelName(fleet, id) }} />}
      </div>
    </Dialog>
  );
}

const HISTORY_LIMIT = 50;

function formatWhen(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The record's own events (catalogue events use `lotId` for the record id), newest first. */
function RecordHistory({ id, context }: { id: string; context: HistoryContext }) {
  const events = useLiveQuery(() => entityEvents(db, id), [id]);
  if (!events) return null;
  // entityEvents gives them in clock order (seq is the order they arrived here).
  const newest = [...events].reverse();
  const shown = newest.slice(0, HISTORY_LIMIT);
  let body: ReactNode;
  if (shown.length === 0) body = <p className="muted">No recorded changes.</p>;
  else {
    body = (
      <ol className="timeline">
        {shown.map((ev) => {
          const rows = catalogChangeRows(ev, context);
          return (
            <li key={ev.id}>
              <div>
                <strong>{ev.type === 'created' ? 'Created' : ev.type === 'edited' ? 'Edited' : ev.type}</strong>{' '}
                <span className="when">
                  by {ev.actor} · <time dateTime={ev.at}>{formatWhen(ev.at)}</time>
                </span>
              </div>
              {rows.length > 0 && (
                <div className="diff">
                  {rows.map((r) => (
                    <Fragment key={r.field}>
                      <span>{r.label}</span>
                      <del>
                        <span className="visually-hidden">was </span>
                        {r.before}
                      </del>
                      <span aria-hidden="true">→</span>
                      <ins>
                        <span className="visually-hidden">, now </span>
                        {r.after}
                      </ins>
                    </Fragment>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    );
  }
  return (
    <details className="catalog-history">
      <summary>
        History ({events.length} {events.length === 1 ? 'entry' : 'entries'})
      </summary>
      {body}
      {newest.length > shown.length && <p className="muted">{newest.length - shown.length} older entries not shown.</p>}
    </details>
  );
}

