/**
 * Rental prices for a whole category (issue 12): "an 8-GPU H100-class instance costs …", in the
 * catalogue's performance units, for every model of the category that has no price of its own.
 * A team setting (`categoryRentalPrices`), so a save is one `settings-changed` event and syncs.
 */
import { useState } from 'react';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/catalog';
import { rentalPriceProblem, type CategoryRentalPrices } from '../../../shared/ownVsRent';
import { CancelButton, Dialog, useChanged } from '../../components/Dialog';
import { db } from '../../db/db';
import { useSettings } from '../../db/queries';
import { useUi } from '../../state/ui';
import { rentalPriceRowOf, rentalPricesOfRows, type RentalPriceRow } from './catalogForm';
import { RentalPricesEditor } from './RentalPricesEditor';

export function CategoryRentalPricesDialog() {
  const settings = useSettings();
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const [category, setCategory] = useState<Category>('gpu-server');
  // Edits of every category, kept while the person switches between them; saved together.
  const [edits, setEdits] = useState<Partial<Record<Category, RentalPriceRow[]>>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const changed = useChanged(edits);
  const rowsOf = (c: Category): RentalPriceRow[] => edits[c] ?? (settings.categoryRentalPrices[c] ?? []).map(rentalPriceRowOf);

  const save = async () => {
    // Only the categories edited here are replaced, on the prices as stored: another device's
    // change to another category, taken in while this dialog was open, stays.
    const replaced = new Map<Category, CategoryRentalPrices[Category] | null>();
    for (const c of CATEGORIES) {
      const rows = edits[c];
      if (rows === undefined) continue;
      const book = rentalPricesOfRows(rows);
      const problem = book.error ?? book.prices.map((e, i) => { const p = rentalPriceProblem(e); return p === null ? null : `Rental price ${i + 1}: ${p}.`; }).find((p) => p !== null) ?? undefined;
      if (problem !== undefined) {
        setCategory(c);
        setError(`${CATEGORY_LABELS[c]}: ${problem}`);
        return;
      }
      replaced.set(c, book.prices.length > 0 ? book.prices : null);
    }
    setSaving(true);
    try {
      await db.setSetting('categoryRentalPrices', (stored) => {
        const next: CategoryRentalPrices = { ...stored };
        for (const [c, prices] of replaced) {
          if (prices) next[c] = prices;
          else delete next[c];
        }
        return next;
      });
      close();
      toast('Category rental prices saved');
    } catch (e) {
      setError(`Not saved: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setSaving(false);
    }
  };

  const counts = (c: Category) => rowsOf(c).length;
  return (
    <Dialog title="Category rental prices" wide onClose={close} onSubmit={() => void save()} unsaved={changed ? 'the changes to the rental prices' : undefined}
      footer={
        <>
          <CancelButton />
          <button type="submit" className="btn btn-primary" disabled={saving}>Save</button>
        </>
      }>
      <p className="muted" style={{ marginTop: 0 }}>
        What renting capacity of a whole category costs, for every model of it that has no rental price of its own. “Work” is what one instance does in the catalogue’s performance units, so each model is priced by its own performance.
      </p>
      <label className="field-label" htmlFor="crp-category">Category</label>
      <select id="crp-category" className="select" value={category} onChange={(e) => { setCategory(e.target.value as Category); setError(undefined); }}>
        {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}{counts(c) > 0 ? ` (${counts(c)})` : ''}</option>)}
      </select>
      <RentalPricesEditor
        key={category}
        rows={rowsOf(category)}
        currency={settings.baseCurrency}
        error={error}
        hint={`Prices for any ${CATEGORY_LABELS[category]} model without its own: e.g. an instance doing the work of one unit of performance 1.`}
        onChange={(rows) => { setEdits((e) => ({ ...e, [category]: rows })); setError(undefined); }}
      />
    </Dialog>
  );
}
