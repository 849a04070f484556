/** Getting lots in and out as CSV files, through the platform (dialogs on desktop, file input/download in a browser). */
import { exportLot } from '../../../shared/ledger/ledgerExport';
import type { Lot } from '../../../shared/lot';
import { lotsToCsv, type ExportLot } from '../../../shared/lotCsv';
import type { Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { exportCsvFile, importCsvFromFile } from '../../lib/csvFiles';

/** Asks for a CSV file and opens the import preview with it. */
export function importLotsFromFile(): Promise<void> {
  return importCsvFromFile('import-lots', 'Import lots from CSV');
}

export function toExportLot(lot: Lot, fleet: Pick<Fleet, 'modelsById' | 'sitesById'>): ExportLot {
  // The same row `fleetledger export lots` writes (shared/ledger/ledgerExport.ts).
  return exportLot(lot, fleet.modelsById.get(lot.modelId), lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined);
}

/** Exports the given lots (the list's current filter and order) in the import format. */
export async function exportLots(lots: readonly Lot[], fleet: Pick<Fleet, 'modelsById' | 'sitesById'>, filtered: boolean): Promise<void> {
  const csv = lotsToCsv(lots.map((l) => toExportLot(l, fleet)));
  await exportCsvFile(`fleetledger-lots${filtered ? '-filtered' : ''}-${todayIso()}.csv`, csv, `${lots.length} lots`);
}
