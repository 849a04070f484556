import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { modelLabel } from '../../../shared/catalog';
import { pastedCodes } from '../../../shared/scanSession';
import { normaliseCode } from '../../../shared/units';
import { db } from '../../db/db';
import type { Fleet } from '../../db/queries';
import { describeStorageError } from '../../db/storage';
import { findUnit, unitsBySerial } from '../../db/units';
import { useShipment } from '../../state/shipment';
import { PastePanel, ScanInput } from '../../components/ScanInput';
import { useScanKeys } from '../../components/useScanKeys';
import { CertificateView } from './PrintViews';
import {
  addScan,
  removeFromShipment,
  SHIPMENT_SCAN_LABELS,
  shipmentCountText,
  shipmentOf,
  unverifiedText,
  type ShipmentEntry,
  type ShipmentScan,
} from './shipment';
import { restoreShipment, shipmentDraft } from './shipmentDraft';
import { draftSavedText, sanitisationState, sanitisationText } from './unitView';

interface LoggedScan extends ShipmentScan {
  n: number;
}

/** How many scans the log keeps on screen; the shipment itself keeps every unit. */
const LOG_SHOWN = 100;

/**
 * The certificate of sanitisation for a shipment (#/shipment): the technician scans or pastes
 * the serials or asset tags of the units on the pallet, from any lots, checks the list, and
 * prints one certificate for all of them. The list is UI state (renderer/state/shipment.ts), so
 * it survives a trip to a lot to record a missing sanitisation, and it is kept as a draft
 * (./shipmentDraft.ts), so it survives a reload or a crash too, until it is cleared.
 */
export function ShipmentView({ fleet }: { fleet: Fleet }) {
  const serials = useShipment((s) => s.serials);
  const reference = useShipment((s) => s.reference);
  const setReference = useShipment((s) => s.setReference);
  const [log, setLog] = useState<LoggedScan[]>([]);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const [certificate, setCertificate] = useState(false);
  const scanBox = useRef<HTMLInputElement>(null);
  // A click on the page's text, a list or a button takes the focus off the scan box: a printable
  // key anywhere in the view but a text field goes back to it, so the scanner's next code lands.
  useScanKeys(scanBox);
  // Scans are looked up one after another, so a fast scanner's codes land (and are told apart
  // as duplicates) in the order they were scanned, whatever order the look-ups finish in.
  const queue = useRef<Promise<void>>(Promise.resolve());
  // Bumped by Clear: scans queued before it (a long paste still being looked up) are dropped,
  // not added to the emptied shipment.
  const generation = useRef(0);
  // When the list on screen was put back from the saved draft (after a reload or a crash).
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [draftReadError, setDraftReadError] = useState<unknown>(null);
  const draftWriteError = useSyncExternalStore(shipmentDraft.subscribe, shipmentDraft.error);

  useEffect(() => {
    // First in the scan queue: codes scanned while the draft is read are added to the list it
    // gives back, rather than replaced by it.
    queue.current = queue.current.then(() =>
      restoreShipment().then(
        (savedAt) => {
          if (savedAt !== null) setRestoredAt(savedAt);
        },
        (e: unknown) => setDraftReadError(e),
      ),
    );
  }, []);

  // Read from the fleet on every change, not kept from the scan: a record made after the scan,
  // or a unit moved to another lot by a split, is what the certificate shows.
  const read = useLiveQuery(async () => {
    // By serial only (the store keeps serials, whatever was scanned): one query for the pallet.
    const found = await unitsBySerial(db, serials);
    return serials.map((serial): ShipmentEntry => ({ serial, found: found.get(serial) ?? null }));
  }, [serials]);
  // useLiveQuery keeps its last result while the new one is read, so a scan never blanks the list.
  const shipment = shipmentOf(read ?? []);
  const loading = read === undefined && serials.length > 0;

  const focusScan = () => scanBox.current?.focus();

  const scanOne = async (raw: string, queuedIn: number) => {
    const code = normaliseCode(raw);
    if (code === '' || queuedIn !== generation.current) return;
    try {
      const f = await findUnit(db, code);
      if (queuedIn !== generation.current) return;
      // A code two units answer to could be either unit's label: refused, naming them, rather than one of them guessed.
      if (f?.contested) {
        setLookupError(`${code} names more than one unit (${f.contested.serials.join(', ')}) until a team-sync conflict is settled (see Conflicts); scan another code of the unit. Nothing was added.`);
        return;
      }
      const { serials: current, setSerials } = useShipment.getState();
      const r = addScan(current, code, f ? { serial: f.unit.serial, assetTag: f.unit.assetTag, lotCode: f.lot?.code ?? '?', matchedBy: f.matchedBy } : null);
      if (r.serials !== current) setSerials(r.serials);
      setLookupError(null);
      setLog((l) => [{ ...r.scan, n: (l[0]?.n ?? 0) + 1 }, ...l].slice(0, LOG_SHOWN));
    } catch (e) {
      setLookupError(`${code} could not be looked up: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const enqueue = (codes: readonly string[]) => {
    const queuedIn = generation.current;
    for (const code of codes) queue.current = queue.current.then(() => scanOne(code, queuedIn));
  };
  const remove = (serial: string) => {
    const { serials: current, setSerials } = useShipment.getState();
    setSerials(removeFromShipment(current, serial));
    focusScan();
  };
  const clear = () => {
    generation.current += 1;
    useShipment.getState().clear();
    setRestoredAt(null);
    setLog([]);
    setConfirmClear(false);
    focusScan();
  };
  const addPasted = (text: string) => {
    enqueue(pastedCodes(text));
    focusScan();
  };

  if (certificate) {
    return (
      <div className="page">
        <CertificateView shipment={{ reference }} fleet={fleet} units={shipment.units} onBack={() => setCertificate(false)} />
      </div>
    );
  }

  const last = log[0];
  const unverified = unverifiedText(shipment);
  const count = shipment.units.length;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Shipment certificate</h1>
        <span className="muted">One certificate of sanitisation for the units of a pallet, from any lots.</span>
      </div>

      <div className="toolbar">
        <label className="field-label" htmlFor="shipment-reference">Shipment reference</label>
        <input id="shipment-reference" className="input mono" style={{ minWidth: '24em' }} placeholder="Waybill / BOL number (optional)" autoComplete="off" value={reference}
          onChange={(e) => setReference(e.target.value)}
          // A waybill barcode scanned here ends with Enter: go on to scanning the units.
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); focusScan(); } }} />
      </div>

      <ScanInput inputRef={scanBox} label="Scan serial or asset tag" placeholder="Scan or type a serial or asset tag, then Enter" onScan={(raw) => enqueue([raw])} />
      <div className={`scan-feedback scan-${last ? (last.kind === 'added' ? 'ok' : 'rejected') : 'idle'}`} role="status" aria-live="polite"
        data-testid="shipment-feedback" data-kind={last?.kind}>
        {/* Keyed by the scan: the same result twice is new content, so it is read out again. */}
        {last ? (
          <span key={last.n}>
            <strong>{SHIPMENT_SCAN_LABELS[last.kind]}</strong> {last.message}
          </span>
        ) : (
          'Ready to scan: each unit’s serial or asset tag, the scanner presses Enter.'
        )}
      </div>
      {lookupError && <div className="alert alert-error" role="alert">{lookupError}</div>}
      <PastePanel summary="Paste a column of serials or asset tags" label="Pasted serials or asset tags" button="Add pasted codes" onPaste={addPasted}
        placeholder="One per line (the first cell of each row of a spreadsheet selection)" />

      <section className="card card-body" aria-label="Shipment summary" data-testid="shipment-summary">
        <div className="toolbar">
          <strong>{shipmentCountText(shipment)}</strong>
          <span className="spacer" style={{ flex: 1 }} />
          {confirmClear ? (
            <>
              <span>Take all {count} units off this shipment?</span>
              <button type="button" className="btn btn-danger" onClick={clear}>Clear</button>
              <button type="button" className="btn" onClick={() => { setConfirmClear(false); focusScan(); }}>Keep them</button>
            </>
          ) : (
            <button type="button" className="btn" onClick={() => setConfirmClear(true)} disabled={serials.length === 0}>Clear…</button>
          )}
          <button type="button" className="btn btn-primary" onClick={() => setCertificate(true)} disabled={count === 0}>
            Certificate ({count} unit{count === 1 ? '' : 's'})
          </button>
        </div>
        {restoredAt !== null && (serials.length > 0 || reference !== '') && (
          <p className="muted" data-testid="shipment-restored">Restored from the draft saved {draftSavedText(restoredAt, new Date())}.</p>
        )}
        {draftReadError !== null && (
          <p className="alert alert-warn" role="status" data-testid="shipment-draft-error">
            The saved shipment list could not be read ({describeStorageError(draftReadError).title}).
          </p>
        )}
        {draftWriteError !== null && (
          <p className="alert alert-warn" role="status" data-testid="shipment-draft-error">
            The shipment list could not be saved as a draft ({describeStorageError(draftWriteError).title}). If the app closes now, the latest changes are lost.
          </p>
        )}
        {count > 0 && (
          <p className={unverified ? 'alert alert-warn' : 'muted'} data-testid="shipment-unverified" style={{ marginBottom: 0 }}>
            {unverified ?? 'Every unit has a verified sanitisation record.'}
          </p>
        )}
      </section>

      {loading && <p className="muted" aria-busy="true">Reading the units…</p>}
      {shipment.gone.length > 0 && (
        <section className="alert alert-warn" aria-label="No longer in the fleet">
          These were scanned but are no longer in the fleet, so they are left off the certificate:
          <ul className="scan-list">
            {shipment.gone.map((serial) => (
              <li key={serial} data-serial={serial}>
                <span className="mono">{serial}</span>
                <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${serial}`} onClick={() => remove(serial)}>Remove</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {shipment.groups.map((g) => {
        const model = g.lot ? fleet.modelsById.get(g.lot.modelId) : undefined;
        return (
          <section key={g.lotId} className="card card-body" aria-label={`Lot ${g.lotCode}`} data-lot={g.lotCode}>
            <h2>
              <span className="mono">{g.lotCode}</span> <span className="muted">· {model ? modelLabel(model) : '—'} · {g.units.length} unit{g.units.length === 1 ? '' : 's'}</span>
            </h2>
            <ul className="scan-list" style={{ maxHeight: 'none' }}>
              {g.units.map((u) => (
                <li key={u.serial} data-serial={u.serial}>
                  <span className="mono">{u.serial}</span>
                  {u.assetTag && <span className="mono muted">{u.assetTag}</span>}
                  <span className={`sanitisation-${sanitisationState(u)}`}>{sanitisationText(u)}</span>
                  <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${u.serial}`} onClick={() => remove(u.serial)}>Remove</button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}

      {log.length > 0 && (
        <section aria-label="Scans">
          <div className="field-label">Scans, newest first</div>
          <ul className="scan-list">
            {log.map((s) => (
              <li key={s.n} data-testid="shipment-scan" data-kind={s.kind}>
                <span className={s.kind === 'added' ? 'sanitisation-verified' : 'scan-kind'}>{SHIPMENT_SCAN_LABELS[s.kind]}</span> {s.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
