/** Market prices in and out as CSV files, through the platform (dialogs on desktop, file input/download in a browser). */
import type { HardwareModel } from '../../../shared/catalog';
import type { MarketObservation } from '../../../shared/market';
import { marketObservationsToCsv, type ExportMarketObservation } from '../../../shared/marketCsv';
import { todayIso } from '../../lib/clock';
import { openCsvFile, saveTextFile } from '../../platform';
import { useUi } from '../../state/ui';

/** Asks for a CSV file and opens the import preview with it. */
export async function importMarketFromFile(): Promise<void> {
  const { open, toast } = useUi.getState();
  const file = await openCsvFile({ title: 'Import market prices from CSV' });
  if (!file.ok) {
    toast(`Could not read the file: ${file.error}`, 'error');
    return;
  }
  if (file.value) open({ kind: 'import-market', fileName: file.value.name, text: file.value.text });
}

export function toExportObservation(o: MarketObservation, model: Pick<HardwareModel, 'manufacturer' | 'name'> | undefined): ExportMarketObservation {
  return {
    manufacturer: model?.manufacturer ?? '',
    model: model?.name ?? '',
    date: o.date,
    unitPrice: o.unitPrice,
    currency: o.currency,
    condition: o.condition,
    quantity: o.quantity,
    source: o.source,
    note: o.note,
  };
}

/** Exports observations in the import format; `slug` names the file (e.g. the model). */
export async function exportObservations(observations: readonly MarketObservation[], modelsById: ReadonlyMap<string, HardwareModel>, slug: string): Promise<void> {
  const { toast } = useUi.getState();
  const csv = marketObservationsToCsv(observations.map((o) => toExportObservation(o, modelsById.get(o.modelId))));
  const safe = slug.replace(/[^A-Za-z0-9._-]+/gu, '-').replace(/^-+|-+$/gu, '');
  const name = `fleetledger-market${safe ? `-${safe}` : ''}-${todayIso()}.csv`;
  const saved = await saveTextFile(name, csv, 'csv');
  if (!saved.ok) toast(`Export failed: ${saved.error}`, 'error');
  else if (saved.value) toast(`Exported ${observations.length} market prices to ${saved.value.path}`);
}
