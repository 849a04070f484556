/** Getting lots in and out as CSV files, through the platform (dialogs on desktop, file input/download in a browser). */
import { exportLot } from '../../../shared/ledger/ledgerExport';
import type { Lot } from '../../../shared/lot';
import { lotsToCsv, type ExportLot } from '../../../shared/lotCsv';
import type { Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { openCsvFile, saveTextFile } from '../../platform';
import { useUi } from '../../state/ui';

/** Asks for a CSV file and opens the import preview with it. */
export async function importLotsFromFile(): Promise<void> {
  const { open, toast } = useUi.getState();
  const file = await openCsvFile({ title: 'Import lots from CSV' });
  if (!file.ok) {
    toast(`Could not read the file: ${file.error}`, 'error');
    return;
  }
  if (file.value) open({ kind: 'import-lots', fileName: file.value.name, text: file.value.text });
}

export function toExportLot(lot: Lot, fleet: Pick<Fleet, 'modelsById' | 'sitesById'>): ExportLot {
  // The same row `fleetledger export lots` writes (shared/ledger/ledgerExport.ts).
  return exportLot(lot, fleet.modelsById.get(lot.modelId), lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined);
}

/** Exports the given lots (the list's current filter and order) in the import format. */
export async function exportLots(lots: readonly Lot[], fleet: Pick<Fleet, 'modelsById' | 'sitesById'>, filtered: boolean): Promise<void> {
  const { toast } = useUi.getState();
  const csv = lotsToCsv(lots.map((l) => toExportLot(l, fleet)));
  const name = `fleetledger-lots${filtered ? '-filtered' : ''}-${todayIso()}.csv`;
  const saved = await saveTextFile(name, csv, 'csv');
  if (!saved.ok) toast(`Export failed: ${saved.error}`, 'error');
  else if (saved.value) toast(`Exported ${lots.length} lots to ${saved.value.path}`);
}
