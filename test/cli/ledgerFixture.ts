/**
 * A real `.fleetledger` backup for the command line's tests, made the way the app makes one:
 * a FleetDb (fake-indexeddb, loaded by test/setup.ts) with the demo fleet, a few units, team
 * settings changed, then `createBackup`. Written to a temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FleetDb } from '../../renderer/db/database';
import { seedDemoFleet } from '../../renderer/db/demo';
import { readLog } from '../../renderer/db/eventLog';
import { createBackup, readSnapshot, sha256Bytes, sha256Hex, type Backup } from '../../renderer/db/ledger';
import { encodeBackupTextV1 } from '../../shared/ledger/backupFormat';
import { storedGzipMember } from '../../shared/ledger/gzipMembers';
import { changeContext } from '../../renderer/db/lotCommands';
import { addUnits } from '../../renderer/db/units';
import { editUnits } from '../../renderer/db/unitEdits';
import { bareUnit } from '../../shared/units';
import type { CliIo } from '../../cli/io';
import { main } from '../../cli/main';

export const TODAY = '2026-11-29';

export interface LedgerFixture {
  db: FleetDb;
  backup: Backup;
  dir: string;
  /** The backup as the app writes it (gzip). */
  path: string;
  /** The backup's text (what `zcat` shows of it). */
  zcat: string;
  /**
   * The same ledger as a format-1 backup's text (the first release's files were this text,
   * gzip-compressed whole; they are still read): the tests that edit a backup line by line use it.
   */
  text: string;
  /** Writes a file into the fixture's folder and returns its path. */
  file(name: string, content: string | Uint8Array): string;
  dispose(): Promise<void>;
}

let counter = 0;

export async function makeLedgerFixture(label: string): Promise<LedgerFixture> {
  counter += 1;
  const db = new FleetDb(`fleetledger-cli-${label}-${process.pid}-${counter}`);
  await db.open();
  await seedDemoFleet(db, TODAY, changeContext('demo'));
  const lots = await db.lots.orderBy('code').toArray();
  const lot = lots.find((l) => l.status === 'in-service' && l.quantity >= 4);
  if (lot === undefined) throw new Error('the demo fleet has no in-service lot of 4 or more');
  const added = await addUnits(db, lot.id, ['SN0001', 'SN0002', 'SN0003'].map((s) => ({ ...bareUnit(s), assetTag: `AT-${s}` })), 'me');
  if (!added.ok) throw new Error(added.error);
  const edited = await editUnits(db, [{ serial: 'SN0002', patch: { room: 'Hall 1', rack: 'B07', u: 10 } }], 'me');
  if (!edited.ok) throw new Error(edited.error);
  await db.setSetting('fiscalYearStart', 4);
  await db.setSetting('ledgerName', 'Acme GPU fleet');
  const backup = await createBackup(db, '2026-11-29T10:00:00.000Z');
  const meta = { ledgerId: backup.header.ledgerId, ledgerName: backup.header.ledgerName, createdAt: backup.header.createdAt };
  const dir = mkdtempSync(join(tmpdir(), `fleetledger-cli-${label}-`));
  const file = (name: string, content: string | Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const path = file('acme.fleetledger', backup.bytes);
  return {
    db,
    backup,
    dir,
    path,
    zcat: gunzipSync(backup.bytes).toString('utf8'),
    text: (await encodeBackupTextV1({ ...meta, schemaVersion: backup.header.schemaVersion }, await readLog(db), await readSnapshot(db), sha256Hex)).text,
    file,
    async dispose() {
      db.close();
      await db.delete();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A copy of `bytes` with the middle byte's bits inverted: one damaged byte. */
export function flipMiddleByte(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

export const gzipText = (text: string): Uint8Array => gzipSync(Buffer.from(text, 'utf8'));

/**
 * A format-2 backup rebuilt from `backup` with its header edited (`header`) and its snapshot's
 * text edited (`snapshot`, the checksum then made to match, unless `staleChecksum`).
 */
export async function editedBackup(
  backup: Backup,
  edit: { header?: (h: Record<string, unknown>) => void; snapshot?: (text: string) => string; staleChecksum?: boolean },
): Promise<Uint8Array> {
  const header = JSON.parse(JSON.stringify(backup.header)) as Record<string, unknown>;
  const blockBytes = (backup.header.eventBlocks ?? []).reduce((a, b) => a + b, 0);
  let body = backup.body;
  if (edit.snapshot) {
    const snapshot = gzipSync(Buffer.from(edit.snapshot(gunzipSync(body.subarray(blockBytes)).toString('utf8')), 'utf8'));
    body = Buffer.concat([body.subarray(0, blockBytes), snapshot]);
    if (!edit.staleChecksum) header.bodySha256 = await sha256Bytes(body);
    header.bodyBytes = body.length;
  }
  edit.header?.(header);
  return Buffer.concat([storedGzipMember(new TextEncoder().encode(`${JSON.stringify(header)}\n`)), body]);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fleetledger <args>` in this process, as bin.mjs would. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
