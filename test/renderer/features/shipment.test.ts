import { describe, expect, it } from 'vitest';
import type { Lot } from '../../../shared/lot';
import { bareUnit, type SanitisationRecord, type Unit } from '../../../shared/units';
import {
  addScan,
  recordGapsText,
  removeFromShipment,
  shipmentCertificateFileName,
  shipmentCountText,
  shipmentOf,
  unverifiedText,
  type ScannedUnit,
  type ShipmentEntry,
} from '../../../renderer/features/units/shipment';
import { blankSanitisation } from '../../../renderer/features/units/unitView';

const passed: SanitisationRecord = { ...blankSanitisation('2026-11-02', 'Ada'), tool: 'nvme-cli', toolVersion: '2.8' };
const failed: SanitisationRecord = { ...passed, verificationResult: 'failed' };

const unit = (serial: string, lotId: string, sanitisation: SanitisationRecord | null = null, assetTag = ''): Unit => ({ ...bareUnit(serial), assetTag, lotId, sanitisation });
const lot = (id: string, code: string) => ({ id, code, modelId: 'm-1' }) as Lot;
const entry = (u: Unit, l: Lot | null): ShipmentEntry => ({ serial: u.serial, found: { unit: u, lot: l } });
const scanned = (serial: string, lotCode: string, matchedBy: ScannedUnit['matchedBy'] = 'serial', assetTag = ''): ScannedUnit => ({ serial, assetTag, lotCode, matchedBy });

describe('addScan', () => {
  it('adds a found unit by its serial and says which lot it is from', () => {
    const r = addScan([], ' sha0001\r', scanned('SHA0001', 'SHIP-A'));
    expect(r.serials).toEqual(['SHA0001']);
    expect(r.scan).toMatchObject({ kind: 'added', code: 'SHA0001', serial: 'SHA0001' });
    expect(r.scan.message).toContain('SHIP-A');
  });

  it('adds a unit scanned by its asset tag under its serial, naming both', () => {
    const r = addScan(['SHA0001'], 'at-77', scanned('SHB0001', 'SHIP-B', 'asset-tag', 'AT-77'));
    expect(r.serials).toEqual(['SHA0001', 'SHB0001']);
    expect(r.scan.message).toContain('SHB0001 (asset tag AT-77) of SHIP-B');
  });

  it('refuses a unit already in the shipment, by serial or by its asset tag, and keeps the list', () => {
    const serials = ['SHA0001'];
    const again = addScan(serials, 'SHA0001', scanned('SHA0001', 'SHIP-A'));
    expect(again.scan.kind).toBe('duplicate');
    expect(again.serials).toBe(serials);
    const byTag = addScan(serials, 'AT-1', scanned('SHA0001', 'SHIP-A', 'asset-tag', 'AT-1'));
    expect(byTag.scan.kind).toBe('duplicate');
    expect(byTag.serials).toBe(serials);
  });

  it('reports a code no unit has, and ignores a stray Enter', () => {
    const unknown = addScan(['SHA0001'], 'nope-1', null);
    expect(unknown.scan).toMatchObject({ kind: 'unknown', code: 'NOPE-1', serial: '' });
    expect(unknown.scan.message).toContain('NOPE-1');
    expect(unknown.serials).toEqual(['SHA0001']);
    expect(addScan(['SHA0001'], '\u001d \t', null).scan.kind).toBe('empty');
  });
});

describe('removeFromShipment', () => {
  it('takes one unit out and leaves the order of the rest', () => {
    expect(removeFromShipment(['A1', 'B2', 'C3'], 'B2')).toEqual(['A1', 'C3']);
    expect(removeFromShipment(['A1'], 'ZZ')).toEqual(['A1']);
  });
});

describe('shipmentOf', () => {
  const a = lot('lot-a', 'SHIP-A');
  const b = lot('lot-b', 'SHIP-B');

  it('groups units by lot, lots in the order first scanned, units in scan order', () => {
    const s = shipmentOf([
      entry(unit('B1', 'lot-b', passed), b),
      entry(unit('A1', 'lot-a', passed), a),
      entry(unit('B2', 'lot-b'), b),
      entry(unit('A2', 'lot-a', failed), a),
    ]);
    expect(s.groups.map((g) => [g.lotCode, g.units.map((u) => u.serial)])).toEqual([
      ['SHIP-B', ['B1', 'B2']],
      ['SHIP-A', ['A1', 'A2']],
    ]);
    expect(s.units.map((u) => u.serial)).toEqual(['B1', 'B2', 'A1', 'A2']);
    expect(s.unverified).toEqual(['B2', 'A2']);
    expect(shipmentCountText(s)).toBe('4 units from 2 lots');
    expect(unverifiedText(s)).toBe('2 without a verified sanitisation record: B2, A2');
  });

  it('keeps serials no longer in the fleet apart, off the certificate', () => {
    const s = shipmentOf([entry(unit('A1', 'lot-a', passed), a), { serial: 'GONE1', found: null }]);
    expect(s.gone).toEqual(['GONE1']);
    expect(s.units.map((u) => u.serial)).toEqual(['A1']);
    expect(shipmentCountText(s)).toBe('1 unit from 1 lot');
    expect(unverifiedText(s)).toBeNull();
  });

  it('names a lot it could not read “?”', () => {
    expect(shipmentOf([entry(unit('A1', 'lot-x'), null)]).groups[0]?.lotCode).toBe('?');
  });

  it('is empty for no scans', () => {
    const s = shipmentOf([]);
    expect(shipmentCountText(s)).toBe('0 units from 0 lots');
    expect(unverifiedText(s)).toBeNull();
  });
});

describe('recordGapsText', () => {
  it('counts units without a record and with a failed verification', () => {
    expect(recordGapsText([{ sanitisation: passed }])).toBe('');
    expect(recordGapsText([{ sanitisation: passed }, { sanitisation: null }])).toBe(' (1 without a record)');
    expect(recordGapsText([{ sanitisation: null }, { sanitisation: failed }, { sanitisation: failed }])).toBe(' (1 without a record, 2 failed verification)');
  });
});

describe('shipmentCertificateFileName', () => {
  it('uses the reference, made safe for a file name, or else the date', () => {
    expect(shipmentCertificateFileName('BOL-778', '2026-11-02')).toBe('shipment-BOL-778-sanitisation-certificate.pdf');
    expect(shipmentCertificateFileName(' WB 12/34: x ', '2026-11-02')).toBe('shipment-WB-12-34-x-sanitisation-certificate.pdf');
    expect(shipmentCertificateFileName('  ', '2026-11-02')).toBe('shipment-2026-11-02-sanitisation-certificate.pdf');
    expect(shipmentCertificateFileName('../..', '2026-11-02')).toBe('shipment-2026-11-02-sanitisation-certificate.pdf');
  });
});
