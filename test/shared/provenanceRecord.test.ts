/**
 * The provenance record (issue 13): a lot's chain of custody from its events, the lots it was
 * split from included up to its split, with receipt, places, checklists, transfers and buyer.
 */
import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/catalog';
import { demoFleet } from '../../shared/demoFleet';
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { createLot, editLot, moveComplianceOf, moveLot } from '../../shared/lotChanges';
import { lotChainHistory, provenanceRecord } from '../../shared/provenanceRecord';
import type { Supplier } from '../../shared/suppliers';
import { bareUnit, encodeEventUnits, packUnits, replayUnits, unitHistory, type SanitisationRecord, type UnitLotEvent } from '../../shared/units';

let n = 0;
const ctx = { now: '2026-12-06T10:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: 'ada' };
const demo = demoFleet({ today: '2026-12-06', now: ctx.now, newId: ctx.newId });
const model = { ...demo.models[0]!, countryOfOrigin: 'TW', exportClassification: '4A090.a', hsCode: '8471.50' };
const acme: Supplier = { id: 'acme', name: 'Acme', country: 'US', channel: 'distributor', notes: '', demo: false, createdAt: ctx.now, updatedAt: ctx.now };
const sites: Site[] = [{ ...demo.sites[0]!, id: 'ams', code: 'AMS', country: 'NL' }, { ...demo.sites[1]!, id: 'sin', code: 'SIN', country: 'SG' }];

describe('a provenance record', () => {
  const { id: _i, createdAt: _c, updatedAt: _u, parentId: _p, adjustments: _a, depreciationChain: _d, ...draft } = demo.lots[0]!;
  const created = createLot({ ...draft, code: 'P-1', modelId: model.id, status: 'ordered', quantity: 6, receivedDate: null, inServiceDate: null, siteId: null, poNumber: 'PO-9', supplierId: acme.id, purchaseDate: '2025-01-02', salvageValue: 0 }, ctx, new Set());
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const events: LotEvent[] = [...created.value.events];
  let lot: Lot = created.value.lots[0]!;
  const step = (r: ReturnType<typeof moveLot>): Lot[] => {
    if (!r.ok) throw new Error(r.error);
    events.push(...r.value.events);
    return r.value.lots;
  };
  const facts = { takenCodes: new Set(['P-1']), compliance: moveComplianceOf({ trustedOrigins: [], licenceClassifications: ['4A090'], licenceFreeDestinations: [] }, model, sites) };
  [lot] = step(moveLot(lot, 1, { to: 'received', quantity: 6, date: '2025-01-20' }, { ...ctx, actor: 'bob' }, facts)) as [Lot];
  [lot] = step(moveLot(lot, 2, { to: 'in-service', quantity: 6, date: '2025-02-01', siteId: 'ams', checklist: [{ label: 'Burn-in passed', required: true, ticked: true }] }, ctx, facts)) as [Lot];
  const [rest, child] = step(moveLot(lot, 3, { to: 'spare', quantity: 2, date: '2025-05-01', siteId: 'sin', licenceReference: 'BIS-7' }, ctx, facts)) as [Lot, Lot];
  const own = (id: string) => events.filter((e) => e.lotId === id);

  it('follows a part back through the lot it was split from, up to the split, and no further', () => {
    const history = lotChainHistory([{ lotId: rest.id, events: own(rest.id) }, { lotId: child.id, events: own(child.id) }]);
    expect(history.map((e) => [e.lotId === child.id ? 'child' : 'parent', e.type])).toEqual([
      ['parent', 'created'], ['parent', 'transitioned'], ['parent', 'transitioned'], ['parent', 'split'], ['child', 'created'], ['child', 'transitioned'],
    ]);
    const record = provenanceRecord({ lot: child, history, model, sites: new Map(sites.map((s) => [s.id, s])), suppliers: new Map([[acme.id, acme]]), lotCodes: new Map([[rest.id, 'P-1'], [child.id, child.code]]) });
    expect(record.subject).toEqual({ kind: 'lot', lotCode: child.code, serial: null, assetTag: null });
    expect(record.model).toEqual({ label: `${model.manufacturer} ${model.name}`, origin: 'TW', classification: '4A090.a', hsCode: '8471.50' });
    expect(record.purchase).toMatchObject({ poNumber: 'PO-9', supplier: 'Acme', supplierDetails: 'Distributor, US', purchaseDate: '2025-01-02', quantity: 6 });
    expect(record.receipt).toEqual({ date: '2025-01-20', by: 'bob' });
    expect(record.location).toBe('SIN (SG)');
    expect(record.steps.map((s) => [s.date, s.what, s.place, s.checklist, s.transfer])).toEqual([
      ['2026-12-06', 'Registered 6 units as Ordered', null, null, null],
      ['2025-01-20', 'Ordered → Received (6 units)', null, null, null],
      ['2025-02-01', 'Received → In service (6 units)', 'AMS (NL)', '☑ Burn-in passed', null],
      ['2025-05-01', `2 units split off into ${child.code}`, null, null, null],
      ['2025-05-01', 'Split from P-1 (2 units)', 'AMS (NL)', null, null],
      ['2025-05-01', 'In service → Spare (2 units)', 'SIN (SG)', null, 'NL → SG, 4A090.a: licence BIS-7'],
    ]);
    expect(record.disposal).toBeNull();
  });

  it('says one unit as one, not “1 units”', () => {
    const single = createLot({ ...draft, code: 'P-9', modelId: model.id, status: 'ordered', quantity: 1, receivedDate: null, inServiceDate: null, siteId: null, poNumber: 'PO-9', supplierId: acme.id, purchaseDate: '2025-01-02', salvageValue: 0 }, ctx, new Set());
    if (!single.ok) throw new Error(JSON.stringify(single.error));
    const lot1 = single.value.lots[0]!;
    const moved = moveLot(lot1, 1, { to: 'received', quantity: 1, date: '2025-01-20' }, ctx, { ...facts, takenCodes: new Set(['P-9']) });
    if (!moved.ok) throw new Error(moved.error);
    const history = [...single.value.events, ...moved.value.events];
    const record = provenanceRecord({ lot: moved.value.lots[0]!, history, model, sites: new Map(sites.map((s) => [s.id, s])), suppliers: new Map([[acme.id, acme]]), lotCodes: new Map([[lot1.id, 'P-9']]) });
    expect(record.steps.map((s) => s.what)).toEqual(['Registered 1 unit as Ordered', 'Ordered → Received (1 unit)']);
  });

  it('says a plain edit’s fields in words, as the lot’s history does, not by their names in the code', () => {
    const edited = editLot(child, own(child.id).length, { notes: 'burn-in rerun', warrantyEnd: '2028-05-01', poNumber: 'PO-9b' }, ctx, new Set(['P-1']));
    if (!edited.ok || edited.value.event === null) throw new Error(JSON.stringify(edited));
    const history = lotChainHistory([{ lotId: rest.id, events: own(rest.id) }, { lotId: child.id, events: [...own(child.id), edited.value.event] }]);
    const record = provenanceRecord({ lot: edited.value.lot, history, model, sites: new Map(sites.map((s) => [s.id, s])), suppliers: new Map([[acme.id, acme]]), lotCodes: new Map([[rest.id, 'P-1'], [child.id, child.code]]) });
    expect(record.steps.at(-1)?.what).toBe('Edited: PO number, warranty end, notes');
  });

  it('dates a step without a business date (its registration) on the user’s day, not the UTC one', () => {
    // Registered at 23:30 UTC on 5 December: 6 December for a user at UTC+2.
    const late = events.filter((e) => e.lotId === rest.id).map((e) => (e.type === 'created' ? { ...e, at: '2026-12-05T23:30:00.000Z' } : e));
    const plus2 = (at: string): string => new Date(Date.parse(at) + 2 * 3_600_000).toISOString().slice(0, 10);
    const base = { lot: rest, history: late, model, sites: new Map(sites.map((s) => [s.id, s])), suppliers: new Map([[acme.id, acme]]), lotCodes: new Map([[rest.id, 'P-1']]) };
    expect(provenanceRecord({ ...base, localDay: plus2 }).steps[0]?.date).toBe('2026-12-06');
    expect(provenanceRecord(base).steps[0]?.date).toBe('2026-12-05');
  });
});

describe('a unit’s provenance record', () => {
  // P-2: 6 units ordered, received by bob untracked; carol moves 2 of them to spare (P-2.1);
  // dave then scans two serials into P-2.1; eve and fay sanitise SN-1 twice; it is sent to Frankfurt.
  const { id: _i, createdAt: _c, updatedAt: _u, parentId: _p, adjustments: _a, depreciationChain: _d, ...draft } = demo.lots[0]!;
  const created = createLot({ ...draft, code: 'P-2', modelId: model.id, status: 'ordered', quantity: 6, receivedDate: null, inServiceDate: null, siteId: 'ams', poNumber: 'PO-10', supplierId: acme.id, purchaseDate: '2025-01-02', salvageValue: 0 }, ctx, new Set());
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const events: LotEvent[] = [...created.value.events];
  const step = (r: ReturnType<typeof moveLot>): Lot[] => {
    if (!r.ok) throw new Error(r.error);
    events.push(...r.value.events);
    return r.value.lots;
  };
  const facts = { takenCodes: new Set(['P-2']) };
  const [received] = step(moveLot(created.value.lots[0]!, 1, { to: 'received', quantity: 6, date: '2025-01-20' }, { ...ctx, actor: 'bob' }, facts)) as [Lot];
  const [rest, child] = step(moveLot(received, 2, { to: 'spare', quantity: 2, date: '2025-05-01' }, { ...ctx, actor: 'carol' }, facts)) as [Lot, Lot];
  const unitEvent = (seq: number, over: Partial<UnitLotEvent>): UnitLotEvent => ({
    id: `d:${seq}`, hlc: '', entity: 'lot', lotId: child.id, seq, at: `2026-12-07T10:0${seq}:00.000Z`, date: null, actor: 'dave', type: 'units-received',
    from: null, to: null, quantity: null, before: null, after: {}, relatedLotId: null, note: '', ...over,
  });
  const wipe = (performedAt: string, performedBy: string, method: SanitisationRecord['method'], technique: string): SanitisationRecord => ({
    method, technique, tool: 'nwipe', toolVersion: '0.34', verificationMethod: 'full', verificationResult: 'passed', performedBy, verifiedBy: '', performedAt, mediaSerial: '', note: '',
  });
  events.push(unitEvent(3, { quantity: 2, units: encodeEventUnits(packUnits(['SN-1', 'SN-2'].map((s) => ({ ...bareUnit(s), sanitisation: null })), () => child.id)) }));
  events.push(unitEvent(4, { type: 'sanitised', date: '2025-06-04', actor: 'eve', serials: ['SN-1'], sanitisation: wipe('2025-06-04', 'eve', 'clear', 'overwrite') }));
  events.push(unitEvent(5, { type: 'units-updated', serials: ['SN-1'], unitChanges: [{ serial: 'SN-1', before: { siteId: null, rack: '' }, after: { siteId: 'fra', rack: 'R7' } }], transfer: { from: 'NL', to: 'DE', classification: '4A090.a', licenceReference: null, toBuyer: false } }));
  events.push(unitEvent(6, { type: 'sanitised', date: '2025-06-06', actor: 'fay', serials: ['SN-1'], sanitisation: wipe('2025-06-06', 'fay', 'purge', 'cryptographic erase') }));
  const withFra = new Map([...sites, { ...sites[0]!, id: 'fra', code: 'FRA', country: 'DE' }].map((s) => [s.id, s]));
  const unit = replayUnits(events).get('SN-1')!;
  const chain = [rest, child].map((l) => ({ lotId: l.id, events: events.filter((e) => e.lotId === l.id) }));
  const record = provenanceRecord({ lot: child, unit, history: unitHistory('SN-1', chain), model, sites: withFra, suppliers: new Map([[acme.id, acme]]), lotCodes: new Map([[rest.id, 'P-2'], [child.id, child.code]]) });

  it('scanned into a part after the split: its receipt and purchase are the lot’s it came from', () => {
    expect(record.receipt).toEqual({ date: '2025-01-20', by: 'bob' });
    expect(record.purchase).toMatchObject({ poNumber: 'PO-10', quantity: 6 });
    expect(record.steps.slice(0, 6).map((s) => [s.what, s.actor])).toEqual([
      ['Registered 6 units as Ordered', 'ada'],
      ['Ordered → Received (6 units)', 'bob'],
      [`2 units split off into ${child.code}`, 'carol'],
      ['Split from P-2 (2 units)', 'carol'],
      ['Received → Spare (2 units)', 'carol'],
      ['Serial received', 'dave'],
    ]);
  });

  it('sanitised twice: each sanitisation is in the chain of custody in full, the latest is the unit’s record', () => {
    expect(record.steps.filter((s) => s.eventId === 'd:4' || s.eventId === 'd:6').map((s) => [s.date, s.actor, s.what])).toEqual([
      ['2025-06-04', 'eve', 'Sanitised: clear, overwrite with nwipe 0.34, verified full: passed, by eve on 2025-06-04'],
      ['2025-06-06', 'fay', 'Sanitised: purge, cryptographic erase with nwipe 0.34, verified full: passed, by fay on 2025-06-06'],
    ]);
    expect(record.sanitisation).toBe('purge, cryptographic erase with nwipe 0.34, verified full: passed, by fay on 2025-06-06');
  });

  it('sent to another site by an edit of its units: the step says what changed and where it went', () => {
    const sent = record.steps.find((s) => s.eventId === 'd:5');
    expect([sent?.what, sent?.place, sent?.transfer]).toEqual(['Site and rack of SN-1', 'FRA (DE)', 'NL → DE, 4A090.a: no licence needed under the policy']);
    expect(record.location).toBe('FRA (DE), rack R7');
    // Back at its lot's site (a site of its own no more): the lot's site then.
    const back = unitEvent(7, { type: 'units-updated', serials: ['SN-1'], unitChanges: [{ serial: 'SN-1', before: { siteId: 'fra' }, after: { siteId: null } }] });
    const again = provenanceRecord({ lot: child, unit: { ...unit, siteId: null }, history: [...unitHistory('SN-1', chain), back], model, sites: withFra, suppliers: new Map(), lotCodes: new Map() });
    expect([again.steps.at(-1)?.what, again.steps.at(-1)?.place]).toEqual(['Site of SN-1', 'AMS (NL)']);
  });
});
