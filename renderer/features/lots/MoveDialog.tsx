import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { modelLabel } from '../../../shared/catalog';
import { transferVerdict } from '../../../shared/compliance';
import { answerChecklist, checklistFor } from '../../../shared/checklists';
import { DISPOSITION_LABELS, DISPOSITIONS, STATUS_LABELS, allowedTargets, type Disposition, type LotStatus } from '../../../shared/lifecycle';
import { moveComplianceOf, moveGuards, moveTransfer, type MoveRequest } from '../../../shared/lotChanges';
import { formatMoney, parseMoney } from '../../../shared/money';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { StatusBadge } from '../../components/StatusBadge';
import { db } from '../../db/db';
import { draftWriter, loadDraft, moveUnitsDraft, type MoveUnitsDraft, type SavedDraft } from '../../db/drafts';
import { describeStorageError } from '../../db/storage';
import { lastMoveOfLot } from '../../db/lotCommands';
import { moveLotWithUnits, unitsOfLot } from '../../db/units';
import { sanitisedAfter, splitUnits, unsanitisedUnits, type MovePlace } from '../../../shared/units';
import { MoveUnitsPicker } from '../units/MoveUnitsPicker';
import { draftSavedText, namedAgain } from '../units/unitView';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { counted } from '../../lib/counted';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';

/**
 * Moves all or part of a lot. Only the moves the lifecycle allows are offered.
 *
 * The units named (scanned) and the room and rack they go to are kept as a draft
 * (renderer/db/drafts.ts) until the move is made, so a reload or a crash loses no scans: the
 * lot's Move dialog names them again when it next opens, and says so. Cancel is an answer — no
 * move — and removes the draft; Escape only puts the dialog away, as it does a scan session.
 * Either asks first when it would throw away what was given (the rest of the move: target, date,
 * note…, and for Cancel the units named), as every form dialog does.
 */
export function MoveDialog({ lotId, initialTarget, fleet }: { lotId: string; initialTarget?: LotStatus | undefined; fleet: Fleet }) {
  const closeDialog = useUi((s) => s.close);
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
  // The lot's latest move: a move dated before it is refused (said here, before the move is tried).
  const lastMove = useLiveQuery(() => (lot ? lastMoveOfLot(db, lot) : null), [lotId, lot?.updatedAt]);
  const [named, setNamed] = useState<string[]>([]);
  const [place, setPlace] = useState<MovePlace>({ room: '', rack: '' });
  // Ticks per target (`status` + newline + label), so switching target and back keeps them and a
  // label shared by two targets is not ticked for both by one click.
  const [ticks, setTicks] = useState<ReadonlySet<string>>(new Set());
  const [draftKind] = useState(() => moveUnitsDraft(lotId));
  const [drafts] = useState(() => draftWriter(db, draftKind));
  const draftWriteError = useSyncExternalStore(drafts.subscribe, drafts.error);
  // The saved draft: undefined while it is read, null when there is none (or it was named again).
  const [saved, setSaved] = useState<SavedDraft<MoveUnitsDraft> | null | undefined>(undefined);
  const [restored, setRestored] = useState<{ named: number; left: string[]; savedAt: string } | null>(null);
  useEffect(() => {
    let live = true;
    loadDraft(db, draftKind).then(
      (d) => live && setSaved(d),
      () => live && setSaved(null),
    );
    return () => {
      live = false;
    };
  }, [draftKind]);
  /** Every change of the units named or their place is kept as the draft (one small put, never awaited); none named, none kept. */
  const keep = (n: readonly string[], p: MovePlace) => {
    if (n.length > 0) drafts.save({ serials: n, room: p.room, rack: p.rack });
    else drafts.discard();
  };
  const changeNamed = (n: string[]) => {
    setNamed(n);
    if (!quantityTyped && lot) setQuantity(String(n.length > 0 ? n.length : lot.quantity));
    setRefusal(null);
    keep(n, place);
  };
  // Once the draft and the lot's units are both read: its units still in the lot are named again,
  // before any scanned meanwhile; those that left the lot since are said, not named.
  useEffect(() => {
    if (!saved || !units || !lot) return;
    setSaved(null);
    if (saved.value.serials.length === 0) return;
    const again = namedAgain(saved.value.serials, units);
    const merged = [...again.named, ...named.filter((s) => !again.named.includes(s))];
    const back = place.room === '' && place.rack === '' ? { room: saved.value.room, rack: saved.value.rack } : place;
    setPlace(back);
    setNamed(merged);
    if (!quantityTyped) setQuantity(String(merged.length > 0 ? merged.length : lot.quantity));
    keep(merged, back);
    setRestored({ named: again.named.length, left: again.left, savedAt: saved.savedAt });
    // Runs once per draft read; the state it merges with is read as it stands then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved, units]);
  // What the person gave for the move besides the units (kept as a draft): Escape would lose it.
  const given = useChanged({ to, quantity: quantityTyped ? quantity : null, date, note, poNumber, siteId, inServiceDate, replacementPlan, disposition, proceeds, buyerName, buyerCountry, licence, ticks: [...ticks] });
  /** Cancel (and the move made): the draft goes. */
  const close = () => {
    drafts.discard();
    closeDialog();
  };

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
  const plain = request ? moveGuards(lot, request, { unsanitisedUnits: pendingSanitisation, sanitisedAfter: lateSanitisation, today: todayIso(), lastMove }) : null;
  const transfer = request && plain?.ok ? moveTransfer(lot, request, plain.value, compliance) : null;
  const guard = request ? moveGuards(lot, request, { unsanitisedUnits: pendingSanitisation, sanitisedAfter: lateSanitisation, compliance, today: todayIso(), lastMove }) : null;
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
      // After the move, not in its transaction: a crash between the two leaves a draft whose
      // units, named again, are no longer in the lot (or, moved whole, are moved again only when asked).
      close();
      const moved = r.value.moved;
      toast(r.value.remainder ? `Split ${counted(moved.quantity, 'unit')} into ${moved.code}, now ${STATUS_LABELS[moved.status]}` : `${moved.code} is now ${STATUS_LABELS[moved.status]}`);
      if (r.value.remainder) navigate({ name: 'lot', id: moved.id });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Move ${lot.code}`} onClose={closeDialog} onSubmit={() => void submit()}
      unsaved={given ? { question: `Discard the move of ${lot.code}?`, text: named.length > 0 ? 'What you entered for the move is not saved; the units named stay named for the next time.' : 'What you entered is not saved.' } : undefined}
      footer={
        <>
          <CancelButton discard={{ close, unsaved: given || named.length > 0 ? { question: `Discard the move of ${lot.code}?`, text: named.length > 0 ? 'What you entered is not saved, and the units named are no longer kept.' : 'What you entered is not saved.' } : undefined }} />
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
            <Field label="Quantity" hint={splitting ? `Splits the lot: ${qty} move to a new lot, ${lot.quantity - qty} stay.` : `All ${counted(lot.quantity, 'unit')}.`}>
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
              <Field label="In-service date" hint="Empty: the lot’s in-service date if it has one (the date it first entered service, or the one planned), else the move date.">
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
                  {transferVerdict(transfer.record, transfer.need, compliance.policy)}
                </p>
                <Field label="Licence reference" hint={transfer.need ? 'Required: recorded on the move, and in the compliance register.' : 'Optional.'}>
                  <input className="input mono" value={licence} onChange={(e) => { setLicence(e.target.value); setRefusal(null); }} />
                </Field>
              </div>
            )}
            {units && units.length > 0 && (
              <div className="span-all">
                {restored && (
                  <div className="alert alert-warn" role="status" data-testid="move-draft-restored" style={{ marginBottom: 'var(--sp-2)' }}>
                    {restored.named > 0
                      ? `Named again: the ${restored.named === 1 ? 'unit' : `${restored.named} units`} scanned ${draftSavedText(restored.savedAt, new Date())} for a move that was not made.`
                      : `The units scanned ${draftSavedText(restored.savedAt, new Date())} for a move that was not made are no longer in ${lot.code}.`}
                    {restored.left.length > 0 && restored.named > 0 && ` ${restored.left.length === 1 ? '1 of them is' : `${restored.left.length} of them are`} no longer in ${lot.code}: ${restored.left.slice(0, 5).join(', ')}${restored.left.length > 5 ? ` (and ${restored.left.length - 5} more)` : ''}.`}
                    {restored.named > 0 && (
                      <>
                        {' '}
                        <button type="button" className="btn btn-ghost btn-sm" onClick={() => {
                            const none = { room: '', rack: '' };
                            setPlace(none);
                            changeNamed([]);
                            setRestored(null);
                          }}>Start over</button>
                      </>
                    )}
                  </div>
                )}
                <MoveUnitsPicker lotCode={lot.code} units={units} named={named} quantity={qty} onChange={changeNamed}
                  place={place} onPlaceChange={(p) => { setPlace(p); setRefusal(null); keep(named, p); }} />
                {draftWriteError !== null && (
                  <p className="alert alert-warn" role="status" data-testid="move-draft-error">
                    The units named could not be saved as a draft ({describeStorageError(draftWriteError).title}). If the app closes before the move is made, they are named again by hand.
                  </p>
                )}
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
