/**
 * Serial-numbered units of a lot: the unit record, serial and asset-tag rules, NIST SP 800-88
 * sanitisation records, which units follow a split, a unit's history, and the compact
 * ("packed") form units are stored and logged in.
 *
 * Decisions (PRODUCT.md "Unit"; the measurements are in renderer/db/schema.ts, version 3):
 *
 * - **The serial is the unit's identity.** Serials are unique fleet-wide, so a unit needs no
 *   separate UUID; events and look-ups name units by serial. A random id per unit would cost
 *   3.6 MB more to store and to read at every start-up for 100,000 units (measured: about
 *   +60 % on the start-up read), and merging two imports by serial is exactly what we want.
 * - **Serials and asset tags are stored upper-case**, trimmed, with control and invisible
 *   format characters removed. A keyboard-wedge scanner types what it reads plus Enter, Tab or
 *   GS (0x1D) depending on its set-up, and with Caps Lock on it inverts letter case; no
 *   manufacturer tells two units apart by case alone. One canonical form means "already
 *   scanned" and "already in the fleet" can never be fooled by either.
 * - **A unit's lifecycle status is its lot's.** Moving units to another status means moving them
 *   in a lot move (a split that the named units follow), so the books and the units never
 *   disagree. A unit only adds a condition of its own: `ok`, `missing` (not found where it
 *   should be) or `faulty` (failed burn-in or in use; a candidate for an RMA move).
 * - **Location** is site / room / rack / U. `siteId: null` means "at the lot's site", so moving a
 *   lot moves its units without rewriting each.
 * - **A lot may be tracked by count alone, or partly**: it holds at most `quantity` units; the
 *   rest are counted but have no serial yet (received next week, or never scanned).
 */
import { appendTo } from './collections';
import { counted } from './counted';
import { modelLabel, type HardwareModel } from './catalog';
import { compareIso, isIsoDate, type IsoDate } from './dates';
import type { LotEvent } from './events';
import type { Uuid } from './ids';
import type { Lot } from './lot';
import { err, ok, type Result } from './result';

export const UNIT_CONDITIONS = ['ok', 'missing', 'faulty'] as const;
export type UnitCondition = (typeof UNIT_CONDITIONS)[number];

export const UNIT_CONDITION_LABELS: Readonly<Record<UnitCondition, string>> = {
  ok: 'OK',
  missing: 'Missing',
  faulty: 'Faulty',
};

export function isUnitCondition(text: string): text is UnitCondition {
  return (UNIT_CONDITIONS as readonly string[]).includes(text);
}

/** The highest rack position accepted (a tall rack is 58U; the field stores 1–99). */
export const MAX_RACK_U = 99;

/** One serial-numbered item of a lot. */
export interface Unit {
  /** Canonical serial (see {@link normaliseCode}); unique fleet-wide; the unit's identity. */
  serial: string;
  lotId: Uuid;
  /** The organisation's own label, canonical like serials, unique fleet-wide; '' when none. */
  assetTag: string;
  /** Where the unit is; null means at its lot's site. */
  siteId: Uuid | null;
  room: string;
  rack: string;
  /** Lowest rack unit the item occupies, 1–{@link MAX_RACK_U}; null when not racked. */
  u: number | null;
  status: UnitCondition;
  notes: string;
  /** The latest sanitisation record (earlier ones stay in the lot's events). */
  sanitisation: SanitisationRecord | null;
}

/** A unit as received (scanned, pasted or imported): everything but its lot. */
export type UnitInput = Omit<Unit, 'lotId' | 'sanitisation'> & { sanitisation?: SanitisationRecord | null };

/** A unit with nothing recorded but its serial. */
export function bareUnit(serial: string): UnitInput {
  return { serial, assetTag: '', siteId: null, room: '', rack: '', u: null, status: 'ok', notes: '' };
}

// ---- Serials and asset tags ---------------------------------------------------------------

/** Control characters (CR, LF, Tab, GS, EOT…) and invisible format characters (zero-width space, BOM). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * The canonical form of a scanned, typed or imported serial or asset tag: control and
 * invisible characters removed, surrounding spaces trimmed, upper-case.
 *
 * A letter outside ASCII whose capital is ASCII (ß → SS, ſ → S, ı → I, ﬁ → FI) is kept as it
 * came: upper-cased, it would make another code that the format accepts. A scanner set to a US
 * layout on a German keyboard types "-" as ß, and "SN-0001" was received as SNSS0001; kept, it
 * is refused with the ß named.
 */
export function normaliseCode(raw: string): string {
  // Printable ASCII without spaces (almost every code): nothing to remove or trim, at most
  // lower-case letters to upper-case (an import's 200,000 codes, most of them canonical already).
  let lower = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return normaliseAnyCode(raw);
    if (c >= 0x61 && c <= 0x7a) lower = true;
  }
  return lower ? raw.toUpperCase() : raw;
}

function normaliseAnyCode(raw: string): string {
  const code = raw.replace(INVISIBLE, '').trim();
  if (!NON_ASCII.test(code)) return code.toUpperCase();
  let out = '';
  for (const c of code) {
    const upper = c.toUpperCase();
    out += NON_ASCII.test(c) && !NON_ASCII.test(upper) ? c : upper;
  }
  return out;
}

/** What a serial must look like. Per model when the catalogue gives a pattern, else the default. */
export interface SerialFormat {
  /** Tested against the canonical (upper-case) serial; must match it whole. */
  pattern: RegExp;
  /** Says what a valid serial looks like, for the rejection message. */
  description: string;
}

/**
 * 4–40 characters of letters A–Z, digits and `- _ . /`, starting with a letter or digit (a leading
 * `-`, `+` or `=` would also be taken for a formula by spreadsheets). Only A–Z: the message says
 * so, so that a person with "ÄB-12" knows which character is refused.
 */
export const DEFAULT_SERIAL_FORMAT: SerialFormat = {
  pattern: /^[A-Z0-9][A-Z0-9\-_./]{3,39}$/u,
  description: '4–40 characters: letters A–Z, digits 0–9, “-”, “_”, “.” or “/”, starting with a letter A–Z or a digit',
};

/** Asset tags: 1–40 of the same characters. */
export const ASSET_TAG_FORMAT: SerialFormat = {
  pattern: /^[A-Z0-9][A-Z0-9\-_./]{0,39}$/u,
  description: 'up to 40 characters: letters A–Z, digits 0–9, “-”, “_”, “.” or “/”, starting with a letter A–Z or a digit',
};

/**
 * A format from a pattern a person typed (e.g. a model's `^S3Z[0-9A-Z]{11}$`). Anchored, and
 * matched ignoring case: serials are stored upper-case, so a pattern typed as `s[0-9a-z]{13}`
 * means the same serials rather than none. An invalid pattern is a message, not an exception.
 */
export function serialFormat(source: string, description = `matching ${source}`): Result<SerialFormat> {
  const body = source.trim().replace(/^\^/u, '').replace(/\$$/u, '');
  if (body === '') return err('The serial pattern is empty.');
  try {
    return ok({ pattern: new RegExp(`^(?:${body})$`, 'iu'), description });
  } catch (e) {
    return err(`The serial pattern ${JSON.stringify(source)} is not a valid regular expression: ${(e as Error).message}`);
  }
}

/**
 * Checks a canonical serial; the message says what was wrong and what is expected. A model's
 * format narrows the default one, never widens it: whatever a pattern says, a serial stays 4–40
 * characters of the safe set (a `.*` pattern must not let commas, spaces or quotes into CSV
 * exports and labels).
 */
export function checkSerial(serial: string, format: SerialFormat = DEFAULT_SERIAL_FORMAT): Result<string> {
  if (serial === '') return err('The serial is empty.');
  if (!DEFAULT_SERIAL_FORMAT.pattern.test(serial)) return err(`“${serial}” is not a valid serial: expected ${DEFAULT_SERIAL_FORMAT.description}.`);
  if (format !== DEFAULT_SERIAL_FORMAT && !format.pattern.test(serial)) return err(`“${serial}” is not a valid serial: expected ${format.description}.`);
  return ok(serial);
}

/** Checks a canonical asset tag ('' is allowed: no tag). */
export function checkAssetTag(tag: string): Result<string> {
  if (tag === '' || ASSET_TAG_FORMAT.pattern.test(tag)) return ok(tag);
  return err(`“${tag}” is not a valid asset tag: expected ${ASSET_TAG_FORMAT.description}.`);
}

/** Where a serial or asset tag already is in the fleet (for "already in the fleet" messages). */
export interface UnitHolder {
  serial: string;
  lotId: Uuid;
  lotCode: string;
}

// ---- Sanitisation (NIST SP 800-88) ---------------------------------------------------------

/** SP 800-88 sanitisation categories, weakest to strongest. */
export const SANITISATION_METHODS = ['clear', 'purge', 'destroy'] as const;
export type SanitisationMethod = (typeof SANITISATION_METHODS)[number];

/** Suggestions for the technique field (SP 800-88 Appendix A); free text is accepted. */
export const SANITISATION_TECHNIQUES: Readonly<Record<SanitisationMethod, readonly string[]>> = {
  clear: ['overwrite', 'factory reset'],
  purge: ['cryptographic erase', 'block erase', 'sanitize command', 'overwrite (ATA/NVMe sanitize)', 'degauss'],
  destroy: ['shred', 'disintegrate', 'pulverise', 'incinerate', 'melt'],
};

/** SP 800-88 verification: a full read-back, a representative sample, or visual inspection for destruction. */
export const VERIFICATION_METHODS = ['full', 'sampling', 'visual inspection'] as const;

export const VERIFICATION_RESULTS = ['passed', 'failed'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/**
 * One sanitisation of one unit's media, with the fields of SP 800-88's sample certificate
 * (Appendix G): how, with what (tool and version), how it was verified and with what result,
 * who and when, and which media.
 */
export interface SanitisationRecord {
  method: SanitisationMethod;
  /** E.g. "cryptographic erase", "overwrite", "shred". */
  technique: string;
  /** Software or device used, e.g. "nvme-cli" or "Shredder SSD-1". */
  tool: string;
  /** Version of the tool (software) or its firmware; may be '' for a physical destruction device. */
  toolVersion: string;
  /** E.g. "full", "sampling", "visual inspection". */
  verificationMethod: string;
  verificationResult: VerificationResult;
  performedBy: string;
  /** Empty when the person performing also verified. */
  verifiedBy: string;
  performedAt: IsoDate;
  /** Serial(s) of the storage media sanitised (the drives inside a server); '' when the unit is the medium. */
  mediaSerial: string;
  note: string;
}

/**
 * Checks a record; `today` (a date, never read from the clock) rules out records dated in the future.
 * Returns the record trimmed.
 */
export function validateSanitisationRecord(record: SanitisationRecord, today: IsoDate): Result<SanitisationRecord> {
  const r: SanitisationRecord = {
    ...record,
    technique: record.technique.trim(),
    tool: record.tool.trim(),
    toolVersion: record.toolVersion.trim(),
    verificationMethod: record.verificationMethod.trim(),
    performedBy: record.performedBy.trim(),
    verifiedBy: record.verifiedBy.trim(),
    mediaSerial: record.mediaSerial.trim(),
    note: record.note.trim(),
  };
  const problems: string[] = [];
  if (!(SANITISATION_METHODS as readonly string[]).includes(r.method)) problems.push(`the method must be one of ${SANITISATION_METHODS.join(', ')}`);
  if (r.technique === '') problems.push('the technique is missing (e.g. cryptographic erase, overwrite, shred)');
  if (r.tool === '') problems.push('the tool is missing');
  if (r.toolVersion === '' && r.method !== 'destroy') problems.push('the tool version is missing (SP 800-88 records the version of a software tool)');
  if (r.verificationMethod === '') problems.push('the verification method is missing (e.g. full, sampling)');
  if (!(VERIFICATION_RESULTS as readonly string[]).includes(r.verificationResult)) problems.push('the verification result must be passed or failed');
  if (r.performedBy === '') problems.push('who performed it is missing');
  if (!isIsoDate(r.performedAt)) problems.push('the date must be a date (YYYY-MM-DD)');
  else if (compareIso(r.performedAt, today) > 0) problems.push(`the date ${r.performedAt} is in the future`);
  return problems.length > 0 ? err(`The sanitisation record is incomplete: ${problems.join('; ')}.`) : ok(r);
}

/**
 * Why a (valid) record cannot be on a unit of `lot`, or null: a record dated before the lot was
 * received (or, not received yet, bought) describes media the fleet did not hold, so a
 * certificate built from it would state what never happened here.
 */
export function sanitisationBeforeLot(record: Pick<SanitisationRecord, 'performedAt'>, lot: Pick<Lot, 'code' | 'receivedDate' | 'purchaseDate'>): string | null {
  if (lot.receivedDate !== null && compareIso(record.performedAt, lot.receivedDate) < 0) {
    return `The sanitisation date ${record.performedAt} is before ${lot.code} was received (${lot.receivedDate}).`;
  }
  if (compareIso(record.performedAt, lot.purchaseDate) < 0) return `The sanitisation date ${record.performedAt} is before ${lot.code} was bought (${lot.purchaseDate}).`;
  return null;
}

/** Whether a unit has a sanitisation record whose verification passed. */
export function isVerifiedSanitised(unit: Pick<Unit, 'sanitisation'>): boolean {
  return unit.sanitisation !== null && unit.sanitisation.verificationResult === 'passed';
}

/**
 * Serials of the units that still lack a verified sanitisation record, when their model is
 * storage-bearing (none otherwise): what the disposal guard (`MoveFacts.unsanitisedUnits`) needs.
 *
 * Only tracked units can carry a record. The untracked part of a partly tracked lot is vouched
 * for by the lot-level move to "sanitised", as for a lot tracked by count alone.
 */
export function unsanitisedUnits(units: readonly Pick<Unit, 'serial' | 'sanitisation'>[], storageBearing: boolean): string[] {
  if (!storageBearing) return [];
  return units.filter((u) => !isVerifiedSanitised(u)).map((u) => u.serial);
}

/**
 * Serials of the storage-bearing units whose verified record is dated after `date` (a disposal's):
 * on that day they were not sanitised yet, so a disposal dated then would put the disposal before
 * the sanitisation in the unit's chain of custody. What `MoveFacts.sanitisedAfter` needs.
 */
export function sanitisedAfter(units: readonly Pick<Unit, 'serial' | 'sanitisation'>[], storageBearing: boolean, date: IsoDate): string[] {
  if (!storageBearing) return [];
  return units.filter((u) => isVerifiedSanitised(u) && compareIso(u.sanitisation?.performedAt ?? '', date) > 0).map((u) => u.serial);
}

// ---- Quantity and splits ------------------------------------------------------------------

/** Room left in a lot for more tracked units. */
export function unitRoom(lot: Pick<Lot, 'quantity'>, trackedUnits: number): number {
  return Math.max(0, lot.quantity - trackedUnits);
}

/**
 * Why a lot cannot take `adding` more units, or null when it can. The lot's quantity bounds its
 * units: a lot of 512 can hold 300 serials today and 212 next week, never 513.
 */
export function overQuantity(lot: Pick<Lot, 'code' | 'quantity'>, trackedUnits: number, adding: number): string | null {
  if (trackedUnits + adding <= lot.quantity) return null;
  const room = unitRoom(lot, trackedUnits);
  return `${lot.code} has a quantity of ${lot.quantity} and already tracks ${trackedUnits} unit${trackedUnits === 1 ? '' : 's'}: room for ${room} more, not ${adding}.`;
}

/** Why a lot's quantity cannot become `quantity` given its tracked units (for quantity edits), or null. */
export function quantityBelowUnits(lotCode: string, quantity: number, trackedUnits: number): string | null {
  return quantity >= trackedUnits
    ? null
    : `${lotCode} tracks ${trackedUnits} serial-numbered units, so its quantity cannot be below ${trackedUnits}; move or remove units first.`;
}

export interface UnitSplit {
  /** Units that go with the moving quantity (to the split child, or with the whole lot). */
  moving: Unit[];
  /** Units that stay in the lot. */
  staying: Unit[];
}

/**
 * Which units follow a move of `quantity` units of `lot`. Named serials (scanned or selected)
 * move; every other tracked unit stays, so the staying part must have room for them: a fully
 * tracked lot must have all the moving units named. Moving the whole lot moves every unit.
 */
export function splitUnits(lot: Pick<Lot, 'code' | 'quantity'>, units: readonly Unit[], quantity: number, named: readonly string[]): Result<UnitSplit> {
  const wanted = new Set<string>();
  const repeated = new Set<string>();
  for (const raw of named) {
    const serial = normaliseCode(raw);
    if (wanted.has(serial)) repeated.add(serial);
    wanted.add(serial);
  }
  if (repeated.size > 0) return err(`${listSerials([...repeated])} ${repeated.size === 1 ? 'is' : 'are'} named more than once.`);
  const inLot = new Set(units.map((u) => u.serial));
  const strangers = [...wanted].filter((s) => !inLot.has(s));
  if (strangers.length > 0) return err(`${listSerials(strangers)} ${strangers.length === 1 ? 'is not a unit' : 'are not units'} of ${lot.code}.`);
  if (wanted.size > quantity) return err(`${wanted.size} units are named but the move is for ${quantity}.`);
  if (quantity >= lot.quantity) {
    // Naming some units says those move; a whole-lot quantity (the dialog's default, the CLI's
    // without --quantity) would move every unit with them, which nobody scanning three asked for.
    if (wanted.size > 0 && wanted.size < units.length) {
      const one = wanted.size === 1;
      return err(
        `${listSerials([...wanted])} ${one ? 'is' : 'are'} named, but the move is for the whole lot (${counted(lot.quantity, 'unit')}), so every unit of ${lot.code} would move:` +
          ` set the quantity to ${wanted.size} to move only the unit${one ? '' : 's'} named, or name every unit.`,
      );
    }
    return ok({ moving: [...units], staying: [] });
  }
  const moving = units.filter((u) => wanted.has(u.serial));
  const staying = units.filter((u) => !wanted.has(u.serial));
  const rest = lot.quantity - quantity;
  if (staying.length > rest) {
    const short = staying.length - rest;
    return err(
      `${lot.code} tracks ${units.length} units and ${rest} stay, so name ${short} more unit${short === 1 ? '' : 's'} that move` +
        ` (${wanted.size} of ${quantity} named).`,
    );
  }
  return ok({ moving, staying });
}

/** "A, B, C and 12 more" */
export function listSerials(serials: readonly string[], limit = 10): string {
  const shown = serials.slice(0, limit).join(', ');
  return serials.length > limit ? `${shown} and ${serials.length - limit} more` : shown;
}

// ---- Unit events --------------------------------------------------------------------------

/**
 * What unit events carry beyond a lot event: `units-received` the received units (packed),
 * `sanitised` the serials and the record, `units-updated` the serials and each one's changed
 * fields before and after, a `split` that named units the serials that went to the child
 * (`relatedLotId`).
 */
export interface UnitEventDetails {
  serials?: string[];
  /**
   * The received units: {@link EventUnits} since the import budget work (see {@link encodeEventUnits});
   * events written before hold a plain {@link PackedUnits}, and both are read (events are never rewritten).
   */
  units?: PackedUnits | EventUnits;
  sanitisation?: SanitisationRecord;
  unitChanges?: UnitChange[];
  /** For `resolved`: units put back as they were (any field but the serial, their lot included). */
  unitRestores?: UnitRestore[];
}
/** A unit put back by a conflict's resolution (shared/sync/conflicts.ts). */
export interface UnitRestore {
  serial: string;
  before: Partial<Omit<Unit, 'serial'>>;
  after: Partial<Omit<Unit, 'serial'>>;
}
export type UnitLotEvent = LotEvent & UnitEventDetails;

/** The serials an event names (none for lot-level events). */
export function eventSerials(event: LotEvent): readonly string[] {
  const e: UnitLotEvent = event;
  if (e.units) return isEventUnits(e.units) ? splitColumn(e.units.serials, e.units.count) : e.units.serials;
  return e.serials ?? [];
}

/**
 * The events that touched a unit, oldest first. `chain` is the lots it has been in, from the
 * first lot of its split chain to the one holding it now, each with its events. Unit events
 * count when they name the unit; a split only when the unit left with it; every other lot event
 * of a lot while the unit was in it counts (a move of the lot moves it). A unit scanned into a
 * part after the split was among the parent's units before it (a part's units all came from
 * its parent), so the parent's receipt and moves up to the split are the unit's too.
 */
export function unitHistory(serial: string, chain: readonly { lotId: Uuid; events: readonly LotEvent[] }[]): LotEvent[] {
  const ordered = chain.map((c) => ({ lotId: c.lotId, events: [...c.events].sort(compareEventsInLog) }));
  const names = (e: LotEvent): boolean => eventSerials(e).includes(serial);
  const history: LotEvent[] = [];
  for (let k = 0; k < ordered.length; k++) {
    const { events } = ordered[k] as { events: LotEvent[] };
    const next = ordered[k + 1]?.lotId;
    for (const e of events) {
      if (e.type === 'units-received' || e.type === 'sanitised' || e.type === 'units-updated') {
        if (names(e)) history.push(e);
      } else if (e.type === 'split') {
        if (next !== undefined && e.relatedLotId === next) {
          history.push(e);
          break; // the unit left this lot here
        }
      } else {
        history.push(e);
      }
    }
  }
  return history;
}

/**
 * The order of the whole log: the clock order. Events without a stamp (built in memory, or in
 * tests) fall back to the order they were written in: (`at`, entity, `seq`).
 */
export function compareEventsInLog(a: LotEvent, b: LotEvent): number {
  if (a.hlc && b.hlc) return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0;
  return compareIso(a.at, b.at) || (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0) || a.seq - b.seq;
}

/**
 * Rebuilds every unit from events alone (any lots, any order given): receipts add units, a split
 * that named units moves them to the child, sanitisation sets the record, an update sets the
 * fields it changed, a lot's removal takes its units. Events apply in clock order
 * ({@link compareEventsInLog}), the order they were appended in.
 */
export function replayUnits(events: readonly LotEvent[]): Map<string, Unit> {
  const ordered = [...events].sort(compareEventsInLog);
  const units = new Map<string, Unit>();
  const owned = new WeakSet<Unit>();
  for (const e of ordered) stepUnits(units, e, owned);
  return units;
}

/**
 * Applies one event to `units` (serial → unit), as {@link replayUnits} does in clock order: what
 * a fold and an update applied forward (team sync taking in later events) both use. For a
 * `removed` lot, `units` must hold every unit of that lot.
 */
export function stepUnits(units: Map<string, Unit>, event: LotEvent, owned: WeakSet<Unit> | null = null): void {
  const e: UnitLotEvent = event;
  /**
   * The unit with `patch` applied: a new object, or, when `owned` says the fold made this one
   * and nothing else holds it, the same object changed (its keys stay in the same order as a
   * copy's: those it had, then new ones). At fleet scale copying took a second of every fold.
   */
  const patched = (serial: string, u: Unit, patch: Partial<Unit>): void => {
    if (owned?.has(u) === true) {
      Object.assign(u, patch);
      return;
    }
    const next = { ...u, ...patch };
    owned?.add(next);
    units.set(serial, next);
  };
  switch (e.type) {
    case 'units-received':
      if (e.units) {
        for (const u of unpackUnits(decodeEventUnits(e.units))) {
          const made = { ...u, lotId: e.lotId };
          owned?.add(made);
          units.set(u.serial, made);
        }
      }
      break;
    case 'split':
      for (const s of e.serials ?? []) {
        const u = units.get(s);
        if (u && e.relatedLotId) patched(s, u, { lotId: e.relatedLotId });
      }
      break;
    case 'sanitised':
      for (const s of e.serials ?? []) {
        const u = units.get(s);
        if (u && e.sanitisation) patched(s, u, { sanitisation: e.sanitisation });
      }
      break;
    case 'units-updated':
      for (const c of e.unitChanges ?? []) {
        const u = units.get(c.serial);
        if (u) patched(c.serial, u, c.after);
      }
      break;
    // A conflict's resolution may put units back as they were (a serial received into two lots).
    case 'resolved':
      for (const c of e.unitRestores ?? []) {
        const u = units.get(c.serial);
        if (u) patched(c.serial, u, c.after);
      }
      break;
    case 'removed':
      // A lot taken out of the ledger takes its units with it.
      if (e.entity === 'lot') for (const [serial, u] of units) if (u.lotId === e.lotId) units.delete(serial);
      break;
    case 'created':
    case 'imported':
    case 'transitioned':
    case 'edited':
    case 'adjusted':
    case 'observed':
    case 'prices-removed':
    case 'settings-changed':
      break;
    default: {
      const never: never = e.type;
      throw new Error(`Unknown event type ${String(never)}`);
    }
  }
}

/** The serials an event changes (for a lot's removal: none named; the caller adds the lot's units). */
export function serialsChangedBy(event: LotEvent): string[] {
  const e: UnitLotEvent = event;
  switch (e.type) {
    case 'units-received':
      return e.units ? [...eventSerials(e)] : [];
    case 'split':
    case 'sanitised':
      return e.serials ?? [];
    case 'units-updated':
      return (e.unitChanges ?? []).map((c) => c.serial);
    case 'resolved':
      return (e.unitRestores ?? []).map((c) => c.serial);
    default:
      return [];
  }
}

// ---- Editing units ---------------------------------------------------------------------------

/**
 * What a person edits on units already received: where they are, their condition and notes.
 * Serials never change (they are the identity) and asset tags are not edited here: a tag is
 * unique fleet-wide through the asset-tag buckets, so changing one belongs with receiving.
 */
export const EDITABLE_UNIT_FIELDS = ['siteId', 'room', 'rack', 'u', 'status', 'notes'] as const;
export type EditableUnitField = (typeof EDITABLE_UNIT_FIELDS)[number];

/** Fields to set; a field left out stays as it is (a blank field of a multi-unit edit). */
export type UnitPatch = Partial<Pick<Unit, EditableUnitField>>;

/** One unit's edit. */
export interface UnitEdit {
  serial: string;
  patch: UnitPatch;
}

/** What an edit changed on one unit: only the fields whose value changed, before and after. */
export interface UnitChange {
  serial: string;
  before: UnitPatch;
  after: UnitPatch;
}

export interface UnitEditFacts {
  /** Whether a site exists (the catalogue is not shared/'s to read). */
  siteExists: (siteId: Uuid) => boolean;
}

export interface UnitEditPlan {
  /** Every unit given, edits applied (unchanged units are the same objects). */
  units: Unit[];
  /** The units that changed, in the order of the edits. */
  changes: UnitChange[];
}

/** Room and rack labels are often scanned off a door or rack label: scanner noise removed, trimmed. */
function cleanLabel(text: string): string {
  return text.replace(INVISIBLE, '').trim();
}

/**
 * Checks edits of units and applies them. `units` must hold every edited unit (more is fine:
 * the rest pass through). Refused, naming the units: a serial that is not among them or is
 * edited twice, a rack position outside 1–{@link MAX_RACK_U}, a position without a rack, an
 * unknown site or condition, and one rack position given to several units (a multi-unit edit
 * that sets U): one U holds one unit, so rack a run of units one at a time or by scanning.
 */
export function applyUnitEdits(units: readonly Unit[], edits: readonly UnitEdit[], facts: UnitEditFacts): Result<UnitEditPlan> {
  const bySerial = new Map(units.map((u, i) => [u.serial, i]));
  const out = [...units];
  const problems: string[] = [];
  const unknown: string[] = [];
  const edited = new Set<string>();
  const changes: UnitChange[] = [];
  for (const edit of edits) {
    const serial = normaliseCode(edit.serial);
    const index = bySerial.get(serial);
    if (index === undefined) {
      unknown.push(serial);
      continue;
    }
    if (edited.has(serial)) {
      problems.push(`${serial} is edited twice.`);
      continue;
    }
    edited.add(serial);
    const before = out[index] as Unit;
    const p = edit.patch;
    const after: Unit = {
      ...before,
      ...(p.siteId !== undefined ? { siteId: p.siteId } : {}),
      ...(p.room !== undefined ? { room: cleanLabel(p.room) } : {}),
      ...(p.rack !== undefined ? { rack: cleanLabel(p.rack) } : {}),
      ...(p.u !== undefined ? { u: p.u } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.notes !== undefined ? { notes: p.notes.trim() } : {}),
    };
    if (after.siteId !== null && after.siteId !== before.siteId && !facts.siteExists(after.siteId)) problems.push(`${serial}: the site ${after.siteId} does not exist.`);
    if (after.u !== null && (!Number.isInteger(after.u) || after.u < 1 || after.u > MAX_RACK_U)) {
      problems.push(`${serial}: rack position ${String(after.u)} is not a whole number from 1 to ${MAX_RACK_U}.`);
    } else if (after.u !== null && after.rack === '') problems.push(`${serial}: a rack position (U${after.u}) needs a rack.`);
    if (!isUnitCondition(after.status)) problems.push(`${serial}: “${String(after.status)}” is not a unit condition (ok, missing or faulty).`);
    const change: UnitChange = { serial, before: {}, after: {} };
    for (const field of EDITABLE_UNIT_FIELDS) {
      if (after[field] !== before[field]) {
        (change.before as Record<string, unknown>)[field] = before[field];
        (change.after as Record<string, unknown>)[field] = after[field];
      }
    }
    if (Object.keys(change.after).length > 0) {
      changes.push(change);
      out[index] = after;
    }
  }
  if (unknown.length > 0) problems.unshift(`${listSerials(unknown)} ${unknown.length === 1 ? 'is not a unit' : 'are not units'} in the fleet.`);
  // One U, one unit: only among the units this edit racks (the rest of the rack is not read here).
  const placed = new Map<string, string[]>();
  for (const c of changes) {
    const u = out[bySerial.get(c.serial) as number] as Unit;
    if (u.u === null || !('u' in c.after || 'rack' in c.after || 'room' in c.after || 'siteId' in c.after)) continue;
    const key = `${u.siteId ?? ''}\u0000${u.room}\u0000${u.rack}\u0000${u.u}`;
    appendTo(placed, key, u.serial);
  }
  for (const [key, serials] of placed) {
    if (serials.length < 2) continue;
    const [, , rack, u] = key.split('\u0000');
    problems.push(`U${u ?? ''} of rack ${rack ?? ''} is given to ${listSerials(serials, 5)}: a rack position holds one unit, so set U one unit at a time (or leave it blank).`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join(' ');
    return err(problems.length > 10 ? `${shown} (and ${problems.length - 10} more problems)` : shown);
  }
  return ok({ units: out, changes });
}

/** Where the units of a move go (scan-to-move): a room and a rack; both blank leaves them where they are. */
export interface MovePlace {
  room: string;
  rack: string;
}

/**
 * The edit a move makes to the units that move when it places them: the room and rack given
 * (a blank rack means not racked), no rack position (the old U means nothing in another rack;
 * they are racked later by an edit), and, when the move sets the lot's site, no site of their
 * own (they are at the lot's site). Null when the move does not place them.
 */
export function movePlacePatch(place: MovePlace, siteChanges: boolean): UnitPatch | null {
  const room = cleanLabel(place.room);
  const rack = cleanLabel(place.rack);
  if (room === '' && rack === '') return null;
  return { room, rack, u: null, ...(siteChanges ? { siteId: null } : {}) };
}

/** "Rack, U and condition of 3 units" — the note of a `units-updated` event. */
export function describeUnitChanges(changes: readonly UnitChange[]): string {
  const names: Readonly<Record<EditableUnitField, string>> = { siteId: 'site', room: 'room', rack: 'rack', u: 'U', status: 'condition', notes: 'notes' };
  const fields = EDITABLE_UNIT_FIELDS.filter((f) => changes.some((c) => f in c.after)).map((f) => names[f]);
  const what = fields.length <= 1 ? (fields[0] ?? 'nothing') : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1] ?? ''}`;
  const count = `${changes.length} unit${changes.length === 1 ? '' : 's'}`;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} of ${changes.length === 1 ? (changes[0]?.serial ?? count) : count}`;
}

// ---- Packed form ----------------------------------------------------------------------------

/**
 * Units in columns, the form they are stored in (a page of the `unitPages` table) and were logged
 * in by `units-received` events before {@link EventUnits} (which is this, more compact). IndexedDB's cost is per value cloned and per byte, so repeated
 * and mostly-empty fields are not stored per unit: lots and locations are small dictionaries
 * indexed by typed arrays, notes and sanitisation records are sparse. `serials` stays a plain
 * array (schema version 3 indexed it; pages written since keep the same form).
 */
export interface PackedUnits {
  serials: string[];
  /** Distinct lots on the page; `lot[i]` indexes it. */
  lotIds: Uuid[];
  lot: Uint16Array;
  /** Parallel to serials; '' when none. Omitted when every unit has none. */
  assetTags?: string[];
  /** Distinct locations as [siteId or '', room, rack]; `place[i]` is 1 + its index, 0 for none. */
  places: [string, string, string][];
  place: Uint16Array;
  /** Rack position, 0 for none. */
  u: Uint8Array;
  /** Index into UNIT_CONDITIONS. */
  status: Uint8Array;
  /** [unit index, text] for the units that have notes. */
  notes: [number, string][];
  /** [unit index, record] for the units that have a record. */
  sanitisation: [number, SanitisationRecord][];
}

const CONDITION_CODE: Readonly<Record<UnitCondition, number>> = { ok: 0, missing: 1, faulty: 2 };

/** Packs units (at most 65,535 lots and locations per pack, which pages never approach). */
export function packUnits(units: readonly Omit<Unit, 'lotId'>[], lotIdOf: (index: number) => Uuid): PackedUnits {
  const n = units.length;
  const serials = new Array<string>(n);
  const tags = new Array<string>(n);
  let anyTag = false;
  const lotIds: Uuid[] = [];
  const lotIndex = new Map<Uuid, number>();
  const lot = new Uint16Array(n);
  const places: [string, string, string][] = [];
  const placeIndex = new Map<string, number>();
  const place = new Uint16Array(n);
  const u = new Uint8Array(n);
  const status = new Uint8Array(n);
  const notes: [number, string][] = [];
  const sanitisation: [number, SanitisationRecord][] = [];
  for (let i = 0; i < n; i++) {
    const unit = units[i] as Omit<Unit, 'lotId'>;
    serials[i] = unit.serial;
    tags[i] = unit.assetTag;
    if (unit.assetTag !== '') anyTag = true;
    const lotId = lotIdOf(i);
    let li = lotIndex.get(lotId);
    if (li === undefined) {
      li = lotIds.push(lotId) - 1;
      lotIndex.set(lotId, li);
    }
    lot[i] = li;
    if (unit.siteId !== null || unit.room !== '' || unit.rack !== '') {
      const key = `${unit.siteId ?? ''}\u0000${unit.room}\u0000${unit.rack}`;
      let pi = placeIndex.get(key);
      if (pi === undefined) {
        pi = places.push([unit.siteId ?? '', unit.room, unit.rack]);
        placeIndex.set(key, pi);
      }
      place[i] = pi;
    }
    u[i] = unit.u ?? 0;
    status[i] = CONDITION_CODE[unit.status];
    if (unit.notes !== '') notes.push([i, unit.notes]);
    if (unit.sanitisation !== null) sanitisation.push([i, unit.sanitisation]);
  }
  const packed: PackedUnits = { serials, lotIds, lot, places, place, u, status, notes, sanitisation };
  if (anyTag) packed.assetTags = tags;
  return packed;
}

/** The units of a pack, in order. */
export function unpackUnits(p: PackedUnits): Unit[] {
  const n = p.serials.length;
  const notes = new Map(p.notes);
  const records = new Map(p.sanitisation);
  const units = new Array<Unit>(n);
  for (let i = 0; i < n; i++) {
    const place = p.place[i] ?? 0;
    const [site, room, rack] = place === 0 ? ['', '', ''] : (p.places[place - 1] ?? ['', '', '']);
    const u = p.u[i] ?? 0;
    // Keys in sorted order: canonicalJson then writes a unit with one JSON.stringify (a backup's snapshot holds 100,000).
    units[i] = {
      assetTag: p.assetTags?.[i] ?? '',
      lotId: p.lotIds[p.lot[i] ?? 0] as Uuid,
      notes: notes.get(i) ?? '',
      rack,
      room,
      sanitisation: records.get(i) ?? null,
      serial: p.serials[i] as string,
      siteId: site === '' ? null : site,
      status: UNIT_CONDITIONS[p.status[i] ?? 0] ?? 'ok',
      u: u === 0 ? null : u,
    };
  }
  return units;
}

/** The unit at `index` of a pack, without unpacking the rest (a look-up). */
export function unpackUnit(p: PackedUnits, index: number): Unit | null {
  const serial = p.serials[index];
  if (serial === undefined) return null;
  const place = p.place[index] ?? 0;
  const [site, room, rack] = place === 0 ? ['', '', ''] : (p.places[place - 1] ?? ['', '', '']);
  const u = p.u[index] ?? 0;
  return {
    serial,
    lotId: p.lotIds[p.lot[index] ?? 0] as Uuid,
    assetTag: p.assetTags?.[index] ?? '',
    siteId: site === '' ? null : site,
    room,
    rack,
    u: u === 0 ? null : u,
    status: UNIT_CONDITIONS[p.status[index] ?? 0] ?? 'ok',
    notes: p.notes.find(([i]) => i === index)?.[1] ?? '',
    sanitisation: p.sanitisation.find(([i]) => i === index)?.[1] ?? null,
  };
}

// ---- Event form ------------------------------------------------------------------------------

/**
 * The units of a `units-received` event in the form it is logged in: a {@link PackedUnits} with
 * its per-unit string columns joined into one string each and its small numeric columns in one
 * byte array. Structured clone (what IndexedDB stores) costs per value: 100 strings of a lot's
 * serials and tags cost several times one string of the same bytes, and every typed array is an
 * ArrayBuffer of its own. Measured in renderer/db/schema.ts (version 5 note).
 *
 * Events written before this form hold a plain PackedUnits; {@link decodeEventUnits} reads both.
 */
export interface EventUnits {
  /** Marks this form (a PackedUnits has no `form`). */
  form: 'columns-1';
  /** Number of units. */
  count: number;
  /**
   * The serials joined by {@link UNIT_SEPARATOR}, which no canonical serial or asset tag holds
   * ({@link normaliseCode} removes control characters). A column where some value does hold it
   * (never written by the app's own checks) stays a plain array.
   */
  serials: string | string[];
  lotIds: Uuid[];
  /** As PackedUnits.lot; omitted when the units are of one lot (all zero). */
  lot?: Uint16Array;
  /** Joined like `serials`; omitted when no unit has a tag. */
  assetTags?: string | string[];
  places: [string, string, string][];
  /**
   * 4 bytes per unit in planes: `place` as 2 bytes (low, high) per unit, then `u`, then `status`
   * (index into UNIT_CONDITIONS): [place₀lo, place₀hi, …, u₀, …, status₀, …].
   */
  columns: Uint8Array;
  /** As PackedUnits; omitted when empty. */
  notes?: [number, string][];
  sanitisation?: [number, SanitisationRecord][];
}

/** Separates the values of a joined column: a line feed, a control character (see {@link normaliseCode}). */
export const UNIT_SEPARATOR = '\n';

export function isEventUnits(units: PackedUnits | EventUnits): units is EventUnits {
  return (units as Partial<EventUnits>).form === 'columns-1';
}

function joinColumn(values: readonly string[]): string | string[] {
  for (const v of values) if (v.includes(UNIT_SEPARATOR)) return [...values];
  return values.join(UNIT_SEPARATOR);
}

function splitColumn(column: string | readonly string[], count: number): string[] {
  if (typeof column !== 'string') return [...column];
  return count === 0 ? [] : column.split(UNIT_SEPARATOR);
}

/** A pack in the event form; {@link decodeEventUnits} gives it back equal (test/shared/unitEventPayload.test.ts). */
export function encodeEventUnits(p: PackedUnits): EventUnits {
  const n = p.serials.length;
  const columns = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    const place = p.place[i] ?? 0;
    columns[2 * i] = place & 0xff;
    columns[2 * i + 1] = place >>> 8;
    columns[2 * n + i] = p.u[i] ?? 0;
    columns[3 * n + i] = p.status[i] ?? 0;
  }
  const e: EventUnits = { form: 'columns-1', count: n, serials: joinColumn(p.serials), lotIds: [...p.lotIds], places: p.places.map(([site, room, rack]) => [site, room, rack]), columns };
  if (p.lotIds.length > 1) e.lot = Uint16Array.from(p.lot);
  if (p.assetTags) e.assetTags = joinColumn(p.assetTags);
  if (p.notes.length > 0) e.notes = p.notes.map(([i, text]) => [i, text]);
  if (p.sanitisation.length > 0) e.sanitisation = p.sanitisation.map(([i, record]) => [i, record]);
  return e;
}

/** The pack an event holds, whichever form it was logged in. */
export function decodeEventUnits(units: PackedUnits | EventUnits): PackedUnits {
  if (!isEventUnits(units)) return units;
  const n = units.count;
  const c = units.columns;
  const place = new Uint16Array(n);
  const u = new Uint8Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    place[i] = (c[2 * i] ?? 0) | ((c[2 * i + 1] ?? 0) << 8);
    u[i] = c[2 * n + i] ?? 0;
    status[i] = c[3 * n + i] ?? 0;
  }
  const p: PackedUnits = {
    serials: splitColumn(units.serials, n),
    lotIds: [...units.lotIds],
    lot: units.lot ? Uint16Array.from(units.lot) : new Uint16Array(n),
    places: units.places.map(([site, room, rack]) => [site, room, rack]),
    place,
    u,
    status,
    notes: units.notes ? units.notes.map(([i, text]) => [i, text]) : [],
    sanitisation: units.sanitisation ? units.sanitisation.map(([i, record]) => [i, record]) : [],
  };
  if (units.assetTags !== undefined) p.assetTags = splitColumn(units.assetTags, n);
  return p;
}

// ---- Searching the unit list ----------------------------------------------------------------

/**
 * The units whose serial, asset tag, room or rack contain every word of `query` (any case).
 * One pass, no allocation per unit: it runs on every keystroke over the whole fleet.
 */
export function filterUnits<U extends Pick<Unit, 'serial' | 'assetTag' | 'room' | 'rack'>>(units: readonly U[], query: string): U[] {
  const words = query.toUpperCase().split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0) return [...units];
  // Rooms and racks repeat across a fleet ("Hall 1", "R07"): each is upper-cased once per search,
  // not once per unit and keystroke (serials and tags are stored upper-case already).
  const upper = new Map<string, string>();
  const up = (text: string): string => {
    let u = upper.get(text);
    if (u === undefined) {
      u = text.toUpperCase();
      upper.set(text, u);
    }
    return u;
  };
  const out: U[] = [];
  for (const unit of units) {
    let all = true;
    for (const w of words) {
      if (!unit.serial.includes(w) && !unit.assetTag.includes(w) && !up(unit.rack).includes(w) && !up(unit.room).includes(w)) {
        all = false;
        break;
      }
    }
    if (all) out.push(unit);
  }
  return out;
}

/**
 * A model's serial format when its catalogue entry gives a pattern; undefined for the default.
 * The catalogue refuses a pattern that is not a valid regular expression, so a stored one that
 * fails (older data) falls back to the default rather than blocking receipt.
 */
export function modelSerialFormat(model: Pick<HardwareModel, 'manufacturer' | 'name' | 'serialPattern'> | undefined): SerialFormat | undefined {
  const pattern = model?.serialPattern?.trim() ?? '';
  if (model === undefined || pattern === '') return undefined;
  const format = serialFormat(pattern, `a ${modelLabel(model)} serial (${pattern})`);
  return format.ok ? format.value : undefined;
}
