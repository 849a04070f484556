import { RENTAL_TERM_LABELS, RENTAL_TERMS, type RentalTerm } from '../../../shared/ownVsRent';
import { todayIso } from '../../lib/clock';
import type { RentalPriceRow } from './catalogForm';

/**
 * The model's rental price book (issue 12): what renting the same capacity costs, a row per price
 * — term, price an instance-hour, currency, the work one instance does (in the catalogue's
 * performance units, so a category's models can share a price), the day it applies from (a later
 * day for a price that starts later: own vs rent uses it from then) and where it was seen.
 */
export function RentalPricesEditor({ rows, currency, error, onChange, hint }: { rows: readonly RentalPriceRow[]; currency: string; error: string | undefined; onChange: (rows: RentalPriceRow[]) => void; hint?: string }) {
  const update = (i: number, patch: Partial<RentalPriceRow>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="field span-all" aria-label="Rental prices">
      <legend className="field-label">Rental prices</legend>
      <div className="field-hint">{hint ?? 'What renting the same capacity costs, for own-versus-rent: e.g. an 8-GPU instance on demand, a year or three years reserved. “Work” is what one instance does in this model’s performance units (the same as the model’s when an instance is one unit).'}</div>
      {rows.length > 0 && (
        <table className="table" aria-label="Rental price book">
          <thead>
            <tr><th>Term</th><th className="num">Price an hour</th><th>Currency</th><th className="num">Work</th><th>Applies from</th><th>Source</th><th><span className="sr-only">Remove</span></th></tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td>
                  <select className="select" aria-label={`Term of rental price ${i + 1}`} value={r.term} onChange={(ev) => update(i, { term: ev.target.value as RentalTerm })}>
                    {RENTAL_TERMS.map((t) => <option key={t} value={t}>{RENTAL_TERM_LABELS[t]}</option>)}
                  </select>
                </td>
                <td><input className="input num" aria-label={`Price an hour of rental price ${i + 1}`} inputMode="decimal" value={r.price} onChange={(ev) => update(i, { price: ev.target.value })} /></td>
                <td><input className="input mono" aria-label={`Currency of rental price ${i + 1}`} maxLength={3} value={r.currency} onChange={(ev) => update(i, { currency: ev.target.value.toUpperCase() })} /></td>
                <td><input className="input num" aria-label={`Work of one instance of rental price ${i + 1}`} inputMode="decimal" value={r.performancePerInstance} onChange={(ev) => update(i, { performancePerInstance: ev.target.value })} /></td>
                <td><input className="input" type="date" aria-label={`Date of rental price ${i + 1}`} value={r.date} onChange={(ev) => update(i, { date: ev.target.value })} /></td>
                <td><input className="input" aria-label={`Source of rental price ${i + 1}`} value={r.source} onChange={(ev) => update(i, { source: ev.target.value })} /></td>
                <td><button type="button" className="btn btn-ghost" onClick={() => onChange(rows.filter((_, k) => k !== i))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="btn"
        onClick={() => onChange([...rows, { id: crypto.randomUUID(), term: 'on-demand', price: '', currency, performancePerInstance: '1', date: todayIso(), source: '' }])}
      >
        Add a rental price
      </button>
      {error !== undefined && <div className="field-error" role="alert">{error}</div>}
    </fieldset>
  );
}
