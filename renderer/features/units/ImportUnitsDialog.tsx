import { useMemo, useState } from 'react';
import type { CsvRowError } from '../../../shared/csv';
import { parseUnitCsv, UNIT_CSV_COLUMNS, type UnitCsvLot } from '../../../shared/unitCsv';
import { Dialog } from '../../components/Dialog';
import { CsvImportProblems, NO_ROWS_TO_IMPORT } from '../../components/CsvImportProblems';
import { db } from '../../db/db';
import { useSettings, type Fleet } from '../../db/queries';
import { DEFAULT_SERIAL_FORMAT } from '../../../shared/units';
import type { Lot } from '../../../shared/lot';
import { importUnits } from '../../db/units';
import { counted } from '../../lib/counted';
import { useUi } from '../../state/ui';
import { modelSerialFormat } from './unitView';
import { useUnitHolders } from './useUnitHolders';

const PREVIEW_ROWS = 200;

/** Units CSV import: every problem with its row and column, or a preview; all or nothing, like the lots import. */
export function ImportUnitsDialog({ fileName, text, fleet, onClose }: { fileName: string; text: string; fleet: Fleet; onClose: () => void }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const holders = useUnitHolders();
  const [writeError, setWriteError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const parsed = useMemo(() => {
    if (!holders) return null;
    const lots = new Map<string, UnitCsvLot>(
      fleet.lots.map((l) => [
        l.code,
        { id: l.id, code: l.code, quantity: l.quantity, trackedUnits: holders.counts.get(l.id) ?? 0, status: l.status, siteId: l.siteId, format: modelSerialFormat(fleet.modelsById.get(l.modelId)) },
      ]),
    );
    return parseUnitCsv(text, {
      lots,
      sites: new Map(fleet.sites.map((s) => [s.code, s.id])),
      knownSerials: (s) => holders.bySerial.get(s) ?? null,
      knownAssetTags: (t) => holders.byAssetTag.get(t) ?? null,
    });
  }, [holders, text, fleet.lots, fleet.sites, fleet.modelsById]);
  // The write checks serials again, each against its lot's model's format.
  const formatOf = (lot: Lot) => modelSerialFormat(fleet.modelsById.get(lot.modelId)) ?? DEFAULT_SERIAL_FORMAT;
  const errors: CsvRowError[] = parsed && !parsed.ok ? parsed.errors : [];

  const submit = async () => {
    if (!parsed?.ok) return;
    setSaving(true);
    try {
      const r = await importUnits(db, parsed.batches.map((b) => ({ lotId: b.lotId, units: b.units, lines: b.lines })), settings.actorName, { note: `Imported from ${fileName}.`, formatOf });
      if (!r.ok) {
        setWriteError(r.error);
        return;
      }
      toast(`Imported ${counted(r.value.units, 'unit')} into ${counted(r.value.lots, 'lot')} from ${fileName}`);
      onClose();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Import units from ${fileName}`} label="Import units" wide onClose={onClose} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>{errors.length > 0 ? 'Close' : 'Cancel'}</button>
          <button type="submit" className="btn btn-primary" disabled={saving || !parsed?.ok || parsed.units === 0}>
            {parsed?.ok ? `Import ${counted(parsed.units, 'unit')}` : 'Import'}
          </button>
        </>
      }>
      {parsed === null ? (
        <p className="muted" aria-busy="true">Reading the fleet’s serials…</p>
      ) : !parsed.ok ? (
        <>
          <CsvImportProblems errors={errors} fileName={fileName} />
          <details>
            <summary>The columns</summary>
            <table className="table">
              <tbody>
                {UNIT_CSV_COLUMNS.map((c) => (
                  <tr key={c.name}><td className="mono">{c.name}{c.required ? ' *' : ''}</td><td>{c.description}</td></tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : (
        <>
          <div className="alert alert-ok" role="status">
            {parsed.units === 0 ? NO_ROWS_TO_IMPORT : `${counted(parsed.units, 'unit')} for ${parsed.batches.map((b) => `${b.lotCode} (${b.units.length})`).join(', ')}, ready to import.`}
          </div>
          <div style={{ overflow: 'auto', maxHeight: 360 }}>
            <table className="table" aria-label="Import preview">
              <thead>
                <tr><th>Row</th><th>Lot</th><th>Serial</th><th>Asset tag</th><th>Room / rack / U</th><th>Status</th></tr>
              </thead>
              <tbody>
                {parsed.batches.flatMap((b) => b.units.map((u, i) => ({ lot: b.lotCode, line: b.lines[i] ?? 0, u }))).slice(0, PREVIEW_ROWS).map(({ lot, line, u }) => (
                  <tr key={u.serial}>
                    <td className="num">{line}</td>
                    <td className="mono">{lot}</td>
                    <td className="mono">{u.serial}</td>
                    <td className="mono">{u.assetTag || '—'}</td>
                    <td>{[u.room, u.rack, u.u === null ? '' : `U${u.u}`].filter(Boolean).join(' / ') || '—'}</td>
                    <td>{u.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {parsed.units > PREVIEW_ROWS && <p className="muted">Showing the first {PREVIEW_ROWS} of {parsed.units} units.</p>}
        </>
      )}
      {writeError && <div className="alert alert-error" role="alert">Nothing was imported: {writeError}</div>}
    </Dialog>
  );
}
