/**
 * Pure helpers of the Units tab, the scan session and the printable views: how a unit's place
 * and sanitisation read, how many units a lot tracks, label-sheet pagination, a blank
 * sanitisation form. No React, no database: unit-tested in test/renderer/features/unitView.test.ts.
 */
import type { IsoDate } from '../../../shared/dates';
import type { LotEvent } from '../../../shared/events';
import { STATUS_LABELS } from '../../../shared/lifecycle';
import type { Lot } from '../../../shared/lot';
import { correctedMoveDates, describeMoveDateCorrection, isMoveDateCorrection, type MoveDateCorrection } from '../../../shared/lotChanges';
import { commitPlan, roomLeft, type ScanOutcomeKind, type ScanSession } from '../../../shared/scanSession';
export { modelSerialFormat } from '../../../shared/units';
import { err, ok, type Result } from '../../../shared/result';
import { counted } from '../../lib/counted';
import { ASSET_TAG_FORMAT, isUnitCondition, isVerifiedSanitised, MAX_RACK_U, normaliseCode, UNIT_CONDITION_LABELS, type SanitisationRecord, type Unit, type UnitChange, type UnitPatch } from '../../../shared/units';

/** "FRA1 · Room 2 · Rack B07 · U12"; the lot's site when the unit has none of its own; '—' when nothing is known. */
export function unitLocation(unit: Pick<Unit, 'siteId' | 'room' | 'rack' | 'u'>, lotSiteId: string | null, siteCode: (id: string) => string | undefined): string {
  const siteId = unit.siteId ?? lotSiteId;
  const parts: string[] = [];
  if (siteId) parts.push(siteCode(siteId) ?? '?');
  if (unit.room) parts.push(`Room ${unit.room}`);
  if (unit.rack) parts.push(`Rack ${unit.rack}`);
  if (unit.u !== null) parts.push(`U${unit.u}`);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

export type SanitisationState = 'none' | 'verified' | 'failed';

export function sanitisationState(unit: Pick<Unit, 'sanitisation'>): SanitisationState {
  if (unit.sanitisation === null) return 'none';
  return isVerifiedSanitised(unit) ? 'verified' : 'failed';
}

/** "Purge (cryptographic erase) · 2026-11-02", "Not recorded", "Failed verification …". */
export function sanitisationText(unit: Pick<Unit, 'sanitisation'>): string {
  const r = unit.sanitisation;
  if (r === null) return 'Not recorded';
  const what = `${r.method.charAt(0).toUpperCase()}${r.method.slice(1)} (${r.technique}) · ${r.performedAt}`;
  return r.verificationResult === 'passed' ? what : `Verification failed: ${what}`;
}

/** "512 of 512 tracked", "300 of 512 tracked (212 by count only)", "Tracked by count only (512)". */
export function trackedSummary(tracked: number, quantity: number): string {
  if (tracked === 0) return `Tracked by count only (${quantity.toLocaleString('en-US')})`;
  const base = `${tracked.toLocaleString('en-US')} of ${quantity.toLocaleString('en-US')} tracked`;
  return tracked < quantity ? `${base} (${(quantity - tracked).toLocaleString('en-US')} by count only)` : base;
}

/** Splits a list into pages (label sheets of 21, certificate pages…). */
export function pages<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError('A page holds at least one item.');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}


/** What a label's QR code encodes: the asset tag when there is one (the organisation's own label), else the serial. Both are found by scan-to-find. */
export function labelCode(unit: Pick<Unit, 'serial' | 'assetTag'>): string {
  return unit.assetTag !== '' ? unit.assetTag : unit.serial;
}

/** A blank sanitisation form: today, the current user, a purge by cryptographic erase verified in full. */
export function blankSanitisation(today: IsoDate, performedBy: string): SanitisationRecord {
  return {
    method: 'purge',
    technique: 'cryptographic erase',
    tool: '',
    toolVersion: '',
    verificationMethod: 'full',
    verificationResult: 'passed',
    performedBy,
    verifiedBy: '',
    performedAt: today,
    mediaSerial: '',
    note: '',
  };
}

/**
 * What a committed scan session says: "Received 3 units into GPU-1; 2 still expected". A PO's
 * session counts what every lot of the PO still expects, those that got no scan today included:
 * a pallet with one lot's boxes must not read as the whole PO received.
 */
export function receivedText(session: ScanSession, received: number, poNumber?: string): string {
  const plan = commitPlan(session);
  const po = poNumber !== undefined && session.targets.length > 1 ? poNumber : null;
  const into = plan.length === 1 ? (plan[0]?.lotCode ?? '') : `${plan.length} lots of PO ${poNumber ?? ''}`;
  const still = session.targets.reduce((n, t) => n + roomLeft(session, t.lotId), 0);
  return `Received ${counted(received, 'unit')} into ${into}${still > 0 ? `; ${still.toLocaleString('en-US')} still expected${po !== null ? ` for PO ${po}` : ''}` : ''}`;
}

/** Short labels for a scan outcome in the session log. */
export const SCAN_OUTCOME_LABELS: Readonly<Record<ScanOutcomeKind, string>> = {
  accepted: 'Accepted',
  duplicate: 'Duplicate in this session',
  'in-fleet': 'Already in the fleet',
  'bad-format': 'Unknown format',
  'over-quantity': 'Over the lot’s quantity',
  empty: 'Empty',
};

/**
 * Whether typed text looks like a serial or asset tag worth a unit look-up (palette
 * scan-to-find): anything an asset tag may be, which takes in every default-format serial. Asset
 * tags may be one character long ("7", "42"), so short codes are looked up too; a look-up is one
 * small read, and an exact match only.
 */
export function looksLikeCode(text: string): boolean {
  return ASSET_TAG_FORMAT.pattern.test(normaliseCode(text));
}

/**
 * Adds a scanned serial or asset tag to the units named for a move: it must be a unit of the
 * lot and not named already. Returns the new list (serials, canonical) or why not.
 */
export function nameUnit(named: readonly string[], raw: string, units: readonly Pick<Unit, 'serial' | 'assetTag'>[], lotCode: string): Result<string[]> {
  const code = normaliseCode(raw);
  if (code === '') return err('Nothing was scanned.');
  const unit = units.find((u) => u.serial === code) ?? units.find((u) => u.assetTag !== '' && u.assetTag === code);
  if (!unit) return err(`${code} is not a unit of ${lotCode}.`);
  if (named.includes(unit.serial)) return err(`${unit.serial} is already named.`);
  return ok([...named, unit.serial]);
}

/**
 * A saved move draft's serials named again (renderer/db/drafts.ts MoveUnitsDraft), in their
 * order, against the lot's units as they are now: those no longer in the lot (moved or split
 * off meanwhile, on this device or another) are `left` out, never named.
 */
export function namedAgain(saved: readonly string[], units: readonly Pick<Unit, 'serial'>[]): { named: string[]; left: string[] } {
  // By serial only: the draft holds serials, and an asset tag that happens to equal one names another unit.
  const inLot = new Set(units.map((u) => u.serial));
  const named: string[] = [];
  const left: string[] = [];
  for (const serial of saved) {
    if (!inLot.has(serial)) left.push(serial);
    else if (!named.includes(serial)) named.push(serial);
  }
  return { named, left };
}

// ---- Editing units ------------------------------------------------------------------------

/** The site select's value for "at the lot's site" (a unit's `siteId: null`). */
export const LOT_SITE = '@lot';

/** The edit form's fields, as typed. */
export interface UnitEditForm {
  site: string;
  room: string;
  rack: string;
  u: string;
  status: string;
  notes: string;
}

export const UNIT_FORM_READERS: Readonly<Record<keyof UnitEditForm, (u: Unit) => string>> = {
  site: (u) => u.siteId ?? LOT_SITE,
  room: (u) => u.room,
  rack: (u) => u.rack,
  u: (u) => (u.u === null ? '' : String(u.u)),
  status: (u) => u.status,
  notes: (u) => u.notes,
};

/** The value every unit shares, or null when they differ (or there are none). */
export function commonValue(units: readonly Unit[], read: (u: Unit) => string): string | null {
  const first = units[0];
  if (first === undefined) return null;
  const value = read(first);
  return units.every((u) => read(u) === value) ? value : null;
}

/** The form for some units: each field the value they share, blank where they differ. */
export function unitEditForm(units: readonly Unit[]): UnitEditForm {
  const read = (key: keyof UnitEditForm) => commonValue(units, UNIT_FORM_READERS[key]) ?? '';
  return { site: read('site'), room: read('room'), rack: read('rack'), u: read('u'), status: read('status'), notes: read('notes') };
}

/**
 * The patch a filled-in form makes: only the fields changed from how the form started, so a
 * field the units disagree on (blank) is left alone unless something is typed into it.
 */
export function unitEditPatch(initial: UnitEditForm, form: UnitEditForm): Result<UnitPatch> {
  const patch: UnitPatch = {};
  const changed = (key: keyof UnitEditForm) => form[key].trim() !== initial[key].trim();
  if (changed('site') && form.site !== '') patch.siteId = form.site === LOT_SITE ? null : form.site;
  if (changed('room')) patch.room = form.room;
  if (changed('rack')) patch.rack = form.rack;
  if (changed('notes')) patch.notes = form.notes;
  if (changed('status') && form.status !== '') {
    if (!isUnitCondition(form.status)) return err(`“${form.status}” is not a unit condition.`);
    patch.status = form.status;
  }
  if (changed('u')) {
    const text = form.u.trim();
    if (text === '') patch.u = null;
    else if (/^\d{1,2}$/u.test(text) && Number(text) >= 1 && Number(text) <= MAX_RACK_U) patch.u = Number(text);
    else return err(`U must be a whole number from 1 to ${MAX_RACK_U}, or blank when not racked.`);
  }
  return ok(patch);
}

/** "Rack: — → B07 · U: — → 12 · Condition: OK → Faulty" for a unit's history. */
export function unitChangeText(change: UnitChange, siteCode: (id: string) => string | undefined): string {
  const show = (field: keyof UnitPatch, value: unknown): string => {
    if (field === 'siteId') return value === null || value === undefined ? 'lot’s site' : (siteCode(String(value)) ?? '?');
    if (field === 'status') return isUnitCondition(String(value)) ? UNIT_CONDITION_LABELS[value as Unit['status']] : String(value);
    if (value === null || value === undefined || value === '') return '—';
    return String(value);
  };
  const labels: Readonly<Record<keyof UnitPatch, string>> = { siteId: 'Site', room: 'Room', rack: 'Rack', u: 'U', status: 'Condition', notes: 'Notes' };
  return (Object.keys(labels) as (keyof UnitPatch)[])
    .filter((f) => f in change.after)
    .map((f) => `${labels[f]}: ${show(f, change.before[f])} → ${show(f, change.after[f])}`)
    .join(' · ');
}

/**
 * A selection after ticking or unticking `serial`: with `from` (Shift held, the last one ticked)
 * the whole run of `order` between them takes the new state of `serial`.
 */
export function selectRange(selected: ReadonlySet<string>, order: readonly string[], from: string | null, serial: string): Set<string> {
  const next = new Set(selected);
  const on = !selected.has(serial);
  const a = from === null ? -1 : order.indexOf(from);
  const b = order.indexOf(serial);
  const run = a === -1 || b === -1 ? [serial] : order.slice(Math.min(a, b), Math.max(a, b) + 1);
  for (const s of run) {
    if (on) next.add(s);
    else next.delete(s);
  }
  return next;
}

/**
 * "Select all shown" ticked (`on`) or unticked: adds or takes out the units shown, and only them.
 * Units selected under an earlier filter stay selected (and are counted) while hidden.
 */
export function selectShown(selected: ReadonlySet<string>, shown: readonly string[], on: boolean): Set<string> {
  const next = new Set(selected);
  for (const s of shown) {
    if (on) next.add(s);
    else next.delete(s);
  }
  return next;
}

/** The Units tab's count of the selection: every unit an action would act on, hidden ones said. */
export function selectedText(selected: number, hidden: number): string {
  const n = selected.toLocaleString('en-US');
  return hidden === 0 ? `${n} selected` : `${n} selected, ${hidden.toLocaleString('en-US')} of them not shown by the filter`;
}

/** The lots a PO-wide scan session receives into: those sharing `lot`'s PO number, not disposed, `lot` first. */
export function poLotsOf(lot: Pick<Lot, 'id' | 'poNumber'>, lots: readonly Lot[]): Lot[] {
  const po = lot.poNumber.trim();
  if (po === '') return [];
  return lotsOfPo(po, lots).sort((a, b) => (a.id === lot.id ? -1 : b.id === lot.id ? 1 : 0));
}

/** The lots of a PO that can still receive units (not disposed), by code. */
export function lotsOfPo(poNumber: string, lots: readonly Lot[]): Lot[] {
  const po = poNumber.trim();
  return lots.filter((l) => l.poNumber.trim() === po && l.status !== 'disposed').sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * When a draft was saved, for "Resume the 37 serials scanned at 14:02?": the local time, and the
 * local date when it was not today (a laptop that died last night is reopened the next morning).
 */
export function draftSavedText(savedAt: string, now: Date): string {
  const at = new Date(savedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return day(at) === day(now) ? `at ${time}` : `on ${day(at)} at ${time}`;
}

/** "1 serial", "37 serials", "1,024 serials". */
export function serialsText(n: number): string {
  return `${n.toLocaleString('en-US')} serial${n === 1 ? '' : 's'}`;
}

/**
 * A unit's history as its lines read, newest first: what each event did and the day it took
 * effect. A move whose date was corrected (shared/lotChanges.ts correctMoveDate) is dated as
 * corrected, with the date first recorded, as the lot's history shows it.
 */
export function unitHistoryLines(history: readonly LotEvent[]): { event: LotEvent; what: string; effective: string }[] {
  const corrected = correctedMoveDates(history);
  return [...history].reverse().map((e) => {
    const now = corrected.moves.get(e.id);
    const effective = e.date === null ? '' : now === undefined ? ` · effective ${e.date}` : ` · effective ${now} (first recorded as ${e.date}, corrected)`;
    return { event: e, what: describeUnitEvent(e, corrected.corrections.get(e.id)), effective };
  });
}

/** A unit's history line: what an event of its lot did. */
export function describeUnitEvent(e: LotEvent, correction?: MoveDateCorrection): string {
  switch (e.type) {
    case 'units-received':
      return 'Received';
    case 'sanitised':
      return 'Sanitisation recorded';
    case 'units-updated':
      return 'Updated';
    case 'split':
      return `Moved with a split of ${e.quantity === null ? 'units' : counted(e.quantity, 'unit')}`;
    case 'transitioned':
      return `${e.from ? STATUS_LABELS[e.from] : ''} → ${e.to ? STATUS_LABELS[e.to] : ''}`;
    case 'created':
      return e.relatedLotId ? 'Lot created by a split' : 'Lot registered';
    case 'imported':
      return 'Lot imported';
    case 'edited':
      return isMoveDateCorrection(e) ? describeMoveDateCorrection(e, correction) : 'Lot edited';
    case 'adjusted':
      return 'Depreciation adjusted';
    case 'observed':
      return 'Market price recorded';
    case 'removed':
      return 'Removed from the ledger';
    case 'prices-removed':
      return 'Market prices removed';
    case 'settings-changed':
      return 'Team settings changed';
    case 'resolved':
      return 'Sync conflict resolved';
    default: {
      const never: never = e.type;
      return String(never);
    }
  }
}
