/**
 * The ledger's records in the flat forms people take out of it (`fleetledger export`): lots as
 * rows of the documented lots CSV (shared/lotCsv.ts, the format the app's *Export CSV* writes),
 * units as rows of the units CSV (shared/unitCsv.ts), and events as a CSV of their scalar fields.
 * Pure: the caller reads the records (from a backup, or the tables) and writes the text.
 */
import type { HardwareModel, Site } from '../catalog';
import { toCsv } from '../csv';
import type { LotEvent } from '../events';
import type { Uuid } from '../ids';
import type { Lot } from '../lot';
import type { ExportLot } from '../lotCsv';
import { lotSupplierName, type Supplier } from '../suppliers';

/**
 * A lot as a lots-CSV row, with its model's manufacturer, name and category, its site's code and
 * its supplier's name (as the app's lot export builds it; a model, site or supplier the ledger
 * lacks gives empty cells and the category `other`; a lot from before suppliers were records
 * gives the name it was written with).
 */
export function exportLot(lot: Lot, model: HardwareModel | undefined, site: Site | undefined, supplier?: Supplier): ExportLot {
  return {
    lotCode: lot.code,
    manufacturer: model?.manufacturer ?? '',
    model: model?.name ?? '',
    category: model?.category ?? 'other',
    quantity: lot.quantity,
    unitCost: lot.unitCost,
    currency: lot.currency,
    purchaseDate: lot.purchaseDate,
    status: lot.status,
    siteCode: site?.code ?? '',
    inServiceDate: lot.inServiceDate,
    poNumber: lot.poNumber,
    supplier: lotSupplierName(lot, new Map(supplier ? [[supplier.id, supplier]] : [])),
    salvageValue: lot.salvageValue,
    warrantyEnd: lot.warrantyEnd,
    powerWatts: lot.powerWatts,
    notes: lot.notes,
    receivedDate: lot.receivedDate,
    extraCosts: lot.extraCosts,
    supportCostPerYear: lot.supportCostPerYear,
    replacementPlan: lot.replacementPlan,
    countryOfOrigin: model?.countryOfOrigin ?? null,
    exportClassification: model?.exportClassification ?? '',
    hsCode: model?.hsCode ?? '',
    siteCountry: site?.country ?? null,
    supplierCountry: supplier?.country ?? null,
    supplierChannel: supplier?.channel ?? null,
    tags: lot.tags,
  };
}

/** Every lot as an export row, looking its model, site and supplier up by id. */
export function exportLots(lots: readonly Lot[], models: readonly HardwareModel[], sites: readonly Site[], suppliers: readonly Supplier[]): ExportLot[] {
  const modelsById = new Map<Uuid, HardwareModel>(models.map((m) => [m.id, m]));
  const sitesById = new Map<Uuid, Site>(sites.map((s) => [s.id, s]));
  const suppliersById = new Map<Uuid, Supplier>(suppliers.map((s) => [s.id, s]));
  return lots.map((lot) =>
    exportLot(lot, modelsById.get(lot.modelId), lot.siteId === null ? undefined : sitesById.get(lot.siteId), lot.supplierId ? suppliersById.get(lot.supplierId) : undefined),
  );
}

/**
 * The events CSV: an event's scalar fields, named as in the event (and in its JSON form), in
 * this order. `before`, `after`, `checklist` and `relatedLotId` are left out: they are
 * structured; the JSON lines export carries them.
 */
export const EVENT_CSV_COLUMNS = [
  { name: 'id', description: 'Event id, <device id>:<counter>.' },
  { name: 'hlc', description: 'Hybrid logical clock stamp; the events are in this order.' },
  { name: 'at', description: 'When the change was recorded (UTC).' },
  { name: 'date', description: 'The business date the change is effective, YYYY-MM-DD, if any.' },
  { name: 'entity', description: 'lot, model, site or settings.' },
  { name: 'lotId', description: 'Id of the lot (or model, site) the event belongs to.' },
  { name: 'seq', description: '1, 2, 3… per record.' },
  { name: 'type', description: 'created, imported, transitioned, split, edited, …' },
  { name: 'from', description: 'Status before a move, if any.' },
  { name: 'to', description: 'Status after a move, if any.' },
  { name: 'quantity', description: 'Quantity the change concerned, if any.' },
  { name: 'actor', description: 'Who made the change.' },
  { name: 'note', description: 'The note given with it.' },
] as const;

export type EventCsvColumnName = (typeof EVENT_CSV_COLUMNS)[number]['name'];

const EVENT_COLUMN_NAMES: readonly EventCsvColumnName[] = EVENT_CSV_COLUMNS.map((c) => c.name);

/** One event's cells, by column; absent values are empty. */
export function eventCsvCells(e: LotEvent): Record<EventCsvColumnName, string> {
  return {
    id: e.id,
    hlc: e.hlc,
    at: e.at,
    date: e.date ?? '',
    entity: e.entity,
    lotId: e.lotId,
    seq: String(e.seq),
    type: e.type,
    from: e.from ?? '',
    to: e.to ?? '',
    quantity: e.quantity === null ? '' : String(e.quantity),
    actor: e.actor,
    note: e.note,
  };
}

/** Events as RFC 4180 CSV (shared/csv.ts), in the order given. */
export function eventsToCsv(events: readonly LotEvent[]): string {
  return toCsv(
    EVENT_COLUMN_NAMES,
    events.map((e) => {
      const cells = eventCsvCells(e);
      return EVENT_COLUMN_NAMES.map((name) => cells[name]);
    }),
  );
}
