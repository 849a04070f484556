/**
 * Transfers under the team's compliance policy (issue 13): when a move between countries needs a
 * licence reference, as a table of the cases that matter; the guard on lot moves and disposals to
 * a buyer abroad; what the event records.
 */
import { describe, expect, it } from 'vitest';
import { originFlag, transferLicenceNeed, transferVerdict, type CompliancePolicy } from '../../shared/compliance';
import { demoFleet } from '../../shared/demoFleet';
import type { Lot } from '../../shared/lot';
import { editLot, moveComplianceOf, moveGuards, moveLot, type MoveRequest } from '../../shared/lotChanges';

const POLICY: CompliancePolicy = { trustedOrigins: ['US', 'TW', 'MX'], licenceClassifications: ['3A090', '4A090'], licenceFreeDestinations: ['NL', 'DE'] };

describe('which transfers need a licence', () => {
  const cases: { what: string; cls: string | undefined; from: string | null; to: string | null; policy?: CompliancePolicy; needs: boolean }[] = [
    { what: 'a listed ECCN to a country not licence-free', cls: '4A090', from: 'NL', to: 'US', needs: true },
    { what: 'a sub-paragraph of a listed ECCN', cls: '4A090.a', from: 'NL', to: 'SG', needs: true },
    { what: 'a listed ECCN to a licence-free country', cls: '4A090.a', from: 'US', to: 'DE', needs: false },
    { what: 'an ECCN the policy does not list', cls: '5A992.c', from: 'NL', to: 'US', needs: false },
    { what: 'a different ECCN sharing a prefix of digits', cls: '4A0901', from: 'NL', to: 'US', needs: false },
    { what: 'EAR99', cls: 'EAR99', from: 'NL', to: 'US', needs: false },
    { what: 'within one country', cls: '4A090.a', from: 'US', to: 'US', needs: false },
    { what: 'an unknown classification', cls: undefined, from: 'NL', to: 'US', needs: false },
    { what: 'an unknown origin country', cls: '4A090.a', from: null, to: 'US', needs: false },
    { what: 'an unknown destination country', cls: '4A090.a', from: 'NL', to: null, needs: false },
    { what: 'no policy at all', cls: '4A090.a', from: 'NL', to: 'US', policy: { trustedOrigins: [], licenceClassifications: [], licenceFreeDestinations: [] }, needs: false },
    { what: 'a listed ECCN and no licence-free country', cls: '3A090', from: 'NL', to: 'DE', policy: { ...POLICY, licenceFreeDestinations: [] }, needs: true },
  ];
  for (const c of cases) {
    it(`${c.needs ? 'needs' : 'needs no'} licence: ${c.what}`, () => {
      const need = transferLicenceNeed(c.cls, c.from, c.to, c.policy ?? POLICY);
      expect(need !== null).toBe(c.needs);
      if (need) expect(need.message).toMatch(new RegExp(`^Moving ${c.cls} hardware from ${c.from} to ${c.to} is a transfer that needs a licence under the team’s policy \\(\\w+ needs one to `, 'u'));
    });
  }

  it('flags origins outside the trusted list, and unknown ones, only when there is a list', () => {
    expect([originFlag({ countryOfOrigin: 'TW' }, POLICY), originFlag({ countryOfOrigin: 'CN' }, POLICY), originFlag({}, POLICY), originFlag({ countryOfOrigin: 'CN' }, { ...POLICY, trustedOrigins: [] })]).toEqual([
      null, 'origin CN is not among the trusted origins', 'country of origin not recorded', null,
    ]);
  });
});

describe('a move abroad', () => {
  let n = 0;
  const ctx = { now: '2026-12-06T10:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: 'ada' };
  const demo = demoFleet({ today: '2026-12-06', now: ctx.now, newId: ctx.newId });
  const sites = [
    { id: 'ams', country: 'NL' },
    { id: 'nyc', country: 'US' },
    { id: 'fra', country: 'DE' },
    { id: 'lab', country: null },
  ];
  const model = { exportClassification: '4A090.a' };
  const compliance = moveComplianceOf(POLICY, model, sites);
  const base = demo.lots.find((l) => l.status === 'in-service')!;
  const lot: Lot = { ...base, siteId: 'ams', status: 'spare', quantity: 4 };
  const move = (req: Partial<MoveRequest>) => moveLot(lot, 3, { to: 'in-service', quantity: 4, date: '2026-12-06', ...req }, ctx, { takenCodes: new Set([lot.code]), compliance });

  it('is refused without a licence reference where the policy needs one, saying which classification and countries', () => {
    const r = move({ siteId: 'nyc' });
    expect(r).toEqual({ ok: false, error: 'Moving 4A090.a hardware from NL to US is a transfer that needs a licence under the team’s policy (4A090 needs one to any country but NL, DE): give the licence reference.' });
    expect(moveGuards(lot, { to: 'in-service', quantity: 4, date: '2026-12-06', siteId: 'nyc', licenceReference: '  ' }, { compliance }).ok).toBe(false);
  });

  it('with one, moves and records the transfer on the event; a part move records it on the part that moves', () => {
    const r = move({ siteId: 'nyc', licenceReference: ' BIS D123456 ' });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.events[0]).toMatchObject({ type: 'transitioned', transfer: { from: 'NL', to: 'US', classification: '4A090.a', licenceReference: 'BIS D123456', toBuyer: false } });
    const part = move({ siteId: 'nyc', licenceReference: 'BIS D123456', quantity: 1 });
    if (!part.ok) throw new Error(part.error);
    expect(part.value.events.filter((e) => e.transfer !== undefined).map((e) => [e.type, e.lotId === part.value.lots[1]!.id])).toEqual([['transitioned', true]]);
  });

  it('a transfer the policy allows is recorded without a licence; a move within a country or to a site of unknown country records none', () => {
    const de = move({ siteId: 'fra' });
    if (!de.ok) throw new Error(de.error);
    expect(de.value.events[0]!.transfer).toEqual({ from: 'NL', to: 'DE', classification: '4A090.a', licenceReference: null, toBuyer: false });
    for (const siteId of ['ams', 'lab']) {
      const r = move({ siteId });
      if (!r.ok) throw new Error(r.error);
      expect(r.value.events[0]!.transfer).toBeUndefined();
    }
    // Without the compliance facts (a scripted move), nothing is checked or recorded.
    const scripted = moveLot(lot, 3, { to: 'in-service', quantity: 4, date: '2026-12-06', siteId: 'nyc' }, ctx, { takenCodes: new Set() });
    expect(scripted.ok && scripted.value.events[0]!.transfer).toBeUndefined();
  });

  it('a disposal records its buyer; a buyer abroad is a transfer under the same rule', () => {
    const sanitised: Lot = { ...lot, status: 'sanitised' };
    const dispose = (buyer: MoveRequest['buyer'], licenceReference?: string) =>
      moveLot(sanitised, 3, { to: 'disposed', quantity: 4, date: '2026-12-06', disposition: 'sold', proceeds: 100_000, buyer, ...(licenceReference ? { licenceReference } : {}) }, ctx, { takenCodes: new Set(), compliance });
    const abroad = dispose({ name: 'Broker Inc.', country: 'SG' });
    expect(abroad.ok ? '' : abroad.error).toMatch(/^Moving 4A090.a hardware from NL to SG is a transfer/u);
    const licensed = dispose({ name: 'Broker Inc.', country: 'SG' }, 'BIS D777');
    if (!licensed.ok) throw new Error(licensed.error);
    expect(licensed.value.lots[0]!.buyer).toEqual({ name: 'Broker Inc.', country: 'SG' });
    expect(licensed.value.events[0]!.transfer).toEqual({ from: 'NL', to: 'SG', classification: '4A090.a', licenceReference: 'BIS D777', toBuyer: true });
    const local = dispose({ name: 'Recycler BV', country: 'NL' });
    expect(local.ok && [local.value.lots[0]!.buyer, local.value.events[0]!.transfer]).toEqual([{ name: 'Recycler BV', country: 'NL' }, undefined]);
    expect(dispose({ name: '', country: 'NL' })).toEqual({ ok: false, error: 'A buyer’s country needs the buyer’s name.' });
    expect(dispose({ name: 'X', country: 'Holland' })).toMatchObject({ ok: false, error: expect.stringContaining('ISO 3166') });
  });

  it('a change of site through Edit is judged and recorded the same way', () => {
    const inService: Lot = { ...lot, status: 'in-service' };
    const refused = editLot(inService, 3, { siteId: 'nyc' }, ctx, new Set(), '', { compliance });
    expect(refused).toEqual({ ok: false, error: { siteId: 'Moving 4A090.a hardware from NL to US is a transfer that needs a licence under the team’s policy (4A090 needs one to any country but NL, DE): give the licence reference.' } });
    const licensed = editLot(inService, 3, { siteId: 'nyc' }, ctx, new Set(), '', { compliance, licenceReference: 'BIS-9' });
    expect(licensed.ok && licensed.value.event?.transfer).toEqual({ from: 'NL', to: 'US', classification: '4A090.a', licenceReference: 'BIS-9', toBuyer: false });
    const allowed = editLot(inService, 3, { siteId: 'fra' }, ctx, new Set(), '', { compliance });
    expect(allowed.ok && allowed.value.event?.transfer).toEqual({ from: 'NL', to: 'DE', classification: '4A090.a', licenceReference: null, toBuyer: false });
    const other = editLot(inService, 3, { notes: 'moved racks' }, ctx, new Set(), '', { compliance });
    expect(other.ok && other.value.event?.transfer).toBeUndefined();
  });
});

describe('what the Move dialog says of a transfer before it is made', () => {
  it('names the licence a transfer needs; says when none is needed; and says when the policy cannot judge it (classification not recorded)', () => {
    const need = transferLicenceNeed('4A090.a', 'NL', 'US', POLICY);
    expect(transferVerdict({ classification: '4A090.a' }, need, POLICY)).toBe(need?.message);
    expect(transferVerdict({ classification: '4A090.a' }, transferLicenceNeed('4A090.a', 'US', 'DE', POLICY), POLICY)).toBe('The team’s policy needs no licence for it; a licence reference given is recorded.');
    // Not “needs no licence”: the policy lists classifications, and this model's is not recorded.
    expect(transferVerdict({ classification: null }, transferLicenceNeed(undefined, 'NL', 'US', POLICY), POLICY)).toBe(
      'Its model’s export classification is not recorded, so the team’s policy cannot judge whether it needs a licence: record the classification in Models. A licence reference given is recorded.',
    );
    // Without licence rules nothing needs a licence, whatever the classification.
    const none: CompliancePolicy = { ...POLICY, licenceClassifications: [] };
    expect(transferVerdict({ classification: null }, null, none)).toBe('The team’s policy needs no licence for it; a licence reference given is recorded.');
  });
});
