/**
 * Work in progress kept across a reload or a crash (issue 9): the serials of a scan session not
 * yet committed, the shipment list. One row per draft in the `drafts` table (schema version 6).
 * A draft is this device's unfinished work, not the books: it is never an event, never in a
 * backup, never synced.
 *
 * Drafts come back from disk, where an older or newer build, or a hand edit, may have left
 * anything: each is checked on the way out, and a malformed one is deleted rather than offered
 * (or allowed to crash the view that asked for it).
 */
import { normaliseCode } from '../../shared/units';
import type { FleetDb } from './database';

/** A draft's key and the check its stored value must pass. One per kind of work in progress. */
export interface DraftKind<T> {
  readonly key: string;
  readonly check: (value: unknown) => value is T;
}

export interface SavedDraft<T> {
  value: T;
  /** When it was last saved (ISO). */
  savedAt: string;
}

/** A scan session not yet committed: its accepted serials, in scan order. */
export interface ScanSessionDraft {
  serials: readonly string[];
}

/** The shipment being gathered (renderer/state/shipment.ts): its serials in scan order, and the reference typed. */
export interface ShipmentDraft {
  serials: readonly string[];
  reference: string;
}

/** Canonical (as the app stores them), non-empty and each once: what the app itself writes. */
function isSerialList(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  const seen = new Set<string>();
  for (const s of value as unknown[]) {
    if (typeof s !== 'string' || s === '' || normaliseCode(s) !== s || seen.has(s)) return false;
    seen.add(s);
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScanSessionDraft(value: unknown): value is ScanSessionDraft {
  return isRecord(value) && isSerialList(value.serials);
}

export function isShipmentDraft(value: unknown): value is ShipmentDraft {
  return isRecord(value) && isSerialList(value.serials) && typeof value.reference === 'string';
}

/** Where a scan session's draft is kept: a PO's session has its own, apart from its lots' own sessions. */
export type ScanSessionScope = { lotId: string } | { poNumber: string };

/**
 * The draft of the scan session for one lot (`scan-session:<lotId>`) or for the lots of one PO
 * (`scan-session:po:<PO number>`). Keyed by what the session receives into, so reopening that
 * lot's (or that PO's) session is where the serials are offered back, and a session for another
 * lot started meanwhile never overwrites them. A lot id is a UUID, so the two never collide.
 */
export function scanSessionDraft(scope: ScanSessionScope): DraftKind<ScanSessionDraft> {
  const key = 'poNumber' in scope ? `scan-session:po:${scope.poNumber.trim()}` : `scan-session:${scope.lotId}`;
  return { key, check: isScanSessionDraft };
}

/**
 * A move of a lot's tracked units not yet made (the Move dialog): the units named so far, in scan
 * order, and the room and rack they go to. The rest of the move (target, date, note) is quick to
 * give again; a pallet's worth of scans is not.
 */
export interface MoveUnitsDraft {
  serials: readonly string[];
  room: string;
  rack: string;
}

export function isMoveUnitsDraft(value: unknown): value is MoveUnitsDraft {
  return isRecord(value) && isSerialList(value.serials) && typeof value.room === 'string' && typeof value.rack === 'string';
}

/** The draft of a move of the units of lot `lotId` (`move-units:<lotId>`): offered back when that lot's Move dialog opens again. */
export function moveUnitsDraft(lotId: string): DraftKind<MoveUnitsDraft> {
  return { key: `move-units:${lotId}`, check: isMoveUnitsDraft };
}

/** The one shipment list (there is one shipment view). */
export const SHIPMENT_DRAFT: DraftKind<ShipmentDraft> = { key: 'shipment', check: isShipmentDraft };

/** Replaces the draft with `value`, stamped `now`. One small put. */
export async function saveDraft<T>(db: FleetDb, kind: DraftKind<T>, value: T, now: Date = new Date()): Promise<void> {
  // Checked on the way in too: a value that would be refused on the way out is a bug here, not data.
  if (!kind.check(value)) throw new Error(`Invalid draft for "${kind.key}"`);
  await db.drafts.put({ key: kind.key, value, savedAt: now.toISOString() });
}

function validRow<T>(kind: DraftKind<T>, row: { value: unknown; savedAt: unknown } | undefined): SavedDraft<T> | null | 'malformed' {
  if (row === undefined) return null;
  if (!kind.check(row.value) || typeof row.savedAt !== 'string' || Number.isNaN(Date.parse(row.savedAt))) return 'malformed';
  return { value: row.value, savedAt: row.savedAt };
}

/**
 * The draft if there is a valid one, else null. Read-only (a malformed draft reads as none), so
 * it can run inside `useLiveQuery`; {@link loadDraft} also deletes a malformed one.
 */
export async function readDraft<T>(db: FleetDb, kind: DraftKind<T>): Promise<SavedDraft<T> | null> {
  const found = validRow(kind, await db.drafts.get(kind.key));
  return found === 'malformed' ? null : found;
}

/** The draft if there is a valid one, else null; a malformed one is deleted, so it is not met again. */
export async function loadDraft<T>(db: FleetDb, kind: DraftKind<T>): Promise<SavedDraft<T> | null> {
  const found = validRow(kind, await db.drafts.get(kind.key));
  if (found !== 'malformed') return found;
  console.warn(`Deleted the malformed draft "${kind.key}"`);
  await db.drafts.delete(kind.key);
  return null;
}

export async function discardDraft(db: FleetDb, kind: DraftKind<unknown>): Promise<void> {
  await db.drafts.delete(kind.key);
}

/**
 * Keeps one draft up to date from a view that changes it often (every scan, every keystroke of
 * a reference) without ever making the view wait: `save` and `discard` return at once, one write
 * is in flight at a time, and only the latest value asked for while it runs is written next. So
 * writes land in the order asked, a burst of scans costs a few puts rather than one per scan,
 * and the last word (a discard after commit) is the one that stays.
 *
 * A failed write is not thrown (nobody awaits it) but kept as `error()` until a later write
 * succeeds, and told to subscribers, so the view can say the work is not being kept.
 */
export interface DraftWriter<T> {
  save(value: T): void;
  discard(): void;
  /** Resolves when every write asked for so far has been done (or has failed). */
  settled(): Promise<void>;
  /** The last write's failure, or null when it succeeded (or none was made). */
  error(): unknown;
  /** For `useSyncExternalStore`: called when `error()` changes. */
  subscribe(listener: () => void): () => void;
}

export function draftWriter<T>(db: FleetDb, kind: DraftKind<T>): DraftWriter<T> {
  let next: { op: 'save'; value: T } | { op: 'discard' } | null = null;
  let running: Promise<void> | null = null;
  let lastError: unknown = null;
  const listeners = new Set<() => void>();
  const setError = (e: unknown) => {
    if (e === lastError) return;
    lastError = e;
    for (const listener of [...listeners]) listener();
  };
  const run = async () => {
    while (next !== null) {
      const asked = next;
      next = null;
      try {
        if (asked.op === 'save') await saveDraft(db, kind, asked.value);
        else await discardDraft(db, kind);
        setError(null);
      } catch (e) {
        setError(e);
      }
    }
    running = null;
  };
  const ask = (op: NonNullable<typeof next>) => {
    next = op;
    running ??= run();
  };
  return {
    save: (value) => ask({ op: 'save', value }),
    discard: () => ask({ op: 'discard' }),
    settled: () => running ?? Promise.resolve(),
    error: () => lastError,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
