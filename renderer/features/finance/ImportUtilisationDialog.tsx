import { useMemo } from 'react';
import { formatPercent, parseUtilisationCsv, planUtilisationImport, UTILISATION_CSV_COLUMNS, UTILISATION_CSV_RULES } from '../../../shared/utilisation';
import { ImportPreviewDialog } from '../../components/ImportPreviewDialog';
import { db } from '../../db/db';
import { useSettings, type Fleet } from '../../db/queries';
import { importUtilisation } from '../../db/utilisation';
import { todayIso } from '../../lib/clock';

const PREVIEW_ROWS = 200;
const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`;

/** The utilisation import preview (`lot_code, month, utilisation_percent`): every problem, or the months each lot gains or changes. */
export function ImportUtilisationDialog({ fileName, text, fleet }: { fileName: string; text: string; fleet: Fleet }) {
  const settings = useSettings();
  const parsed = useMemo(() => parseUtilisationCsv(text, fleet.lots, todayIso()), [text, fleet.lots]);
  const plan = useMemo(() => (parsed.ok ? planUtilisationImport(parsed.rows, fleet.lots) : null), [parsed, fleet.lots]);
  const summary = plan === null || plan.changes.length === 0 ? null
    : `${plan.changes.length} lot${plan.changes.length === 1 ? '' : 's'}: ${months(plan.added)} added, ${months(plan.replaced)} replaced${plan.unchanged > 0 ? `, ${plan.unchanged} row${plan.unchanged === 1 ? '' : 's'} already recorded` : ''}.`;
  const byLot = new Map(fleet.lots.map((l) => [l.id, l]));
  return (
    <ImportPreviewDialog
      title={`Import utilisation from ${fileName}`}
      fileName={fileName}
      errors={parsed.ok ? [] : parsed.errors}
      summary={summary}
      importLabel={plan === null ? 'Import' : `Import ${months(plan.added + plan.replaced)}`}
      format={{ columns: UTILISATION_CSV_COLUMNS, rules: UTILISATION_CSV_RULES }}
      onImport={async () => {
        if (!parsed.ok) return { ok: false, error: 'The file has problems.' };
        const r = await importUtilisation(db, parsed.rows, settings.actorName, fileName);
        return r.ok ? { ok: true, message: `Imported utilisation from ${fileName}: ${months(r.value.added)} added, ${months(r.value.replaced)} replaced on ${r.value.changes.length} lots` } : { ok: false, error: r.error };
      }}
    >
      {parsed.ok && (
        <div className="market-preview">
          <table className="table" aria-label="Import preview">
            <thead><tr><th>Row</th><th>Lot</th><th>Month</th><th className="num">Utilisation</th><th>Now</th></tr></thead>
            <tbody>
              {parsed.rows.slice(0, PREVIEW_ROWS).map((r) => {
                const old = byLot.get(r.lotId)?.utilisation?.[r.month];
                return (
                  <tr key={r.line}>
                    <td className="num">{r.line}</td>
                    <td>{r.lotCode}</td>
                    <td className="mono">{r.month}</td>
                    <td className="num">{formatPercent(r.percent)}</td>
                    <td>{old === undefined ? 'new' : old === r.percent ? 'already recorded' : `replaces ${formatPercent(old)}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {parsed.rows.length > PREVIEW_ROWS && <p className="muted">Showing the first {PREVIEW_ROWS} of {parsed.rows.length} rows.</p>}
        </div>
      )}
    </ImportPreviewDialog>
  );
}
