/** Own vs rent's two CSV formats in and out: utilisation per lot and month, and the rental price book. */
import type { HardwareModel } from '../../../shared/catalog';
import type { Lot } from '../../../shared/lot';
import type { CategoryRentalPrices } from '../../../shared/ownVsRent';
import { rentalPricesToCsv } from '../../../shared/rentalPriceCsv';
import { utilisationToCsv } from '../../../shared/utilisation';
import { todayIso } from '../../lib/clock';
import { exportCsvFile, importCsvFromFile } from '../../lib/csvFiles';

export function importUtilisationFromFile(): Promise<void> {
  return importCsvFromFile('import-utilisation', 'Import utilisation from CSV');
}

export function importRentalPricesFromFile(): Promise<void> {
  return importCsvFromFile('import-rental-prices', 'Import rental prices from CSV');
}

export function exportUtilisation(lots: readonly Lot[]): Promise<void> {
  const months = lots.reduce((s, l) => s + Object.keys(l.utilisation ?? {}).length, 0);
  return exportCsvFile(`fleetledger-utilisation-${todayIso()}.csv`, utilisationToCsv(lots), `${months} months of utilisation`);
}

export function exportRentalPrices(models: readonly HardwareModel[], categoryPrices: CategoryRentalPrices): Promise<void> {
  const prices = models.reduce((s, m) => s + (m.rentalPrices ?? []).length, 0) + Object.values(categoryPrices).reduce((s, list) => s + (list?.length ?? 0), 0);
  return exportCsvFile(`fleetledger-rental-prices-${todayIso()}.csv`, rentalPricesToCsv(models, categoryPrices), `${prices} rental prices`);
}
