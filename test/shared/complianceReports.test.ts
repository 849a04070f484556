/**
 * The compliance register and the supplier scorecard (issue 13), on a ledger made with the
 * domain's own commands: holdings by origin, classification and site country at book value, every
 * transfer with its licence; per supplier, spend, lead time, RMA rate and price against list and
 * market.
 */
import { describe, expect, it } from 'vitest';
import type { HardwareModel, Site } from '../../shared/catalog';
import { complianceRegister, siteOnDate, complianceRegisterCsv, supplierScorecard } from '../../shared/complianceReports';
import { demoFleet } from '../../shared/demoFleet';
import { lotSchedule } from '../../shared/depreciation/lotSchedule';
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { correctMoveDate, createLot, editLot, moveComplianceOf, moveLot, type LotDraft } from '../../shared/lotChanges';
import type { Supplier } from '../../shared/suppliers';

let n = 0;
const ctx = { now: '2026-12-06T10:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: 'ada' };
const demo = demoFleet({ today: '2026-12-06', now: ctx.now, newId: ctx.newId });
const MODEL: HardwareModel = { ...demo.models[0]!, id: 'm1', listPrice: 100_000, currency: 'USD', countryOfOrigin: 'TW', exportClassification: '4A090.a' };
const OTHER: HardwareModel = { ...demo.models[4]!, id: 'm2', listPrice: null, currency: 'USD', countryOfOrigin: 'CN', exportClassification: '5A992.c' };
const SITES: Site[] = [{ ...demo.sites[0]!, id: 'ams', code: 'AMS', country: 'NL' }, { ...demo.sites[1]!, id: 'nyc', code: 'NYC', country: 'US' }];
const template = demo.lots[0]!;
const supplier = (id: string, name: string, country: string | null, channel: Supplier['channel']): Supplier => ({ id, name, country, channel, notes: '', demo: false, createdAt: ctx.now, updatedAt: ctx.now });
const SUPPLIERS = [supplier('s-acme', 'Acme', 'US', 'distributor'), supplier('s-other', 'Other Ltd', null, null), supplier('s-plan', 'Planner Co', 'DE', 'reseller')];

function draft(code: string, over: Partial<LotDraft>): LotDraft {
  const { id: _i, createdAt: _c, updatedAt: _u, parentId: _p, adjustments: _a, depreciationChain: _d, ...rest } = template;
  return { ...rest, code, modelId: MODEL.id, quantity: 10, unitCost: 90_000, extraCosts: 1_000, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-01-20', inServiceDate: '2025-02-01', siteId: 'ams', status: 'in-service', supplierId: 's-acme', poNumber: 'PO-1', salvageValue: 0, demo: false, utilisation: undefined, ...over } as LotDraft;
}

const lots = new Map<string, Lot>();
const events: LotEvent[] = [];
const codes = new Set<string>();
function add(d: LotDraft): Lot {
  const r = createLot(d, ctx, codes);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const lot = r.value.lots[0]!;
  lots.set(lot.id, lot);
  codes.add(lot.code);
  events.push(...r.value.events);
  return lot;
}
const a = add(draft('A-1', {}));
add(draft('A-2', { quantity: 4, receivedDate: '2025-02-09', inServiceDate: '2025-02-10' }));
add(draft('PLAN-1', { supplierId: 's-plan', status: 'planned', receivedDate: null, inServiceDate: null, siteId: null, poNumber: '' }));
add(draft('O-1', { supplierId: 's-other', modelId: OTHER.id, quantity: 2, unitCost: 5_000, extraCosts: 0, receivedDate: null, inServiceDate: null, status: 'ordered', siteId: null }));
// Two units of A-1 go to RMA; later the rest moves to New York under a licence.
const rma = moveLot(a, 1, { to: 'rma', quantity: 2, date: '2025-06-01' }, ctx, { takenCodes: codes });
if (!rma.ok) throw new Error(rma.error);
for (const l of rma.value.lots) {
  lots.set(l.id, l);
  codes.add(l.code);
}
events.push(...rma.value.events);
const policy = { trustedOrigins: [], licenceClassifications: ['4A090'], licenceFreeDestinations: [] };
const moved = moveLot(lots.get(a.id)!, 2, { to: 'spare', quantity: 8, date: '2025-09-01', siteId: 'nyc', licenceReference: 'BIS-1' }, ctx, { takenCodes: codes, compliance: moveComplianceOf(policy, MODEL, SITES) });
if (!moved.ok) throw new Error(moved.error);
for (const l of moved.value.lots) lots.set(l.id, l);
events.push(...moved.value.events);

describe('the compliance register', () => {
  const all = [...lots.values()];
  const schedules = new Map(all.map((l) => { const s = lotSchedule(l, 'book', 1); return [l.id, s.ok ? s.value : null] as const; }));
  const register = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events, schedules }, '2026-12-06');

  it('holds what the fleet owns by origin, classification and site country, at book value; commitments are not there', () => {
    expect(register.holdings.map((h) => [h.origin, h.classification, h.siteCountry, h.lots, h.units])).toEqual([
      ['TW', '4A090.a', 'NL', 2, 6],
      ['TW', '4A090.a', 'US', 1, 8],
    ]);
    for (const h of register.holdings) {
      const expected = all.filter((l) => (l.siteId === 'ams' ? 'NL' : 'US') === h.siteCountry && l.status !== 'ordered').reduce((s, l) => s + (schedules.get(l.id) ? l.unitCost * l.quantity + l.extraCosts : 0), 0);
      expect(h.bookValue).toBeLessThan(expected);
      expect(h.bookValue).toBeGreaterThan(0);
    }
  });

  it('lists every transfer with its licence, and writes one CSV with a section per kind of row', () => {
    expect(register.transfers).toEqual([{ eventId: expect.any(String), date: '2025-09-01', lotCode: 'A-1', quantity: 8, from: 'NL', to: 'US', classification: '4A090.a', licenceReference: 'BIS-1', toBuyer: false, actor: 'ada' }]);
    const csv = complianceRegisterCsv(register).trim().split(/\r?\n/u);
    expect(csv[0]).toBe('section,origin,classification,site_country,lots,units,currency,book_value,date,lot_code,quantity,from,to,licence_reference,to_buyer,actor');
    expect(csv.filter((l) => l.startsWith('holding,'))).toHaveLength(2);
    expect(csv.at(-1)).toBe('transfer,,4A090.a,,,,,,2025-09-01,A-1,8,NL,US,BIS-1,no,ada');
  });
});

describe('the register on a past date', () => {
  const all = [...lots.values()];
  const schedules = new Map(all.map((l) => { const s = lotSchedule(l, 'book', 1); return [l.id, s.ok ? s.value : null] as const; }));

  it('puts each holding where it was then: before the move to New York, A-1 was in the Netherlands', () => {
    const before = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events, schedules }, '2025-08-01');
    expect(before.holdings.map((h) => [h.siteCountry, h.lots, h.units])).toEqual([['NL', 3, 14]]);
    expect(before.transfers).toEqual([]);
    const after = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events, schedules }, '2025-09-01');
    expect(after.holdings.map((h) => [h.siteCountry, h.lots, h.units])).toEqual([['NL', 2, 6], ['US', 1, 8]]);
  });

  it('siteOnDate: the last site an event gave on or before the day; the lot’s own site without any', () => {
    const moves = events.filter((e) => e.lotId === a.id);
    expect(siteOnDate({ siteId: 'nyc' }, moves, '2025-08-31')).toBe('ams');
    expect(siteOnDate({ siteId: 'nyc' }, moves, '2025-09-01')).toBe('nyc');
    expect(siteOnDate({ siteId: 'nyc' }, [], '2025-08-31')).toBe('nyc');
  });
});

describe('the register, after the date of a transfer was corrected', () => {
  it('dates the transfer, and the holding abroad, from the corrected date', () => {
    const ofA = events.filter((e) => e.lotId === a.id);
    const r = correctMoveDate(lots.get(a.id)!, ofA, ofA.length, '2025-08-15', ctx, { today: '2026-12-06', fiscalYearStart: 1 });
    if (!r.ok) throw new Error(r.error);
    const all = [...lots.values()].map((l) => (l.id === a.id ? r.value.lot : l));
    const schedules = new Map(all.map((l) => { const s = lotSchedule(l, 'book', 1); return [l.id, s.ok ? s.value : null] as const; }));
    const register = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events: [...events, r.value.event], schedules }, '2025-08-20');
    expect(register.transfers.map((t) => [t.date, t.lotCode, t.to])).toEqual([['2025-08-15', 'A-1', 'US']]);
    expect(register.holdings.map((h) => [h.siteCountry, h.lots, h.units])).toEqual([['NL', 2, 6], ['US', 1, 8]]);
  });
});

describe('the register, for a change recorded without a business date (an edit of the site)', () => {
  // B-1 is edited to the New York site at 23:30 UTC on 31 March 2026: 1 April in Amsterdam,
  // where the team works (UTC+2 then). The edit carries no business date: its day is the day it
  // was recorded, where the user is.
  // Made apart from the shared fleet above (the scorecard's tests count its lots).
  const created = createLot(draft('B-1', { siteId: 'ams', supplierId: null }), ctx, codes);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const b = created.value.lots[0]!;
  const late = { ...ctx, now: '2026-03-31T23:30:00.000Z' };
  const edited = editLot(b, 1, { siteId: 'nyc' }, late, new Set(), '', { compliance: moveComplianceOf(policy, MODEL, SITES), licenceReference: 'BIS-2' });
  if (!edited.ok || edited.value.event?.transfer === undefined) throw new Error('the edit was refused, or recorded no transfer');
  const withEdit = [...events, ...created.value.events, edited.value.event];
  const all = [...lots.values(), edited.value.lot];
  const schedules = new Map(all.map((l) => { const s = lotSchedule(l, 'book', 1); return [l.id, s.ok ? s.value : null] as const; }));
  const amsterdamDay = (at: string): string => new Date(Date.parse(at) + 2 * 3_600_000).toISOString().slice(0, 10);

  it('counts it from the local day it was made, and lists its transfer from that day on, with that date', () => {
    const onThe31st = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events: withEdit, schedules }, '2026-03-31', amsterdamDay);
    expect(onThe31st.holdings.find((h) => h.siteCountry === 'US')?.lots).toBe(1); // A-1 only
    expect(onThe31st.transfers.map((t) => t.lotCode)).toEqual(['A-1']);
    const onThe1st = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events: withEdit, schedules }, '2026-04-01', amsterdamDay);
    expect(onThe1st.holdings.find((h) => h.siteCountry === 'US')?.lots).toBe(2);
    expect(onThe1st.transfers.map((t) => [t.lotCode, t.date])).toEqual([['A-1', '2025-09-01'], ['B-1', '2026-04-01']]);
  });

  it('a register of an earlier date does not list it', () => {
    const before = complianceRegister({ lots: all, models: [MODEL, OTHER], sites: SITES, events: withEdit, schedules }, '2025-12-31', amsterdamDay);
    expect(before.transfers.map((t) => t.lotCode)).toEqual(['A-1']);
  });
});

describe('the supplier scorecard', () => {
  const scores = supplierScorecard({ lots: [...lots.values()], models: [MODEL, OTHER], suppliers: SUPPLIERS, events }, () => null);

  it('groups the lots by supplier record, with its channel and country, and counts purchases, not the parts split off them', () => {
    // A planned lot is not a purchase yet: Planner Co is not there.
    expect(scores.map((s) => [s.supplier, s.supplierId, s.channel, s.country, s.lots, s.units])).toEqual([['Acme', 's-acme', 'distributor', 'US', 2, 14], ['Other Ltd', 's-other', null, null, 1, 2]]);
    expect(scores[0]!.spend).toEqual({ USD: 90_000 * 14 + 2 * 1_000 });
  });

  it('names by the record as it is now: a renamed supplier’s purchases go under its new name', () => {
    const renamed = supplierScorecard({ lots: [...lots.values()], models: [MODEL, OTHER], suppliers: SUPPLIERS.map((s) => (s.id === 's-acme' ? { ...s, name: 'Acme Distribution' } : s)), events }, () => null);
    expect(renamed.map((s) => [s.supplier, s.lots])).toEqual([['Acme Distribution', 2], ['Other Ltd', 1]]);
  });

  it('groups lots that name their supplier only as text (written before suppliers were records) by name, ignoring case and spaces', () => {
    const legacy = [...lots.values()].map((l) => {
      const { supplierId: _s, ...rest } = l;
      return { ...rest, supplier: l.code === 'A-2' ? ' acme ' : l.supplierId === 's-acme' ? 'Acme' : 'Other Ltd' };
    });
    expect(supplierScorecard({ lots: legacy, models: [MODEL, OTHER], events }, () => null).map((s) => [s.supplier, s.supplierId, s.lots, s.units])).toEqual([['Acme', null, 2, 14], ['Other Ltd', null, 1, 2]]);
  });

  it('lead time from order to receipt: median and worst over the lots received', () => {
    expect(scores[0]!.leadTimeDays).toEqual({ median: 20, worst: 30, lots: 2 });
    expect(scores[1]!.leadTimeDays).toEqual({ median: null, worst: null, lots: 0 });
  });

  it('RMA rate: units that went to RMA over units received; price paid against the list price', () => {
    expect([scores[0]!.unitsToRma, scores[0]!.unitsReceived, scores[0]!.rmaRate]).toEqual([2, 14, 2 / 14]);
    expect(scores[0]!.paidVsList).toBeCloseTo(0.9, 12);
    expect(scores[1]!.paidVsList).toBeNull();
    expect(scores[1]!.rmaRate).toBeNull();
  });
});
