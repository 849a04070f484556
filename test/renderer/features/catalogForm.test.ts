import { describe, expect, it } from 'vitest';
import type { HardwareModel, Site } from '../../../shared/catalog';
import { validateModel } from '../../../shared/catalogChanges';
import {
  formatPue,
  modelDraftOf,
  modelFormOf,
  parseOptionalMoney,
  parsePerformance,
  parsePue,
  parseWholeNumber,
  siteDraftOf,
  siteFormOf,
} from '../../../renderer/features/catalog/catalogForm';

const TS = '2026-01-01T00:00:00.000Z';

const MODEL: HardwareModel = {
  id: 'm1',
  manufacturer: 'NVIDIA',
  name: 'HGX H100',
  category: 'gpu-server',
  powerWatts: 10_200,
  rackUnits: 8,
  listPrice: 25_000_050,
  currency: 'USD',
  releaseDate: '2023-03-21',
  endOfSale: null,
  endOfSupport: '2030-12-31',
  successorId: null,
  performance: 3,
  serialPattern: '',
  storageBearing: true,
  notes: 'SXM5',
  demo: true,
  createdAt: TS,
  updatedAt: TS,
};

const SITE: Site = {
  id: 's1',
  code: 'FRA1',
  name: 'Frankfurt',
  energyPricePerMwh: 8_755,
  currency: 'USD',
  pue: 1.35,
  notes: '',
  demo: false,
  createdAt: TS,
  updatedAt: TS,
};

describe('field parsers', () => {
  it('reads whole numbers, empty as none', () => {
    expect(parseWholeNumber(' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseWholeNumber('')).toEqual({ ok: true, value: null });
    expect(parseWholeNumber('4.5').ok).toBe(false);
    expect(parseWholeNumber('-1').ok).toBe(false);
    expect(parseWholeNumber('ten').ok).toBe(false);
  });

  it('reads amounts exactly, and says when text is not one', () => {
    expect(parseOptionalMoney('1,234.50', 'USD')).toEqual({ ok: true, value: 123_450 });
    expect(parseOptionalMoney('', 'USD')).toEqual({ ok: true, value: null });
    const bad = parseOptionalMoney('lots', 'USD');
    expect(bad.ok ? '' : bad.error).toMatch(/^Not an amount/u);
    expect(parseOptionalMoney('1.5', 'JPY').ok).toBe(false);
  });

  it('reads a PUE from 1.0 to 5.0', () => {
    expect(parsePue('1.35')).toEqual({ ok: true, value: 1.35 });
    expect(parsePue('')).toEqual({ ok: true, value: null });
    expect(parsePue('1')).toEqual({ ok: true, value: 1 });
    expect(parsePue('5.0')).toEqual({ ok: true, value: 5 });
    expect(parsePue('0.9').ok).toBe(false);
    expect(parsePue('5.01').ok).toBe(false);
    expect(parsePue('abc').ok).toBe(false);
    expect(parsePue('1e0').ok).toBe(false);
    expect(formatPue(1)).toBe('1.0');
    expect(formatPue(1.35)).toBe('1.35');
  });
});

describe('model form', () => {
  it('round-trips a model through the form', () => {
    const form = modelFormOf(MODEL, 'EUR');
    expect(form.listPrice).toBe('250000.50');
    const { draft, errors } = modelDraftOf(form, MODEL);
    expect(errors).toEqual({});
    const { id: _id, createdAt: _c, updatedAt: _u, ...expected } = MODEL;
    expect(draft).toEqual(expected);
  });

  it('starts a new model in the base currency, storage-bearing as its category usually is', () => {
    const form = modelFormOf(null, 'EUR');
    expect(form.currency).toBe('EUR');
    expect(form.storageBearing).toBe(true);
    const { draft } = modelDraftOf({ ...form, manufacturer: ' Arista ', name: '7060X', category: 'network-switch', storageBearing: false, currency: 'eur' }, null);
    expect(draft).toMatchObject({ manufacturer: 'Arista', name: '7060X', currency: 'EUR', demo: false, powerWatts: null, releaseDate: null, successorId: null });
  });

  it('reports every unreadable field at once, and the draft still validates for the rest', () => {
    const form = { ...modelFormOf(null, 'USD'), powerWatts: 'lots', rackUnits: '1.5', listPrice: '12.345' };
    const { draft, errors } = modelDraftOf(form, null);
    expect(Object.keys(errors).sort()).toEqual(['listPrice', 'powerWatts', 'rackUnits']);
    expect(errors.listPrice).toMatch(/decimal place/u);
    expect(Object.keys(validateModel(draft, [])).sort()).toEqual(['manufacturer', 'name']);
  });

  it('reads performance as a positive number, empty as unknown', () => {
    expect(parsePerformance('')).toEqual({ ok: true, value: null });
    expect(parsePerformance(' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parsePerformance('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parsePerformance('0')).toEqual({ ok: false, error: 'Performance must be a number above zero, or empty.' });
    expect(parsePerformance('fast')).toMatchObject({ ok: false, error: expect.stringMatching(/"fast" is not a number/u) });
    expect(parsePerformance('-1')).toMatchObject({ ok: false });
  });

  it('keeps performance and serial format through the form, and validates the pattern', () => {
    const form = modelFormOf(MODEL, 'USD');
    expect(form.performance).toBe('3');
    const { draft, errors } = modelDraftOf({ ...form, performance: '7.5', serialPattern: '  S[0-9A-Z]{13} ' }, MODEL);
    expect(errors).toEqual({});
    expect(draft).toMatchObject({ performance: 7.5, serialPattern: 'S[0-9A-Z]{13}' });
    expect(validateModel(draft, [])).toEqual({});
    const bad = modelDraftOf({ ...form, serialPattern: 'S[0-9' }, MODEL).draft;
    expect(validateModel(bad, []).serialPattern).toMatch(/not a valid regular expression/u);
    expect(validateModel({ ...draft, performance: 0 }, []).performance).toBe('Performance must be a number above zero, or empty.');
  });

  it('reads the rental price book: amounts in each row’s currency, the reason for a row it cannot read; a model without one stays without', () => {
    const row = { id: 'r1', term: 'on-demand' as const, price: '98.32', currency: 'usd', performancePerInstance: '2.5', date: '2026-06-01', source: 'Price list' };
    const { draft, errors } = modelDraftOf({ ...modelFormOf(MODEL, 'USD'), rentalPrices: [row] }, MODEL);
    expect(errors).toEqual({});
    expect(draft.rentalPrices).toEqual([{ id: 'r1', term: 'on-demand', pricePerHour: 9_832, currency: 'USD', performancePerInstance: 2.5, date: '2026-06-01', source: 'Price list' }]);
    expect(modelDraftOf({ ...modelFormOf(MODEL, 'USD'), rentalPrices: [{ ...row, price: 'lots' }] }, MODEL).errors.rentalPrices).toMatch(/^Rental price 1, price an hour: "lots" is not an amount/u);
    // A row added and saved without its price says which box is empty.
    expect(modelDraftOf({ ...modelFormOf(MODEL, 'USD'), rentalPrices: [{ ...row, price: ' ' }] }, MODEL).errors.rentalPrices).toBe('Rental price 1: enter the price an hour.');
    expect(modelDraftOf({ ...modelFormOf(MODEL, 'USD'), rentalPrices: [{ ...row, performancePerInstance: '' }] }, MODEL).errors.rentalPrices).toMatch(/work of one instance/u);
    // Number() would read these as 16, 10 and 3 instances' work.
    for (const work of ['0x10', '1e1', '0b11']) expect(modelDraftOf({ ...modelFormOf(MODEL, 'USD'), rentalPrices: [{ ...row, performancePerInstance: work }] }, MODEL).errors.rentalPrices, work).toMatch(/work of one instance/u);
    expect('rentalPrices' in modelDraftOf(modelFormOf(MODEL, 'USD'), MODEL).draft).toBe(false);
    expect(modelFormOf({ ...MODEL, rentalPrices: draft.rentalPrices }, 'USD').rentalPrices).toEqual([{ ...row, currency: 'USD' }]);
  });

  it('refuses a vendor date or a rental price date outside 1900–2199, as the lot form and the CSV imports do, naming the field', () => {
    const form = modelFormOf(MODEL, 'USD');
    expect(modelDraftOf({ ...form, releaseDate: '0203-03-21' }, MODEL).errors).toEqual({ releaseDate: 'Release date: "0203-03-21" is not a date from 1900 to 2199.' });
    expect(modelDraftOf({ ...form, endOfSale: '9999-12-31' }, MODEL).errors).toEqual({ endOfSale: 'End of sale: "9999-12-31" is not a date from 1900 to 2199.' });
    expect(modelDraftOf({ ...form, endOfSupport: '9999-12-31' }, MODEL).errors).toEqual({ endOfSupport: 'End of support: "9999-12-31" is not a date from 1900 to 2199.' });
    const row = { id: 'r1', term: 'on-demand' as const, price: '98.32', currency: 'USD', performancePerInstance: '2.5', date: '9999-12-31', source: 'Price list' };
    expect(modelDraftOf({ ...form, rentalPrices: [row] }, MODEL).errors).toEqual({ rentalPrices: 'Rental price 1, date: "9999-12-31" is not a date from 1900 to 2199.' });
    expect(modelDraftOf({ ...form, endOfSupport: '2199-12-31', rentalPrices: [{ ...row, date: '1900-01-01' }] }, MODEL).errors).toEqual({});
  });

  it('refuses a model as its own successor', () => {
    const { errors } = modelDraftOf({ ...modelFormOf(MODEL, 'USD'), successorId: MODEL.id }, MODEL);
    expect(errors.successorId).toMatch(/own successor/u);
  });
});

describe('site form', () => {
  it('keeps an untouched price exactly, even with more decimals than can be typed', () => {
    const form = siteFormOf(SITE, 'USD');
    expect(form.energyPrice).toBe('0.08755');
    expect(form.pue).toBe('1.35');
    const { draft, errors } = siteDraftOf(form, SITE);
    expect(errors).toEqual({});
    expect(draft.energyPricePerMwh).toBe(8_755);
    expect(draft.pue).toBe(1.35);
  });

  it('converts a typed price and refuses one with too many decimals', () => {
    const base = siteFormOf(null, 'USD');
    expect(siteDraftOf({ ...base, energyPrice: '0.14' }, null).draft.energyPricePerMwh).toBe(14_000);
    const tooPrecise = siteDraftOf({ ...base, energyPrice: '0.14001' }, null);
    expect(tooPrecise.errors.energyPricePerMwh).toMatch(/more than 4 decimal places/u);
    expect(tooPrecise.draft.energyPricePerMwh).toBeNull();
  });

  it('reads the price in the currency chosen', () => {
    const edited = siteDraftOf({ ...siteFormOf(SITE, 'USD'), currency: 'jpy', energyPrice: '25' }, SITE);
    expect(edited.draft).toMatchObject({ currency: 'JPY', energyPricePerMwh: 25_000 });
  });

  it('reads a space cost a rack unit a month in the site’s currency; empty leaves a site without one as it was', () => {
    const base = siteFormOf(null, 'USD');
    expect(siteDraftOf({ ...base, spaceCost: '25.50' }, null).draft.spacePerRackUnitMonth).toBe(2_550);
    expect(siteDraftOf({ ...base, spaceCost: '-1' }, null).errors.spacePerRackUnitMonth).toBeDefined();
    expect(siteDraftOf({ ...base, spaceCost: 'abc' }, null).errors.spacePerRackUnitMonth).toBeDefined();
    // A site from before the field: untouched, it stays without it (no change in its history).
    expect('spacePerRackUnitMonth' in siteDraftOf(siteFormOf(SITE, 'USD'), SITE).draft).toBe(false);
    const priced = { ...SITE, spacePerRackUnitMonth: 3_000 };
    expect(siteFormOf(priced, 'USD').spaceCost).toBe('30.00');
    expect(siteDraftOf({ ...siteFormOf(priced, 'USD'), spaceCost: '' }, priced).draft.spacePerRackUnitMonth).toBeNull();
  });

  it('reports a PUE out of range', () => {
    expect(siteDraftOf({ ...siteFormOf(null, 'USD'), pue: '7' }, null).errors.pue).toMatch(/1\.0 to 5\.0/u);
  });
});
