import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { modelLabel } from '../../../shared/catalog';
import type { Lot } from '../../../shared/lot';
import type { Unit } from '../../../shared/units';
import type { Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { printToPdf } from '../../platform';
import { useUi } from '../../state/ui';
import { labelCode, LABELS_PER_SHEET, pages } from './unitView';

/** Print / Save as PDF through the platform (Electron print-to-PDF, or the browser's print dialog). */
function PrintBar({ title, fileName, onBack }: { title: string; fileName: string; onBack: () => void }) {
  const toast = useUi((s) => s.toast);
  const print = async () => {
    const r = await printToPdf(fileName);
    if (!r.ok) toast(`Not saved: ${r.error}`, 'error');
    else if (r.value) toast(`Saved ${r.value.path}`);
  };
  return (
    <div className="toolbar no-print">
      <button type="button" className="btn" onClick={onBack}>← Back to units</button>
      <strong>{title}</strong>
      <span style={{ flex: 1 }} />
      <button type="button" className="btn btn-primary" onClick={() => void print()}>Print / Save as PDF</button>
    </div>
  );
}

/** A certificate of sanitisation (after NIST SP 800-88 Appendix G): one row per unit and a signatures block. */
export function CertificateView({ lot, fleet, units, onBack }: { lot: Lot; fleet: Fleet; units: readonly Unit[]; onBack: () => void }) {
  const model = fleet.modelsById.get(lot.modelId);
  const missing = units.filter((u) => u.sanitisation === null).length;
  return (
    <div className="print-root">
      <PrintBar title="Certificate of sanitisation" fileName={`${lot.code}-sanitisation-certificate.pdf`} onBack={onBack} />
      <article className="certificate" aria-label="Certificate of sanitisation">
        <h1>Certificate of Sanitisation</h1>
        <dl className="kv">
          <dt>Lot</dt>
          <dd className="mono">{lot.code}</dd>
          <dt>Model</dt>
          <dd>{model ? modelLabel(model) : '—'}</dd>
          <dt>Units</dt>
          <dd>{units.length}{missing > 0 ? ` (${missing} without a record)` : ''}</dd>
          <dt>Issued</dt>
          <dd>{todayIso()}</dd>
          <dt>Standard</dt>
          <dd>NIST SP 800-88 Rev. 1, Guidelines for Media Sanitization</dd>
        </dl>
        <table className="table certificate-table">
          <thead>
            <tr>
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

/** Asset-tag labels: QR code + tag and serial, 3 × 7 per A4 sheet (Avery L7160-like). */
export function LabelsView({ lot, units, onBack }: { lot: Lot; units: readonly Unit[]; onBack: () => void }) {
  const [codes, setCodes] = useState<ReadonlyMap<string, string> | null>(null);
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
  const sheets = pages(units, LABELS_PER_SHEET);
  return (
    <div className="print-root">
      <PrintBar title={`Labels: ${units.length} on ${sheets.length} A4 sheet${sheets.length === 1 ? '' : 's'} (3 × 7)`} fileName={`${lot.code}-labels.pdf`} onBack={onBack} />
      {codes === null ? (
        <p className="muted no-print" aria-busy="true">Drawing QR codes…</p>
      ) : (
        sheets.map((sheet, i) => (
          <div key={i} className="label-sheet" aria-label={`Label sheet ${i + 1}`}>
            {sheet.map((u) => (
              <div key={u.serial} className="label" data-serial={u.serial}>
                <img src={codes.get(u.serial)} alt={`QR code ${labelCode(u)}`} />
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
