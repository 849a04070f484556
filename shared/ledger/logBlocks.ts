/**
 * The event log stored in blocks: runs of consecutive events in clock order, each kept as the
 * lines a backup holds them in (`{"event":{…}}`, canonical JSON, one per line). Blocks are how
 * IndexedDB holds the log (renderer/db/eventLog.ts) and how a backup file holds it
 * (./backupFormat.ts): a backup is the stored blocks, compressed once when each was sealed,
 * laid end to end. One record per event made a backup of 500,000 events take a minute and a
 * restore three (README, "The ledger at fleet scale"); blocks of about a thousand events make
 * both a matter of seconds, since nothing is re-encoded or re-compressed.
 *
 * The newest block is *open* (text, still growing); a block is sealed (compressed, never
 * changed again) when it reaches {@link BLOCK_MAX_EVENTS} events or {@link BLOCK_MAX_CHARS}
 * characters. Pure: compression is the caller's.
 */
import type { LotEvent } from '../events';
import { canonicalJson, parseCanonicalJson } from './canonicalJson';
import type { HlcStamp } from './clock';

/** A block is sealed at this many events… */
export const BLOCK_MAX_EVENTS = 1_000;
/** …or at this many characters of lines, whichever comes first (about 25 kB compressed). */
export const BLOCK_MAX_CHARS = 256 * 1024;

/** A block's lines and what is known of them (the caller adds the stored form). */
export interface BlockDraft {
  /** The first event's clock stamp: the block's key, which orders blocks in clock order. */
  first: HlcStamp;
  last: HlcStamp;
  count: number;
  /**
   * The ids of the records (lotId) its new events belong to, sorted (for a block that continues
   * an open one, only the events appended now): a record's history reads only its blocks.
   */
  entities: string[];
  text: string;
  /** Full: to be sealed. */
  full: boolean;
}

/** The line a backup and a block hold an event in (with its line break). */
export function eventLine(e: LotEvent): string {
  return `{"event":${canonicalJson(e)}}\n`;
}

/**
 * {@link eventLine} of `e`, made from `portable`, the text `e` had without `seq` (a team
 * segment's line, shared/sync/folderFormat.ts portableLineOf), by putting `"seq":…` where its key
 * sorts: far cheaper than writing the whole event out again (a first team sync does it for half a
 * million events). Where it goes is found by reading the text's top-level members from its end
 * (the few that sort after `seq`), stepping over their values. When the event's keys are not in
 * sorted order, or the text's end is not in the canonical form {@link eventLine} writes (a space
 * between tokens, keys out of order, a `seq` already there), the event is written out whole.
 */
export function eventLineFrom(e: LotEvent, portable: string | undefined): string {
  if (portable === undefined || !keysInOrder(e)) return eventLine(e);
  const at = seqPlace(portable);
  if (at === -1) return eventLine(e);
  // Before the first key after seq, or (none after it) before the closing brace.
  return portable.charCodeAt(at) === QUOTE
    ? `{"event":${portable.slice(0, at)}"seq":${e.seq},${portable.slice(at)}}\n`
    : `{"event":${portable.slice(0, at)}${at === 1 ? '' : ','}"seq":${e.seq}}}\n`;
}

/** Whether an object's keys (seq aside, wherever it was put) are in sorted order, as they stood in the text it was parsed from. */
function keysInOrder(e: LotEvent): boolean {
  let previous: string | null = null;
  for (const key in e) {
    if (key === 'seq') continue;
    if (previous !== null && key <= previous) return false;
    previous = key;
  }
  return true;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Whether the quote at `at` is escaped (an odd number of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
  return slashes % 2 === 1;
}

/** Where the string whose closing quote is at `end` opens (its opening quote); -1 when it does not. */
function stringStart(text: string, end: number): number {
  let at = end;
  do at = text.lastIndexOf('"', at - 1);
  while (at > 0 && escaped(text, at));
  return at;
}

/** Where the JSON value that ends at `end` (its last character) starts, in text without spaces; -1 when it is not such a value. */
function valueStart(text: string, end: number): number {
  const last = text.charCodeAt(end);
  if (last === QUOTE) return stringStart(text, end);
  if (last !== CLOSE_BRACE && last !== CLOSE_BRACKET) {
    // A number, true, false or null: back to the colon, comma or opening bracket before it.
    let at = end;
    for (; at > 0; at--) {
      const c = text.charCodeAt(at - 1);
      if (c === COLON || c === COMMA || c === OPEN_BRACKET || c === OPEN_BRACE) break;
      if (c <= 32 || c === QUOTE || c === CLOSE_BRACE || c === CLOSE_BRACKET) return -1;
    }
    return at;
  }
  let depth = 0;
  for (let at = end; at >= 0; at--) {
    const c = text.charCodeAt(at);
    if (c === QUOTE) {
      at = stringStart(text, at);
      if (at === -1) return -1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth++;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth--;
      if (depth === 0) return at;
    } else if (c <= 32) return -1;
  }
  return -1;
}

/**
 * Where `"seq":…` goes in an object's canonical text that lacks it: the index of the first
 * top-level key that sorts after `seq`, or of the closing brace when none does; -1 when the
 * members from the end back to the first key before `seq` are not of canonical form (keys in
 * order, no spaces, no `seq`). Read from the end, so only those members are stepped over.
 */
export function seqPlace(text: string): number {
  const close = text.length - 1;
  if (text.charCodeAt(0) !== OPEN_BRACE || text.charCodeAt(close) !== CLOSE_BRACE) return -1;
  if (close === 1) return 1;
  let next: string | null = null;
  let end = close - 1;
  for (;;) {
    const start = valueStart(text, end);
    if (start < 4 || text.charCodeAt(start - 1) !== COLON || text.charCodeAt(start - 2) !== QUOTE) return -1;
    const keyStart = stringStart(text, start - 2);
    if (keyStart < 1) return -1;
    const key = text.slice(keyStart + 1, start - 2);
    if ((next !== null && key >= next) || key === 'seq' || key.includes('\\')) return -1;
    const before = text.charCodeAt(keyStart - 1);
    if (before !== COMMA && !(before === OPEN_BRACE && keyStart === 1)) return -1;
    // The last member before seq: seq goes after it.
    if (key < 'seq') return next === null ? close : end + 2;
    if (before === OPEN_BRACE) return 1;
    next = key;
    end = keyStart - 2;
  }
}

function isFull(count: number, chars: number): boolean {
  return count >= BLOCK_MAX_EVENTS || chars >= BLOCK_MAX_CHARS;
}

/**
 * The blocks after appending `events` (already stamped, later than everything in `open`) to the
 * log whose newest block is `open` (null: none, or it is sealed). The first block returned
 * continues `open` when there is one (same key); the rest are new.
 */
export function appendToBlocks(open: Omit<BlockDraft, 'full' | 'entities'> | null, events: readonly LotEvent[]): BlockDraft[] {
  return [...cutBlocks(open, events)];
}

/**
 * {@link appendToBlocks}, one block at a time: each is given as soon as it is cut, so a caller
 * can hand it on (to be compressed elsewhere) while the next is being cut.
 */
export function* cutBlocks(open: Omit<BlockDraft, 'full' | 'entities'> | null, events: readonly LotEvent[], lineOf: (e: LotEvent, i: number) => string = eventLine): Generator<BlockDraft> {
  let parts: string[] = [];
  let chars = 0;
  let entities = new Set<string>();
  let current: { first: HlcStamp; last: HlcStamp; count: number } | null = null;
  if (open !== null && !isFull(open.count, open.text.length)) {
    parts = [open.text];
    chars = open.text.length;
    current = { first: open.first, last: open.last, count: open.count };
  }
  const flush = (): BlockDraft => {
    const draft = { ...(current as { first: HlcStamp; last: HlcStamp; count: number }), entities: [...entities].sort(), text: parts.join(''), full: isFull((current as { count: number }).count, chars) };
    parts = [];
    chars = 0;
    entities = new Set();
    current = null;
    return draft;
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as LotEvent;
    if (current !== null && isFull(current.count, chars)) yield flush();
    const line = lineOf(e, i);
    if (current === null) current = { first: e.hlc, last: e.hlc, count: 0 };
    parts.push(line);
    chars += line.length;
    entities.add(e.lotId);
    current.last = e.hlc;
    current.count++;
  }
  if (current !== null) yield flush();
}

/** `events` (in clock order) as sealed-to-be blocks, as {@link appendToBlocks} would have made them one by one. */
export function blocksOf(events: readonly LotEvent[]): BlockDraft[] {
  return appendToBlocks(null, events);
}

/** Where a block's lines fail to parse: the line (1-based within the text) and why. */
export class EventLinesError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * The parsed lines of a block of records (each line one JSON value; the text ends with a line
 * break); throws {@link EventLinesError} naming the first line that is not JSON. One JSON.parse
 * for the whole text (a per-line parse with a reviver took three times as long); typed arrays
 * (`$u8`, `$u16`) are revived only in texts that hold them.
 */
export function parseRecordLines(text: string): unknown[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new EventLinesError(lineCount(text), 'it ends in the middle of a line');
  const body = text.slice(0, -1);
  let rows: unknown;
  try {
    const array = `[${body.replaceAll('\n', ',')}]`;
    rows = body.includes('"$u') ? parseCanonicalJson(array) : JSON.parse(array);
  } catch {
    rows = null;
  }
  if (Array.isArray(rows) && rows.length === lineCount(body)) return rows;
  // Find the line at fault (rare: only a damaged or hand-edited file gets here).
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    try {
      parseCanonicalJson(lines[i] as string);
    } catch (e) {
      throw new EventLinesError(i + 1, `not valid JSON (${(e as Error).message})`);
    }
  }
  throw new EventLinesError(1, 'the lines do not form records');
}

/** The values of a block's lines, each `{"event":…}` unwrapped; throws {@link EventLinesError} naming the first line that is not such a record. */
export function parseEventLines(text: string): unknown[] {
  const rows = parseRecordLines(text);
  const events: unknown[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new EventLinesError(i + 1, 'not one record');
    const keys = Object.keys(row);
    if (keys.length !== 1 || keys[0] !== 'event') throw new EventLinesError(i + 1, keys.length === 1 ? `a "${keys[0]}" record among the events` : 'not one record');
    events[i] = (row as { event: unknown }).event;
  }
  return events;
}
