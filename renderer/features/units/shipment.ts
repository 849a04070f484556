/**
 * A shipment: the units on one pallet leaving for a recycler or buyer, collected by scanning
 * their serials or asset tags, usually from several lots, for one certificate of sanitisation.
 *
 * Pure: the view looks each code up (`findUnit`) and hands the answer in, so scanning, grouping
 * and the summary are tested without a database. The shipment itself is only its serials in
 * scan order (renderer/state/shipment.ts); the units are read from the fleet whenever shown, so
 * a record made after the scan is on the certificate.
 */
import type { IsoDate } from '../../../shared/dates';
import type { Lot } from '../../../shared/lot';
import { isVerifiedSanitised, listSerials, normaliseCode, type Unit } from '../../../shared/units';

export const SHIPMENT_SCAN_KINDS = ['added', 'duplicate', 'unknown', 'empty'] as const;
export type ShipmentScanKind = (typeof SHIPMENT_SCAN_KINDS)[number];

export const SHIPMENT_SCAN_LABELS: Readonly<Record<ShipmentScanKind, string>> = {
  added: 'Added',
  duplicate: 'Duplicate in this shipment',
  unknown: 'Unknown in the fleet',
  empty: 'Empty',
};

/** What the look-up of a scanned code found: the unit and the code of its lot. */
export interface ScannedUnit {
  serial: string;
  assetTag: string;
  lotCode: string;
  matchedBy: 'serial' | 'asset-tag';
}

/** The outcome of one scan, for the technician. */
export interface ShipmentScan {
  kind: ShipmentScanKind;
  /** The code as scanned, canonical ('' for empty). */
  code: string;
  /** The unit's serial ('' when no unit was found). */
  serial: string;
  message: string;
}

/**
 * Adds one scanned code to the shipment's serials. `found` is the look-up of `code` (null: no
 * unit has that serial or asset tag). A unit is in a shipment once, whether scanned by serial or
 * by asset tag: duplicates are told apart by the unit's serial, not by the code scanned.
 * `empty` (a stray Enter or scanner control characters) changes nothing and says nothing.
 */
export function addScan(serials: readonly string[], rawCode: string, found: ScannedUnit | null): { serials: readonly string[]; scan: ShipmentScan } {
  const code = normaliseCode(rawCode);
  if (code === '') return { serials, scan: { kind: 'empty', code, serial: '', message: '' } };
  if (found === null) {
    return { serials, scan: { kind: 'unknown', code, serial: '', message: `No unit in the fleet has the serial or asset tag ${code}.` } };
  }
  const named = found.matchedBy === 'asset-tag' ? `${found.serial} (asset tag ${found.assetTag})` : found.serial;
  if (serials.includes(found.serial)) {
    return { serials, scan: { kind: 'duplicate', code, serial: found.serial, message: `${named} of ${found.lotCode} is already in this shipment.` } };
  }
  return {
    serials: [...serials, found.serial],
    scan: { kind: 'added', code, serial: found.serial, message: `${named} of ${found.lotCode} (unit ${serials.length + 1} of the shipment).` },
  };
}

/** Takes a unit back out of the shipment (the wrong box scanned). */
export function removeFromShipment(serials: readonly string[], serial: string): readonly string[] {
  return serials.filter((s) => s !== serial);
}

/** A serial of the shipment as read from the fleet now: its unit and lot, or null when the unit is no longer there. */
export interface ShipmentEntry {
  serial: string;
  found: { unit: Unit; lot: Lot | null } | null;
}

/** The units of one lot in the shipment, in scan order. */
export interface ShipmentGroup {
  lotId: string;
  /** The lot's code ('?' if the lot could not be read). */
  lotCode: string;
  lot: Lot | null;
  units: Unit[];
}

export interface Shipment {
  /** By lot, lots in the order their first unit was scanned. */
  groups: ShipmentGroup[];
  /** Every unit, lot by lot (the certificate's row order). */
  units: Unit[];
  /** Serials scanned that no unit has any more (its lot deleted since the scan): not on the certificate. */
  gone: string[];
  /** Serials of the units without a verified sanitisation record (none, or verification failed). */
  unverified: string[];
}

/** Groups the shipment's units by lot and finds the units that still lack a verified record. */
export function shipmentOf(entries: readonly ShipmentEntry[]): Shipment {
  const groups = new Map<string, ShipmentGroup>();
  const gone: string[] = [];
  for (const { serial, found } of entries) {
    if (found === null) {
      gone.push(serial);
      continue;
    }
    const { unit, lot } = found;
    let group = groups.get(unit.lotId);
    if (group === undefined) {
      group = { lotId: unit.lotId, lotCode: lot?.code ?? '?', lot, units: [] };
      groups.set(unit.lotId, group);
    }
    group.units.push(unit);
  }
  const grouped = [...groups.values()];
  const units = grouped.flatMap((g) => g.units);
  return { groups: grouped, units, gone, unverified: units.filter((u) => !isVerifiedSanitised(u)).map((u) => u.serial) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "5 units from 2 lots". */
export function shipmentCountText(shipment: Pick<Shipment, 'units' | 'groups'>): string {
  return `${plural(shipment.units.length, 'unit')} from ${plural(shipment.groups.length, 'lot')}`;
}

/** "1 without a verified sanitisation record: SHB0002", or null when every unit has one. */
export function unverifiedText(shipment: Pick<Shipment, 'unverified'>): string | null {
  const n = shipment.unverified.length;
  if (n === 0) return null;
  return `${n.toLocaleString('en-US')} without a verified sanitisation record: ${listSerials(shipment.unverified)}`;
}

/**
 * The units of a certificate without a record, and with a record whose verification failed:
 * "(1 without a record)", "(1 without a record, 2 failed verification)", or '' when none.
 */
export function recordGapsText(units: readonly Pick<Unit, 'sanitisation'>[]): string {
  const none = units.filter((u) => u.sanitisation === null).length;
  const failed = units.filter((u) => u.sanitisation !== null && !isVerifiedSanitised(u)).length;
  const parts = [none > 0 ? `${none} without a record` : '', failed > 0 ? `${failed} failed verification` : ''].filter((p) => p !== '');
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * `shipment-<reference or date>-sanitisation-certificate.pdf`. A waybill or BOL number may hold
 * spaces, slashes or other characters a file name cannot: runs of them become one "-".
 */
export function shipmentCertificateFileName(reference: string, today: IsoDate): string {
  const safe = reference
    .trim()
    .replace(/[^A-Za-z0-9._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/gu, '')
    .slice(0, 60);
  return `shipment-${safe === '' ? today : safe}-sanitisation-certificate.pdf`;
}
