import { ProvenanceRecordView } from '../compliance/ProvenanceRecordView';
import { useFocusBack } from '../../components/useFocusBack';
import { describeTransfer, originFlag } from '../../../shared/compliance';
import { formatPercent } from '../../../shared/utilisation';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { CATEGORY_LABELS, modelLabel } from '../../../shared/catalog';
import { describeChecklist } from '../../../shared/checklists';
import { formatAge } from '../../../shared/dates';
import type { LotEvent } from '../../../shared/events';
import { STATUS_LABELS, allowedTargets, isPoMissing } from '../../../shared/lifecycle';
import { costBasis, lotAgeStart, type Lot, type LotPatch } from '../../../shared/lot';
import { correctedMoveDates, describeMoveDateCorrection, isMoveDateCorrection, lastMoveOf, type FieldErrors, type MoveDateCorrection } from '../../../shared/lotChanges';
import { CorrectMoveDateDialog } from './CorrectMoveDateDialog';
import { formatMoney } from '../../../shared/money';
import { supplierDetails } from '../../../shared/provenanceRecord';
import { lotSupplierName } from '../../../shared/suppliers';
import { useLeave } from '../../components/Dialog';
import { FieldErrorAnnouncement, useErrorAnnouncement } from '../../components/Field';
import { StatusBadge } from '../../components/StatusBadge';
import { db } from '../../db/db';
import { editLotCommand } from '../../db/lotCommands';
import { useLot, useLotEvents, useLotFamily, useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';
import { LotFields } from './LotFields';
import { usePolicyProblems } from './PolicyFields';
import { lotEditPatch, lotFormChanged, lotToForm, type LotFormValues } from './lotForm';
import { LotFinance } from '../finance/LotFinance';
import { useSchedules } from '../finance/schedules';
import { accumulatedDepreciationAt } from '../../../shared/depreciation/fleetReport';
import { bookedSchedule, isCommitment, lotBookValue } from '../../../shared/depreciation/fleetValue';
import { checkLotForm } from './NewLotDialog';
import { UnitsTab } from '../units/UnitsTab';
import { LotValueTab } from '../finance/LotValue';
import { useEventAuthor } from '../../eventAuthor';
import { counted } from '../../lib/counted';
import { useRefusalFocus } from '../../components/useRefusalFocus';

const TABS = ['overview', 'finance', 'value', 'units'] as const;
type LotTab = (typeof TABS)[number];

export function LotDetail({ id, fleet }: { id: string; fleet: Fleet }) {
  const lot = useLot(id);
  const events = useLotEvents(id);
  const family = useLotFamily(lot);
  const open = useUi((s) => s.open);
  const [editing, setEditing] = useState(false);
  const [recording, setRecording] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  // Back from the provenance record: the focus goes to its button, not to the page body.
  const openingRecord = useFocusBack(!recording);
  const [chosenTab, setTab] = useState<LotTab>('overview');
  const unitFocus = useUi((s) => (s.unitFocus?.lotId === id ? s.unitFocus : null));
  const tab = unitFocus ? 'units' : chosenTab;
  // The tab list is one Tab stop; the arrow keys, Home and End move along it and show the tab (the ARIA tabs pattern).
  const tabIds = useId();
  const tabList = useRef<HTMLDivElement>(null);
  const chooseTab = (t: LotTab) => {
    setTab(t);
    useUi.setState({ unitFocus: null });
  };
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.indexOf(tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const t = TABS[(next + TABS.length) % TABS.length] ?? tab;
    chooseTab(t);
    tabList.current?.querySelector<HTMLElement>(`[id="${tabIds}-${t}"]`)?.focus();
  };
  const settings = useSettings();
  const schedules = useSchedules(fleet.lots, settings.fiscalYearStart);
  // The Edit form goes with the focus in it: the keyboard goes back to Edit, not to the top of the page.
  const editButton = useRef<HTMLButtonElement>(null);
  const editEnded = useRef(false);
  const stopEditing = () => {
    editEnded.current = true;
    setEditing(false);
  };
  useEffect(() => {
    if (editing || !editEnded.current) return;
    editEnded.current = false;
    const at = document.activeElement;
    if (at === null || at === document.body || at.tagName === 'MAIN') editButton.current?.focus();
  }, [editing]);

  if (lot === undefined) return <div className="empty" aria-busy="true">Loading lot…</div>;
  if (lot === null) {
    return (
      <div className="page">
        <div className="empty">
          <h2>No such lot</h2>
          <p>It may have been removed with the demo data.</p>
          <button type="button" className="btn" onClick={() => navigate({ name: 'lots' })}>Back to lots</button>
        </div>
      </div>
    );
  }
  const model = fleet.modelsById.get(lot.modelId);
  const site = lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined;
  const today = todayIso();
  const start = lotAgeStart(lot);
  const targets = allowedTargets(lot.status);
  const books = schedules.get(lot.id);
  const bookSchedule = bookedSchedule(lot, books?.book ?? null);
  const bookValue = lotBookValue(lot, bookSchedule, today);
  const flag = originFlag(model, settings.compliancePolicy);
  if (recording) {
    return (
      <div className="page">
        <ProvenanceRecordView lot={lot} fleet={fleet} onBack={() => setRecording(false)} />
      </div>
    );
  }

  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/lots">Lots</a> / <span className="mono">{lot.code}</span>
      </nav>
      <div className="page-header">
        <h1 className="mono">{lot.code}</h1>
        <StatusBadge status={lot.status} />
        {lot.demo && <span className="demo-tag">demo</span>}
        {flag !== null && <span className="badge badge-warn badge-plain" data-testid="lot-origin-flag" title="Settings → Compliance">Origin flagged: {flag}</span>}
        {isPoMissing(lot) && <span className="badge badge-warn badge-plain" data-testid="lot-po-missing" title="Imported without its purchase order number">PO missing: fill it in with Edit</span>}
        <span className="muted">{model ? `${modelLabel(model)} · ${CATEGORY_LABELS[model.category]}` : 'Unknown model'}</span>
        <span className="spacer" />
        <button type="button" className="btn" data-focus-back="lot-provenance" onClick={() => { openingRecord('lot-provenance'); setRecording(true); }}>
          Provenance record
        </button>
        {!editing && (
          <button ref={editButton} type="button" className="btn" onClick={() => setEditing(true)} disabled={lot.status === 'disposed'}>
            Edit
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'move', lotId: lot.id })} disabled={targets.length === 0}>
          Move…
        </button>
      </div>

      <div className="card card-body stats" aria-label="Key figures">
        <Stat label="Quantity" value={lot.quantity.toLocaleString('en-US')} />
        <Stat label="Cost basis" value={formatMoney(costBasis(lot), lot.currency)} />
        <Stat label="Net book value" value={bookValue === null ? (isCommitment(lot) ? 'committed, not owned yet' : '—') : formatMoney(bookValue, lot.currency)} />
        <Stat label="Accumulated depreciation" value={bookSchedule ? formatMoney(accumulatedDepreciationAt(bookSchedule, today), lot.currency) : '—'} />
        <Stat label="Site" value={site ? site.code : '—'} />
        <Stat label="Age" value={start <= today ? formatAge(start, today) : 'not yet'} />
      </div>

      <div className="tabs" role="tablist" aria-label="Lot views" ref={tabList} onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button key={t} id={`${tabIds}-${t}`} type="button" role="tab" className="tab" aria-selected={tab === t} aria-controls={`${tabIds}-panel`}
            tabIndex={tab === t ? 0 : -1} onClick={() => chooseTab(t)}>
            {t === 'overview' ? 'Overview' : t === 'finance' ? 'Finance' : t === 'value' ? 'Value' : 'Units'}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`${tabIds}-panel`} aria-labelledby={`${tabIds}-${tab}`}>
      {tab === 'units' ? (
        <UnitsTab key={unitFocus?.serial ?? ''} lot={lot} fleet={fleet} focusSerial={unitFocus?.serial} />
      ) : tab === 'value' ? (
        <LotValueTab lot={lot} fleet={fleet} fiscalYearStart={settings.fiscalYearStart} />
      ) : tab === 'finance' ? (
        <LotFinance lot={lot} books={books} fiscalYearStart={settings.fiscalYearStart} />
      ) : (
      <div className="detail">
        <div style={{ display: 'flex', flexDirection: 'column', gap: 'var(--sp-3)' }}>
          {editing ? (
            <EditLot lot={lot} fleet={fleet} onDone={stopEditing} />
          ) : (
            <LotFacts lot={lot} fleet={fleet} />
          )}
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 'var(--sp-3)' }}>
          {targets.length > 0 && (
            <section className="card card-body" aria-label="Next steps">
              <h2>Next steps</h2>
              <div className="toolbar">
                {targets.map((t) => (
                  <button key={t} type="button" className="btn btn-sm" onClick={() => open({ kind: 'move', lotId: lot.id, to: t })}>
                    → {STATUS_LABELS[t]}
                  </button>
                ))}
              </div>
            </section>
          )}
          <Family lot={lot} family={family} />
          <section className="card card-body" aria-label="History">
            <div className="toolbar" style={{ justifyContent: 'space-between' }}>
              <h2>History</h2>
              {/* A move typed with the wrong date is corrected here, not by editing the lot: the move's own date follows. */}
              {events && lastMoveOf(events, family?.parent?.code) !== null && (
                <button type="button" className="btn btn-sm" onClick={() => setCorrecting(true)}>Correct the last move’s date…</button>
              )}
            </div>
            {correcting && events && <CorrectMoveDateDialog lot={lot} events={events} parentCode={family?.parent?.code} onClose={() => setCorrecting(false)} />}
            {events ? <Timeline events={events} fleet={fleet} currency={lot.currency} /> : <p className="muted">Loading…</p>}
          </section>
        </div>
      </div>
      )}
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value">{value}</span>
    </div>
  );
}

/** A lot's supplier with its channel and country ("Arrow (distributor, US)"), or a dash. */
function supplierLine(lot: Lot, fleet: Fleet): string {
  const name = lotSupplierName(lot, fleet.suppliersById);
  if (name === '') return '—';
  const details = supplierDetails(lot.supplierId ? fleet.suppliersById.get(lot.supplierId) : undefined);
  return details === '' ? name : `${name} (${details})`;
}

function LotFacts({ lot, fleet }: { lot: Lot; fleet: Fleet }) {
  const model = fleet.modelsById.get(lot.modelId);
  const site = lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined;
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, lot.currency));
  const rows: [string, ReactNode][] = [
    ['Model', model ? modelLabel(model) : '—'],
    ['Quantity', lot.quantity],
    ['Unit cost', money(lot.unitCost)],
    ['Extra costs', money(lot.extraCosts)],
    ['Cost basis', money(costBasis(lot))],
    ['Currency', lot.currency],
    ['Purchase date', lot.purchaseDate],
    ['Received date', lot.receivedDate ?? '—'],
    ['In-service date', lot.inServiceDate ?? '—'],
    ['Site', site ? `${site.code} — ${site.name}` : '—'],
    ['Supplier', supplierLine(lot, fleet)],
    ['PO number', lot.poNumber || '—'],
    ['Warranty end', lot.warrantyEnd ?? '—'],
    ['Salvage per unit', money(lot.salvageValue)],
    ['Power per unit', lot.powerWatts !== null ? `${lot.powerWatts} W` : model?.powerWatts ? `${model.powerWatts} W (model)` : '—'],
    ['Support per unit-year', money(lot.supportCostPerYear)],
    ['Replacement plan', lot.replacementPlan || '—'],
    ['Tags', lot.tags.length ? lot.tags.join(', ') : '—'],
    ['Notes', lot.notes || '—'],
  ];
  if (lot.status === 'disposed') {
    rows.push(['Disposition', lot.disposition ?? '—'], ['Disposed on', lot.disposedDate ?? '—'], ['Proceeds', money(lot.proceeds)]);
  }
  return (
    <section className="card card-body" aria-label="Details">
      <h2>Details</h2>
      <dl className="kv">
        {rows.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }}>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function EditLot({ lot, fleet, onDone }: { lot: Lot; fleet: Fleet; onDone: () => void }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  // The form as opened: what is saved is what the person changed from it (lotEditPatch).
  const [opened] = useState<LotFormValues>(() => lotToForm(lot, lotSupplierName(lot, fleet.suppliersById)));
  const [values, setValues] = useState<LotFormValues>(opened);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [licence, setLicence] = useState('');
  // Escape with unsaved changes asks before throwing them away.
  // Escape or Cancel with changes asks first (Dialog's question, worded for the lot).
  const { leave: leaveForm, question } = useLeave();
  const { announcement, attempted, typed } = useErrorAnnouncement();
  const form = useRef<HTMLFormElement>(null);
  // A refused save takes the keyboard to the first field to fix, never from under typing.
  const refusal = useRefusalFocus(form);
  // A new site in another country makes the change a transfer (issue 13): say so, and take a licence reference.
  const fromCountry = lot.siteId ? fleet.sitesById.get(lot.siteId)?.country ?? null : null;
  const toCountry = values.siteId && values.siteId !== lot.siteId ? fleet.sitesById.get(values.siteId)?.country ?? null : null;
  const abroad = fromCountry !== null && toCountry !== null && fromCountry !== toCountry;
  const codes = useMemo(() => new Set(fleet.lots.filter((l) => l.id !== lot.id).map((l) => l.code)), [fleet.lots, lot.id]);
  // Inline validation: messages follow every keystroke (and are announced only when a save is refused: useErrorAnnouncement).
  // Dates are held to today only once edited, as the save (editLot) holds them.
  const datesEdited = values.purchaseDate !== opened.purchaseDate || values.receivedDate !== opened.receivedDate || values.inServiceDate !== opened.inServiceDate;
  const check = checkLotForm({ ...values, status: lot.status }, codes, { poMayBeMissing: isPoMissing(lot), ...(datesEdited ? { today: todayIso() } : {}) });
  // A policy field shown wrong holds back the save: its value is the last good one, not what is typed.
  const policyProblems = usePolicyProblems();
  const formErrors: FieldErrors = { ...check.errors, ...policyProblems.errors };
  const errors = { ...serverErrors, ...formErrors };
  const changed = lotFormChanged(opened, values) || licence !== '';

  const save = async () => {
    attempted();
    refusal.refused();
    if (Object.keys(formErrors).length > 0) return;
    setSaving(true);
    try {
      const patch = lotEditPatch(opened, values, check.lot);
      // The command compares the name with the one shown: an untouched field never moves the lot to another supplier.
      const supplierName = values.supplier.trim() !== opened.supplier.trim() ? check.supplierName : undefined;
      const r = await editLotCommand(db, lot.id, patch satisfies LotPatch, settings.actorName, '', licence, supplierName);
      if (!r.ok) {
        setServerErrors(r.error);
        return;
      }
      refusal.edited();
      toast(`Saved ${r.value.code}`);
      onDone();
    } finally {
      setSaving(false);
    }
  };
  const edited = () => {
    typed();
    refusal.edited();
  };
  const leave = () => leaveForm(changed ? { question: 'Discard changes?', text: `Your changes to ${lot.code} are not saved.`, discard: 'Discard changes' } : undefined, onDone);
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    // An Escape that closes an input method's composition, or a control's own popup, is not for the form.
    if (e.key !== 'Escape' || e.nativeEvent.isComposing || e.defaultPrevented) return;
    e.preventDefault();
    leave();
  };

  return (
    <>
      <form ref={form} className="card card-body" aria-label="Edit lot" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}
        onInput={edited} onKeyDown={onKeyDown}>
        <h2>Edit details</h2>
        <FieldErrorAnnouncement.Provider value={announcement}>
          <LotFields values={values} errors={errors} fleet={fleet} onChange={(v) => { setValues(v); setServerErrors({}); edited(); }} policiesLocked={lot.depreciationChain !== null} onPolicyProblem={policyProblems.report} />
        </FieldErrorAnnouncement.Provider>
        {abroad && (
          <div className="field" data-testid="edit-transfer">
            <label className="field-label" htmlFor="edit-licence">Licence reference (a transfer from {fromCountry} to {toCountry})</label>
            <input id="edit-licence" className="input mono" value={licence} onChange={(e) => { setLicence(e.target.value); setServerErrors({}); }} />
            <div className="field-hint">Recorded on the change; required where the team’s compliance policy needs a licence for this classification and country.</div>
          </div>
        )}
        <div className="toolbar" style={{ marginTop: 'var(--sp-4)', justifyContent: 'flex-end' }}>
          <button type="button" className="btn" onClick={leave}>Cancel</button>
          {/* Not disabled while a field needs fixing: pressing it says what (and a disabled button would not say why). */}
          <button type="submit" className="btn btn-primary" disabled={saving}>Save changes</button>
        </div>
      </form>
      {question}
    </>
  );
}

function Family({ lot, family }: { lot: Lot; family: { parent: Lot | null; children: Lot[] } | undefined }) {
  if (!family || (!family.parent && family.children.length === 0)) return null;
  const link = (l: Lot) => (
    <li key={l.id} className="mini-lot">
      <a href={`#/lots/${l.id}`} className="mono">{l.code}</a>
      <span>{l.quantity} · <StatusBadge status={l.status} /></span>
    </li>
  );
  return (
    <section className="card card-body" aria-label="Split family">
      <h2>Split family</h2>
      {family.parent && (
        <>
          <div className="field-label">Split from</div>
          <ul style={{ listStyle: 'none', padding: 0, margin: '0 0 var(--sp-2)' }}>{link(family.parent)}</ul>
        </>
      )}
      {family.children.length > 0 && (
        <>
          <div className="field-label">Split off from {lot.code}</div>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>{family.children.map(link)}</ul>
        </>
      )}
    </section>
  );
}

const FIELD_LABELS: Partial<Record<keyof Lot, string>> = {
  code: 'Code', modelId: 'Model', quantity: 'Quantity', unitCost: 'Unit cost', extraCosts: 'Extra costs', currency: 'Currency',
  purchaseDate: 'Purchase date', receivedDate: 'Received date', inServiceDate: 'In-service date', siteId: 'Site', supplierId: 'Supplier', supplier: 'Supplier',
  poNumber: 'PO number', warrantyEnd: 'Warranty end', salvageValue: 'Salvage per unit', powerWatts: 'Power (W)',
  supportCostPerYear: 'Support per unit-year', replacementPlan: 'Replacement plan', notes: 'Notes', tags: 'Tags', status: 'Status',
  disposition: 'Disposition', proceeds: 'Proceeds', disposedDate: 'Disposed on', utilisation: 'Utilisation',
};
const MONEY_FIELDS = new Set<keyof Lot>(['unitCost', 'extraCosts', 'salvageValue', 'supportCostPerYear', 'proceeds']);

/**
 * The currency of each event's amounts (oldest first), before it and after it: an edit that
 * changed the lot's currency says its old amounts in the old one and its new in the new, and every
 * later change is said in the currency the lot had then. `fallback`: the lot's, where no event says.
 */
export function eventCurrencies(events: readonly LotEvent[], fallback: string): Map<string, { before: string; after: string }> {
  const out = new Map<string, { before: string; after: string }>();
  let current: string | null = null;
  for (const e of events) {
    const set = typeof e.after.currency === 'string' ? e.after.currency : null;
    const said = e.before?.currency;
    const before: string = typeof said === 'string' ? said : (current ?? set ?? fallback);
    const after: string = set ?? before;
    out.set(e.id, { before, after });
    current = after;
  }
  return out;
}

function Timeline({ events, fleet, currency }: { events: LotEvent[]; fleet: Fleet; currency: string }) {
  const ordered = [...events].reverse();
  const author = useEventAuthor();
  const currencies = useMemo(() => eventCurrencies(events, currency), [events, currency]);
  const corrected = useMemo(() => correctedMoveDates(events), [events]);
  const show = (key: keyof Lot, v: unknown, inCurrency: string): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (MONEY_FIELDS.has(key) && typeof v === 'number') return formatMoney(v, inCurrency);
    if (key === 'siteId') return fleet.sitesById.get(String(v))?.code ?? String(v);
    if (key === 'supplierId') return fleet.suppliersById.get(String(v))?.name ?? 'a supplier no longer in the ledger';
    if (key === 'modelId') { const m = fleet.modelsById.get(String(v)); return m ? modelLabel(m) : String(v); }
    if (key === 'status') return STATUS_LABELS[v as Lot['status']] ?? String(v);
    if (Array.isArray(v)) return v.join(', ') || '—';
    if (key === 'utilisation' && typeof v === 'object') return Object.entries(v as Record<string, number | null>).map(([m, p]) => `${m}: ${p === null ? 'none' : formatPercent(p)}`).join(', ') || '—';
    return String(v);
  };
  return (
    <ol className="timeline" aria-label="Events">
      {ordered.map((e) => {
        const changed = (Object.keys(e.after) as (keyof Lot)[]).filter((k) => k !== 'updatedAt' && k !== 'status' && FIELD_LABELS[k] && e.type !== 'created' && e.type !== 'imported');
        return (
          <li key={e.id} data-event-type={e.type}>
            <div>
              <strong>{describe(e, corrected.corrections.get(e.id))}</strong>
            </div>
            <div className="when">
              {e.at.slice(0, 16).replace('T', ' ')} UTC · {author(e)}
              {e.date ? ` · effective ${corrected.moves.get(e.id) ?? e.date}` : ''}
              {e.date && corrected.moves.has(e.id) ? ` (first recorded as ${e.date}, corrected)` : ''}
            </div>
            {changed.length > 0 && (
              <div className="diff">
                {changed.map((k) => (
                  <div key={k} style={{ display: 'contents' }}>
                    <span className="muted">{FIELD_LABELS[k]}</span>
                    <del>{show(k, e.before?.[k], currencies.get(e.id)?.before ?? currency)}</del>
                    <span aria-hidden="true">→</span>
                    <ins>{show(k, e.after[k], currencies.get(e.id)?.after ?? currency)}</ins>
                  </div>
                ))}
              </div>
            )}
            {e.note && <div className="muted" style={{ marginTop: 2 }}>“{e.note}”</div>}
            {e.checklist && e.checklist.items.length > 0 && (
              <div className="event-checklist" data-testid="event-checklist" style={{ marginTop: 2 }}>
                {describeChecklist(e.checklist)}
              </div>
            )}
            {e.transfer && (
              <div data-testid="event-transfer" style={{ marginTop: 2 }}>
                Transfer {describeTransfer(e.transfer)}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** A count of units as the history says it ("1 unit", "4 units"); an event without one, "units". */
const units = (n: number | null): string => (n === null ? 'units' : counted(n, 'unit'));

function describe(e: LotEvent, correction: MoveDateCorrection | undefined): string {
  switch (e.type) {
    case 'created':
      return e.relatedLotId ? `Created by a split (${units(e.quantity)})` : `Registered ${units(e.quantity)} as ${e.to ? STATUS_LABELS[e.to] : ''}`;
    case 'imported':
      return `Imported ${units(e.quantity)} as ${e.to ? STATUS_LABELS[e.to] : ''}`;
    case 'transitioned':
      return `${e.from ? STATUS_LABELS[e.from] : ''} → ${e.to ? STATUS_LABELS[e.to] : ''} (${units(e.quantity)})`;
    case 'split':
      return `Split off ${units(e.quantity)}`;
    case 'edited':
      return isMoveDateCorrection(e) ? describeMoveDateCorrection(e, correction) : 'Edited';
    case 'adjusted':
      return 'Depreciation adjusted';
    case 'units-received':
      return e.quantity === null ? 'Received serials' : `Received ${counted(e.quantity, 'serial')}`;
    case 'sanitised':
      return `Sanitisation recorded (${units(e.quantity)})`;
    case 'units-updated':
      return `Units updated (${e.quantity ?? ''})`;
    case 'observed':
      return 'Market price recorded';
    case 'removed':
      return 'Removed from the ledger';
    case 'prices-removed':
      return 'Market prices removed';
    case 'settings-changed':
      return 'Team settings changed';
    case 'resolved':
      // A choice that put a move's date back (a move-date conflict) says which date.
      return isMoveDateCorrection(e) ? `Sync conflict resolved: ${describeMoveDateCorrection(e, correction)}` : 'Sync conflict resolved';
    default: {
      const never: never = e.type;
      return String(never);
    }
  }
}
