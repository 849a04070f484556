/**
 * Getting lots in and out as files, through the platform (dialogs on desktop, file input/download
 * in a browser): the lots CSV, and the other tools' formats (issue 15: Snipe-IT, NetBox).
 */
import { exportLot } from '../../../shared/ledger/ledgerExport';
import type { Lot } from '../../../shared/lot';
import { lotsToCsv, type ExportLot } from '../../../shared/lotCsv';
import { migrationLots } from '../../../shared/migrationExport';
import { netBoxDevicesExport, type NetBoxVersion } from '../../../shared/netbox';
import { snipeItAssetsCsv, snipeItCurrencyNote } from '../../../shared/snipeit';
import { unitsToCsv } from '../../../shared/unitCsv';
import { db } from '../../db/db';
import type { Fleet } from '../../db/queries';
import { loadAllUnits } from '../../db/units';
import { todayIso } from '../../lib/clock';
import { exportCsvFile, importCsvFromFile } from '../../lib/csvFiles';
import { openYamlFiles } from '../../platform';
import { useUi } from '../../state/ui';

/** Asks for a units CSV (units of any lots) and opens its import preview. */
export function importUnitsFromFile(): Promise<void> {
  return importCsvFromFile('import-units', 'Import units from CSV');
}

/** Every unit of the fleet in the units CSV format, by lot code and serial. */
export async function exportUnits(fleet: Pick<Fleet, 'lots' | 'sites'>): Promise<void> {
  const codes = new Map(fleet.lots.map((l) => [l.id, l.code]));
  const sites = new Map(fleet.sites.map((s) => [s.id, s.code]));
  const units = (await loadAllUnits(db)).sort((a, b) => (codes.get(a.lotId) ?? '').localeCompare(codes.get(b.lotId) ?? '', 'en', { numeric: true }) || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  await exportCsvFile(`fleetledger-units-${todayIso()}.csv`, unitsToCsv(units, (id) => codes.get(id) ?? '', (id) => sites.get(id) ?? ''), `${units.length} units`);
}

/** Asks for a Snipe-IT asset CSV and opens its import preview. */
export function importSnipeItFromFile(): Promise<void> {
  return importCsvFromFile('import-snipeit', 'Import Snipe-IT assets');
}

/** Asks for NetBox device-type YAML files (or a folder of them) and opens the import preview. */
export async function importNetBoxFromFiles(folder: boolean): Promise<void> {
  const { open, toast } = useUi.getState();
  const files = await openYamlFiles(folder);
  if (!files.ok) toast(`Could not read the files: ${files.error}`, 'error');
  else if (files.value !== null) open({ kind: 'import-netbox', files: files.value });
}

/** Every lot with its units, as Snipe-IT's asset import CSV (`allItems`: a row for each item without a unit record too). */
export async function exportSnipeIt(fleet: Pick<Fleet, 'lots' | 'models' | 'sites' | 'suppliers'>, allItems: boolean): Promise<void> {
  const lots = migrationLots(fleet.lots, fleet.models, fleet.sites, await loadAllUnits(db), fleet.suppliers);
  const rows = lots.reduce((n, l) => n + (allItems ? Math.max(l.quantity, l.units.length) : l.units.length), 0);
  await exportCsvFile(`fleetledger-snipeit-assets-${todayIso()}.csv`, snipeItAssetsCsv(lots, { allItems }), `${rows} assets`, snipeItCurrencyNote(lots, { allItems }));
}

/** Every lot's units (and items of lots without units) as NetBox's device import CSV, for NetBox `version` (3 before 4.0 renamed the role column). */
export async function exportNetBox(fleet: Pick<Fleet, 'lots' | 'models' | 'sites' | 'suppliers'>, version: NetBoxVersion): Promise<void> {
  const lots = migrationLots(fleet.lots, fleet.models, fleet.sites, await loadAllUnits(db), fleet.suppliers);
  const { csv, devices, note } = netBoxDevicesExport(lots, version);
  await exportCsvFile(`fleetledger-netbox${version === 3 ? '3' : ''}-devices-${todayIso()}.csv`, csv, `${devices} device${devices === 1 ? '' : 's'}`, note);
}

/** Asks for a CSV file and opens the import preview with it. */
export function importLotsFromFile(): Promise<void> {
  return importCsvFromFile('import-lots', 'Import lots from CSV');
}

export function toExportLot(lot: Lot, fleet: Pick<Fleet, 'modelsById' | 'sitesById' | 'suppliersById'>): ExportLot {
  // The same row `fleetledger export lots` writes (shared/ledger/ledgerExport.ts).
  return exportLot(lot, fleet.modelsById.get(lot.modelId), lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined, lot.supplierId ? fleet.suppliersById.get(lot.supplierId) : undefined);
}

/** Exports the given lots (the list's current filter and order) in the import format. */
export async function exportLots(lots: readonly Lot[], fleet: Pick<Fleet, 'modelsById' | 'sitesById' | 'suppliersById'>, filtered: boolean): Promise<void> {
  const csv = lotsToCsv(lots.map((l) => toExportLot(l, fleet)));
  await exportCsvFile(`fleetledger-lots${filtered ? '-filtered' : ''}-${todayIso()}.csv`, csv, `${lots.length} lots`);
}
