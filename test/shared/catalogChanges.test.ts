import { describe, expect, it } from 'vitest';
import type { HardwareModel } from '../../shared/catalog';
import { saveModel, saveSite, validateModel, type ModelDraft } from '../../shared/catalogChanges';
import { demoFleet } from '../../shared/demoFleet';
import { saveSupplier } from '../../shared/suppliers';
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

describe('saveModel from a form opened before the model changed elsewhere', () => {
  it('writes what the person changed and keeps what changed meanwhile (another device, brought in by team sync)', () => {
    const opened = pricedModel();
    // Meanwhile another device set the power and a new price book.
    const current: HardwareModel = { ...opened, powerWatts: 11_500, rentalPrices: [{ ...opened.rentalPrices![0]!, pricePerHour: 90_00 }], updatedAt: '2026-01-15T00:00:00.000Z' };
    const r = saveModel(formDraft(opened, { notes: 'rack 4' }), current, [current], ctx('2026-02-01T00:00:00.000Z'), opened);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.event?.after).toEqual({ notes: 'rack 4' });
    expect(r.value.record).toMatchObject({ notes: 'rack 4', powerWatts: 11_500, rentalPrices: current.rentalPrices });
  });

  it('still writes a field the person changed that was also changed meanwhile (the later change holds, as in a conflict)', () => {
    const opened = pricedModel();
    const current: HardwareModel = { ...opened, powerWatts: 11_500 };
    const r = saveModel(formDraft(opened, { powerWatts: 12_000 }), current, [current], ctx('2026-02-01T00:00:00.000Z'), opened);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.event?.after).toEqual({ powerWatts: 12_000 });
  });
});

describe('saveSite and saveSupplier from a form opened before the record changed elsewhere', () => {
  it('keep the energy price and the country changed meanwhile', () => {
    const site = { id: 'site-1', code: 'OSL1', name: 'Oslo', energyPricePerMwh: 8_000, currency: 'EUR', pue: 1.3, country: 'NO', notes: '', demo: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    const current = { ...site, energyPricePerMwh: 9_500 };
    const { id: _i, createdAt: _c, updatedAt: _u, ...draft } = site;
    const r = saveSite({ ...draft, name: 'Oslo East' }, current, [current], ctx('2026-02-01T00:00:00.000Z'), site);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.event?.after).toEqual({ name: 'Oslo East' });
    expect(r.value.record.energyPricePerMwh).toBe(9_500);

    const supplier = { id: 'sup-1', name: 'Arrow', country: null, channel: null, notes: '', demo: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    const renamed = { ...supplier, name: 'Arrow Electronics' };
    const s = saveSupplier({ name: 'Arrow', country: 'US', channel: null, notes: '', demo: false }, renamed, [renamed], ctx('2026-02-01T00:00:00.000Z'), supplier);
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    expect(s.value.event?.after).toEqual({ country: 'US' });
    expect(s.value.record.name).toBe('Arrow Electronics');
  });
});

describe('a model’s vendor dates', () => {
  it('refuses an end of sale or of support before the release, or an end of support before the end of sale, naming the field', () => {
    const draft = formDraft(pricedModel(), { releaseDate: '2025-01-01', endOfSale: '2020-01-01', endOfSupport: '2019-01-01' });
    const r = saveModel(draft, null, [], ctx('2026-01-01T00:00:00.000Z'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.endOfSale).toBe('End of sale cannot be before the release date (2025-01-01).');
    expect(r.error.endOfSupport).toBe('End of support cannot be before the release date (2025-01-01).');
    const r2 = saveModel(formDraft(pricedModel(), { releaseDate: null, endOfSale: '2030-01-01', endOfSupport: '2029-01-01' }), null, [], ctx('2026-01-01T00:00:00.000Z'));
    expect(r2.ok ? null : r2.error.endOfSupport).toBe('End of support cannot be before the end of sale (2030-01-01).');
    expect(saveModel(formDraft(pricedModel(), { releaseDate: '2025-01-01', endOfSale: '2025-01-01', endOfSupport: '2030-01-01' }), null, [], ctx('2026-01-01T00:00:00.000Z')).ok).toBe(true);
  });

  it('the demo fleet’s models all pass', () => {
    for (const m of demoFleet({ today: '2026-12-07', now: '2026-12-07T00:00:00.000Z', newId: (() => { let n = 0; return () => `id-${n++}`; })() }).models) expect(validateModel(formDraft(m), []), `${m.manufacturer} ${m.name}`).toEqual({});
  });
});
