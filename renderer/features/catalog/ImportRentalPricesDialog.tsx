import { useMemo } from 'react';
import { CATEGORY_LABELS } from '../../../shared/catalog';
import { formatMoney } from '../../../shared/money';
import { RENTAL_TERM_LABELS } from '../../../shared/ownVsRent';
import { describeRentalPriceImport, parseRentalPriceCsv, planRentalPriceImport, RENTAL_PRICE_CSV_COLUMNS, RENTAL_PRICE_CSV_RULES } from '../../../shared/rentalPriceCsv';
import { ImportPreviewDialog } from '../../components/ImportPreviewDialog';
import { db } from '../../db/db';
import { useSettings, type Fleet } from '../../db/queries';
import { importRentalPrices } from '../../db/rentalPrices';

const PREVIEW_ROWS = 200;
const prices = (n: number) => `${n} rental price${n === 1 ? '' : 's'}`;

/** The rental price book import preview: every problem, or the prices each model's book gains. */
export function ImportRentalPricesDialog({ fileName, text, fleet }: { fileName: string; text: string; fleet: Fleet }) {
  const settings = useSettings();
  const parsed = useMemo(() => parseRentalPriceCsv(text, fleet.models), [text, fleet.models]);
  const plan = useMemo(() => (parsed.ok ? planRentalPriceImport(parsed.rows, fleet.models, settings.categoryRentalPrices, () => '') : null), [parsed, fleet.models, settings.categoryRentalPrices]);
  const summary = plan === null || plan.added === 0 ? null
    : `${describeRentalPriceImport(plan)}${plan.unchanged > 0 ? `; ${plan.unchanged} already in the book` : ''}.`;
  return (
    <ImportPreviewDialog
      title={`Import rental prices from ${fileName}`}
      fileName={fileName}
      errors={parsed.ok ? [] : parsed.errors}
      summary={summary}
      importLabel={plan === null ? 'Import' : `Import ${prices(plan.added)}`}
      format={{ columns: RENTAL_PRICE_CSV_COLUMNS, rules: RENTAL_PRICE_CSV_RULES }}
      onImport={async () => {
        if (!parsed.ok) return { ok: false, error: 'The file has problems.' };
        const r = await importRentalPrices(db, parsed.rows, settings.actorName, fileName);
        return r.ok ? { ok: true, message: `Imported ${describeRentalPriceImport(r.value)} from ${fileName}` } : { ok: false, error: r.error };
      }}
    >
      {parsed.ok && (
        <div className="market-preview">
          <table className="table" aria-label="Import preview">
            <thead><tr><th>Row</th><th>Model or category</th><th>Term</th><th className="num">Work an instance</th><th className="num">Price an hour</th><th>Date</th><th>Source</th></tr></thead>
            <tbody>
              {parsed.rows.slice(0, PREVIEW_ROWS).map((r) => (
                <tr key={r.line}>
                  <td className="num">{r.line}</td>
                  <td>{r.category === null ? r.label : `${CATEGORY_LABELS[r.category]} (category)`}</td>
                  <td>{RENTAL_TERM_LABELS[r.entry.term]}</td>
                  <td className="num">{r.entry.performancePerInstance}</td>
                  <td className="num">{formatMoney(r.entry.pricePerHour, r.entry.currency)}</td>
                  <td className="mono">{r.entry.date}</td>
                  <td>{r.entry.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {parsed.rows.length > PREVIEW_ROWS && <p className="muted">Showing the first {PREVIEW_ROWS} of {parsed.rows.length} rows.</p>}
        </div>
      )}
    </ImportPreviewDialog>
  );
}
