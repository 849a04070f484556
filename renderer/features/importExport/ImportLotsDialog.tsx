import { useMemo, useState } from 'react';
import { CATEGORY_LABELS } from '../../../shared/catalog';
import type { CsvRowError, ImportFill } from '../../../shared/csv';
import { STATUS_LABELS } from '../../../shared/lifecycle';
import { describeFill, LOT_CSV_COLUMNS, parseLotCsv, type LotImportRow } from '../../../shared/lotCsv';
import { formatMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { CsvImportProblems, NO_ROWS_TO_IMPORT } from '../../components/CsvImportProblems';
import { db } from '../../db/db';
import { importLotsCommand, planImportOn, summariseImport } from '../../db/importLots';
import { useSettings, type Fleet } from '../../db/queries';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';

const PREVIEW_ROWS = 200;

/** The import preview: every problem with its row and column, or the lots that would be added. Nothing is written until the file is clean. */
export function ImportLotsDialog({ fileName, text, fleet }: { fileName: string; text: string; fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const settings = useSettings();
  const [writeErrors, setWriteErrors] = useState<CsvRowError[] | null>(null);
  const [saving, setSaving] = useState(false);
  const parsed = useMemo(() => parseLotCsv(text, { existingCodes: new Set(fleet.lots.map((l) => l.code)) }), [text, fleet.lots]);
  // The import's own plan against the ledger as it stands (the file alone cannot tell that a model is in
  // the catalogue under another category, or a site in another country).
  const planned = useMemo(() => (parsed.ok ? planImportOn(parsed.rows, fleet, settings, new Set(fleet.lots.map((l) => l.code)), fileName) : null), [parsed, fleet, settings, fileName]);
  const summary = parsed.ok && planned?.ok === true ? summariseImport(parsed.rows, fleet.models, fleet.sites, fleet.suppliers) : null;
  const errors = writeErrors ?? (!parsed.ok ? parsed.errors : planned !== null && !planned.ok ? planned.error : []);

  const submit = async () => {
    if (!parsed.ok || errors.length > 0) return;
    setSaving(true);
    try {
      const r = await importLotsCommand(db, parsed.rows, settings.actorName, fileName);
      if (!r.ok) {
        setWriteErrors(r.error);
        return;
      }
      close();
      toast(`Imported ${r.value.lots} lots (${r.value.units.toLocaleString('en-US')} units) from ${fileName}`);
      navigate({ name: 'lots' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Import lots from ${fileName}`} wide onClose={close} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>{errors.length > 0 ? 'Close' : 'Cancel'}</button>
          <button type="submit" className="btn btn-primary" disabled={saving || errors.length > 0 || !parsed.ok || parsed.rows.length === 0}>
            {parsed.ok ? `Import ${parsed.rows.length} lots` : 'Import'}
          </button>
        </>
      }>
      {errors.length > 0 ? (
        <>
          <CsvImportProblems errors={errors} fileName={fileName} />
          <ColumnHelp />
        </>
      ) : parsed.ok && summary ? (
        <>
          <div className="alert alert-ok" role="status">
            {summary.lots === 0 ? NO_ROWS_TO_IMPORT : `${summary.lots} lots, ${summary.units.toLocaleString('en-US')} units, ready to import.`}
            {summary.newModels.length > 0 && ` New models: ${summary.newModels.join(', ')}.`}
            {summary.newSites.length > 0 && ` New sites: ${summary.newSites.join(', ')}.`}
            {summary.newSuppliers.length > 0 && ` New suppliers: ${summary.newSuppliers.join(', ')}.`}
          </div>
          <ImportFills fills={parsed.filled} />
          <LotRowsPreview rows={parsed.rows} />
        </>
      ) : null}
    </Dialog>
  );
}

/** The first rows an import would add, as a table. */
export function LotRowsPreview({ rows }: { rows: readonly LotImportRow[] }) {
  return (
    <>
      <div style={{ overflow: 'auto', maxHeight: 360 }}>
        <table className="table" aria-label="Import preview">
          <thead>
            <tr><th>Code</th><th>Model</th><th>Category</th><th className="num">Qty</th><th className="num">Unit cost</th><th>Status</th><th>Site</th><th>PO</th></tr>
          </thead>
          <tbody>
            {rows.slice(0, PREVIEW_ROWS).map((r) => (
              <tr key={r.line}>
                <td className="mono">{r.lotCode}</td>
                <td>{r.manufacturer} {r.model}</td>
                <td>{CATEGORY_LABELS[r.category]}</td>
                <td className="num">{r.quantity}</td>
                <td className="num">{formatMoney(r.unitCost, r.currency)}</td>
                <td>{STATUS_LABELS[r.status]}</td>
                <td>{r.siteCode}</td>
                <td>{r.poNumber}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > PREVIEW_ROWS && <p className="muted">Showing the first {PREVIEW_ROWS} of {rows.length} lots.</p>}
    </>
  );
}

/** What the import filled in or let through, so nothing happens silently; the person can still cancel. */
export function ImportFills({ fills }: { fills: readonly ImportFill[] }) {
  if (fills.length === 0) return null;
  return (
    <div className="alert alert-warn" role="note" data-testid="import-fills">
      <strong>Filled in as a person would — check before importing:</strong>
      <ul>{fills.map((f) => <li key={`${f.column} ${f.what}`}>{describeFill(f)}</li>)}</ul>
    </div>
  );
}

function ColumnHelp() {
  return (
    <details>
      <summary>The columns</summary>
      <table className="table">
        <tbody>
          {LOT_CSV_COLUMNS.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td>{c.required ? 'required' : 'optional'}</td>
              <td>{c.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
