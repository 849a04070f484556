/**
 * The backup file (`<ledger name>-<date>.fleetledger`, named by shared/ledger/backupRotation.ts;
 * LEDGER.md §2), as text. The file on disk
 * is this text gzip-compressed (`zcat backup.fleetledger | less` reads it); the callers (the
 * renderer, the CLI) compress and decompress, and compute SHA-256, since shared/ has no
 * platform. Plain, uncompressed text is read too.
 *
 *     {"format":"fleetledger-backup","formatVersion":1,…,"bodySha256":"…"}   ← header, one line
 *     {"event":{…}}          every event, in clock order
 *     {"lot":{…}}            the snapshot of the projections: lots, models, sites, market
 *     {"model":{…}}          prices (by id), units (by serial), and the team settings
 *     {"site":{…}}           (one line), each record one line of canonical JSON
 *     {"observation":{…}}
 *     {"unit":{…}}
 *     {"settings":{…}}
 *
 * The body (everything after the header line) is deterministic: the same ledger always gives
 * the same bytes, so back up → restore → back up gives a byte-identical body. Only the header's
 * `createdAt` differs.
 */
import { EVENT_ENTITIES, LOT_EVENT_TYPES, type LotEvent } from '../events';
import { err, ok, type Result } from '../result';
import type { Unit } from '../units';
import { canonicalJson, parseCanonicalJson } from './canonicalJson';
import { compareHlc, parseEventId, parseHlc } from './clock';
import { sortSnapshot, type LedgerSnapshot } from './fold';
import { teamSettingsFrom } from './teamSettings';

export const BACKUP_FORMAT = 'fleetledger-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupCounts {
  events: number;
  lots: number;
  units: number;
  models: number;
  sites: number;
  observations: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  ledgerId: string;
  ledgerName: string;
  /** The IndexedDB schema version of the build that wrote it. */
  schemaVersion: number;
  createdAt: string;
  counts: BackupCounts;
  /** Lower-case hex SHA-256 of the body's UTF-8 bytes. */
  bodySha256: string;
}

export interface BackupContents {
  header: BackupHeader;
  /** In clock order. */
  events: LotEvent[];
  snapshot: LedgerSnapshot;
}

/** SHA-256 of a string's UTF-8 bytes, lower-case hex (WebCrypto in the renderer, node:crypto in the CLI). */
export type Sha256 = (text: string) => Promise<string>;

export function snapshotCounts(events: readonly LotEvent[], s: LedgerSnapshot): BackupCounts {
  return { events: events.length, lots: s.lots.length, units: s.units.length, models: s.models.length, sites: s.sites.length, observations: s.observations.length };
}

/**
 * The body: events in clock order, then the snapshot in canonical order. Events must already
 * be in clock order (the log reads them that way); this is checked, as a wrong order is a bug.
 */
export function encodeBackupBody(events: readonly LotEvent[], snapshot: LedgerSnapshot): string {
  const parts: string[] = [];
  let previous = '';
  for (const e of events) {
    if (e.hlc <= previous) throw new Error(`encodeBackupBody: events out of clock order at ${e.id}`);
    previous = e.hlc;
    parts.push(`{"event":${canonicalJson(e)}}`);
  }
  const s = sortSnapshot(snapshot);
  for (const l of s.lots) parts.push(`{"lot":${canonicalJson(l)}}`);
  for (const m of s.models) parts.push(`{"model":${canonicalJson(m)}}`);
  for (const x of s.sites) parts.push(`{"site":${canonicalJson(x)}}`);
  for (const o of s.observations) parts.push(`{"observation":${canonicalJson(o)}}`);
  for (const u of s.units) parts.push(`{"unit":${canonicalJson(u)}}`);
  parts.push(`{"settings":${canonicalJson(s.settings)}}`);
  return `${parts.join('\n')}\n`;
}

export async function encodeBackup(
  meta: { ledgerId: string; ledgerName: string; schemaVersion: number; createdAt: string },
  events: readonly LotEvent[],
  snapshot: LedgerSnapshot,
  sha256: Sha256,
): Promise<{ text: string; header: BackupHeader; body: string }> {
  const body = encodeBackupBody(events, snapshot);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    ledgerId: meta.ledgerId,
    ledgerName: meta.ledgerName,
    schemaVersion: meta.schemaVersion,
    createdAt: meta.createdAt,
    counts: snapshotCounts(events, snapshot),
    bodySha256: await sha256(body),
  };
  return { text: `${canonicalJson(header)}\n${body}`, header, body };
}

const SECTIONS = ['event', 'lot', 'model', 'site', 'observation', 'unit', 'settings'] as const;
type Section = (typeof SECTIONS)[number];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function headerProblem(h: unknown, schemaVersion: number): string | null {
  if (!isObject(h) || h.format !== BACKUP_FORMAT) return 'This is not a Fleetledger backup: its first line is not a Fleetledger backup header.';
  if (typeof h.formatVersion !== 'number' || !Number.isInteger(h.formatVersion)) return 'The backup header has no valid formatVersion.';
  if (h.formatVersion > BACKUP_FORMAT_VERSION) {
    return `This backup was written by a newer Fleetledger (backup format ${h.formatVersion}; this version reads up to ${BACKUP_FORMAT_VERSION}): update Fleetledger to restore it.`;
  }
  if (typeof h.schemaVersion !== 'number' || !Number.isInteger(h.schemaVersion)) return 'The backup header has no valid schemaVersion.';
  if (h.schemaVersion > schemaVersion) {
    return `This backup was written by a newer Fleetledger (database version ${h.schemaVersion}; this version knows up to ${schemaVersion}): update Fleetledger to restore it.`;
  }
  for (const k of ['ledgerId', 'ledgerName', 'createdAt', 'bodySha256'] as const) {
    if (typeof h[k] !== 'string' || h[k] === '') return `The backup header has no ${k}.`;
  }
  if (!/^[0-9a-f]{64}$/u.test(h.bodySha256 as string)) return 'The backup header’s bodySha256 is not a SHA-256 in hex.';
  const counts = h.counts;
  if (!isObject(counts)) return 'The backup header has no counts.';
  for (const k of ['events', 'lots', 'units', 'models', 'sites', 'observations'] as const) {
    if (typeof counts[k] !== 'number' || !Number.isSafeInteger(counts[k]) || (counts[k] as number) < 0) return `The backup header’s count of ${k} is not a whole number.`;
  }
  return null;
}

/** Reads only the header line (for `fleetledger backup info` and the list of backups), without checking the body. */
export function readBackupHeader(text: string, schemaVersion: number): Result<BackupHeader> {
  const end = text.indexOf('\n');
  const first = end === -1 ? text : text.slice(0, end);
  let parsed: unknown;
  try {
    parsed = JSON.parse(first);
  } catch {
    return err('This is not a Fleetledger backup: its first line is not a Fleetledger backup header.');
  }
  const problem = headerProblem(parsed, schemaVersion);
  return problem === null ? ok(parsed as BackupHeader) : err(problem);
}

function eventProblem(e: unknown): string | null {
  if (!isObject(e)) return 'is not an event object';
  if (typeof e.id !== 'string' || parseEventId(e.id) === null) return `has an id that is not <device>:<counter> (${JSON.stringify(e.id)})`;
  if (typeof e.hlc !== 'string' || parseHlc(e.hlc) === null) return `has no valid clock stamp (${JSON.stringify(e.hlc)})`;
  if (typeof e.entity !== 'string' || !(EVENT_ENTITIES as readonly string[]).includes(e.entity)) return `has an unknown entity ${JSON.stringify(e.entity)}`;
  if (typeof e.type !== 'string' || !(LOT_EVENT_TYPES as readonly string[]).includes(e.type)) return `has an unknown type ${JSON.stringify(e.type)}`;
  if (typeof e.lotId !== 'string' || e.lotId === '') return 'names no record (lotId)';
  if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq < 1) return 'has no valid seq';
  if (typeof e.at !== 'string') return 'has no time (at)';
  if (!isObject(e.after)) return 'has no `after`';
  return null;
}

function recordProblem(section: Section, v: unknown): string | null {
  if (!isObject(v)) return `is not a ${section} object`;
  if (section === 'unit') return typeof (v as Partial<Unit>).serial === 'string' && typeof (v as Partial<Unit>).lotId === 'string' ? null : 'is a unit without serial or lot';
  if (section === 'settings') return null;
  return typeof v.id === 'string' && v.id !== '' ? null : `is a ${section} without an id`;
}

/**
 * Reads and verifies a backup's text: the header, the body's SHA-256, every line's form, the
 * order of the sections and the events' clock order, and the counts. Any problem is an error
 * naming what is wrong and where (line numbers count the header as line 1). It does not fold
 * the events (the caller compares them with the snapshot).
 */
export async function decodeBackup(text: string, sha256: Sha256, schemaVersion: number): Promise<Result<BackupContents>> {
  const header = readBackupHeader(text, schemaVersion);
  if (!header.ok) return header;
  const h = header.value;
  const newline = text.indexOf('\n');
  const body = newline === -1 ? '' : text.slice(newline + 1);
  const digest = await sha256(body);
  if (digest !== h.bodySha256) {
    return err(
      body.endsWith('\n')
        ? 'The backup is damaged: its contents do not match the checksum in its header (a byte was changed). Nothing was restored.'
        : 'The backup is damaged: it ends in the middle of a line (the file was cut short) and does not match the checksum in its header. Nothing was restored.',
    );
  }
  const lines = body.split('\n');
  if (lines.pop() !== '') return err('The backup does not end with a line break.');
  const events: LotEvent[] = [];
  const snap: Omit<LedgerSnapshot, 'settings'> & { settings: LedgerSnapshot['settings'] | null } = { lots: [], models: [], sites: [], observations: [], units: [], settings: null };
  const ids = new Set<string>();
  let sectionIndex = 0;
  let previousHlc = '';
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 2;
    let parsed: unknown;
    try {
      parsed = parseCanonicalJson(lines[i] as string);
    } catch (e) {
      return err(`Line ${lineNo} of the backup is not valid JSON (${(e as Error).message}).`);
    }
    if (!isObject(parsed) || Object.keys(parsed).length !== 1) return err(`Line ${lineNo} of the backup is not one record.`);
    const key = Object.keys(parsed)[0] as string;
    const at = (SECTIONS as readonly string[]).indexOf(key);
    if (at === -1) return err(`Line ${lineNo} of the backup is of an unknown kind "${key}".`);
    if (at < sectionIndex) return err(`Line ${lineNo} of the backup: a ${key} after the ${SECTIONS[sectionIndex]} records (out of order).`);
    sectionIndex = at;
    const value = parsed[key];
    const section = key as Section;
    if (section === 'event') {
      const problem = eventProblem(value);
      if (problem !== null) return err(`Line ${lineNo} of the backup: the event ${problem}.`);
      const e = value as unknown as LotEvent;
      if (ids.has(e.id)) return err(`Line ${lineNo} of the backup: event ${e.id} appears twice.`);
      if (compareHlc(e.hlc, previousHlc) <= 0) return err(`Line ${lineNo} of the backup: event ${e.id} is out of clock order.`);
      ids.add(e.id);
      previousHlc = e.hlc;
      events.push(e);
      continue;
    }
    const problem = recordProblem(section, value);
    if (problem !== null) return err(`Line ${lineNo} of the backup ${problem}.`);
    switch (section) {
      case 'lot':
        snap.lots.push(value as unknown as LedgerSnapshot['lots'][number]);
        break;
      case 'model':
        snap.models.push(value as unknown as LedgerSnapshot['models'][number]);
        break;
      case 'site':
        snap.sites.push(value as unknown as LedgerSnapshot['sites'][number]);
        break;
      case 'observation':
        snap.observations.push(value as unknown as LedgerSnapshot['observations'][number]);
        break;
      case 'unit':
        snap.units.push(value as unknown as Unit);
        break;
      case 'settings':
        if (snap.settings !== null) return err(`Line ${lineNo} of the backup: a second settings record.`);
        snap.settings = teamSettingsFrom(value as Record<string, unknown>);
        break;
      default: {
        const never: never = section;
        throw new Error(`Unhandled section ${String(never)}`);
      }
    }
  }
  if (snap.settings === null) return err('The backup has no settings record: it is incomplete.');
  const snapshot: LedgerSnapshot = { ...snap, settings: snap.settings };
  const counts = snapshotCounts(events, snapshot);
  for (const k of Object.keys(counts) as (keyof BackupCounts)[]) {
    if (counts[k] !== h.counts[k]) return err(`The backup's header counts ${h.counts[k]} ${k} but it holds ${counts[k]}.`);
  }
  return ok({ header: h, events, snapshot });
}

/** Gzip's magic bytes: the file is compressed. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
