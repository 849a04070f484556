/**
 * The fleet as the migration exports see it (issue 15): each lot with its model, site, supplier and units,
 * by lot code — what Snipe-IT's asset CSV (shared/snipeit.ts) and NetBox's device CSV
 * (shared/netbox.ts) are written from, by the app and by `fleetledger export --format`.
 */
import type { HardwareModel, Site } from './catalog';
import { appendTo } from './collections';
import type { Uuid } from './ids';
import type { Lot } from './lot';
import type { NetBoxExportLot } from './netbox';
import type { SnipeItExportLot } from './snipeit';
import { lotSupplierName, type Supplier } from './suppliers';
import type { Unit } from './units';

export type MigrationLot = SnipeItExportLot & NetBoxExportLot;

export function migrationLots(lots: readonly Lot[], models: readonly HardwareModel[], sites: readonly Site[], units: readonly Unit[], suppliers: readonly Supplier[]): MigrationLot[] {
  const suppliersById = new Map<Uuid, Supplier>(suppliers.map((s) => [s.id, s]));
  const modelsById = new Map<Uuid, HardwareModel>(models.map((m) => [m.id, m]));
  const siteCode = new Map<Uuid, string>(sites.map((s) => [s.id, s.code]));
  const unitsByLot = new Map<Uuid, Unit[]>();
  for (const u of units) appendTo(unitsByLot, u.lotId, u);
  return [...lots]
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map((lot) => {
      const model = modelsById.get(lot.modelId);
      return {
        code: lot.code,
        manufacturer: model?.manufacturer ?? '',
        model: model?.name ?? '',
        category: model?.category ?? 'other',
        quantity: lot.quantity,
        unitCost: lot.unitCost,
        currency: lot.currency,
        purchaseDate: lot.purchaseDate,
        status: lot.status,
        siteCode: lot.siteId === null ? '' : (siteCode.get(lot.siteId) ?? ''),
        poNumber: lot.poNumber,
        supplier: lotSupplierName(lot, suppliersById),
        warrantyEnd: lot.warrantyEnd,
        units: (unitsByLot.get(lot.id) ?? [])
          .sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0))
          .map((u) => ({ serial: u.serial, assetTag: u.assetTag, siteCode: u.siteId === null ? '' : (siteCode.get(u.siteId) ?? ''), room: u.room, rack: u.rack, u: u.u })),
      };
    });
}
