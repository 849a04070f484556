import { describe, expect, it } from 'vitest';
import type { HardwareModel } from '../../shared/catalog';
import { saveModel, type ModelDraft } from '../../shared/catalogChanges';
import { MODEL } from '../renderer/db/teamFixture';

const ctx = (now: string) => ({ now, newId: () => 'model-1', actor: 'ada' });

/** A model with a rental price book, as the catalogue holds it. */
function pricedModel(): HardwareModel {
  const r = saveModel(
    { ...MODEL, rentalPrices: [{ id: 'price-1', date: '2026-01-01', term: 'on-demand', pricePerHour: 98_00, currency: 'USD', performancePerInstance: 1, source: 'cloud list' }] },
    null,
    [],
    ctx('2026-01-01T00:00:00.000Z'),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.record;
}

/** The draft the model form gives back: every field, the price book rebuilt from its rows (a new array). */
function formDraft(m: HardwareModel, patch: Partial<ModelDraft> = {}): ModelDraft {
  const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = m;
  return { ...draft, rentalPrices: (m.rentalPrices ?? []).map((e) => ({ ...e })), ...patch };
}

describe('saveModel: an edit records the fields it changes, and only those', () => {
  it('saving a model unchanged writes no event, though its price book comes back as a new array', () => {
    const m = pricedModel();
    const r = saveModel(formDraft(m), m, [m], ctx('2026-02-01T00:00:00.000Z'));
    expect(r.ok && r.value.event).toBeNull();
  });

  it('a change of power does not also write the price book (which a concurrent edit on another device would be overwritten by)', () => {
    const m = pricedModel();
    const r = saveModel(formDraft(m, { powerWatts: 11_000 }), m, [m], ctx('2026-02-01T00:00:00.000Z'));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(Object.keys(r.value.event?.after ?? {})).toEqual(['powerWatts']);
  });
});
