/**
 * The data-loss record (LEDGER.md §2): which ledger this installation holds and how far each
 * device's events go, kept in `<userData>/ledger-record.json`, outside IndexedDB, so that an
 * emptied or truncated database can be told apart from a new installation.
 */
import { app, type IpcMainInvokeEvent } from 'electron';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { validateLedgerRecord, type LedgerRecord } from '../shared/ipc';
import { err, ok, type Result } from '../shared/result';
import { ioMessage, writeFileAtomically } from './fileIo';

/** Far above 10,000 devices' counters (~1 MB); a larger file is not a record. */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export function ledgerRecordPath(): string {
  return join(app.getPath('userData'), 'ledger-record.json');
}

async function readRecordText(path: string): Promise<Result<string | null>> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_RECORD_BYTES) return err(`The ledger record (${path}) is damaged: it is ${size} bytes, far larger than a record can be.`);
      return ok(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return err(`Could not read the ledger record (${path}): ${ioMessage(error)}.`);
  }
}

/**
 * `null` only when there is no record file (a new installation). A file that cannot be read
 * or understood is an error, never `null`: treating it as "new" would hide exactly the data
 * loss the record exists to detect.
 */
export async function readLedgerRecord(): Promise<Result<LedgerRecord | null>> {
  const path = ledgerRecordPath();
  const text = await readRecordText(path);
  if (!text.ok) return text;
  if (text.value === null) return ok(null);
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (error) {
    return err(`The ledger record (${path}) is damaged: it is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const record = validateLedgerRecord(json);
  return record.ok ? record : err(`The ledger record (${path}) is damaged: ${record.error}.`);
}

export async function writeLedgerRecord(_event: IpcMainInvokeEvent, record: LedgerRecord): Promise<Result<true>> {
  const path = ledgerRecordPath();
  try {
    await mkdir(app.getPath('userData'), { recursive: true });
    await writeFileAtomically(path, `${JSON.stringify(record, null, 2)}\n`);
    return ok(true);
  } catch (error) {
    return err(`Could not save the ledger record (${path}): ${ioMessage(error)}.`);
  }
}
