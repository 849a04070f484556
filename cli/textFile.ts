/**
 * The text of a file a command reads (a CSV): UTF-8, as the app reads it (electron/ipcHandlers.ts
 * readTextFile). Node's `readFile(path, 'utf8')` would read a file saved in a legacy code page
 * (Excel on Windows: Windows-1252) with U+FFFD in place of every é or ü, and the import would
 * write those into the ledger; the app refuses such a file, and so does the command line.
 */
import { err, ok, type Result } from '../shared/result';

/** `bytes` as UTF-8 text, or the number of the first line (1-based) that is not. */
export function utf8TextOrLine(bytes: Uint8Array): Result<string, number> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
    return err(1 + (before.match(/\r\n|\r|\n/gu)?.length ?? 0));
  }
}

/** `bytes` as UTF-8 text, or why not: `<name> row <n>: is not UTF-8 text…`, naming the first row at fault. */
export function utf8Text(bytes: Uint8Array, name: string): Result<string> {
  const text = utf8TextOrLine(bytes);
  return text.ok ? text : err(`${name} row ${text.error}: is not UTF-8 text (a spreadsheet's legacy encoding?); save it as "CSV UTF-8" and try again`);
}
