import { ProvenanceRecordView } from '../compliance/ProvenanceRecordView';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Lot } from '../../../shared/lot';
import { filterUnits, UNIT_CONDITION_LABELS, type Unit, type UnitLotEvent } from '../../../shared/units';
import { db } from '../../db/db';
import { discardDraft, readDraft, scanSessionDraft, type DraftKind, type ScanSessionDraft, type ScanSessionScope } from '../../db/drafts';
import { describeStorageError } from '../../db/storage';
import type { Fleet } from '../../db/queries';
import { unitHistoryOf, unitsOfLot } from '../../db/units';
import { openCsvFile } from '../../platform';
import { routeHash } from '../../state/route';
import { useUi } from '../../state/ui';
import { EditUnitsDialog } from './EditUnitsDialog';
import { ImportUnitsDialog } from './ImportUnitsDialog';
import { CertificateView, LabelsView } from './PrintViews';
import { SanitisationDialog } from './SanitisationDialog';
import { ScanSessionDialog } from './ScanSessionDialog';
import { poLotsOf, sanitisationState, sanitisationText, selectedText, selectRange, selectShown, serialsText, trackedSummary, unitChangeText, unitHistoryLines, unitLocation } from './unitView';
import { useEventAuthor } from '../../eventAuthor';
import { useFocusBack } from '../../components/useFocusBack';

const ROW_H = 34;
const COLUMNS = '28px minmax(120px, 1.3fr) minmax(90px, 1fr) minmax(140px, 1.6fr) 80px minmax(160px, 1.6fr)';

type Mode = 'list' | 'scan' | 'scan-po' | 'sanitise' | 'certificate' | 'labels' | 'provenance';

/**
 * A lot's serial-numbered units: filter, select (checkboxes; Shift selects the run from the
 * last one ticked), history, and the scan / edit / sanitise / print actions.
 */
export function UnitsTab({ lot, fleet, focusSerial }: { lot: Lot; fleet: Fleet; focusSerial?: string | undefined }) {
  const units = useLiveQuery(() => unitsOfLot(db, lot.id), [lot.id]);
  const [filter, setFilter] = useState(focusSerial ?? '');
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [active, setActive] = useState<string | null>(focusSerial ?? null);
  const [mode, setMode] = useState<Mode>('list');
  // Whether the scan session opens by taking back its saved draft (Resume in the notice below).
  const [resuming, setResuming] = useState(false);
  const po = lot.poNumber.trim();
  const scanning = mode === 'scan' || mode === 'scan-po';
  // Scan sessions of this lot, or of its PO, that a reload, a crash or Escape left uncommitted.
  // Not read while a session is open: its draft changes on every scan, and each change would
  // re-render this tab and the open dialog with it, slowing the scanner down.
  const unfinished = useLiveQuery(
    async () =>
      scanning
        ? null
        : { lot: await uncommittedSerials(scanSessionDraft({ lotId: lot.id })), po: po === '' ? 0 : await uncommittedSerials(scanSessionDraft({ poNumber: po })) },
    [lot.id, po, scanning],
  );
  const [editing, setEditing] = useState<readonly string[] | null>(null);
  // The last unit ticked or unticked: Shift+click (or Shift+Space) on another selects the run between.
  const anchor = useRef<string | null>(null);
  const shift = useRef(false);
  const [csv, setCsv] = useState<{ fileName: string; text: string } | null>(null);
  const toast = useUi((s) => s.toast);
  const shown = useMemo(() => (units ? filterUnits(units, filter) : []), [units, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 12 });
  // Back from a certificate, labels or a provenance record: the focus goes to the button that opened it.
  const openingView = useFocusBack(mode === 'list');
  const openView = (m: 'certificate' | 'labels' | 'provenance') => {
    openingView(m);
    setMode(m);
  };

  if (units === undefined) return <p className="muted" aria-busy="true">Loading units…</p>;
  const chosen = units.filter((u) => selected.has(u.serial));
  const siteCode = (id: string) => fleet.sitesById.get(id)?.code;
  const disposed = lot.status === 'disposed';
  const full = units.length >= lot.quantity;
  const poLots = poLotsOf(lot, fleet.lots);

  if (mode === 'certificate') return <CertificateView lot={lot} fleet={fleet} units={chosen.length > 0 ? chosen : units} onBack={() => setMode('list')} />;
  if (mode === 'labels') return <LabelsView lot={lot} units={chosen.length > 0 ? chosen : units} onBack={() => setMode('list')} />;

  const allShownSelected = shown.length > 0 && shown.every((u) => selected.has(u.serial));
  const hiddenChosen = chosen.length - shown.reduce((n, u) => (selected.has(u.serial) ? n + 1 : n), 0);
  const toggle = (serial: string) => {
    const from = shift.current ? anchor.current : null;
    shift.current = false;
    anchor.current = serial;
    setSelected((s) => selectRange(s, shown.map((u) => u.serial), from, serial));
  };
  const noteShift = (e: MouseEvent<HTMLInputElement>) => {
    e.stopPropagation();
    shift.current = e.shiftKey;
  };
  // Adds or takes out the units shown only: a selection made under another filter is kept (and counted below).
  const toggleAll = () => setSelected((s) => selectShown(s, shown.map((u) => u.serial), !allShownSelected));
  const importCsv = async () => {
    const r = await openCsvFile({ title: 'Import units from CSV' });
    if (!r.ok) toast(r.error, 'error');
    else if (r.value) setCsv({ fileName: r.value.name, text: r.value.text });
  };
  const openScan = (m: 'scan' | 'scan-po', resume: boolean) => {
    setResuming(resume);
    setMode(m);
  };
  const closeScan = () => {
    setResuming(false);
    setMode('list');
  };
  const discardUnfinished = (scope: ScanSessionScope) => {
    discardDraft(db, scanSessionDraft(scope)).catch((e: unknown) => toast(`The uncommitted scans were not discarded: ${describeStorageError(e).title}.`, 'error'));
  };
  const activeUnit = active ? units.find((u) => u.serial === active) : undefined;
  if (mode === 'provenance' && activeUnit) return <ProvenanceRecordView lot={lot} unit={activeUnit} fleet={fleet} onBack={() => setMode('list')} />;
  const editUnits = editing ? units.filter((u) => editing.includes(u.serial)) : [];

  return (
    <section className="units-tab" aria-label="Units">
      <div className="toolbar">
        {/* What filterUnits matches, all of it: no "…" promising condition, notes or sanitisation (not matched). */}
        <input className="input search" aria-label="Filter units" placeholder="Filter by serial, asset tag, room or rack" value={filter}
          onChange={(e) => setFilter(e.target.value)} />
        <span className="muted" data-testid="units-tracked">{trackedSummary(units.length, lot.quantity)}</span>
        <span className="spacer" style={{ flex: 1 }} />
        <button type="button" className="btn btn-primary" onClick={() => openScan('scan', false)} disabled={disposed || full}
          title={full ? 'Every unit of the lot is tracked.' : disposed ? 'A disposed lot is closed.' : undefined}>
          Receive / scan…
        </button>
        {poLots.length > 1 && (
          <button type="button" className="btn" onClick={() => openScan('scan-po', false)} disabled={disposed}>
            Scan for the whole PO {lot.poNumber}…
          </button>
        )}
        <button type="button" className="btn" onClick={() => void importCsv()} disabled={disposed}>Import CSV…</button>
        <button type="button" className="btn" onClick={() => setEditing(chosen.map((u) => u.serial))} disabled={chosen.length === 0 || disposed}
          title={chosen.length === 0 ? 'Select units first.' : undefined}>
          Edit{chosen.length > 0 ? ` (${chosen.length})` : ''}…
        </button>
        <button type="button" className="btn" onClick={() => setMode('sanitise')} disabled={chosen.length === 0 || disposed}>
          Record sanitisation{chosen.length > 0 ? ` (${chosen.length})` : ''}…
        </button>
        <button type="button" className="btn" onClick={() => openView('certificate')} disabled={units.length === 0} data-focus-back="certificate">
          Certificate{chosen.length > 0 ? ` (${chosen.length})` : ''}
        </button>
        {/* A link, as it goes to another view (and so the lot's own "Certificate" stays the only such button here). */}
        <a className="btn" href={routeHash({ name: 'shipment' })}>Certificate for a shipment…</a>
        <button type="button" className="btn" onClick={() => openView('labels')} disabled={units.length === 0} data-focus-back="labels">
          Labels{chosen.length > 0 ? ` (${chosen.length})` : ''}
        </button>
      </div>

      {(unfinished?.lot ?? 0) > 0 && (
        <UnfinishedScanNotice text={`A scan session with ${serialsText(unfinished?.lot ?? 0)} was not committed.`}
          onResume={() => openScan('scan', true)} onDiscard={() => discardUnfinished({ lotId: lot.id })} />
      )}
      {(unfinished?.po ?? 0) > 0 && poLots.length > 0 && (
        <UnfinishedScanNotice text={`A scan session for PO ${po} with ${serialsText(unfinished?.po ?? 0)} was not committed.`}
          onResume={() => openScan('scan-po', true)} onDiscard={() => discardUnfinished({ poNumber: po })} />
      )}

      {units.length === 0 ? (
        <div className="empty">
          <h2>No serial-numbered units</h2>
          <p>This lot is tracked by count alone. Scan or paste serials to track its units one by one.</p>
        </div>
      ) : (
        <div className="units-layout">
          <div className="table-wrap units-grid">
            {/* A table, not a grid: its rows are reached with Tab through their controls, not with arrow keys.
                Only the rows in view are in the page, so each says where it is (the heading row is row 1). */}
            <div className="grid-table" role="table" aria-label="Units of the lot" aria-rowcount={shown.length + 1}>
              <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS }}>
                <span role="columnheader">
                  <input type="checkbox" aria-label="Select all shown units" checked={allShownSelected} onChange={toggleAll} />
                </span>
                <span role="columnheader">Serial</span>
                <span role="columnheader">Asset tag</span>
                <span role="columnheader">Site / room / rack / U</span>
                <span role="columnheader">Status</span>
                <span role="columnheader">Sanitisation</span>
              </div>
              <div className="grid-body" role="rowgroup" ref={scroller}>
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                  {virtualizer.getVirtualItems().map((v) => {
                    const u = shown[v.index] as Unit;
                    const state = sanitisationState(u);
                    return (
                      <div key={u.serial} role="row" aria-rowindex={v.index + 2} className="grid-row" data-serial={u.serial} aria-current={active === u.serial ? 'true' : undefined}
                        style={{ gridTemplateColumns: COLUMNS, height: ROW_H, transform: `translateY(${v.start}px)` }}
                        onClick={() => setActive(u.serial)}>
                        <span role="cell">
                          <input type="checkbox" aria-label={`Select ${u.serial}`} checked={selected.has(u.serial)}
                            onClick={noteShift} onChange={() => toggle(u.serial)} />
                        </span>
                        <span role="cell" className="mono">
                          <button type="button" className="btn btn-ghost btn-sm mono" style={{ padding: 0 }} aria-label={`Show history of ${u.serial}`}
                            onClick={(e) => { e.stopPropagation(); setActive(u.serial); }}>
                            {u.serial}
                          </button>
                        </span>
                        <span role="cell" className="mono">{u.assetTag || '—'}</span>
                        <span role="cell">{unitLocation(u, lot.siteId, siteCode)}</span>
                        <span role="cell">{UNIT_CONDITION_LABELS[u.status]}</span>
                        <span role="cell" className={`sanitisation-${state}`}>{sanitisationText(u)}</span>
                      </div>
                    );
                  })}
                </div>
              </div>
            </div>
            <div className="grid-foot">
              <span>{shown.length.toLocaleString('en-US')} shown</span>
              {/* The units the actions act on (not serials that left the lot), hidden ones said. */}
              <span data-testid="units-selected">{selectedText(chosen.length, hiddenChosen)}</span>
            </div>
          </div>
          <section className="card card-body" aria-label="Unit history">
            {activeUnit ? (
              <UnitHistory unit={activeUnit} lot={lot} fleet={fleet} onEdit={disposed ? null : () => setEditing([activeUnit.serial])} onRecord={() => openView('provenance')} />
            ) : (
              <p className="muted">Choose a unit to see its history.</p>
            )}
          </section>
        </div>
      )}

      {csv && <ImportUnitsDialog fileName={csv.fileName} text={csv.text} fleet={fleet} onClose={() => setCsv(null)} />}
      {mode === 'scan' && <ScanSessionDialog lots={[lot]} fleet={fleet} resume={resuming} onClose={closeScan} />}
      {mode === 'scan-po' && <ScanSessionDialog lots={poLots} fleet={fleet} poNumber={lot.poNumber} resume={resuming} onClose={closeScan} />}
      {editing && editUnits.length > 0 && (
        <EditUnitsDialog lot={lot} units={editUnits} fleet={fleet} onClose={() => setEditing(null)} onDone={() => setEditing(null)} />
      )}
      {mode === 'sanitise' && (
        <SanitisationDialog serials={chosen.map((u) => u.serial)} onClose={() => setMode('list')} onDone={() => { setSelected(new Set()); setMode('list'); }} />
      )}
    </section>
  );
}

/** How many serials the saved draft of a scan session holds (0: none). Read-only, for `useLiveQuery`. */
async function uncommittedSerials(kind: DraftKind<ScanSessionDraft>): Promise<number> {
  return (await readDraft(db, kind))?.value.serials.length ?? 0;
}

function UnfinishedScanNotice({ text, onResume, onDiscard }: { text: string; onResume: () => void; onDiscard: () => void }) {
  return (
    <div className="alert alert-warn toolbar" role="status" data-testid="scan-draft-notice">
      <span>{text}</span>
      <button type="button" className="btn btn-sm btn-primary" onClick={onResume}>Resume</button>
      <button type="button" className="btn btn-sm" onClick={onDiscard}>Discard</button>
    </div>
  );
}

function UnitHistory({ unit, lot, fleet, onEdit, onRecord }: { unit: Unit; lot: Lot; fleet: Fleet; onEdit: (() => void) | null; onRecord: () => void }) {
  const author = useEventAuthor();
  const history = useLiveQuery(() => unitHistoryOf(db, unit.serial), [unit.serial, unit.lotId, unit.sanitisation, unit.siteId, unit.room, unit.rack, unit.u, unit.status, unit.notes]);
  const lotCode = (id: string) => fleet.lots.find((l) => l.id === id)?.code ?? '?';
  const siteCode = (id: string) => fleet.sitesById.get(id)?.code;
  return (
    <>
      <h2>
        History of <span className="mono">{unit.serial}</span>
      </h2>
      <p style={{ margin: 0 }} data-testid="unit-place">
        {unitLocation(unit, lot.siteId, siteCode)} · {UNIT_CONDITION_LABELS[unit.status]}{' '}
        {onEdit && (
          <button type="button" className="btn btn-sm" onClick={onEdit}>Edit this unit…</button>
        )}{' '}
        <button type="button" className="btn btn-sm" onClick={onRecord} data-focus-back="provenance">Provenance record</button>
      </p>
      {unit.notes && <p className="muted" style={{ whiteSpace: 'pre-line' }}>{unit.notes}</p>}
      {history === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="timeline" aria-label="Unit events">
          {unitHistoryLines(history ?? []).map(({ event: e, what, effective }) => (
            <li key={e.id} data-event-type={e.type}>
              <div>
                <strong>{what}</strong> <span className="muted mono">{lotCode(e.lotId)}</span>
              </div>
              <div className="when">
                {e.at.slice(0, 16).replace('T', ' ')} UTC · {author(e)}
                {effective}
              </div>
              {e.type === 'units-updated' && <UnitChangeLine event={e} serial={unit.serial} siteCode={siteCode} />}
              {e.note && <div className="muted">“{e.note}”</div>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** What an update changed on this unit (the event holds every unit's change). */
function UnitChangeLine({ event, serial, siteCode }: { event: UnitLotEvent; serial: string; siteCode: (id: string) => string | undefined }) {
  const change = event.unitChanges?.find((c) => c.serial === serial);
  return change ? <div data-testid="unit-change">{unitChangeText(change, siteCode)}</div> : null;
}
