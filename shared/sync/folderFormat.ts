/**
 * The team folder's format (issue 10, LEDGER.md §3): how the devices of a team share one ledger
 * through a folder that a file-sync tool replicates (Syncthing, a network share, …). Pure: the
 * desktop main process and the CLI read and write the files; this module says what they hold.
 *
 *     <folder>/fleetledger-<ledgerId>/
 *       ledger.json                           which ledger (written once, by the device that shares it)
 *       devices/<deviceId>/head.json          that device's name and how far its segments go (rewritten)
 *       devices/<deviceId>/00000001.jsonl.gz  its first segment, then 00000002.jsonl.gz, …
 *
 * A device writes only into its own folder, so two devices never write the same file. A segment
 * is written whole under a temporary name and renamed, and never changed afterwards. It is a
 * gzip of JSON Lines: a `{"segment":…}` header line, then one `{"event":…}` line per event, the
 * device's consecutive events (counters `first`…`last`, no gap), in canonical JSON. The header
 * names the SHA-256 of the previous segment's file (a hash chain), so a segment that is missing,
 * torn (cut short) or altered is detected, and nothing after it from that device is applied
 * until it is whole. The events carry no `seq`: that is each device's own numbering.
 */
import type { LotEvent } from '../events';
import { canonicalJson } from '../ledger/canonicalJson';
import { isDeviceId, parseEventId, type DeviceId } from '../ledger/clock';
import { eventProblem, type GunzipMember, type InflateMembers, type Sha256Bytes, type Utf8 } from '../ledger/backupFormat';
import { EventLinesError, parseRecordLines } from '../ledger/logBlocks';
import { err, ok, type Result } from '../result';
import type { WorkReport } from '../work';

export const FOLDER_FORMAT = 'fleetledger-folder';
export const SEGMENT_FORMAT = 'fleetledger-segment';
export const HEAD_FORMAT = 'fleetledger-device';
export const FOLDER_FORMAT_VERSION = 1;

/** A segment holds at most this many events, or about this much text; a larger transaction is cut into several. */
export const SEGMENT_MAX_EVENTS = 10_000;
export const SEGMENT_MAX_CHARS = 4 * 1024 * 1024;

/** The folder a ledger lives in, inside the folder the team shares. */
export function ledgerFolderName(ledgerId: string): string {
  return `fleetledger-${ledgerId}`;
}

/** `ledger.json`: which ledger the folder holds. */
export interface FolderManifest {
  format: typeof FOLDER_FORMAT;
  version: number;
  ledgerId: string;
  ledgerName: string;
  createdAt: string;
  /**
   * Other devices' chains the device that made this folder put in for them (a team folder put
   * back after it was lost): each device's last counter put there. Such a device writes nothing
   * of its own until its folder holds that much of its chain (the sync tool may still be copying
   * it; writing its own segments beside them would fork its chain). Absent when none was.
   */
  putBack?: Record<DeviceId, number>;
}

/** `devices/<deviceId>/head.json`: the device's name and its newest segment (a hint: the segments are the truth). */
export interface DeviceHead {
  format: typeof HEAD_FORMAT;
  version: number;
  device: DeviceId;
  name: string;
  /** How many segments the device has written (its newest is this number). */
  segments: number;
  /** SHA-256 of the newest segment's file; null before the first. */
  lastHash: string | null;
  /** The counter of its newest event (0 before any). */
  lastCounter: number;
  writtenAt: string;
}

/** A segment's first line. */
export interface SegmentHeader {
  format: typeof SEGMENT_FORMAT;
  version: number;
  device: DeviceId;
  /** 1, 2, 3… per device: the file `0000000N.jsonl.gz`. */
  index: number;
  /** SHA-256 of segment index − 1's file; null for the first. */
  prev: string | null;
  /** The device counters of its first and last event. */
  first: number;
  last: number;
  count: number;
}

export function segmentFileName(index: number): string {
  return `${String(index).padStart(8, '0')}.jsonl.gz`;
}

export const HEAD_FILE = 'head.json';
export const MANIFEST_FILE = 'ledger.json';

// ---- File names ----------------------------------------------------------------------------

/** What a file in a device's folder is. */
export type DeviceFileKind =
  | { kind: 'segment'; index: number }
  | { kind: 'head' }
  /** A copy a sync tool made beside the file (read as extra input, never trusted over the chain). */
  | { kind: 'conflict-copy'; of: { kind: 'segment'; index: number } | { kind: 'head' } }
  /** A sync tool's or our own temporary file, or an operating system's: not ours to read. */
  | { kind: 'ignored' }
  | { kind: 'unknown' };

const SEGMENT_NAME = /^([0-9]{8})\.jsonl\.gz$/u;
/** Temporary and partial files of sync tools, browsers and editors, and our own (`.<name>.tmp-…`). */
const TEMPORARY = [
  /^~syncthing~.*\.tmp$/u,
  /^\.syncthing\..*\.tmp$/u,
  /^\./u,
  /^~\$/u,
  /\.(tmp|temp|part|partial|crdownload|download|crswap)$/iu,
  /^(Thumbs\.db|desktop\.ini|Icon\r)$/iu,
];
/**
 * Conflict copies: Syncthing's `<name>.sync-conflict-<date>-<time>-<device>.<ext>` (before the
 * last extension), Dropbox's and Nextcloud's `<name> (… conflicted copy …).<ext>`, and the
 * numbered ` (1)` copies of Google Drive and others.
 */
const CONFLICT_MARKS = [/\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Z0-9]{7}/u, / \([^()]*conflicted copy[^()]*\)/iu, / \([0-9]{1,3}\)/u];

function plainKind(name: string): { kind: 'segment'; index: number } | { kind: 'head' } | null {
  if (name === HEAD_FILE) return { kind: 'head' };
  const m = SEGMENT_NAME.exec(name);
  if (m === null) return null;
  const index = Number(m[1]);
  return index >= 1 ? { kind: 'segment', index } : null;
}

export function classifyDeviceFile(name: string): DeviceFileKind {
  const plain = plainKind(name);
  if (plain !== null) return plain;
  if (TEMPORARY.some((re) => re.test(name))) return { kind: 'ignored' };
  for (const mark of CONFLICT_MARKS) {
    if (!mark.test(name)) continue;
    const of = plainKind(name.replace(mark, ''));
    if (of !== null) return { kind: 'conflict-copy', of };
  }
  return { kind: 'unknown' };
}

// ---- Writing -------------------------------------------------------------------------------

/** An event as the folder holds it: without `seq` (each device numbers an entity's events itself). */
export function portableEvent(e: LotEvent): Omit<LotEvent, 'seq'> {
  const { seq: _seq, ...rest } = e;
  return rest;
}

/** Whether two events with the same id say the same (their `seq`, a device's own numbering, aside). */
export function sameEventContent(a: LotEvent, b: LotEvent): boolean {
  return canonicalJson(portableEvent(a)) === canonicalJson(portableEvent(b));
}

/**
 * Cuts a device's new events (consecutive counters, oldest first) into segments' worth: at most
 * {@link SEGMENT_MAX_EVENTS} events or about {@link SEGMENT_MAX_CHARS} of text each.
 */
export function segmentBatches(events: readonly LotEvent[]): LotEvent[][] {
  const batches: LotEvent[][] = [];
  let current: LotEvent[] = [];
  let chars = 0;
  for (const e of events) {
    const size = canonicalJson(portableEvent(e)).length;
    if (current.length > 0 && (current.length >= SEGMENT_MAX_EVENTS || chars + size > SEGMENT_MAX_CHARS)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(e);
    chars += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The text of segment `index` of `device`: its header line and its events, which must be the
 * device's own, with consecutive counters (throws otherwise: a writer's mistake, not input).
 */
export function encodeSegmentText(device: DeviceId, index: number, prev: string | null, events: readonly LotEvent[]): { header: SegmentHeader; text: string } {
  if (events.length === 0) throw new Error('encodeSegmentText: a segment holds at least one event');
  const counters = events.map((e) => {
    const id = parseEventId(e.id);
    if (id === null || id.device !== device) throw new Error(`encodeSegmentText: event ${e.id} is not device ${device}'s`);
    return id.counter;
  });
  counters.forEach((c, i) => {
    if (i > 0 && c !== (counters[i - 1] as number) + 1) throw new Error(`encodeSegmentText: counters ${counters[i - 1]} and ${c} are not consecutive`);
  });
  const header: SegmentHeader = { format: SEGMENT_FORMAT, version: FOLDER_FORMAT_VERSION, device, index, prev, first: counters[0] as number, last: counters[counters.length - 1] as number, count: events.length };
  const lines = [`{"segment":${canonicalJson(header)}}`];
  for (const e of events) lines.push(`{"event":${canonicalJson(portableEvent(e))}}`);
  return { header, text: `${lines.join('\n')}\n` };
}

/** A segment {@link chainSegments} made: its header and bytes, how many events it holds, and where the chain stands after it. */
export interface MadeSegment {
  header: SegmentHeader;
  bytes: Uint8Array;
  events: number;
  point: ChainPoint;
}

/**
 * One device's consecutive events (in counter order) as the segments that continue its chain
 * after `from`: each batch encoded, compressed and hashed, in turn. What every writer of a chain
 * writes: a device's rounds (to a folder or a server), and a chain put back for another device.
 */
export async function* chainSegments(device: DeviceId, events: readonly LotEvent[], from: ChainPoint, deps: Pick<ChainDeps, 'sha256Bytes'> & { gzip(text: string): Uint8Array }): AsyncGenerator<MadeSegment> {
  let point = from;
  for (const batch of segmentBatches(events)) {
    const { header, text } = encodeSegmentText(device, point.segments + 1, point.lastHash, batch);
    const bytes = deps.gzip(text);
    point = { segments: header.index, lastHash: await deps.sha256Bytes(bytes), lastCounter: header.last };
    yield { header, bytes, events: batch.length, point };
  }
}

/** Events by the device that made them, each device's in counter order (an event whose id names no device is left out). */
export function eventsByDevice(events: readonly LotEvent[]): Map<DeviceId, { counter: number; event: LotEvent }[]> {
  const byDevice = new Map<DeviceId, { counter: number; event: LotEvent }[]>();
  for (const e of events) {
    const id = parseEventId(e.id);
    if (id === null) continue;
    const list = byDevice.get(id.device);
    if (list === undefined) byDevice.set(id.device, [{ counter: id.counter, event: e }]);
    else list.push({ counter: id.counter, event: e });
  }
  for (const list of byDevice.values()) list.sort((a, b) => a.counter - b.counter);
  return byDevice;
}

export function encodeHead(head: Omit<DeviceHead, 'format' | 'version'>): string {
  return `${canonicalJson({ format: HEAD_FORMAT, version: FOLDER_FORMAT_VERSION, ...head })}\n`;
}

export function encodeManifest(m: Omit<FolderManifest, 'format' | 'version'>): string {
  return `${canonicalJson({ format: FOLDER_FORMAT, version: FOLDER_FORMAT_VERSION, ...m })}\n`;
}

// ---- Reading -------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const HASH = /^[0-9a-f]{64}$/u;
const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function readManifest(text: string): Result<FolderManifest> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return err('ledger.json is not JSON (cut short or not ours).');
  }
  if (!isObject(v) || v.format !== FOLDER_FORMAT) return err('ledger.json is not a Fleetledger team folder’s.');
  if (!count(v.version) || v.version > FOLDER_FORMAT_VERSION) return err(`The team folder is of a newer format (version ${String(v.version)}) than this version of Fleetledger reads (${FOLDER_FORMAT_VERSION}). Update Fleetledger on this device.`);
  if (typeof v.ledgerId !== 'string' || v.ledgerId === '' || typeof v.ledgerName !== 'string' || typeof v.createdAt !== 'string') return err('ledger.json does not name its ledger.');
  if (v.putBack !== undefined && !(isObject(v.putBack) && Object.entries(v.putBack).every(([device, n]) => isDeviceId(device) && count(n)))) return err('ledger.json names the chains put back for other devices wrongly.');
  return ok(v as unknown as FolderManifest);
}

export function readHead(text: string, device: DeviceId): Result<DeviceHead> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return err('its head.json is not JSON (cut short?)');
  }
  if (!isObject(v) || v.format !== HEAD_FORMAT || !count(v.version)) return err('its head.json is not a Fleetledger device head');
  if (v.version > FOLDER_FORMAT_VERSION) return err(`it writes a newer folder format (version ${String(v.version)}); update Fleetledger on this device`);
  if (v.device !== device) return err(`its head.json names device ${String(v.device)}`);
  if (typeof v.name !== 'string' || !count(v.segments) || !count(v.lastCounter) || typeof v.writtenAt !== 'string' || !(v.lastHash === null || (typeof v.lastHash === 'string' && HASH.test(v.lastHash)))) {
    return err('its head.json is incomplete');
  }
  return ok(v as unknown as DeviceHead);
}

const EVENT_LINE_START = '{"event":';

/**
 * The text each event read from a segment had there (its portable form, without `seq`), kept
 * beside the event rather than in it: a device's first sync writes half a million events into
 * its log's blocks, and splicing the `seq` into the text already read (shared/ledger/logBlocks.ts
 * eventLineFrom) costs half of writing each event out again.
 */
const portableLines = new WeakMap<LotEvent, string>();

/** The text `e` had in the segment it was read from (without `seq`); undefined for an event not read from one. */
export function portableLineOf(e: LotEvent): string | undefined {
  return portableLines.get(e);
}

/** A segment's text, read and checked on its own (its place in the chain is checked by {@link readDeviceChain}). */
export function decodeSegmentText(text: string, device: DeviceId): Result<{ header: SegmentHeader; events: LotEvent[] }> {
  let rows: unknown[];
  try {
    rows = parseRecordLines(text);
  } catch (e) {
    if (e instanceof EventLinesError) return err(`line ${e.line}: ${e.reason}`);
    throw e;
  }
  const first = rows[0];
  if (!isObject(first) || !isObject(first.segment)) return err('it does not start with a segment header');
  const h = first.segment;
  if (h.format !== SEGMENT_FORMAT || !count(h.version)) return err('its header is not a Fleetledger segment header');
  if (h.version > FOLDER_FORMAT_VERSION) return err(`it is of a newer format (version ${String(h.version)}); update Fleetledger on this device`);
  if (h.device !== device) return err(`its header names device ${String(h.device)}, not the folder it is in`);
  if (!count(h.index) || h.index < 1 || !count(h.first) || !count(h.last) || !count(h.count) || !(h.prev === null || (typeof h.prev === 'string' && HASH.test(h.prev)))) {
    return err('its header is incomplete');
  }
  const header = h as unknown as SegmentHeader;
  const events: LotEvent[] = [];
  // Each line's text, kept with its event (see portableLineOf): sliced, not copied.
  const lines = text.split('\n');
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    if (!isObject(row) || Object.keys(row).length !== 1 || !isObject(row.event)) return err(`line ${i + 1} is not an event`);
    // The folder's events carry no seq; the log gives each its own when it applies them (set
    // here on the object JSON.parse just made, rather than on a copy: half a million at a first sync).
    const value = row.event;
    value.seq = 1;
    const problem = eventProblem(value);
    if (problem !== null) return err(`line ${i + 1}: the event ${problem}`);
    const e = value as unknown as LotEvent;
    const counter = header.first + i - 1;
    // The one text parseEventId reads as this device and counter (no leading zeros).
    if (e.id !== `${device}:${counter}`) return err(`line ${i + 1}: event ${e.id} should be ${device}:${counter}`);
    if (!e.hlc.endsWith(`-${device}`)) return err(`line ${i + 1}: event ${e.id} carries another device's clock stamp`);
    if (events.length > 0 && (events[events.length - 1] as LotEvent).hlc >= e.hlc) return err(`line ${i + 1}: event ${e.id} is out of clock order`);
    const line = lines[i] as string;
    if (line.startsWith(EVENT_LINE_START) && line.endsWith('}')) portableLines.set(e, line.slice(EVENT_LINE_START.length, -1));
    events.push(e);
  }
  if (events.length !== header.count || header.last !== header.first + header.count - 1) return err(`it says it holds ${header.count} events (${header.first}–${header.last}) and holds ${events.length}`);
  if (events.length === 0) return err('it holds no events');
  return ok({ header, events });
}

export interface ChainDeps {
  gunzip: GunzipMember;
  /**
   * Decompresses many segments ahead of their reading (the renderer's worker); without it each
   * is decompressed with `gunzip` when its turn comes. A member it cannot decompress is read as
   * damaged, and the ones after it are still given.
   */
  inflate?: InflateMembers;
  sha256Bytes: Sha256Bytes;
  utf8: Utf8;
  /** Told how far a round has got (a new device's first round reads a whole ledger: seconds). */
  report?: WorkReport;
}

/** Who a device is, in a round's progress: its name, else the start of its id. */
export function deviceWords(device: DeviceId, name: string | null): string {
  return name ?? `device ${device.slice(0, 8)}`;
}

/** The step of a round that takes a device's events in: "Taking in 500,000 changes from Ada’s laptop". */
export function takingInWords(count: number, who: string): string {
  return `Taking in ${count.toLocaleString('en-US')} ${count === 1 ? 'change' : 'changes'} from ${who}`;
}

/** Something wrong in the folder, with where: the device, and the segment or file. */
export interface FolderProblem {
  device: DeviceId;
  /** The segment's number, when it is about one. */
  segment: number | null;
  /** The file, when it is about one. */
  file: string | null;
  message: string;
}

/** What one device's folder gives. */
export interface DeviceChain {
  device: DeviceId;
  /** From its head (null when it has none yet, or it cannot be read). */
  name: string | null;
  /** The events of its whole, linked segments, oldest first: everything of it that may be applied. */
  events: LotEvent[];
  /** How many of its segments are whole and linked (the chain applied). */
  segments: number;
  /** The hash of the last of them (what its next segment must name). */
  lastHash: string | null;
  /** The counter of its last event applied (0 before any). */
  lastCounter: number;
  /** Events read from sync tools' copies not used in the chain: checked by event id against it (never applied in its place). */
  extra: LotEvent[];
  /**
   * Segments not applied yet because one is not in the folder (a sync tool copies files in any
   * order), or the newest has not been confirmed by the head written after it: the first of them
   * and every later one. They are applied as soon as they are there.
   */
  waitingFor: number[];
  problems: FolderProblem[];
}

interface ReadSegment {
  file: string;
  hash: string;
  header: SegmentHeader;
  events: LotEvent[];
}

/**
 * Reads one device's folder: follows its segments from the first, each named in the next's
 * `prev`, and stops at the first that is missing, torn or does not link (reported, with the
 * device and segment); what follows it waits until it is whole. A conflict copy of a segment
 * that links where the original does not takes its place; any other copy's events come back in
 * `extra`, to be checked by event id. Temporary files are ignored; unknown files are reported.
 */
/** Where a device's chain was read to before: its segments from `segments + 1` on follow. */
export interface ChainPoint {
  segments: number;
  lastHash: string | null;
  lastCounter: number;
}

/**
 * `vouched`: segments the transport itself holds whole as written, by number, with the hash
 * their writer recorded (a CouchDB document is stored atomically and written once, with its
 * SHA-256): such a segment needs nothing after it to confirm it. A folder vouches for none.
 */
export async function readDeviceChain(
  device: DeviceId,
  files: readonly { name: string; bytes: Uint8Array }[],
  deps: ChainDeps,
  from: ChainPoint | null = null,
  vouched: ReadonlyMap<number, string> = new Map(),
): Promise<DeviceChain> {
  const problems: FolderProblem[] = [];
  const problem = (segment: number | null, file: string | null, message: string): void => {
    problems.push({ device, segment, file, message });
  };
  const out: DeviceChain = { device, name: null, events: [], segments: from?.segments ?? 0, lastHash: from?.lastHash ?? null, lastCounter: from?.lastCounter ?? 0, extra: [], waitingFor: [], problems };
  if (!isDeviceId(device)) {
    problem(null, null, `The folder devices/${device} is not named as a device (letters, digits, - and _): it is not read.`);
    return out;
  }
  const segments = new Map<number, { name: string; bytes: Uint8Array }>();
  const copies: { name: string; bytes: Uint8Array; of: number }[] = [];
  let head: DeviceHead | null = null;
  for (const f of files) {
    const kind = classifyDeviceFile(f.name);
    switch (kind.kind) {
      case 'segment':
        if (kind.index > out.segments) segments.set(kind.index, f);
        break;
      case 'head': {
        const read = readHead(safeText(f.bytes, deps) ?? '', device);
        if (read.ok) head = read.value;
        else problem(null, f.name, `Device ${device}: ${read.error}.`);
        break;
      }
      case 'conflict-copy':
        if (kind.of.kind === 'segment' && kind.of.index > out.segments) copies.push({ ...f, of: kind.of.index });
        break;
      case 'ignored':
        break;
      case 'unknown':
        problem(null, f.name, `Device ${device}: the file ${f.name} is not part of the folder format; it is not read. (Never put or edit files in the team folder by hand.)`);
        break;
    }
  }
  out.name = head?.name ?? null;

  /** `inflated`: its bytes already decompressed (null: they could not be); when absent, decompressed here. */
  const read = async (f: { name: string; bytes: Uint8Array }, inflated?: Uint8Array | null): Promise<Result<ReadSegment>> => {
    let text: string;
    try {
      if (inflated === null) throw new Error('not decompressed');
      text = deps.utf8.decode(inflated ?? (await deps.gunzip(f.bytes)));
    } catch {
      return err('is torn or damaged (it cannot be decompressed)');
    }
    const decoded = decodeSegmentText(text, device);
    if (!decoded.ok) return err(`is not a whole segment: ${decoded.error}`);
    return ok({ file: f.name, hash: await deps.sha256Bytes(f.bytes), ...decoded.value });
  };
  const readCopies = new Map<number, ReadSegment[]>();
  for (const c of copies) {
    const r = await read(c);
    if (!r.ok) {
      problem(c.of, c.name, `Device ${device}: a sync tool’s copy of segment ${c.of} (${c.name}) ${r.error}; it is not read.`);
      continue;
    }
    const list = readCopies.get(c.of) ?? [];
    list.push(r.value);
    readCopies.set(c.of, list);
  }

  const originals = new Map<number, Result<ReadSegment>>();
  if (segments.size > 0) await deps.report?.step(`Checking the changes from ${deviceWords(device, out.name)}`);
  const checked = (): void | Promise<void> => deps.report?.progress(originals.size, segments.size);
  if (deps.inflate === undefined || segments.size < 2) {
    for (const [index, f] of segments) {
      originals.set(index, await read(f));
      await checked();
    }
  } else {
    // Decompressed ahead (in the renderer, on the other core) while each is parsed and checked here.
    // After a member it could not decompress, the rest are decompressed here, one by one.
    const files = [...segments];
    const inflated = deps.inflate(files.map(([, f]) => f.bytes))[Symbol.asyncIterator]();
    let ahead = true;
    try {
      for (const [index, f] of files) {
        let bytes: Uint8Array | null | undefined;
        if (ahead) {
          try {
            const next = await inflated.next();
            if (next.done === true) ahead = false;
            else bytes = next.value;
          } catch {
            bytes = null;
            ahead = false;
          }
        }
        originals.set(index, await read(f, bytes));
        await checked();
      }
    } finally {
      await inflated.return?.();
    }
  }
  const highest = Math.max(0, ...segments.keys(), head?.segments ?? 0);
  /**
   * The hashes segment `index` may have, as what follows it names it: the next segment's `prev`
   * (or a sync tool's copy of the next one's), or the head's newest. Empty: nothing names it yet.
   */
  const namedHashes = (index: number): Set<string | null> => {
    const names = new Set<string | null>();
    const next = originals.get(index + 1);
    if (next?.ok === true) names.add(next.value.header.prev);
    for (const c of readCopies.get(index + 1) ?? []) names.add(c.header.prev);
    if (head !== null && head.segments === index) names.add(head.lastHash);
    const own = vouched.get(index);
    if (own !== undefined) names.add(own);
    return names;
  };
  let prevHash: string | null = out.lastHash;
  let prevLast = out.lastCounter;
  const used = new Set<ReadSegment>();
  /** `held`: the segment before it, whole but confirmed only by it, so held back with it (said: not silently). */
  const stop = (index: number, file: string, what: string, held: number | null = null): void => {
    const before = held === null ? '' : `, nor segment ${held} before it, which only segment ${index} confirms`;
    problem(index, file, `Device ${device}, segment ${index} ${what}. Nothing after it from this device is applied until it is whole${before}.`);
  };
  for (let index = out.segments + 1; index <= highest; index++) {
    const fits = (s: ReadSegment): boolean => s.header.index === index && s.header.prev === prevHash && s.header.first === prevLast + 1;
    const named = namedHashes(index);
    // A segment is applied only once what follows it confirms its hash: an altered one is never applied.
    const confirmed = (s: ReadSegment): boolean => fits(s) && named.has(s.hash);
    const original = originals.get(index);
    const copiesOf = readCopies.get(index) ?? [];
    const chosen = original?.ok === true && confirmed(original.value) ? original.value : copiesOf.find(confirmed);
    if (chosen === undefined) {
      const name = segments.get(index)?.name ?? segmentFileName(index);
      const next = originals.get(index + 1);
      // Not there (yet): a sync tool copies files in any order, so a gap is where it still copies.
      if (original === undefined) for (let later = index; later <= highest; later++) out.waitingFor.push(later);
      else if (!original.ok) stop(index, name, original.error);
      else if (original.value.header.index !== index) stop(index, name, `says it is segment ${original.value.header.index}`);
      else if (original.value.header.first !== prevLast + 1) stop(index, name, `does not follow on: it starts at event ${original.value.header.first}, not ${prevLast + 1}`);
      else if (!fits(original.value)) stop(index, name, `does not name segment ${index - 1} as it is: one of them was altered or replaced`);
      else if (next !== undefined && !next.ok) stop(index + 1, segments.get(index + 1)?.name ?? segmentFileName(index + 1), next.error, index);
      // Nothing names it yet: the next segment, or the head written after it, has not arrived.
      else if (named.size === 0) for (let later = index; later <= highest; later++) out.waitingFor.push(later);
      else stop(index, name, `is not the one ${next !== undefined ? `segment ${index + 1}` : 'the device’s head'} names: it was altered or replaced`);
      break;
    }
    if (chosen !== (original?.ok === true ? original.value : undefined)) {
      used.add(chosen);
      problem(index, segments.get(index)?.name ?? segmentFileName(index), `Device ${device}, segment ${index} ${original === undefined ? 'is missing' : 'is not whole or not the one that links'}; a sync tool’s copy of it (${chosen.file}) was read instead.`);
    }
    for (const e of chosen.events) out.events.push(e);
    out.segments = index;
    out.lastHash = chosen.hash;
    out.lastCounter = chosen.header.last;
    prevHash = chosen.hash;
    prevLast = chosen.header.last;
  }
  // Copies not used in the chain: their events are extra input, checked by event id.
  for (const list of readCopies.values()) for (const c of list) if (!used.has(c)) for (const e of c.events) out.extra.push(e);
  return out;
}

function safeText(bytes: Uint8Array, deps: ChainDeps): string | null {
  try {
    return deps.utf8.decode(bytes);
  } catch {
    return null;
  }
}
