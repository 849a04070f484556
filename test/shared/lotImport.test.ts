/**
 * A lots CSV as the app and the command line import it (shared/lotImport.ts), and the round trip
 * the README promises: what the app exports imports back, including a lot that has no site yet.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORY_POLICIES } from '../../shared/depreciation/policies';
import { exportLots } from '../../shared/ledger/ledgerExport';
import { lotsToCsv, parseLotCsv } from '../../shared/lotCsv';
import { planLotImport } from '../../shared/lotImport';
import type { ChangeContext } from '../../shared/lotChanges';

let n = 0;
const ctx: ChangeContext = { now: '2026-12-06T10:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: 'ada' };

const CSV = [
  'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date',
  'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01',
  'NEXT-1,Dell,R760,cpu-server,4,12500.00,USD,2026-12-01,planned,,,,',
  '',
].join('\n');

function imported(text: string) {
  const parsed = parseLotCsv(text, { existingCodes: new Set() });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const plan = planLotImport(parsed.rows, { models: [], sites: [], templates: DEFAULT_CATEGORY_POLICIES, takenCodes: new Set() }, ctx, 'lots.csv');
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  return plan.value;
}

describe('importing a lots CSV', () => {
  it('creates the models and sites it names, and leaves a lot not in service yet without a site', () => {
    const plan = imported(CSV);
    expect(plan.summary).toEqual({ lots: 2, units: 12, newModels: ['Supermicro SYS-821GE-TNHR', 'Dell R760'], newSites: ['AMS1'], newSuppliers: [] });
    expect(plan.lots.map((l) => [l.code, l.siteId === null ? 'no site' : plan.newSites.find((s) => s.id === l.siteId)?.code])).toEqual([
      ['GPU-1', 'AMS1'],
      ['NEXT-1', 'no site'],
    ]);
    expect(plan.events.filter((e) => e.type === 'imported')).toHaveLength(2);
  });

  it('refuses a row whose lot is in service but received after today (a year mistyped), naming its row and column, and imports nothing', () => {
    const text = CSV.replace('PO-1,2024-04-01', 'PO-1,2062-04-01').replace(',2024-04-15,', ',2026-04-15,');
    const parsed = parseLotCsv(text, { existingCodes: new Set() });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const plan = planLotImport(parsed.rows, { models: [], sites: [], templates: DEFAULT_CATEGORY_POLICIES, takenCodes: new Set() }, ctx, 'lots.csv');
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.error).toEqual([
        { row: 2, column: 'received_date', message: expect.stringMatching(/^Received date 2062-04-01 is after today \(2026-12-07\), and a lot that is In service has been received/u) as string },
      ]);
    }
  });

  it('refuses a row whose lot went into service before it was received, naming its row and column (checked after the dates against today)', () => {
    const text = CSV.replace(',2024-04-15,PO-1,2024-04-01', ',2024-03-20,PO-1,2024-04-01');
    const parsed = parseLotCsv(text, { existingCodes: new Set() });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const plan = planLotImport(parsed.rows, { models: [], sites: [], templates: DEFAULT_CATEGORY_POLICIES, takenCodes: new Set() }, ctx, 'lots.csv');
    expect(plan.ok ? [] : plan.error).toEqual([{ row: 2, column: 'in_service_date', message: 'In-service date cannot be before the received date (2024-04-01).' }]);
  });

  it('imports back what the app exports, a lot without a site included', () => {
    const first = imported(CSV);
    const again = parseLotCsv(lotsToCsv(exportLots(first.lots, first.newModels, first.newSites, first.newSuppliers)), { existingCodes: new Set() });
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.rows.map((r) => [r.lotCode, r.siteCode])).toEqual([['GPU-1', 'AMS1'], ['NEXT-1', '']]);
  });

  it('gives the models and sites it creates their provenance, exports it, and never changes the catalogue', () => {
    const withProvenance = [
      'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date,country_of_origin,export_classification,hs_code,site_country',
      'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01,TW,4A090.a,8471.50,NL',
      'GPU-2,Supermicro,SYS-821GE-TNHR,gpu-server,2,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01,,,,',
      '',
    ].join('\n');
    const plan = imported(withProvenance);
    expect(plan.newModels[0]).toMatchObject({ countryOfOrigin: 'TW', exportClassification: '4A090.a', hsCode: '8471.50' });
    expect(plan.newSites[0]).toMatchObject({ country: 'NL' });
    const again = parseLotCsv(lotsToCsv(exportLots(plan.lots, plan.newModels, plan.newSites, plan.newSuppliers)), { existingCodes: new Set() });
    expect(again.ok && again.rows.map((r) => [r.countryOfOrigin, r.exportClassification, r.hsCode, r.siteCountry])).toEqual([['TW', '4A090.a', '8471.50', 'NL'], ['TW', '4A090.a', '8471.50', 'NL']]);

    // Against the catalogue: a different origin, or two rows of one new model that disagree, is refused with its row and column.
    const disagree = parseLotCsv(withProvenance.replace(',,,,\n', ',US,,,DE\n'), { existingCodes: new Set() });
    if (!disagree.ok) throw new Error('parse');
    const refused = planLotImport(disagree.rows, { models: [], sites: [], templates: DEFAULT_CATEGORY_POLICIES, takenCodes: new Set() }, ctx, 'lots.csv');
    expect(refused.ok ? [] : refused.error).toEqual([
      { row: 3, column: 'country_of_origin', message: 'Supermicro SYS-821GE-TNHR has country of origin TW from an earlier row of this file, not US; change it in Models or Sites, or leave the column empty' },
      { row: 3, column: 'site_country', message: 'Site AMS1 has country NL from an earlier row of this file, not DE; change it in Models or Sites, or leave the column empty' },
    ]);
  });
});
