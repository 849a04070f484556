/** Market prices in and out as CSV files, through the platform (dialogs on desktop, file input/download in a browser). */
import type { HardwareModel } from '../../../shared/catalog';
import type { MarketObservation } from '../../../shared/market';
import { marketObservationsToCsv, type ExportMarketObservation } from '../../../shared/marketCsv';
import { todayIso } from '../../lib/clock';
import { exportCsvFile, importCsvFromFile } from '../../lib/csvFiles';

/** Asks for a CSV file and opens the import preview with it. */
export function importMarketFromFile(): Promise<void> {
  return importCsvFromFile('import-market', 'Import market prices from CSV');
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
  const csv = marketObservationsToCsv(observations.map((o) => toExportObservation(o, modelsById.get(o.modelId))));
  const safe = slug.replace(/[^A-Za-z0-9._-]+/gu, '-').replace(/^-+|-+$/gu, '');
  await exportCsvFile(`fleetledger-market${safe ? `-${safe}` : ''}-${todayIso()}.csv`, csv, `${observations.length} market prices`);
}
