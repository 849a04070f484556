import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { Lot } from '../../../shared/lot';
import { useVirtualizer } from '@tanstack/react-virtual';
import { commitPlan, createScanSession, removeScan, roomLeft, scan, scanMany, type AcceptedScan, type ScanOutcome, type ScanSession } from '../../../shared/scanSession';
import { bareUnit, DEFAULT_SERIAL_FORMAT } from '../../../shared/units';
import { Dialog } from '../../components/Dialog';
import { PastePanel, ScanInput } from '../../components/ScanInput';
import { db } from '../../db/db';
import { useSettings, type Fleet } from '../../db/queries';
import { importUnits, unitHolders } from '../../db/units';
import { useUi } from '../../state/ui';
import { modelSerialFormat, SCAN_OUTCOME_LABELS } from './unitView';

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
 */
export function ScanSessionDialog({ lots, fleet, poNumber, onClose }: { lots: readonly Lot[]; fleet: Fleet; poNumber?: string; onClose: () => void }) {
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

  useEffect(() => {
    let live = true;
    void unitHolders(db).then((holders) => {
      if (!live) return;
      setTracked(holders.counts);
      setSession(
        createScanSession({
          targets: opened.map(({ lot, format }) => ({ lotId: lot.id, lotCode: lot.code, remaining: Math.max(0, lot.quantity - (holders.counts.get(lot.id) ?? 0)), format })),
          knownSerials: (s) => holders.bySerial.get(s) ?? null,
        }),
      );
    });
    return () => {
      live = false;
    };
  }, [opened]);

  const record = (outcomes: ScanOutcome[]) => {
    const shown = outcomes.filter((o) => o.kind !== 'empty');
    if (shown.length === 0) return;
    setLog((l) => [...l, ...shown.map((o, i) => ({ ...o, n: l.length + i + 1 }))]);
    setError(null);
  };
  const onScan = (raw: string) => {
    if (!session) return;
    const r = scan(session, raw);
    setSession(r.session);
    record([r.outcome]);
  };
  const onPaste = (text: string) => {
    if (!session) return;
    const r = scanMany(session, text);
    setSession(r.session);
    record(r.outcomes);
  };
  const onRemove = useCallback((serial: string) => setSession((s) => (s ? removeScan(s, serial) : s)), []);
  const commit = async () => {
    if (!session) return;
    const plan = commitPlan(session);
    if (plan.length === 0) return;
    setSaving(true);
    try {
      const r = await importUnits(db, plan.map((b) => ({ lotId: b.lotId, units: b.serials.map(bareUnit) })), settings.actorName, { formatOf });
      if (!r.ok) {
        setError(r.error);
        return;
      }
      const still = plan.reduce((n, b) => n + b.stillExpected, 0);
      const into = plan.length === 1 ? (plan[0]?.lotCode ?? '') : `${plan.length} lots of PO ${poNumber ?? ''}`;
      toast(`Received ${r.value.units} units into ${into}${still > 0 ? `; ${still} still expected` : ''}`);
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
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" onClick={() => void commit()} disabled={saving || accepted.length === 0}>
            Commit {accepted.length} unit{accepted.length === 1 ? '' : 's'}
          </button>
        </>
      }>
      {session === null ? (
        <p className="muted" aria-busy="true">Reading the fleet’s serials…</p>
      ) : (
        <>
          {single ? (
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
          <ScanInput label="Scan serial" placeholder="Scan or type a serial, then Enter" onScan={onScan} />
          <div className={`scan-feedback scan-${last ? (last.kind === 'accepted' ? 'ok' : 'rejected') : 'idle'}`} role="status" aria-live="polite"
            data-testid="scan-feedback">
            {last ? (
              <>
                <strong>{SCAN_OUTCOME_LABELS[last.kind]}</strong> {last.message}
              </>
            ) : (
              'Ready to scan.'
            )}
          </div>
          <PastePanel summary="Paste a column of serials" label="Pasted serials" button="Scan pasted serials" onPaste={onPaste}
            placeholder="One serial per line (the first cell of each row of a spreadsheet selection)" />
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
          return (
            <li key={a.serial} style={{ position: 'absolute', left: 0, right: 0, height: SCAN_ROW_H, transform: `translateY(${v.start}px)` }}>
              <span className="muted">#{a.number}</span> <span className="mono">{a.serial}</span>
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${a.serial}`} onClick={() => onRemove(a.serial)}>Remove</button>
            </li>
          );
        })}
      </ul>
    </div>
  );
});
