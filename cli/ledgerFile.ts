/**
 * A `.fleetledger` backup file read from disk by the command line (LEDGER.md §2): the same
 * checks as the app's restore (`readBackupFile` in renderer/db/ledger.ts), with node:zlib for
 * gzip and node:crypto for SHA-256 where the app uses the browser's streams and WebCrypto.
 *
 * - `readLedgerFile`: the whole check (decompression, header, SHA-256 of the body, every line's
 *   form and order, the counts, and that the events fold to the snapshot), for either format
 *   (shared/ledger/backupFormat.ts). `backup verify`,
 *   `forecast --ledger` and `export --ledger` read through it, so they never use a damaged file.
 * - `readLedgerHeader`: the header line only (`backup info`), which also works on a file that
 *   was cut short after its header.
 *
 * Failures are values: `unreadable` (no such file, a folder, no permission: the command line
 * is at fault, exit 2) or `invalid` (the file is not a backup this version can use, exit 1 for
 * the backup commands).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { asBackupMadeIt, decodeBackup, decodeBackupFile, foldBackupEvents, hasStoredHeader, inflateInTurn, isGzip, readBackupHeader, type BackupContents, type BackupHeader, type Sha256, type Sha256Bytes } from '../shared/ledger/backupFormat';
import { readStoredGzipMember } from '../shared/ledger/gzipMembers';
import { compareSnapshots } from '../shared/ledger/compareSnapshots';
import { err, ok, type Result } from '../shared/result';

/**
 * The newest IndexedDB schema version this build knows: backups written by a newer one are
 * refused as "newer". It is the app's `CURRENT_SCHEMA_VERSION` (renderer/db/schema.ts), which
 * the command line cannot import (it derives from the Dexie schema list); test/cli/ledgerFile.test.ts
 * fails when the two differ.
 */
export const READABLE_SCHEMA_VERSION = 11;

/** SHA-256 of the text's UTF-8 bytes, lower-case hex: what a backup header's `bodySha256` holds. */
export const sha256Hex: Sha256 = (text) => Promise.resolve(createHash('sha256').update(text, 'utf8').digest('hex'));
/** SHA-256 of bytes: what a format-2 header's `bodySha256` holds. */
export const sha256Bytes: Sha256Bytes = (bytes) => Promise.resolve(createHash('sha256').update(bytes).digest('hex'));

export interface LedgerFileError {
  kind: 'unreadable' | 'invalid';
  message: string;
}

export interface LedgerFileHeader {
  header: BackupHeader;
  /** The file's size on disk, bytes. */
  fileBytes: number;
  /** gzip-compressed (the app writes that) rather than plain text. */
  compressed: boolean;
}

export interface LedgerFile extends LedgerFileHeader {
  contents: BackupContents;
}

/**
 * The app's other kind of `.fleetledger` file: the raw dump of an older database written before
 * a schema upgrade (renderer/db/rawDump.ts `RAW_DUMP_FORMAT`; test/cli/backup.test.ts keeps the
 * two equal). Only the app can restore one; the command line names it instead of calling it foreign.
 */
export const RAW_DUMP_FORMAT = 'fleetledger-raw-dump';

function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/** A clearer refusal for a raw dump than "not a Fleetledger backup", or null when the file is not one. */
function rawDumpProblem(firstLine: string): string | null {
  let header: unknown;
  try {
    header = JSON.parse(firstLine);
  } catch {
    return null;
  }
  if (header === null || typeof header !== 'object' || (header as { format?: unknown }).format !== RAW_DUMP_FORMAT) return null;
  const { schemaVersion, createdAt } = header as { schemaVersion?: unknown; createdAt?: unknown };
  const made = typeof createdAt === 'string' ? `, made ${createdAt}` : '';
  const version = typeof schemaVersion === 'number' ? ` of database version ${schemaVersion}` : '';
  return `This is a raw dump${version}${made}, which the app writes before a schema upgrade: restore it in the app (Restore from backup…); the command line reads ledger backups only.`;
}

const unreadable = (message: string): Result<never, LedgerFileError> => err({ kind: 'unreadable', message });
const invalid = (message: string): Result<never, LedgerFileError> => err({ kind: 'invalid', message });

/**
 * The shared decoder speaks to the app's restore dialog ("Nothing was restored", "update
 * Fleetledger to restore it"); on the command line nothing is ever restored.
 */
export function commandLineWording(message: string): string {
  return message
    .replace(/\s*Nothing was restored\.$/u, '')
    .replace(/update Fleetledger to restore it\./u, 'update Fleetledger to read it.');
}

function readBytes(path: string): Result<Uint8Array, LedgerFileError> {
  try {
    return ok(readFileSync(path));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return unreadable(`cannot read "${path}"${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

function gzipProblem(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'Z_BUF_ERROR') return 'The backup is damaged: its compressed data ends early (the file was cut short).';
  if (code === 'Z_DATA_ERROR') return 'The backup is damaged: its compressed data is corrupt (a byte was changed) and cannot be decompressed.';
  return `The backup is damaged: it cannot be decompressed (${error instanceof Error ? error.message : String(error)}).`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The whole text of the file: gunzipped when compressed, else read as UTF-8. */
function fileText(bytes: Uint8Array): Result<string, LedgerFileError> {
  if (isGzip(bytes)) {
    let plain: Uint8Array;
    try {
      plain = gunzipSync(bytes);
    } catch (error) {
      return invalid(gzipProblem(error));
    }
    return decodeText(plain, 'The backup is damaged: its decompressed contents are not UTF-8 text.');
  }
  return decodeText(bytes, 'This is not a Fleetledger backup: it is neither gzip-compressed nor text.');
}

function decodeText(bytes: Uint8Array, notText: string): Result<string, LedgerFileError> {
  try {
    return ok(utf8.decode(bytes));
  } catch (error) {
    // A TypeError is a byte sequence that is not UTF-8; a RangeError, text longer than a string can hold.
    return invalid(error instanceof TypeError ? notText : `The backup is too large to read here (${bytes.length} bytes of text).`);
  }
}

/** Reads and fully verifies a backup file, as the app does before it restores one. */
export async function readLedgerFile(path: string): Promise<Result<LedgerFile, LedgerFileError>> {
  const bytes = readBytes(path);
  if (!bytes.ok) return bytes;
  let decoded: Result<BackupContents>;
  if (!hasStoredHeader(bytes.value)) {
    // Compressed whole: format 1, or not a backup at all (a raw dump, another file).
    const text = fileText(bytes.value);
    if (!text.ok) return text;
    decoded = await decodeBackup(text.value, sha256Hex, READABLE_SCHEMA_VERSION, isGzip(bytes.value) ? 'recompressed' : 'text');
    if (!decoded.ok) return invalid(rawDumpProblem(firstLineOf(text.value)) ?? commandLineWording(decoded.error));
  } else {
    decoded = await decodeBackupFile(bytes.value, {
      inflate: inflateInTurn((b) => gunzipSync(b)),
      sha256Bytes,
      utf8: { encode: (t) => new TextEncoder().encode(t), decode: (b) => utf8.decode(b) },
      schemaVersion: READABLE_SCHEMA_VERSION,
    });
    if (!decoded.ok) return invalid(commandLineWording(decoded.error));
  }
  const folded = foldBackupEvents(decoded.value.events);
  if (!folded.ok) return invalid(commandLineWording(folded.error));
  const differences = compareSnapshots(asBackupMadeIt(folded.value, decoded.value), decoded.value.snapshot, 'events', 'snapshot');
  if (differences.length > 0) {
    const first = differences.slice(0, 3).map((d) => d.message).join(' ');
    return invalid(`The backup does not agree with itself: rebuilding from its events does not give its snapshot (${differences.length} difference${differences.length === 1 ? '' : 's'}). ${first}`);
  }
  return ok({ header: decoded.value.header, fileBytes: bytes.value.length, compressed: isGzip(bytes.value), contents: decoded.value });
}

/**
 * The bytes of the first line. A compressed file is decompressed as far as it goes, so the
 * header of a file cut short after it can still be shown; `backup verify` says what is wrong.
 */
function firstLineBytes(bytes: Uint8Array): Result<Uint8Array, LedgerFileError> {
  const stored = readStoredGzipMember(bytes);
  if (stored !== null) return ok(stored.content.subarray(0, Math.max(0, stored.content.indexOf(0x0a))));
  let plain: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      plain = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (error) {
      return invalid(gzipProblem(error));
    }
  }
  const end = plain.indexOf(0x0a);
  if (end === -1 && isGzip(bytes)) {
    try {
      gunzipSync(bytes);
    } catch (error) {
      return invalid(`${gzipProblem(error)} Not even its header line is whole.`);
    }
  }
  return ok(end === -1 ? plain : plain.subarray(0, end));
}

/** Reads only a backup's header line, without checking the rest of the file. */
export function readLedgerHeader(path: string): Result<LedgerFileHeader, LedgerFileError> {
  const bytes = readBytes(path);
  if (!bytes.ok) return bytes;
  const line = firstLineBytes(bytes.value);
  if (!line.ok) return line;
  let text: string;
  try {
    text = utf8.decode(line.value);
  } catch {
    return invalid(isGzip(bytes.value) ? 'The backup is damaged: its header line is not UTF-8 text.' : 'This is not a Fleetledger backup: it is neither gzip-compressed nor text.');
  }
  const header = readBackupHeader(text, READABLE_SCHEMA_VERSION);
  if (!header.ok) return invalid(rawDumpProblem(text) ?? commandLineWording(header.error));
  return ok({ header: header.value, fileBytes: bytes.value.length, compressed: isGzip(bytes.value) });
}
