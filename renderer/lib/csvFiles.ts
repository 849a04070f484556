/** CSV files in and out through the platform (dialogs on desktop, a file input or a download in a browser), the same way for every format. */
import { openCsvFile, saveTextFile } from '../platform';
import { useUi, type Dialog } from '../state/ui';

/** The dialogs that preview an import file. */
export type CsvImportDialog = Extract<Dialog, { fileName: string; text: string }>['kind'];

/** Asks for a CSV file and opens `kind`'s import preview with it; a file that cannot be read is said so. */
export async function importCsvFromFile(kind: CsvImportDialog, title: string): Promise<void> {
  const { open, toast } = useUi.getState();
  const file = await openCsvFile({ title });
  if (!file.ok) {
    toast(`Could not read the file: ${file.error}`, 'error');
    return;
  }
  if (file.value) open({ kind, fileName: file.value.name, text: file.value.text });
}

/** Saves `csv` as `name` and says where it went (or why not); `what` counts it, e.g. "12 lots"; `note`, what the file cannot say, is added. */
export async function exportCsvFile(name: string, csv: string, what: string, note: string | null = null): Promise<void> {
  const { toast } = useUi.getState();
  const saved = await saveTextFile(name, csv, 'csv');
  if (!saved.ok) toast(`Export failed: ${saved.error}`, 'error');
  else if (saved.value) toast(`Exported ${what} to ${saved.value.path}.${note === null ? '' : ` ${note}`}`);
}
