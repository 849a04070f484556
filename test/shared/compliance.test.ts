/**
 * Provenance codes (issue 13): ISO 3166 alpha-2 countries, ECCNs and HS codes, as the catalogue
 * and the lots CSV read them.
 */
import { describe, expect, it } from 'vitest';
import { validateModel, validateSite } from '../../shared/catalogChanges';
import { COUNTRY_CODES, isCountryCode, isHsCode, parseCountryCode, parseEccn, sameHsCode } from '../../shared/compliance';
import { demoFleet } from '../../shared/demoFleet';

const demo = demoFleet({ today: '2026-12-06', now: '2026-12-06T09:00:00.000Z', newId: (() => { let n = 0; return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`; })() });

describe('provenance codes', () => {
  it('knows every assigned ISO 3166 alpha-2 country and nothing else', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect([...COUNTRY_CODES].sort()).toEqual(COUNTRY_CODES);
    // Every one has a name where the runtime knows regions (a typo in the list would not).
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const c of COUNTRY_CODES) expect(names.of(c), c).not.toBe(c);
    expect(['US', 'TW', 'NL', 'DE', 'CN'].every(isCountryCode)).toBe(true);
    expect(['UK', 'EU', 'XK', 'us', 'USA', ''].some(isCountryCode)).toBe(false);
    expect([parseCountryCode(' nl '), parseCountryCode('Holland')]).toEqual(['NL', null]);
  });

  it('reads export classifications as the Commerce Control List writes them', () => {
    expect(['3A090', '4a090.A', '5A992.c', ' ear99 ', '3A001.b.4.a', '5D002.c.1'].map(parseEccn)).toEqual(['3A090', '4A090.a', '5A992.c', 'EAR99', '3A001.b.4.a', '5D002.c.1']);
    expect(['3A09', '3F090', 'A3090', 'EAR-99', '4A090.', '4A090..a', ''].map(parseEccn)).toEqual([null, null, null, null, null, null, null]);
  });

  it('reads HS codes of 6 to 10 digits, dots optional', () => {
    expect(['8471.50', '847150', '8471.50.01', '8471500100', '8517.62.00.00', '8471.50.000', '847150000'].every(isHsCode)).toBe(true);
    expect(['8471', '84715', '84715001001', '8471-50', 'abcd.ef', '8471..50', '.847150', '847150.'].some(isHsCode)).toBe(false);
    expect(sameHsCode('847150', '8471.50')).toBe(true);
  });

  it('the catalogue refuses a bad code with the field, and the demo fleet carries whole ones', () => {
    const model = demo.models[0]!;
    expect(validateModel({ ...model, countryOfOrigin: 'XX', exportClassification: '4A9', hsCode: '84' }, [])).toMatchObject({
      countryOfOrigin: expect.stringContaining('ISO 3166'), exportClassification: expect.stringContaining('ECCN'), hsCode: expect.stringContaining('6 to 10 digits'),
    });
    expect(validateSite({ ...demo.sites[0]!, country: 'Germany' }, [])).toMatchObject({ country: expect.stringContaining('ISO 3166') });
    for (const m of demo.models) expect(validateModel(m, []), m.name).toEqual({});
    for (const s of demo.sites) expect(s.country && isCountryCode(s.country)).toBe(true);
  });
});
