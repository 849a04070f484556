/**
 * The backup file (`<ledger name>-<date>.fleetledger`, named by shared/ledger/backupRotation.ts;
 * LEDGER.md §2). Its text, as `zcat backup.fleetledger | less` shows it:
 *
 *     {"format":"fleetledger-backup","formatVersion":2,…,"bodySha256":"…"}   ← header, one line
 *     {"event":{…}}          every event, in clock order
 *     {"lot":{…}}            the snapshot of the projections: lots, models, sites, market
 *     {"model":{…}}          prices (by id), units (by serial), and the team settings
 *     {"site":{…}}           (one line), each record one line of canonical JSON
 *     {"supplier":{…}}       (suppliers: from schema version 10; older backups have none)
 *     {"observation":{…}}
 *     {"unit":{…}}
 *     {"settings":{…}}
 *
 * On disk (format version 2) it is a gzip stream of several members (./gzipMembers.ts): the
 * header line *stored* (uncompressed), then the event blocks exactly as the log stores them,
 * each compressed once when it was sealed (./logBlocks.ts), then the snapshot. The header's
 * `eventBlocks` gives each block's compressed size and `bodySha256` is the SHA-256 of every
 * byte after the header member, so a file is checked before anything is decompressed, and a
 * restore keeps the blocks byte for byte.
 *
 * Format version 1 (the first backups, before the log was stored in blocks) is the same text
 * compressed whole, with `bodySha256` over the text after the header line; it is still read.
 *
 * The body is deterministic: the same log and tables always give the same bytes, so back up →
 * restore → back up gives a byte-identical body. Only the header's `createdAt` differs.
 */
import { EVENT_ENTITIES, LOT_EVENT_TYPES, type LotEvent } from '../events';
import { err, ok, type Result } from '../result';
import type { Unit } from '../units';
import { canonicalJson, parseCanonicalJson } from './canonicalJson';
import { compareHlc, isEventId, isHlcStamp } from './clock';
import { emptyProjections, foldForward, foldLedger, sortSnapshot, type LedgerSnapshot } from './fold';
import { readStoredGzipMember, storedGzipMember } from './gzipMembers';
import { eventLine, EventLinesError, parseEventLines, parseRecordLines } from './logBlocks';
import { teamSettingsFrom } from './teamSettings';
import { UPGRADED_FIELDS_RECORDED_AT_VERSION, withUpgradedFields } from './upgradedFields';

export const BACKUP_FORMAT = 'fleetledger-backup';
/** 2: the log's blocks, compressed each on its own (this build writes it); 1: the text compressed whole (read). */
export const BACKUP_FORMAT_VERSION = 2;

export interface BackupCounts {
  events: number;
  lots: number;
  units: number;
  models: number;
  sites: number;
  /** Absent in headers written before suppliers were records (schema version 10): read as 0. */
  suppliers?: number;
  observations: number;
}

/** What a backup holds, noun by noun (the events first), each in the form its count needs: "1 site", "40 lots". */
export function backupCountWords(c: BackupCounts, count: (n: number) => string = String): string[] {
  const n = (value: number, one: string, many: string): string => `${count(value)} ${value === 1 ? one : many}`;
  return [
    n(c.events, 'event', 'events'),
    n(c.lots, 'lot', 'lots'),
    n(c.units, 'unit', 'units'),
    n(c.models, 'model', 'models'),
    n(c.sites, 'site', 'sites'),
    n(c.suppliers ?? 0, 'supplier', 'suppliers'),
    n(c.observations, 'market price', 'market prices'),
  ];
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
  /** Lower-case hex SHA-256 of the body: version 2, every byte after the header member; version 1, the UTF-8 text after the header line. */
  bodySha256: string;
  /** Version 2: the compressed size in bytes of each event block, in order (the snapshot member follows them). */
  eventBlocks?: number[];
  /** Version 2: the body's size in bytes (a file cut short is named as such). */
  bodyBytes?: number;
}

/** An event block of a backup as stored in it: its compressed bytes and how many events they hold. */
export interface BackupBlock {
  gz: Uint8Array;
  count: number;
}

export interface BackupContents {
  header: BackupHeader;
  /** In clock order. */
  events: LotEvent[];
  snapshot: LedgerSnapshot;
  /** Version 2: the event blocks as the file holds them (`events` is their events, in order), so a restore keeps them byte for byte. */
  blocks: BackupBlock[] | null;
}

/** SHA-256 of a string's UTF-8 bytes, lower-case hex (WebCrypto in the renderer, node:crypto in the CLI). */
export type Sha256 = (text: string) => Promise<string>;
/** SHA-256 of bytes, lower-case hex. */
export type Sha256Bytes = (bytes: Uint8Array) => Promise<string>;
/** Decompresses one gzip member (throws, or rejects, when it is damaged): at once, or asynchronously (the browser's own zlib). */
export type GunzipMember = (member: Uint8Array) => Uint8Array | Promise<Uint8Array>;
/**
 * Decompresses gzip members and yields each one's bytes in the order given. A member that
 * cannot be decompressed makes the iteration throw at its turn, after the members before it.
 * The renderer inflates in a worker, so the members ahead are decompressed while the caller
 * parses the one it has; {@link inflateInTurn} does it one by one on the calling thread.
 */
export type InflateMembers = (members: readonly Uint8Array[]) => AsyncIterable<Uint8Array>;

/** {@link InflateMembers} on the calling thread, member by member, with `gunzip`. */
export function inflateInTurn(gunzip: GunzipMember): InflateMembers {
  return async function* inflate(members) {
    for (const m of members) yield gunzip(m);
  };
}
/** UTF-8 (shared/ has no platform: TextEncoder and TextDecoder, passed in). `decode` throws on bytes that are not UTF-8. */
export interface Utf8 {
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

export function snapshotCounts(events: number, s: LedgerSnapshot): BackupCounts {
  return { events, lots: s.lots.length, units: s.units.length, models: s.models.length, sites: s.sites.length, suppliers: s.suppliers.length, observations: s.observations.length };
}

/** The snapshot's lines, in canonical order: what follows the events. */
export function encodeSnapshotLines(snapshot: LedgerSnapshot): string {
  return [...snapshotLineChunks(snapshot)].join('');
}

/**
 * {@link encodeSnapshotLines} in pieces of about `linesPerChunk` lines (each ending in a line
 * break), laid end to end the same text: a backup hands each piece on to be compressed while it
 * encodes the next.
 */
export function* snapshotLineChunks(snapshot: LedgerSnapshot, linesPerChunk = 5_000): Generator<string> {
  const s = sortSnapshot(snapshot);
  let parts: string[] = [];
  function* line(text: string): Generator<string> {
    parts.push(text);
    if (parts.length >= linesPerChunk) {
      yield `${parts.join('\n')}\n`;
      parts = [];
    }
  }
  for (const l of s.lots) yield* line(`{"lot":${canonicalJson(l)}}`);
  for (const m of s.models) yield* line(`{"model":${canonicalJson(m)}}`);
  for (const x of s.sites) yield* line(`{"site":${canonicalJson(x)}}`);
  for (const x of s.suppliers) yield* line(`{"supplier":${canonicalJson(x)}}`);
  for (const o of s.observations) yield* line(`{"observation":${canonicalJson(o)}}`);
  for (const u of s.units) yield* line(`{"unit":${canonicalJson(u)}}`);
  parts.push(`{"settings":${canonicalJson(s.settings)}}`);
  yield `${parts.join('\n')}\n`;
}

export interface BackupMeta {
  ledgerId: string;
  ledgerName: string;
  schemaVersion: number;
  createdAt: string;
}

/** Byte arrays laid end to end, in one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A backup file (format 2): the header member, the event blocks (compressed, in clock order),
 * the compressed snapshot lines. `counts` are the snapshot's with the events the blocks hold.
 */
export async function encodeBackupFile(
  meta: BackupMeta,
  blocks: readonly BackupBlock[],
  snapshotGz: Uint8Array,
  counts: BackupCounts,
  deps: { sha256: Sha256Bytes; utf8: Utf8 },
): Promise<{ bytes: Uint8Array; header: BackupHeader; body: Uint8Array }> {
  const body = concatBytes([...blocks.map((b) => b.gz), snapshotGz]);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    ledgerId: meta.ledgerId,
    ledgerName: meta.ledgerName,
    schemaVersion: meta.schemaVersion,
    createdAt: meta.createdAt,
    counts,
    bodySha256: await deps.sha256(body),
    eventBlocks: blocks.map((b) => b.gz.length),
    bodyBytes: body.length,
  };
  const headerMember = storedGzipMember(deps.utf8.encode(`${canonicalJson(header)}\n`));
  return { bytes: concatBytes([headerMember, body]), header, body };
}

/**
 * Format 1's text (the first backups: events in clock order, then the snapshot, compressed
 * whole by the caller). Nothing writes it any more; it is kept so tests can make the files the
 * first release wrote and prove they are still read.
 */
export async function encodeBackupTextV1(meta: BackupMeta, events: readonly LotEvent[], snapshot: LedgerSnapshot, sha256: Sha256): Promise<{ text: string; header: BackupHeader; body: string }> {
  let previous = '';
  for (const e of events) {
    if (e.hlc <= previous) throw new Error(`encodeBackupTextV1: events out of clock order at ${e.id}`);
    previous = e.hlc;
  }
  const body = events.map(eventLine).join('') + encodeSnapshotLines(snapshot);
  const header: BackupHeader = { format: BACKUP_FORMAT, formatVersion: 1, ...meta, counts: snapshotCounts(events.length, snapshot), bodySha256: await sha256(body) };
  return { text: `${canonicalJson(header)}\n${body}`, header, body };
}

const SECTIONS = ['event', 'lot', 'model', 'site', 'supplier', 'observation', 'unit', 'settings'] as const;
type Section = (typeof SECTIONS)[number];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `2026-11-29T10:00:00.000Z`, as `toISOString` writes it (the milliseconds may be left out). */
const ISO_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/u;

function headerProblem(h: unknown, schemaVersion: number): string | null {
  if (!isObject(h) || h.format !== BACKUP_FORMAT) return 'This is not a Fleetledger backup: its first line is not a Fleetledger backup header.';
  if (typeof h.formatVersion !== 'number' || !Number.isInteger(h.formatVersion) || h.formatVersion < 1) return 'The backup header has no valid formatVersion.';
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
  // Written by toISOString; a restore makes it the ledger's creation time.
  if (!ISO_UTC_TIME.test(h.createdAt as string) || Number.isNaN(Date.parse(h.createdAt as string))) return `The backup header’s createdAt is not a UTC time (${JSON.stringify((h.createdAt as string).slice(0, 40))}).`;
  if (!/^[0-9a-f]{64}$/u.test(h.bodySha256 as string)) return 'The backup header’s bodySha256 is not a SHA-256 in hex.';
  const counts = h.counts;
  if (!isObject(counts)) return 'The backup header has no counts.';
  for (const k of ['events', 'lots', 'units', 'models', 'sites', 'observations'] as const) {
    if (typeof counts[k] !== 'number' || !Number.isSafeInteger(counts[k]) || (counts[k] as number) < 0) return `The backup header’s count of ${k} is not a whole number.`;
  }
  if (counts.suppliers !== undefined && (typeof counts.suppliers !== 'number' || !Number.isSafeInteger(counts.suppliers) || counts.suppliers < 0)) return 'The backup header’s count of suppliers is not a whole number.';
  if (h.formatVersion >= 2) {
    const blocks = h.eventBlocks;
    if (!Array.isArray(blocks) || !blocks.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0)) return 'The backup header’s eventBlocks is not a list of sizes.';
    if (typeof h.bodyBytes !== 'number' || !Number.isSafeInteger(h.bodyBytes) || h.bodyBytes < 0) return 'The backup header has no valid bodyBytes.';
  }
  return null;
}

/** Reads only the header line (for `fleetledger backup info` and the list of backups), without checking the body. */
export function readBackupHeader(text: string, schemaVersion: number): Result<BackupHeader> {
  // A file of nothing (a failed download, a copy cut off at once) has no first line to blame.
  if (text.trim() === '') return err('This is not a Fleetledger backup: the file is empty.');
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

/**
 * The header of a format-2 backup from the first bytes of its file (its stored header member),
 * or null when they do not start with a readable one (a raw dump, a format-1 backup, not a
 * backup, or too few bytes). Nothing after the header is read or checked.
 */
export function peekStoredHeader(bytes: Uint8Array, utf8: Utf8): BackupHeader | null {
  const stored = isGzip(bytes) ? readStoredGzipMember(bytes) : null;
  if (stored === null) return null;
  let text: string;
  try {
    text = utf8.decode(stored.content);
  } catch {
    return null;
  }
  const header = readBackupHeader(text, Number.MAX_SAFE_INTEGER);
  return header.ok ? header.value : null;
}

/** What is wrong with a value read as an event (its form, not its place), in words after "the event"; null when nothing. */
export function eventProblem(e: unknown): string | null {
  if (!isObject(e)) return 'is not an event object';
  if (typeof e.id !== 'string' || !isEventId(e.id)) return `has an id that is not <device>:<counter> (${JSON.stringify(e.id)})`;
  if (typeof e.hlc !== 'string' || !isHlcStamp(e.hlc)) return `has no valid clock stamp (${JSON.stringify(e.hlc)})`;
  // A kind this build does not know is most likely a newer build's (version 10 added suppliers): say so.
  if (typeof e.entity !== 'string' || !(EVENT_ENTITIES as readonly string[]).includes(e.entity)) return `has an unknown entity ${JSON.stringify(e.entity)} (a newer Fleetledger may have written it: update this one)`;
  if (typeof e.type !== 'string' || !(LOT_EVENT_TYPES as readonly string[]).includes(e.type)) return `has an unknown type ${JSON.stringify(e.type)} (a newer Fleetledger may have written it: update this one)`;
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
 * Takes a backup's records in file order and checks them: every record's form, the order of
 * the sections, the events' identity and clock order, the counts. Messages name the line
 * (counting the header as line 1, as `zcat file | sed -n <n>p` does).
 */
class BodyReader {
  readonly events: LotEvent[] = [];
  private readonly snap: Omit<LedgerSnapshot, 'settings'> & { settings: LedgerSnapshot['settings'] | null } = { lots: [], models: [], sites: [], suppliers: [], observations: [], units: [], settings: null };
  private readonly ids = new Set<string>();
  private sectionIndex = 0;
  private previousHlc = '';

  constructor(private readonly header: BackupHeader) {}

  /** One event (the value inside `{"event":…}`); an error message or null. */
  event(value: unknown, lineNo: number): string | null {
    if (this.sectionIndex > 0) return `Line ${lineNo} of the backup: an event after the ${SECTIONS[this.sectionIndex]} records (out of order).`;
    const problem = eventProblem(value);
    if (problem !== null) return `Line ${lineNo} of the backup: the event ${problem}.`;
    const e = value as unknown as LotEvent;
    if (this.ids.has(e.id)) return `Line ${lineNo} of the backup: event ${e.id} appears twice.`;
    if (compareHlc(e.hlc, this.previousHlc) <= 0) return `Line ${lineNo} of the backup: event ${e.id} is out of clock order.`;
    this.ids.add(e.id);
    this.previousHlc = e.hlc;
    this.events.push(e);
    return null;
  }

  /** One line of any kind; an error message or null. */
  line(text: string, lineNo: number): string | null {
    let parsed: unknown;
    try {
      parsed = parseCanonicalJson(text);
    } catch (e) {
      return `Line ${lineNo} of the backup is not valid JSON (${(e as Error).message}).`;
    }
    return this.record(parsed, lineNo);
  }

  /** One line's parsed value; an error message or null. */
  record(parsed: unknown, lineNo: number): string | null {
    if (!isObject(parsed) || Object.keys(parsed).length !== 1) return `Line ${lineNo} of the backup is not one record.`;
    const key = Object.keys(parsed)[0] as string;
    const at = (SECTIONS as readonly string[]).indexOf(key);
    if (at === -1) return `Line ${lineNo} of the backup is of an unknown kind "${key}".`;
    if (key === 'event') return this.event(parsed[key], lineNo);
    if (at < this.sectionIndex) return `Line ${lineNo} of the backup: a ${key} after the ${SECTIONS[this.sectionIndex]} records (out of order).`;
    this.sectionIndex = at;
    const value = parsed[key];
    const section = key as Exclude<Section, 'event'>;
    const problem = recordProblem(section, value);
    if (problem !== null) return `Line ${lineNo} of the backup ${problem}.`;
    switch (section) {
      case 'lot':
        this.snap.lots.push(value as unknown as LedgerSnapshot['lots'][number]);
        break;
      case 'model':
        this.snap.models.push(value as unknown as LedgerSnapshot['models'][number]);
        break;
      case 'site':
        this.snap.sites.push(value as unknown as LedgerSnapshot['sites'][number]);
        break;
      case 'supplier':
        this.snap.suppliers.push(value as unknown as LedgerSnapshot['suppliers'][number]);
        break;
      case 'observation':
        this.snap.observations.push(value as unknown as LedgerSnapshot['observations'][number]);
        break;
      case 'unit':
        this.snap.units.push(value as unknown as Unit);
        break;
      case 'settings':
        if (this.snap.settings !== null) return `Line ${lineNo} of the backup: a second settings record.`;
        this.snap.settings = teamSettingsFrom(value as Record<string, unknown>);
        break;
      default: {
        const never: never = section;
        throw new Error(`Unhandled section ${String(never)}`);
      }
    }
    return null;
  }

  /** Lines of text (each ending in a line break), the first being line `firstLineNo`. */
  lines(text: string, firstLineNo: number): string | null {
    const lines = text.split('\n');
    if (lines.pop() !== '') return 'The backup does not end with a line break.';
    for (let i = 0; i < lines.length; i++) {
      const problem = this.line(lines[i] as string, firstLineNo + i);
      if (problem !== null) return problem;
    }
    return null;
  }

  finish(blocks: BackupBlock[] | null): Result<BackupContents> {
    if (this.snap.settings === null) return err('The backup has no settings record: it is incomplete.');
    const snapshot: LedgerSnapshot = { ...this.snap, settings: this.snap.settings };
    const counts = snapshotCounts(this.events.length, snapshot);
    for (const k of Object.keys(counts) as (keyof BackupCounts)[]) {
      const said = this.header.counts[k] ?? 0;
      if (counts[k] !== said) return err(`The backup's header counts ${said} ${k} but it holds ${counts[k]}.`);
    }
    return ok({ header: this.header, events: this.events, snapshot, blocks });
  }
}

const DAMAGED = 'The backup is damaged: its contents do not match the checksum in its header (a byte was changed). Nothing was restored.';
const CUT_SHORT = 'The backup is damaged: it ends early (the file was cut short) and does not match the checksum in its header. Nothing was restored.';
const CUT_MID_LINE = 'The backup is damaged: it ends in the middle of a line (the file was cut short) and does not match the checksum in its header. Nothing was restored.';

/**
 * Reads and verifies a format-1 backup's text: the header, the body's SHA-256, every line's
 * form, the order of the sections and the events' clock order, and the counts. Any problem is
 * an error naming what is wrong and where. It does not fold the events (the caller compares
 * them with the snapshot).
 */
export async function decodeBackup(text: string, sha256: Sha256, schemaVersion: number, from: 'text' | 'recompressed' = 'text'): Promise<Result<BackupContents>> {
  const header = readBackupHeader(text, schemaVersion);
  if (!header.ok) return header;
  const newline = text.indexOf('\n');
  const body = newline === -1 ? '' : text.slice(newline + 1);
  if (header.value.formatVersion >= 2) {
    // `from`: what the text came in, a file of text or one compressed whole (a format-2 backup is compressed block by block).
    return err(
      from === 'recompressed'
        ? 'This backup was decompressed and compressed again (perhaps edited in between): its checksum covers the file as Fleetledger wrote it, block by block, so this one cannot be verified. Use the .fleetledger file Fleetledger wrote.'
        : 'This is the text of a backup (as zcat prints it), not the backup file: its checksum covers the compressed file, so the text alone cannot be verified. Use the .fleetledger file itself.',
    );
  }
  if ((await sha256(body)) !== header.value.bodySha256) return err(body.endsWith('\n') ? DAMAGED : CUT_MID_LINE);
  const reader = new BodyReader(header.value);
  const problem = reader.lines(body, 2);
  return problem === null ? reader.finish(null) : err(problem);
}

export interface BackupFileDeps {
  inflate: InflateMembers;
  sha256Bytes: Sha256Bytes;
  utf8: Utf8;
  schemaVersion: number;
  /**
   * Told after each member is read and checked (`done` of `total`, the snapshot last): reading a
   * backup at fleet scale takes seconds, which the app shows. What it returns is waited on (the
   * page's turn to show it).
   */
  progress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Whether `bytes` start with a stored header member: a format-2 backup ({@link decodeBackupFile}).
 * Anything else is text or compressed whole (a format-1 backup, a raw dump, not a backup): its
 * text goes to {@link decodeBackup}.
 */
export function hasStoredHeader(bytes: Uint8Array): boolean {
  return isGzip(bytes) && readStoredGzipMember(bytes) !== null;
}

/**
 * Reads and verifies a format-2 backup file: the header member, the SHA-256 of the bytes after
 * it, then each block's events (form, identity, clock order), the snapshot and the counts.
 * Nothing is decompressed before the checksum holds.
 */
export async function decodeBackupFile(bytes: Uint8Array, deps: BackupFileDeps): Promise<Result<BackupContents>> {
  const stored = isGzip(bytes) ? readStoredGzipMember(bytes) : null;
  if (stored === null) return err('This is not a Fleetledger backup: it does not start with a backup header.');
  let headerText: string;
  try {
    headerText = deps.utf8.decode(stored.content);
  } catch {
    return err('This is not a Fleetledger backup: its first line is not a Fleetledger backup header.');
  }
  if (!headerText.endsWith('\n') || headerText.indexOf('\n') !== headerText.length - 1) return err('This is not a Fleetledger backup: its first member is not one header line.');
  const header = readBackupHeader(headerText, deps.schemaVersion);
  if (!header.ok) return header;
  const h = header.value;
  const sizes = h.eventBlocks;
  if (h.formatVersion < 2 || sizes === undefined || h.bodyBytes === undefined) return err('The backup header says format 1, but the file is laid out as format 2.');
  const body = bytes.subarray(stored.end);
  if (body.length < h.bodyBytes) return err(CUT_SHORT);
  if (body.length > h.bodyBytes) return err(`The backup is damaged: it has ${body.length - h.bodyBytes} bytes more than its header says (something was appended to it). Nothing was restored.`);
  if ((await deps.sha256Bytes(body)) !== h.bodySha256) return err(DAMAGED);
  if (sizes.reduce((a, b) => a + b, 0) >= body.length) return err('The backup header’s eventBlocks leave no room for the snapshot.');
  const reader = new BodyReader(h);
  const blocks: BackupBlock[] = [];
  const members: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    members.push(body.subarray(at, at + size));
    at += size;
  }
  members.push(body.subarray(at));
  const inflated = deps.inflate(members)[Symbol.asyncIterator]();
  try {
    let lineNo = 2;
    for (let i = 0; i < members.length; i++) {
      const isSnapshot = i === members.length - 1;
      const where = isSnapshot ? 'the snapshot' : `event block ${i + 1}`;
      let text: string;
      try {
        const next = await inflated.next();
        if (next.done === true) throw new Error('fewer members than given');
        text = deps.utf8.decode(next.value);
      } catch {
        return err(isSnapshot ? 'The backup’s snapshot cannot be decompressed. Nothing was restored.' : `Event block ${i + 1} of the backup cannot be decompressed. Nothing was restored.`);
      }
      let values: unknown[];
      try {
        values = isSnapshot ? parseRecordLines(text) : parseEventLines(text);
      } catch (e) {
        if (e instanceof EventLinesError) return err(`Line ${lineNo + e.line - 1} of the backup (${where}): ${e.reason}.`);
        throw e;
      }
      if (isSnapshot) {
        if (values.length === 0) return err('The backup has no snapshot: it is incomplete.');
        for (let j = 0; j < values.length; j++) {
          const problem = reader.record(values[j], lineNo + j);
          if (problem !== null) return err(problem);
        }
        await deps.progress?.(members.length, members.length);
        break;
      }
      for (let j = 0; j < values.length; j++) {
        const problem = reader.event(values[j], lineNo + j);
        if (problem !== null) return err(problem);
      }
      if (values.length === 0) return err(`Event block ${i + 1} of the backup holds no events.`);
      blocks.push({ gz: members[i] as Uint8Array, count: values.length });
      lineNo += values.length;
      await deps.progress?.(i + 1, members.length);
    }
  } finally {
    // Stops the inflation of members not read (an early refusal) and frees what holds it.
    await inflated.return?.();
  }
  return reader.finish(blocks);
}

/**
 * What a verified backup's events (in file order) fold to, or why they cannot be: a file written
 * by another program may hold events of the right form that this build cannot apply (a unit
 * event without units). The error names the first such event and its line (the header is line
 * 1, each event one line after it), rather than letting the fold's own exception escape.
 */
export function foldBackupEvents(events: readonly LotEvent[]): Result<LedgerSnapshot> {
  try {
    return ok(foldLedger(events));
  } catch (whole) {
    const state = emptyProjections();
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as LotEvent;
      try {
        foldForward(state, [e]);
      } catch (one) {
        return err(`Line ${i + 2} of the backup: event ${e.id} (${e.type}) cannot be applied (${(one as Error).message}). Nothing was restored.`);
      }
    }
    return err(`The backup's events cannot be rebuilt (${(whole as Error).message}). Nothing was restored.`);
  }
}

/**
 * What a backup's events fold to, as the app that wrote it would have them: a backup made before
 * schema version 11 may lack, in its events, fields an upgrade added to its records (see
 * ./upgradedFields.ts); its snapshot holds them, and they are taken from there.
 */
export function asBackupMadeIt(folded: LedgerSnapshot, contents: Pick<BackupContents, 'header' | 'snapshot'>): LedgerSnapshot {
  return contents.header.schemaVersion < UPGRADED_FIELDS_RECORDED_AT_VERSION ? withUpgradedFields(folded, contents.snapshot) : folded;
}

/** Gzip's magic bytes: the file is compressed. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
