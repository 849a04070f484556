import { useMemo, useState } from 'react';
import type { CsvRowError } from '../../../shared/csv';
import { CONDITION_LABELS } from '../../../shared/market';
import { MARKET_CSV_COLUMNS, MARKET_CSV_RULES, parseMarketCsv } from '../../../shared/marketCsv';
import { formatMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { CsvImportProblems, NO_ROWS_TO_IMPORT } from '../../components/CsvImportProblems';
import { db } from '../../db/db';
import { importObservations } from '../../db/market';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { useUi } from '../../state/ui';

const PREVIEW_ROWS = 200;

/** The market prices import preview: every problem with its row and column, or the prices that would be added. Nothing is written until the file is clean. */
export function ImportMarketDialog({ fileName, text, fleet }: { fileName: string; text: string; fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const settings = useSettings();
  const [writeErrors, setWriteErrors] = useState<CsvRowError[] | null>(null);
  const [saving, setSaving] = useState(false);
  const parsed = useMemo(() => parseMarketCsv(text, { asOf: todayIso(), knownModels: fleet.models }), [text, fleet.models]);
  const errors = writeErrors ?? (parsed.ok ? [] : parsed.errors);
  const modelCount = parsed.ok ? new Set(parsed.rows.map((r) => `${r.manufacturer.toLowerCase()}\u0000${r.model.toLowerCase()}`)).size : 0;

  const submit = async () => {
    if (!parsed.ok || errors.length > 0) return;
    setSaving(true);
    try {
      const r = await importObservations(db, parsed.rows, settings.actorName, fileName);
      if (!r.ok) {
        setWriteErrors(r.error);
        return;
      }
      close();
      toast(`Imported ${r.value.observations} market prices for ${r.value.models.length} model${r.value.models.length === 1 ? '' : 's'} from ${fileName}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Import market prices from ${fileName}`} wide onClose={close} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>{errors.length > 0 ? 'Close' : 'Cancel'}</button>
          <button type="submit" className="btn btn-primary" disabled={saving || errors.length > 0 || !parsed.ok || parsed.rows.length === 0}>
            {parsed.ok ? `Import ${parsed.rows.length} prices` : 'Import'}
          </button>
        </>
      }>
      {errors.length > 0 ? (
        <>
          <CsvImportProblems errors={errors} fileName={fileName} />
          <FormatHelp />
        </>
      ) : parsed.ok ? (
        <>
          <div className="alert alert-ok" role="status">
            {parsed.rows.length === 0 ? NO_ROWS_TO_IMPORT : `${parsed.rows.length} market price${parsed.rows.length === 1 ? '' : 's'} for ${modelCount} model${modelCount === 1 ? '' : 's'}, ready to import.`}
          </div>
          <div className="market-preview">
            <table className="table" aria-label="Import preview">
              <thead>
                <tr><th>Row</th><th>Model</th><th>Date</th><th className="num">Unit price</th><th>Condition</th><th className="num">Qty</th><th>Source</th></tr>
              </thead>
              <tbody>
                {parsed.rows.slice(0, PREVIEW_ROWS).map((r) => (
                  <tr key={r.line}>
                    <td className="num">{r.line}</td>
                    <td>{r.manufacturer} {r.model}</td>
                    <td className="mono">{r.date}</td>
                    <td className="num">{formatMoney(r.unitPrice, r.currency)}</td>
                    <td>{CONDITION_LABELS[r.condition]}</td>
                    <td className="num">{r.quantity}</td>
                    <td>{r.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {parsed.rows.length > PREVIEW_ROWS && <p className="muted">Showing the first {PREVIEW_ROWS} of {parsed.rows.length} rows.</p>}
        </>
      ) : null}
    </Dialog>
  );
}

function FormatHelp() {
  return (
    <details>
      <summary>The columns and rules</summary>
      <table className="table">
        <tbody>
          {MARKET_CSV_COLUMNS.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td>{c.required ? 'required' : 'optional'}</td>
              <td>{c.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        {MARKET_CSV_RULES.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
    </details>
  );
}
