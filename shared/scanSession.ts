/**
 * A receiving scan session, pure: a technician scans serials (a keyboard-wedge scanner types
 * the code and presses Enter) or pastes a column, each scan is accepted or rejected at once with
 * a message, and nothing is written until the technician reviews the list and commits it in one
 * transaction (renderer/db/units.ts `addUnits`/`importUnits`, fed by {@link commitPlan}).
 *
 * A session receives into one lot, or into the lots of one PO: each scan goes to the first lot,
 * in the order given, that has room and whose serial format accepts it, so a PO with two models
 * whose serials look different can be scanned in any order. Partial deliveries are natural:
 * `remaining` is what the lot can still take (its quantity less the units it already tracks), so
 * receiving 300 of 512 today leaves a session for 212 next week.
 *
 * Sessions are immutable values (a React state can hold one); each scan, or each pasted column
 * ({@link scanAll}), copies the per-session indexes once.
 */
import { appendTo } from './collections';
import type { Uuid } from './ids';
import { checkSerial, DEFAULT_SERIAL_FORMAT, normaliseCode, type SerialFormat, type UnitHolder } from './units';

/** A lot a session receives into. */
export interface ScanTarget {
  lotId: Uuid;
  lotCode: string;
  /** How many more units the lot can take (quantity − units already tracked). */
  remaining: number;
  /** The lot's model's serial format, when the catalogue has one. */
  format?: SerialFormat;
}

export interface ScanSessionOptions {
  targets: readonly ScanTarget[];
  /** Where a serial already is in the fleet, or null (e.g. a look-up in `unitHolders(db).bySerial`). */
  knownSerials: (serial: string) => UnitHolder | null;
  /**
   * Which unit carries a code as its asset tag, or null (`unitHolders(db).byAssetTag`). A label's
   * QR code is the asset tag, so a labelled unit scanned by mistake is refused, not received as
   * a second unit whose serial is that tag (two labels would then carry one code).
   */
  knownAssetTags?: (tag: string) => UnitHolder | null;
}

export interface AcceptedScan {
  serial: string;
  lotId: Uuid;
  /** 1, 2, 3… in the order scanned (kept when earlier scans are removed), for "scan #14" messages. */
  number: number;
}

export interface ScanSession {
  readonly targets: readonly ScanTarget[];
  readonly knownSerials: (serial: string) => UnitHolder | null;
  readonly knownAssetTags: (tag: string) => UnitHolder | null;
  /** Accepted scans in scan order. */
  readonly accepted: readonly AcceptedScan[];
  /** Serial → its accepted scan. */
  readonly bySerial: ReadonlyMap<string, AcceptedScan>;
  /** Lot → accepted scans for it. */
  readonly counts: ReadonlyMap<Uuid, number>;
  /** Scans attempted (accepted or not), so each gets a number. */
  readonly attempts: number;
}

export const SCAN_OUTCOMES = ['accepted', 'duplicate', 'in-fleet', 'bad-format', 'over-quantity', 'empty'] as const;
export type ScanOutcomeKind = (typeof SCAN_OUTCOMES)[number];

export interface ScanOutcome {
  /** `empty`: nothing but whitespace or scanner control characters (a stray Enter); ignore it quietly. */
  kind: ScanOutcomeKind;
  /** The canonical serial ('' for empty). */
  serial: string;
  /** For the technician: what happened, and for a rejection where the serial already is. */
  message: string;
  /** The lot it was accepted for, or the lot already holding it (in-fleet), else null. */
  lotId: Uuid | null;
}

export function createScanSession(options: ScanSessionOptions): ScanSession {
  return { targets: [...options.targets], knownSerials: options.knownSerials, knownAssetTags: options.knownAssetTags ?? (() => null), accepted: [], bySerial: new Map(), counts: new Map(), attempts: 0 };
}

/** How many more units the session can accept for a target. */
export function roomLeft(session: ScanSession, lotId: Uuid): number {
  const target = session.targets.find((t) => t.lotId === lotId);
  return target ? Math.max(0, target.remaining - (session.counts.get(lotId) ?? 0)) : 0;
}

/** Scans one code: pure and instant. The session is unchanged unless the scan is accepted (bar its attempt count). */
export function scan(session: ScanSession, raw: string): { session: ScanSession; outcome: ScanOutcome } {
  const r = scanAll(session, [raw]);
  return { session: r.session, outcome: r.outcomes[0] as ScanOutcome };
}

/**
 * Scans codes in turn, as the scanner would (a pasted column, a draft scanned again): the same
 * sessions and outcomes as {@link scan} code by code, but the session's indexes are copied once
 * for the lot, not once per code (per code, a paste of 20,000 serials took minutes).
 */
export function scanAll(session: ScanSession, raws: readonly string[]): { session: ScanSession; outcomes: ScanOutcome[] } {
  let attempts = session.attempts;
  // Copied on the first accepted scan, then changed in place: the session given stays as it was.
  let accepted: AcceptedScan[] | null = null;
  let bySerial: Map<string, AcceptedScan> | null = null;
  let counts: Map<Uuid, number> | null = null;
  const outcomes: ScanOutcome[] = [];
  const countOf = (lotId: Uuid) => (counts ?? session.counts).get(lotId) ?? 0;
  const room = (t: ScanTarget) => Math.max(0, t.remaining - countOf(t.lotId));
  for (const raw of raws) {
    const serial = normaliseCode(raw);
    if (serial === '') {
      outcomes.push({ kind: 'empty', serial, message: 'Nothing was scanned.', lotId: null });
      continue;
    }
    attempts += 1;
    const number = attempts;
    const reject = (kind: ScanOutcomeKind, message: string, lotId: Uuid | null = null) => outcomes.push({ kind, serial, message, lotId });

    const earlier = (bySerial ?? session.bySerial).get(serial);
    if (earlier) {
      reject('duplicate', `${serial} was already scanned in this session (scan #${earlier.number}).`, earlier.lotId);
      continue;
    }
    const holder = session.knownSerials(serial);
    if (holder) {
      reject('in-fleet', `${serial} is already in the fleet, in lot ${holder.lotCode}.`, holder.lotId);
      continue;
    }
    const tagged = session.knownAssetTags(serial);
    if (tagged) {
      reject('in-fleet', `${serial} is the asset tag of ${tagged.serial}, already in the fleet in lot ${tagged.lotCode}.`, tagged.lotId);
      continue;
    }

    const fitting = session.targets.filter((t) => checkSerial(serial, t.format ?? DEFAULT_SERIAL_FORMAT).ok);
    if (fitting.length === 0) {
      reject('bad-format', badFormatMessage(serial, session.targets));
      continue;
    }
    const target = fitting.find((t) => room(t) > 0);
    if (!target) {
      const names = fitting.map((t) => `${t.lotCode} (${t.remaining} expected)`).join(', ');
      reject('over-quantity', `${serial} was not added: ${fitting.length === 1 ? 'the lot is' : 'the lots are'} full — ${names}.`);
      continue;
    }
    accepted ??= [...session.accepted];
    bySerial ??= new Map(session.bySerial);
    counts ??= new Map(session.counts);
    const scanned: AcceptedScan = { serial, lotId: target.lotId, number };
    accepted.push(scanned);
    bySerial.set(serial, scanned);
    counts.set(target.lotId, countOf(target.lotId) + 1);
    const left = target.remaining - countOf(target.lotId);
    outcomes.push({ kind: 'accepted', serial, message: `${serial} → ${target.lotCode} (${left} more expected).`, lotId: target.lotId });
  }
  if (attempts === session.attempts) return { session, outcomes };
  const next: ScanSession = accepted && bySerial && counts ? { ...session, attempts, accepted, bySerial, counts } : { ...session, attempts };
  return { session: next, outcomes };
}

/**
 * Why a serial fits no lot of the session. Every lot's format narrows the default one, so a code
 * that is no serial at all is told once; otherwise each lot's own format is named (a PO session
 * over two models: the lot the box was meant for may be the second).
 */
function badFormatMessage(serial: string, targets: readonly ScanTarget[]): string {
  const base = checkSerial(serial);
  if (!base.ok) return base.error;
  // Called when no lot's format fits, so every lot is named under its format.
  const lotsByFormat = new Map<string, string[]>();
  for (const t of targets) appendTo(lotsByFormat, (t.format ?? DEFAULT_SERIAL_FORMAT).description, t.lotCode);
  const expected = [...lotsByFormat];
  if (expected.length === 0) return `${serial} fits none of this session’s lots.`;
  // One format for every lot (one lot, or a PO of one model): said as for one lot.
  if (expected.length === 1) return `“${serial}” is not a valid serial: expected ${expected[0]?.[0] ?? ''}.`;
  const each = expected.map(([description, lots]) => `${lots.join(', ')} ${lots.length === 1 ? 'expects' : 'expect'} ${description}`);
  return `“${serial}” is not a valid serial for any lot of this session: ${each.join('; ')}.`;
}

/** Scans every line of a pasted column (or a spreadsheet selection: the first cell of each row). */
export function scanMany(session: ScanSession, text: string): { session: ScanSession; outcomes: ScanOutcome[] } {
  return scanAll(session, pastedCodes(text));
}

/** The codes of a pasted column: one per line, the first tab- or comma-separated cell, blank lines skipped. */
export function pastedCodes(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/u)
    .map((line) => line.split(/[\t,;]/u)[0] ?? '')
    .filter((code) => normaliseCode(code) !== '');
}

/** Takes a scan back out (a wrong box scanned); the lot's room is freed. */
export function removeScan(session: ScanSession, serialOrRaw: string): ScanSession {
  const serial = normaliseCode(serialOrRaw);
  const scanned = session.bySerial.get(serial);
  if (!scanned) return session;
  const bySerial = new Map(session.bySerial);
  bySerial.delete(serial);
  const counts = new Map(session.counts);
  counts.set(scanned.lotId, (counts.get(scanned.lotId) ?? 1) - 1);
  return { ...session, accepted: session.accepted.filter((a) => a.serial !== serial), bySerial, counts };
}

/** What committing writes: per lot with accepted scans, its serials in scan order. */
export interface CommitBatch {
  lotId: Uuid;
  lotCode: string;
  serials: string[];
  /** Still expected for the lot after this commit (a later session receives them). */
  stillExpected: number;
}

export function commitPlan(session: ScanSession): CommitBatch[] {
  return session.targets
    .map((t) => ({
      lotId: t.lotId,
      lotCode: t.lotCode,
      serials: session.accepted.filter((a) => a.lotId === t.lotId).map((a) => a.serial),
      stillExpected: roomLeft(session, t.lotId),
    }))
    .filter((b) => b.serials.length > 0);
}
