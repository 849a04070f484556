/**
 * The printable provenance record of a lot or a unit (issue 13): the chain of custody on one
 * page — model and origin, purchase, receipt, every move and place with its checklist and any
 * transfer and licence, sanitisation, disposal and buyer. Print / Save as PDF like the
 * certificates (shared/provenanceRecord.ts builds it from the events).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { provenanceRecord } from '../../../shared/provenanceRecord';
import type { Lot } from '../../../shared/lot';
import type { Unit } from '../../../shared/units';
import { db } from '../../db/db';
import { lotProvenanceHistory } from '../../db/provenance';
import type { Fleet } from '../../db/queries';
import { unitHistoryOf } from '../../db/units';
import { useEventAuthor } from '../../eventAuthor';
import { localDay, todayIso } from '../../lib/clock';
import { PrintBar } from '../units/PrintViews';

export function ProvenanceRecordView({ lot, unit, fleet, onBack }: { lot: Lot; unit?: Unit; fleet: Fleet; onBack: () => void }) {
  const history = useLiveQuery(() => (unit ? unitHistoryOf(db, unit.serial) : lotProvenanceHistory(db, lot.id)), [lot.id, unit?.serial]);
  const author = useEventAuthor();
  if (history === undefined) return <div className="print-root"><p className="muted" aria-busy="true">Reading the history…</p></div>;
  const record = provenanceRecord({
    lot,
    ...(unit ? { unit } : {}),
    history: (history ?? []).map((e) => ({ ...e, actor: author(e) })),
    model: fleet.modelsById.get(lot.modelId),
    sites: fleet.sitesById,
    suppliers: fleet.suppliersById,
    lotCodes: new Map(fleet.lots.map((l) => [l.id, l.code])),
    localDay,
  });
  const subject = unit ? `unit ${unit.serial}` : `lot ${lot.code}`;
  const fileName = unit ? `${unit.serial}-provenance-record.pdf` : `${lot.code}-provenance-record.pdf`;
  return (
    <div className="print-root">
      <PrintBar title={`Provenance record of ${subject}`} fileName={fileName} onBack={onBack} backLabel="← Back" />
      <article className="certificate" aria-label="Provenance record">
        <h1>Provenance record</h1>
        <dl className="kv">
          <dt>{unit ? 'Unit' : 'Lot'}</dt>
          <dd className="mono">{unit ? `${unit.serial}${unit.assetTag ? ` (asset tag ${unit.assetTag})` : ''}, lot ${lot.code}` : lot.code}</dd>
          <dt>Model</dt>
          <dd>{record.model.label}</dd>
          <dt>Country of origin</dt>
          <dd data-testid="record-origin">{record.model.origin ?? 'not recorded'}</dd>
          <dt>Export classification</dt>
          <dd className="mono">{record.model.classification ?? 'not recorded'}</dd>
          <dt>HS code</dt>
          <dd className="mono">{record.model.hsCode ?? 'not recorded'}</dd>
          <dt>Purchase</dt>
          <dd>PO {record.purchase.poNumber || '—'} from <span data-testid="record-supplier">{record.purchase.supplier || 'an unrecorded supplier'}{record.purchase.supplierDetails ? ` (${record.purchase.supplierDetails})` : ''}</span>, {record.purchase.purchaseDate}{record.purchase.quantity !== null ? `, ${record.purchase.quantity} units` : ''} at {record.purchase.unitCost} each</dd>
          <dt>Receipt</dt>
          <dd data-testid="record-receipt">{record.receipt ? `${record.receipt.date}, by ${record.receipt.by}` : 'not received'}</dd>
          <dt>Now at</dt>
          <dd>{record.location}</dd>
          {unit && (
            <>
              <dt>Sanitisation</dt>
              <dd>{record.sanitisation ?? 'none recorded'}</dd>
            </>
          )}
          <dt>Disposal</dt>
          <dd data-testid="record-disposal">{record.disposal ? `${record.disposal.disposition} on ${record.disposal.date ?? '—'}${record.disposal.proceeds ? ` for ${record.disposal.proceeds}` : ''}${record.disposal.buyer ? ` to ${record.disposal.buyer}` : ''}` : 'not disposed'}</dd>
          <dt>Issued</dt>
          <dd>{todayIso()}</dd>
        </dl>
        <table className="table certificate-table" aria-label="Chain of custody">
          <thead>
            <tr><th>Date</th><th>What</th><th>Where</th><th>By</th><th>Checklist, transfer</th></tr>
          </thead>
          <tbody>
            {record.steps.map((s) => (
              <tr key={s.eventId}>
                <td className="mono">{s.date}</td>
                <td>{s.what}</td>
                <td>{s.place ?? ''}</td>
                <td>{s.actor}</td>
                <td>{[s.checklist, s.transfer && `Transfer ${s.transfer}`].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </article>
    </div>
  );
}
