import { memo, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Lot } from '../../../shared/lot';
import { useVirtualizer } from '@tanstack/react-virtual';
import { commitPlan, createScanSession, pastedCodes, removeScan, roomLeft, scan, scanAll, scanMany, type AcceptedScan, type ScanOutcome, type ScanSession } from '../../../shared/scanSession';
import { bareUnit, DEFAULT_SERIAL_FORMAT, normaliseCode } from '../../../shared/units';
import { Dialog } from '../../components/Dialog';
import { PastePanel, ScanInput } from '../../components/ScanInput';
import { useScanKeys } from '../../components/useScanKeys';
import { db } from '../../db/db';
import { draftWriter, loadDraft, scanSessionDraft, type SavedDraft, type ScanSessionDraft } from '../../db/drafts';
import { describeStorageError } from '../../db/storage';
import { useSettings, type Fleet } from '../../db/queries';
import { importUnits, unitHolders } from '../../db/units';
import { useUi } from '../../state/ui';
import { draftSavedText, modelSerialFormat, receivedText, SCAN_OUTCOME_LABELS, serialsText } from './unitView';

interface LoggedOutcome extends ScanOutcome {
  n: number;
}

/**
 * A receiving session for one lot, or for the lots of one PO (one pallet, several PO lines):
 * each scan goes to the first lot, in the order given, with room and whose model's serial
 * format accepts it (shared/scanSession.ts). A keyboard-wedge scanner types the code and
 * presses Enter: each scan is accepted or rejected at once, with its reason. Nothing is written
 * until the technician commits the reviewed list, in one transaction for every lot. There is
 * no form here, so Enter can never submit anything.
 *
 * Until then the accepted serials are kept as a draft (renderer/db/drafts.ts), so a reload or a
 * crash loses no scans: opening the session again offers them back (`resume`: takes them back
 * without asking, when the person already chose Resume elsewhere). Commit, Cancel and Discard
 * remove the draft; closing with Escape keeps it (the lot's Units tab then says so), since a
 * stray key should not throw away a pallet's worth of scanning.
 */
export function ScanSessionDialog({ lots, fleet, poNumber, resume = false, onClose }: {
  lots: readonly Lot[];
  fleet: Fleet;
  poNumber?: string;
  resume?: boolean;
  onClose: () => void;
}) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [session, setSession] = useState<ScanSession | null>(null);
  const [log, setLog] = useState<LoggedOutcome[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [tracked, setTracked] = useState<ReadonlyMap<string, number>>(new Map());
  // The session is built once, from the lots as the dialog opened (a scan session is a snapshot).
  const [opened] = useState(() => lots.map((lot) => ({ lot, format: modelSerialFormat(fleet.modelsById.get(lot.modelId)) })));
  const formatOf = (lot: Lot) => opened.find((o) => o.lot.id === lot.id)?.format ?? modelSerialFormat(fleet.modelsById.get(lot.modelId)) ?? DEFAULT_SERIAL_FORMAT;
  // Keyed by what the session receives into, as it opened: a PO's session, or its one lot's.
  const [draftKind] = useState(() => scanSessionDraft(poNumber !== undefined ? { poNumber } : { lotId: opened[0]?.lot.id ?? '' }));
  const [drafts] = useState(() => draftWriter(db, draftKind));
  const draftWriteError = useSyncExternalStore(drafts.subscribe, drafts.error);
  const [draftReadError, setDraftReadError] = useState<unknown>(null);
  // The saved draft being offered back; undefined while it is read, null once there is none or it was taken or refused.
  const [offer, setOffer] = useState<SavedDraft<ScanSessionDraft> | null | undefined>(undefined);
  // Whether the draft on disk is this session's (saved or resumed by it): only then does an
  // emptied session delete it (an empty session just opened must not delete one it could not read).
  const keptDraft = useRef(false);
  // The scan box: a wedge scanner types wherever the focus is, so a click on Remove or on
  // "Scan pasted serials" hands the focus back here, or the next code would be typed into nothing.
  const scanBox = useRef<HTMLInputElement>(null);
  // A click on the dialog's text, a list or the paste panel's toggle takes the focus off the scan
  // box: a printable key anywhere in the dialog but a text field goes back to it, with the code.
  useScanKeys(scanBox);
  // Codes scanned before the session can check them (the fleet's serials still being read, or a
  // saved draft still on offer): kept in order and scanned as soon as it can, never dropped.
  const early = useRef<string[]>([]);
  const [earlyCount, setEarlyCount] = useState(0);
  const takeEarly = useCallback((): string[] => {
    const codes = early.current;
    early.current = [];
    setEarlyCount(0);
    return codes;
  }, []);

  useEffect(() => {
    let live = true;
    const saved = loadDraft(db, draftKind).catch((e: unknown) => {
      if (live) setDraftReadError(e);
      return null;
    });
    void Promise.all([unitHolders(db), saved]).then(([holders, draft]) => {
      if (!live) return;
      setTracked(holders.counts);
      const fresh = createScanSession({
        targets: opened.map(({ lot, format }) => ({ lotId: lot.id, lotCode: lot.code, remaining: Math.max(0, lot.quantity - (holders.counts.get(lot.id) ?? 0)), format })),
        knownSerials: (s) => holders.bySerial.get(s) ?? null,
        knownAssetTags: (t) => holders.byAssetTag.get(t) ?? null,
      });
      const saved = draft !== null && draft.value.serials.length > 0 ? draft : null;
      if (saved !== null && !resume) {
        // Offered back; codes scanned meanwhile wait for the answer (they go after the draft's).
        setSession(fresh);
        setOffer(saved);
        return;
      }
      const r = scanAll(fresh, [...(saved?.value.serials ?? []), ...takeEarly()]);
      setSession(r.session);
      setLog(r.outcomes.filter((o) => o.kind !== 'empty').map((o, i) => ({ ...o, n: i + 1 })));
      if (saved !== null) keptDraft.current = true;
      setOffer(null);
    });
    return () => {
      live = false;
    };
  }, [opened, draftKind, resume, takeEarly]);

  // Every change of the accepted scans is kept as the draft: one small put, never awaited, so the
  // scan box never waits for the disk. Not while a saved draft is still on offer: the new, empty
  // session must not replace it before the technician has taken or refused it.
  const acceptedNow = session?.accepted;
  useEffect(() => {
    if (acceptedNow === undefined || offer !== null) return;
    if (acceptedNow.length > 0) {
      drafts.save({ serials: acceptedNow.map((a) => a.serial) });
      keptDraft.current = true;
    } else if (keptDraft.current) {
      drafts.discard();
      keptDraft.current = false;
    }
  }, [acceptedNow, offer, drafts]);

  const record = (outcomes: ScanOutcome[]) => {
    const shown = outcomes.filter((o) => o.kind !== 'empty');
    if (shown.length === 0) return;
    setLog((l) => [...l, ...shown.map((o, i) => ({ ...o, n: l.length + i + 1 }))]);
    setError(null);
  };
  const keepEarly = (codes: readonly string[]) => {
    const kept = codes.filter((c) => normaliseCode(c) !== '');
    if (kept.length === 0) return;
    early.current = [...early.current, ...kept];
    setEarlyCount(early.current.length);
  };
  const onScan = (raw: string) => {
    if (!session || offer) {
      keepEarly([raw]);
      return;
    }
    const r = scan(session, raw);
    setSession(r.session);
    record([r.outcome]);
  };
  const onPaste = (text: string) => {
    if (!session || offer) {
      keepEarly(pastedCodes(text));
      scanBox.current?.focus();
      return;
    }
    const r = scanMany(session, text);
    setSession(r.session);
    record(r.outcomes);
    scanBox.current?.focus();
  };
  const onRemove = useCallback((serial: string) => {
    setSession((s) => (s ? removeScan(s, serial) : s));
    scanBox.current?.focus();
  }, []);
  const resumeDraft = (saved: SavedDraft<ScanSessionDraft>) => {
    if (!session) return;
    // Scanned again, so each is checked as if scanned now: a serial received elsewhere since, or
    // one more than the lot can still take, is rejected with its reason.
    const r = scanAll(session, [...saved.value.serials, ...takeEarly()]);
    setSession(r.session);
    record(r.outcomes);
    // The draft is this session's now: emptied (every serial rejected on the second look), it goes.
    keptDraft.current = true;
    setOffer(null);
    scanBox.current?.focus();
  };
  const discardOffer = () => {
    drafts.discard();
    setOffer(null);
    scanBox.current?.focus();
    const codes = takeEarly();
    if (session && codes.length > 0) {
      const r = scanAll(session, codes);
      setSession(r.session);
      record(r.outcomes);
    }
  };
  const cancel = () => {
    // A draft still on offer was neither taken nor refused: it stays for next time.
    if (offer === null) drafts.discard();
    onClose();
  };
  const commit = async () => {
    if (!session) return;
    const plan = commitPlan(session);
    if (plan.length === 0) return;
    setSaving(true);
    try {
      const r = await importUnits(db, plan.map((b) => ({ lotId: b.lotId, units: b.serials.map(bareUnit) })), settings.actorName, { formatOf });
      if (!r.ok) {
        setError(r.error);
        // Back to the scan box: left on Commit (or on the page, as Commit was disabled while
        // saving), the next scan would be typed into nothing and its Enter press Commit again.
        scanBox.current?.focus();
        return;
      }
      toast(receivedText(session, r.value.units, poNumber));
      // After the commit, not in its transaction: a crash between the two leaves a draft whose
      // serials, offered back, are each rejected as already in the fleet, which says what happened.
      drafts.discard();
      onClose();
    } finally {
      setSaving(false);
    }
  };

  const accepted = session?.accepted ?? [];
  const left = session ? session.targets.reduce((n, t) => n + roomLeft(session, t.lotId), 0) : 0;
  const last = log[log.length - 1];
  const rejected = log.filter((o) => o.kind !== 'accepted');
  const single = opened.length === 1 ? opened[0]?.lot : undefined;
  const title = single ? `Receive units into ${single.code}` : `Receive PO ${poNumber ?? ''} into ${opened.length} lots`;

  return (
    <Dialog title={title} label="Scan session" onClose={onClose} wide
      footer={
        <>
          <span className="muted" style={{ marginRight: 'auto' }} data-testid="scan-counts">
            {accepted.length} accepted · {rejected.length} rejected · {left} more expected
          </span>
          <button type="button" className="btn" onClick={cancel}>Cancel</button>
          <button type="button" className="btn btn-primary" onClick={() => void commit()} disabled={saving || accepted.length === 0}>
            Commit {accepted.length} unit{accepted.length === 1 ? '' : 's'}
          </button>
        </>
      }>
      {/* The scan box is there while the fleet's serials are read, in the same place as after, so
          the dialog opens with the focus in it (not on Cancel, which a scanner's Enter would press)
          and a code scanned at once is kept, then checked when the session is ready. */}
      {session === null ? (
        <p className="muted" aria-busy="true" style={{ margin: 0 }}>Reading the fleet’s serials…</p>
      ) : single ? (
        <p className="muted" style={{ margin: 0 }}>
          {single.code} has a quantity of {single.quantity} and tracks {tracked.get(single.id) ?? 0}: this session can receive {session.targets[0]?.remaining ?? 0}.
          Scan each unit (the scanner presses Enter); nothing is saved until you commit.
        </p>
      ) : (
        <>
          <p className="muted" style={{ margin: 0 }}>
            Each scan goes to the first lot below with room whose model’s serial format accepts it. Scan each unit (the scanner presses Enter);
            nothing is saved until you commit, and then every lot is received at once.
          </p>
          <ul className="chips" aria-label="Lots of the PO">
            {session.targets.map((t) => (
              <li key={t.lotId} className="chip" data-testid="scan-target" data-lot={t.lotCode}>
                <span className="mono">{t.lotCode}</span>: {session.counts.get(t.lotId) ?? 0} of {t.remaining}
                {t.format ? ` · ${t.format.description}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {/* A saved draft on offer: answered with a click (or Tab to it). The scan box stays and keeps
          the focus: a wedge scanner's code typed onto Resume was lost, and its Enter pressed Resume. */}
      {offer && (
        <div className="alert alert-warn" role="group" aria-label="Scans not committed" data-testid="scan-draft-offer">
          <p style={{ marginTop: 0 }}>
            Resume the {serialsText(offer.value.serials.length)} scanned {draftSavedText(offer.savedAt, new Date())}? They were not committed.
            {earlyCount > 0 && ` The ${earlyCount === 1 ? 'code' : `${earlyCount} codes`} scanned since opening ${earlyCount === 1 ? 'is' : 'are'} kept and checked after your answer.`}
          </p>
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={() => resumeDraft(offer)}>Resume</button>
            <button type="button" className="btn" onClick={discardOffer}>Discard</button>
          </div>
        </div>
      )}
      <ScanInput label="Scan serial" placeholder="Scan or type a serial, then Enter" onScan={onScan} inputRef={scanBox} />
      <div className={`scan-feedback scan-${last ? (last.kind === 'accepted' ? 'ok' : 'rejected') : 'idle'}`} role="status" aria-live="polite"
        data-testid="scan-feedback">
        {/* Keyed by the scan: the same result twice is new content, so it is read out again. */}
        {session === null || offer ? (
          earlyCount > 0 ? (
            <span key={earlyCount}>
              {earlyCount === 1 ? '1 scan kept' : `${earlyCount} scans kept`}: {offer ? 'checked after your answer above.' : 'checked as soon as the fleet’s serials are read.'}
            </span>
          ) : (
            offer ? 'Scan away: codes scanned now are kept and checked after your answer above.' : 'Scan away: codes scanned now are checked as soon as the fleet’s serials are read.'
          )
        ) : last ? (
          <span key={last.n}>
            <strong>{SCAN_OUTCOME_LABELS[last.kind]}</strong> {last.message}
          </span>
        ) : (
          'Ready to scan.'
        )}
      </div>
      <PastePanel summary="Paste a column of serials" label="Pasted serials" button="Scan pasted serials" onPaste={onPaste}
        placeholder="One serial per line (the first cell of each row of a spreadsheet selection)" />
      {session !== null && (
        <>
          <div className="scan-lists">
            <section aria-label="Accepted scans">
              <div className="field-label">Accepted ({accepted.length})</div>
              <AcceptedList accepted={accepted} onRemove={onRemove} />
            </section>
            <section aria-label="Rejected scans">
              <div className="field-label">Rejected ({rejected.length})</div>
              <ul className="scan-list">
                {rejected.map((o) => (
                  <li key={o.n} data-testid="scan-rejected" data-kind={o.kind}>
                    <span className="scan-kind">{SCAN_OUTCOME_LABELS[o.kind]}</span> {o.message}
                  </li>
                ))}
              </ul>
            </section>
          </div>
          {error && <div className="alert alert-error" role="alert">Nothing was received: {error}</div>}
          {draftReadError !== null && (
            <p className="alert alert-warn" role="status" data-testid="scan-draft-error">
              A saved draft of this session could not be read ({describeStorageError(draftReadError).title}).
            </p>
          )}
          {draftWriteError !== null && (
            <p className="alert alert-warn" role="status" data-testid="scan-draft-error">
              These scans could not be saved as a draft ({describeStorageError(draftWriteError).title}). If the app closes before you commit, the latest scans are lost.
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}

const SCAN_ROW_H = 26;

/** Newest first (the one just scanned is where the eye is), virtualised: a delivery may be thousands. */
const AcceptedList = memo(function AcceptedList({ accepted, onRemove }: { accepted: ScanSession['accepted']; onRemove: (serial: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: accepted.length, getScrollElement: () => scroller.current, estimateSize: () => SCAN_ROW_H, overscan: 8 });
  return (
    <div className="scan-list" ref={scroller} data-testid="scan-accepted">
      <ul style={{ height: virtualizer.getTotalSize(), position: 'relative', margin: 0, padding: 0, listStyle: 'none' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const a = accepted[accepted.length - 1 - v.index] as AcceptedScan;
          // Only the scans in view are in the page: each says where it is in the whole list, so a
          // screen reader counts every scan, not the few rendered.
          return (
            <li key={a.serial} aria-setsize={accepted.length} aria-posinset={v.index + 1}
              style={{ position: 'absolute', left: 0, right: 0, height: SCAN_ROW_H, transform: `translateY(${v.start}px)` }}>
              <span className="muted">#{a.number}</span> <span className="mono">{a.serial}</span>
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${a.serial}`} onClick={() => onRemove(a.serial)}>Remove</button>
            </li>
          );
        })}
      </ul>
    </div>
  );
});
