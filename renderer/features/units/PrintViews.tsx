import QRCode from 'qrcode';
import { useEffect, useId, useRef, useState } from 'react';
import { modelLabel } from '../../../shared/catalog';
import { LABEL_LAYOUT_PREFERENCE_KEY } from '../../../shared/ipc';
import type { Lot } from '../../../shared/lot';
import type { Unit } from '../../../shared/units';
import type { Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { printToPdf } from '../../platform';
import { useUi } from '../../state/ui';
import { DEFAULT_LABEL_LAYOUT, LABEL_LAYOUTS, labelLayout, labelsPerSheet, PAPER_MM } from './labelLayouts';
import { recordGapsText, shipmentCertificateFileName } from './shipment';
import { labelCode, pages } from './unitView';

/** Print / Save as PDF through the platform (Electron print-to-PDF, or the browser's print dialog). */
export function PrintBar({ title, fileName, onBack, backLabel = '← Back to units' }: { title: string; fileName: string; onBack: () => void; backLabel?: string }) {
  const toast = useUi((s) => s.toast);
  const print = async () => {
    const r = await printToPdf(fileName);
    if (!r.ok) toast(`Not saved: ${r.error}`, 'error');
    else if (r.value) toast(`Saved ${r.value.path}`);
  };
  // The view takes the place of the one whose button opened it: the keyboard starts on its first
  // control, which names the view (not on the page body, where a screen reader loses its place).
  const titleId = useId();
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  return (
    <div className="toolbar no-print">
      <button ref={back} type="button" className="btn" onClick={onBack} aria-describedby={titleId}>{backLabel}</button>
      <strong id={titleId}>{title}</strong>
      <span style={{ flex: 1 }} />
      <button type="button" className="btn btn-primary" onClick={() => void print()}>Print / Save as PDF</button>
    </div>
  );
}

/** What a certificate covers: the units of one lot, or a shipment of units from any lots (with its optional waybill / BOL reference). */
type CertificateProps = { fleet: Fleet; units: readonly Unit[]; onBack: () => void } & ({ lot: Lot } | { shipment: { reference: string } });

/**
 * A certificate of sanitisation (after NIST SP 800-88 Appendix G): one row per unit and a
 * signatures block, for a lot or for a shipment. A shipment's units come in lot by lot; when
 * they come from more than one lot each row names its lot.
 */
export function CertificateView(props: CertificateProps) {
  const { fleet, units, onBack } = props;
  const today = todayIso();
  const lotsById = new Map(fleet.lots.map((l) => [l.id, l]));
  const lotIds = [...new Set(units.map((u) => u.lotId))];
  const lots = 'lot' in props ? [props.lot] : lotIds.map((id) => lotsById.get(id)).filter((l): l is Lot => l !== undefined);
  const models = [...new Set(lots.map((l) => l.modelId))].map((id) => fleet.modelsById.get(id)).map((m) => (m ? modelLabel(m) : '—'));
  const showLot = lotIds.length > 1;
  const lotCode = (id: string) => lotsById.get(id)?.code ?? '?';
  const fileName = 'lot' in props ? `${props.lot.code}-sanitisation-certificate.pdf` : shipmentCertificateFileName(props.shipment.reference, today);
  return (
    <div className="print-root">
      <PrintBar title="Certificate of sanitisation" fileName={fileName} onBack={onBack} backLabel={'lot' in props ? '← Back to units' : '← Back to shipment'} />
      <article className="certificate" aria-label="Certificate of sanitisation">
        <h1>Certificate of Sanitisation</h1>
        <dl className="kv">
          {'lot' in props ? (
            <>
              <dt>Lot</dt>
              <dd className="mono">{props.lot.code}</dd>
              <dt>Model</dt>
              <dd>{models[0] ?? '—'}</dd>
            </>
          ) : (
            <>
              <dt>Shipment</dt>
              <dd className="mono" data-testid="certificate-shipment">{props.shipment.reference.trim() || 'No reference'}</dd>
              <dt>{lots.length === 1 ? 'Lot' : 'Lots'}</dt>
              <dd className="mono">{lots.map((l) => l.code).join(', ') || '—'}</dd>
              <dt>{models.length === 1 ? 'Model' : 'Models'}</dt>
              <dd>{models.join('; ') || '—'}</dd>
            </>
          )}
          <dt>Units</dt>
          <dd data-testid="certificate-units">{units.length}{recordGapsText(units)}</dd>
          <dt>Issued</dt>
          <dd>{today}</dd>
          <dt>Standard</dt>
          <dd>NIST SP 800-88 Rev. 1, Guidelines for Media Sanitization</dd>
        </dl>
        <table className="table certificate-table">
          <thead>
            <tr>
              {showLot && <th>Lot</th>}
              <th>Serial</th>
              <th>Asset tag</th>
              <th>Media serial</th>
              <th>Method</th>
              <th>Technique</th>
              <th>Tool / version</th>
              <th>Verification</th>
              <th>Performed by</th>
              <th>Verified by</th>
              <th>Date</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => {
              const r = u.sanitisation;
              return (
                <tr key={u.serial} data-serial={u.serial}>
                  {showLot && <td className="mono">{lotCode(u.lotId)}</td>}
                  <td className="mono">{u.serial}</td>
                  <td className="mono">{u.assetTag || '—'}</td>
                  {r ? (
                    <>
                      <td className="mono">{r.mediaSerial || '(unit)'}</td>
                      <td>{r.method}</td>
                      <td>{r.technique}</td>
                      <td>{r.tool}{r.toolVersion ? ` ${r.toolVersion}` : ''}</td>
                      <td>{r.verificationMethod}: {r.verificationResult}</td>
                      <td>{r.performedBy}</td>
                      <td>{r.verifiedBy || r.performedBy}</td>
                      <td>{r.performedAt}</td>
                    </>
                  ) : (
                    <td colSpan={8} className="sanitisation-none">No sanitisation recorded</td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="signatures">
          {['Sanitisation performed by', 'Verification / validation by'].map((role) => (
            <div key={role} className="signature">
              <div className="field-label">{role}</div>
              <div className="signature-line">Name</div>
              <div className="signature-line">Title</div>
              <div className="signature-line">Signature</div>
              <div className="signature-line">Date</div>
            </div>
          ))}
        </div>
      </article>
    </div>
  );
}

/** Asset-tag labels: QR code + tag and serial, on a common label sheet (Avery L7160 by default). */
export function LabelsView({ lot, units, onBack }: { lot: Lot; units: readonly Unit[]; onBack: () => void }) {
  const [codes, setCodes] = useState<ReadonlyMap<string, string> | null>(null);
  const [layoutId, setLayoutId] = useState(() => readLayoutChoice());
  const layout = labelLayout(layoutId);
  const chooseLayout = (id: string) => {
    setLayoutId(id);
    saveLayoutChoice(id);
  };
  // What to draw, as one string: the QR codes are redrawn only when it changes.
  const wanted = JSON.stringify(units.map((u) => [u.serial, labelCode(u)]));
  useEffect(() => {
    let live = true;
    const entries = JSON.parse(wanted) as [string, string][];
    void Promise.all(entries.map(async ([serial, code]) => [serial, await QRCode.toDataURL(code, { margin: 1, width: 160 })] as const)).then((all) => {
      if (live) setCodes(new Map(all));
    });
    return () => {
      live = false;
    };
  }, [wanted]);
  const sheets = pages(units, labelsPerSheet(layout));
  const paper = PAPER_MM[layout.paper];
  const sheetStyle = {
    width: `${paper.width}mm`,
    height: `${paper.height}mm`,
    padding: `${layout.topMm}mm 0 0 ${layout.leftMm}mm`,
    gridTemplateColumns: `repeat(${layout.columns}, ${layout.widthMm}mm)`,
    gridAutoRows: `${layout.heightMm}mm`,
    columnGap: `${layout.columnGapMm}mm`,
    rowGap: `${layout.rowGapMm}mm`,
    fontSize: `${layout.textPt}pt`,
  };
  return (
    <div className="print-root">
      <PrintBar title={`Labels: ${units.length} on ${sheets.length} ${layout.paper} sheet${sheets.length === 1 ? '' : 's'} (${layout.columns} × ${layout.rows})`} fileName={`${lot.code}-labels.pdf`} onBack={onBack} />
      <div className="toolbar no-print">
        <label className="field-label" htmlFor="label-layout">Label sheet</label>
        <select id="label-layout" className="select" value={layout.id} onChange={(e) => chooseLayout(e.target.value)}>
          {LABEL_LAYOUTS.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
        <span className="muted">Print at 100 % (no “fit to page”) so each label lands on its die-cut.</span>
      </div>
      {codes === null ? (
        <p className="muted no-print" aria-busy="true">Drawing QR codes…</p>
      ) : (
        sheets.map((sheet, i) => (
          <div key={i} className={`label-sheet paper-${layout.paper.toLowerCase()}`} style={sheetStyle} aria-label={`Label sheet ${i + 1}`} data-layout={layout.id}>
            {sheet.map((u) => (
              <div key={u.serial} className="label" data-serial={u.serial}>
                <img src={codes.get(u.serial)} alt={`QR code ${labelCode(u)}`} style={{ width: `${layout.qrMm}mm`, height: `${layout.qrMm}mm` }} />
                <div className="label-text">
                  {u.assetTag && <div className="label-tag mono">{u.assetTag}</div>}
                  <div className="mono">S/N {u.serial}</div>
                  <div className="muted">{lot.code}</div>
                </div>
              </div>
            ))}
          </div>
        ))
      )}
    </div>
  );
}

const LAYOUT_KEY = LABEL_LAYOUT_PREFERENCE_KEY;

/** The label sheet last used on this device (the sheets in the drawer don't change often). */
function readLayoutChoice(): string {
  try {
    return window.localStorage.getItem(LAYOUT_KEY) ?? DEFAULT_LABEL_LAYOUT.id;
  } catch {
    return DEFAULT_LABEL_LAYOUT.id;
  }
}

function saveLayoutChoice(id: string): void {
  try {
    window.localStorage.setItem(LAYOUT_KEY, id);
  } catch {
    // Not kept (storage disabled): the choice still applies to this sheet.
  }
}
