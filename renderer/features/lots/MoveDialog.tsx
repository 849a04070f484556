import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { modelLabel } from '../../../shared/catalog';
import { answerChecklist, checklistFor } from '../../../shared/checklists';
import { DISPOSITION_LABELS, DISPOSITIONS, STATUS_LABELS, allowedTargets, type Disposition, type LotStatus } from '../../../shared/lifecycle';
import { moveComplianceOf, moveGuards, moveTransfer, type MoveRequest } from '../../../shared/lotChanges';
import { formatMoney, parseMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { StatusBadge } from '../../components/StatusBadge';
import { db } from '../../db/db';
import { moveLotWithUnits, unitsOfLot } from '../../db/units';
import { sanitisedAfter, splitUnits, unsanitisedUnits, type MovePlace } from '../../../shared/units';
import { MoveUnitsPicker } from '../units/MoveUnitsPicker';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';

/** Moves all or part of a lot. Only the moves the lifecycle allows are offered. */
export function MoveDialog({ lotId, initialTarget, fleet }: { lotId: string; initialTarget?: LotStatus | undefined; fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const settings = useSettings();
  const lot = fleet.lots.find((l) => l.id === lotId);
  const targets = lot ? allowedTargets(lot.status) : [];
  const [to, setTo] = useState<LotStatus | ''>(initialTarget && targets.includes(initialTarget) ? initialTarget : (targets[0] ?? ''));
  const [quantity, setQuantity] = useState(String(lot?.quantity ?? 1));
  // Until a quantity is typed, it follows the units scanned: scanning 3 serials means moving 3.
  const [quantityTyped, setQuantityTyped] = useState(false);
  const [date, setDate] = useState(todayIso());
  const [note, setNote] = useState('');
  const [poNumber, setPoNumber] = useState(lot?.poNumber ?? '');
  const [siteId, setSiteId] = useState(lot?.siteId ?? '');
  const [inServiceDate, setInServiceDate] = useState(lot?.inServiceDate ?? '');
  const [replacementPlan, setReplacementPlan] = useState(lot?.replacementPlan ?? '');
  const [disposition, setDisposition] = useState<Disposition | ''>('');
  const [proceeds, setProceeds] = useState('');
  const [buyerName, setBuyerName] = useState('');
  const [buyerCountry, setBuyerCountry] = useState('');
  const [licence, setLicence] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Tracked units: the named serials follow a split; a disposal needs their sanitisation records.
  const units = useLiveQuery(() => unitsOfLot(db, lotId), [lotId]);
  const [named, setNamed] = useState<string[]>([]);
  const [place, setPlace] = useState<MovePlace>({ room: '', rack: '' });
  // Ticks per target (`status` + newline + label), so switching target and back keeps them and a
  // label shared by two targets is not ticked for both by one click.
  const [ticks, setTicks] = useState<ReadonlySet<string>>(new Set());

  if (!lot) {
    return (
      <Dialog title="Move lot" onClose={close} footer={<button type="button" className="btn" onClick={close}>Close</button>}>
        <p role="alert">This lot no longer exists.</p>
      </Dialog>
    );
  }
  const model = fleet.modelsById.get(lot.modelId);
  const sites = [...fleet.sites].sort((a, b) => a.code.localeCompare(b.code));

  const qty = /^\d+$/u.test(quantity.trim()) ? Number(quantity.trim()) : Number.NaN;
  const proceedsParsed = proceeds.trim() === '' ? null : parseMoney(proceeds, lot.currency);
  const checklist = to ? checklistFor(settings.checklists, to) : [];
  const tickKey = (label: string) => `${to}\n${label}`;
  const answers = answerChecklist(checklist, new Set(checklist.map((i) => i.label).filter((l) => ticks.has(tickKey(l)))));
  const toggleTick = (label: string, on: boolean) => {
    const next = new Set(ticks);
    if (on) next.add(tickKey(label));
    else next.delete(tickKey(label));
    setTicks(next);
    setRefusal(null);
  };
  const request: MoveRequest | null = to
    ? {
        to,
        quantity: qty,
        date,
        note,
        poNumber,
        siteId: siteId || null,
        inServiceDate: inServiceDate || null,
        replacementPlan,
        disposition: disposition || null,
        proceeds: proceedsParsed?.ok ? proceedsParsed.value : null,
        buyer: to === 'disposed' && (buyerName.trim() !== '' || buyerCountry.trim() !== '') ? { name: buyerName, country: buyerCountry.trim() === '' ? null : buyerCountry.trim().toUpperCase() } : null,
        licenceReference: licence,
        checklist: answers,
      }
    : null;
  // A move abroad (a site in another country, a buyer abroad): what the team's policy says of it.
  const compliance = moveComplianceOf(settings.compliancePolicy, model, fleet.sites);
  const unitSplit = request && units && units.length > 0 && Number.isFinite(qty) ? splitUnits(lot, units, qty, named) : null;
  const pendingSanitisation = to === 'disposed' && unitSplit?.ok ? unsanitisedUnits(unitSplit.value.moving, model?.storageBearing ?? false) : [];
  // Units whose record is dated after the disposal date: said here, before the move is tried.
  const lateSanitisation = to === 'disposed' && unitSplit?.ok && request ? sanitisedAfter(unitSplit.value.moving, model?.storageBearing ?? false, request.date) : [];
  // Judged on what the move itself would set (its site only for the targets that take one; a disposal's buyer).
  const plain = request ? moveGuards(lot, request, { unsanitisedUnits: pendingSanitisation, sanitisedAfter: lateSanitisation, today: todayIso() }) : null;
  const transfer = request && plain?.ok ? moveTransfer(lot, request, plain.value, compliance) : null;
  const guard = request ? moveGuards(lot, request, { unsanitisedUnits: pendingSanitisation, sanitisedAfter: lateSanitisation, compliance, today: todayIso() }) : null;
  const blocked = proceedsParsed && !proceedsParsed.ok ? `Proceeds: ${proceedsParsed.error}.` : guard && !guard.ok ? guard.error : unitSplit && !unitSplit.ok ? unitSplit.error : null;
  const splitting = Number.isFinite(qty) && qty > 0 && qty < lot.quantity;

  const submit = async () => {
    if (!request) return;
    if (blocked) {
      setRefusal(blocked);
      return;
    }
    setSaving(true);
    try {
      const r = await moveLotWithUnits(db, lot.id, request, named, settings.actorName, place);
      if (!r.ok) {
        setRefusal(r.error);
        return;
      }
      close();
      const moved = r.value.moved;
      toast(r.value.remainder ? `Split ${moved.quantity} units into ${moved.code}, now ${STATUS_LABELS[moved.status]}` : `${moved.code} is now ${STATUS_LABELS[moved.status]}`);
      if (r.value.remainder) navigate({ name: 'lot', id: moved.id });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Move ${lot.code}`} onClose={close} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={saving || targets.length === 0}>
            {splitting ? `Split and move ${qty}` : 'Move'}
          </button>
        </>
      }>
      <p style={{ margin: 0 }}>
        {lot.quantity} × {model ? modelLabel(model) : 'unknown model'} — now <StatusBadge status={lot.status} />
      </p>
      {targets.length === 0 ? (
        <p role="alert" className="alert alert-warn">A disposed lot is closed; it cannot move.</p>
      ) : (
        <>
          <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="field-label">Move to</legend>
            <div className="toolbar" role="radiogroup" aria-label="Target status">
              {targets.map((t) => (
                <label key={t} className={`btn${to === t ? ' btn-primary' : ''}`}>
                  <input type="radio" name="move-target" value={t} checked={to === t} onChange={() => { setTo(t); setRefusal(null); }} className="visually-hidden" />
                  {STATUS_LABELS[t]}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form-grid">
            <Field label="Quantity" hint={splitting ? `Splits the lot: ${qty} move to a new lot, ${lot.quantity - qty} stay.` : `All ${lot.quantity} units.`}>
              <input className="input" inputMode="numeric" value={quantity} onChange={(e) => { setQuantity(e.target.value); setQuantityTyped(true); setRefusal(null); }} />
            </Field>
            <Field label="Date">
              <input className="input" type="date" max={todayIso()} value={date} onChange={(e) => { setDate(e.target.value); setRefusal(null); }} />
            </Field>
            {to === 'ordered' && (
              <Field label="PO number">
                <input className="input mono" value={poNumber} onChange={(e) => { setPoNumber(e.target.value); setRefusal(null); }} />
              </Field>
            )}
            {(to === 'in-service' || to === 'staged' || to === 'spare' || to === 'rma') && (
              <Field label={to === 'in-service' ? 'Site' : 'Site (optional)'}>
                <select className="select" value={siteId} onChange={(e) => { setSiteId(e.target.value); setRefusal(null); }}>
                  <option value="">{to === 'in-service' ? 'Choose a site…' : 'Unchanged'}</option>
                  {sites.map((s) => (
                    <option key={s.id} value={s.id}>{s.code} — {s.name}</option>
                  ))}
                </select>
              </Field>
            )}
            {to === 'in-service' && (
              <Field label="In-service date" hint="Empty: the move date (or the date it first entered service).">
                <input className="input" type="date" value={inServiceDate} onChange={(e) => setInServiceDate(e.target.value)} />
              </Field>
            )}
            {to === 'replacing' && (
              <Field label="Replacement plan" className="span-all">
                <input className="input" value={replacementPlan} onChange={(e) => { setReplacementPlan(e.target.value); setRefusal(null); }} />
              </Field>
            )}
            {to === 'disposed' && (
              <>
                <Field label="Disposition">
                  <select className="select" value={disposition} onChange={(e) => { setDisposition(e.target.value as Disposition | ''); setRefusal(null); }}>
                    <option value="">Choose…</option>
                    {DISPOSITIONS.map((d) => (
                      <option key={d} value={d}>{DISPOSITION_LABELS[d]}</option>
                    ))}
                  </select>
                </Field>
                <Field label={`Proceeds (${lot.currency}, for the units moved)`} hint={proceedsParsed?.ok ? formatMoney(proceedsParsed.value, lot.currency) : '0 is allowed.'}>
                  <input className="input" inputMode="decimal" value={proceeds} onChange={(e) => { setProceeds(e.target.value); setRefusal(null); }} />
                </Field>
                <Field label="Buyer" hint="Who the units go to (optional).">
                  <input className="input" value={buyerName} onChange={(e) => { setBuyerName(e.target.value); setRefusal(null); }} />
                </Field>
                <Field label="Buyer’s country" hint="ISO 3166 code, e.g. DE. A buyer abroad is a transfer.">
                  <input className="input mono" maxLength={2} value={buyerCountry} onChange={(e) => { setBuyerCountry(e.target.value.toUpperCase()); setRefusal(null); }} />
                </Field>
              </>
            )}
            {transfer && (
              <div className="span-all" data-testid="move-transfer">
                <p className={transfer.need ? 'alert alert-warn' : 'muted'} style={{ margin: 0 }}>
                  A transfer from {transfer.record.from} to {transfer.record.to}{transfer.record.classification ? ` of ${transfer.record.classification} hardware` : ''}.{' '}
                  {transfer.need ? transfer.need.message : 'The team’s policy needs no licence for it; a licence reference given is recorded.'}
                </p>
                <Field label="Licence reference" hint={transfer.need ? 'Required: recorded on the move, and in the compliance register.' : 'Optional.'}>
                  <input className="input mono" value={licence} onChange={(e) => { setLicence(e.target.value); setRefusal(null); }} />
                </Field>
              </div>
            )}
            {units && units.length > 0 && (
              <div className="span-all">
                <MoveUnitsPicker lotCode={lot.code} units={units} named={named} quantity={qty} onChange={(n) => {
                    setNamed(n);
                    if (!quantityTyped) setQuantity(String(n.length > 0 ? n.length : lot.quantity));
                    setRefusal(null);
                  }}
                  place={place} onPlaceChange={(p) => { setPlace(p); setRefusal(null); }} />
              </div>
            )}
            <Field label="Note" className="span-all">
              <input className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why, ticket number, who approved…" />
            </Field>
          </div>
          {to && checklist.length > 0 && (
            <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }} data-testid="move-checklist">
              <legend className="field-label">Checklist for {STATUS_LABELS[to]}</legend>
              <div style={{ display: 'flex', flexDirection: 'column', gap: 'var(--sp-2)' }}>
                {answers.map((a) => (
                  <label key={a.label} className="check">
                    <input type="checkbox" checked={a.ticked} onChange={(e) => toggleTick(a.label, e.target.checked)} />
                    {a.label}
                    {a.required && <span className="muted"> (required)</span>}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {refusal ? (
            <div className="alert alert-error" role="alert" data-testid="move-refusal">
              Not moved: {refusal}
            </div>
          ) : (
            blocked && (
              <div className="alert alert-warn" data-testid="move-blocked">
                {blocked}
              </div>
            )
          )}
        </>
      )}
    </Dialog>
  );
}
