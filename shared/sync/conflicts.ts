/**
 * Conflicts a team's ledger can hold after devices merged changes they made apart (issue 10,
 * LEDGER.md §4), found from the events alone, in words. Shown to people, never resolved
 * silently: every device folds the same events in the same clock order (shared/ledger/fold.ts),
 * so each device computes the same list from the same events, whatever order they arrived in.
 *
 * Concurrency is exact, from each event's basis (shared/events.ts): an event whose author had
 * not applied the events of its record that come before it in clock order was made without
 * seeing them. Such an event is a conflict when what it changed depended on what it had not
 * seen:
 * - **stale-move**: a move from a status the lot had already left;
 * - **over-quantity**: a split (part move) computed from a quantity another device had already
 *   taken from, or units received beyond the lot's quantity;
 * - **same-field**: one field of a record set on two devices to different values (the later
 *   stamp wins; both values stay in the history);
 * - **move-date**: a move's date corrected (shared/lotChanges.ts correctMoveDate) on one device
 *   while, on another, the same move's date was corrected otherwise, or the lot moved on at a date
 *   before the corrected one (its moves then stand dated out of order, which neither device
 *   allows on its own);
 * - **serial-twice**: one serial received into two lots (the later receipt holds it);
 * - **code-twice**: one code on two units, received on two devices apart: an asset tag given to
 *   two serials, or a serial that is another unit's asset tag (a label's QR code is the tag, else
 *   the serial, so it would find one of them). Both units stand; a look-up of the code finds the
 *   unit whose serial it is, else the one that had the tag first, and says the code is contested
 *   (`codes`); settled by taking the tag off one unit;
 * - **lot-code** / **site-code**: one code given to two records (found from the fold's result;
 *   renaming one settles it); **supplier-name**: two suppliers of one name (case and spaces
 *   aside), which name-derived ids make rare (after a rename, two devices re-creating the old
 *   name), settled the same way;
 * - **schedule-broken**: a lot left without a depreciation schedule by a write-down on one device
 *   and, on another, an edit of its cost (or another field its schedule is computed from) or a new
 *   fiscal year start, or by two such edits with no write-down (a policy put on MACRS while the
 *   salvage value is raised elsewhere) (./scheduleConflicts.ts).
 *
 * A conflict is settled by a `resolved` event naming its id (`resolves`), with the fields (or
 * units) it puts back: so every device sees it settled. The resolutions offered are computed
 * here, with exactly what each would write.
 */
import { utilisationChangesClash, withFieldsApplied, type UtilisationChange } from '../utilisation';
import { counted } from '../counted';
import type { EventEntity, LotEvent } from '../events';
import type { Uuid } from '../ids';
import { STATUS_LABELS, type LotStatus } from '../lifecycle';
import { correctedMoveDates, isMoveDateCorrection, type MoveDateCorrection } from '../lotChanges';
import { compareIso, type IsoDate } from '../dates';
import { sameJsonValue } from '../ledger/canonicalJson';
import { fillEmpty } from '../ledger/fold';
import { appliedTeamSetting, changedSettingEntries, isTeamSettingKey } from '../ledger/teamSettings';
import { supplierKey } from '../suppliers';
import { allocate, formatDecimal, formatMoney, isCurrencyCode } from '../money';
import { splitDepreciationChain } from '../depreciation/lotSchedule';
import type { Lot } from '../lot';
import { parseEventId, type DeviceId, type EventId } from '../ledger/clock';
import { scheduleConflicts, templateWords } from './scheduleConflicts';
import type { PolicyTemplate } from '../depreciation/policies';
import { CATEGORY_LABELS, type Category } from '../catalog';
import { compareEventsInLog, decodeEventUnits, eventSerials, serialsChangedBy, unpackUnits, type Unit, type UnitLotEvent, type UnitRestore } from '../units';

export const CONFLICT_KINDS = ['stale-move', 'over-quantity', 'same-field', 'move-date', 'removed-changed', 'serial-twice', 'code-twice', 'lot-code', 'site-code', 'supplier-name', 'schedule-broken'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** One of the events a conflict is about. */
export interface ConflictEvent {
  id: EventId;
  device: DeviceId;
  actor: string;
  at: string;
  /** What it did, in words ("moved L-1 from received to rma"). */
  summary: string;
}

/** One way to settle a conflict: the `resolved` event it writes sets `after` on the record and puts `unitRestores` back. */
export interface ConflictResolution {
  key: string;
  label: string;
  after: Record<string, unknown>;
  unitRestores?: UnitRestore[];
  /** The record the `resolved` event is written on, where not the conflict's own (putting the team's fiscal year start back settles a lot's conflict). */
  entity?: EventEntity;
  recordId?: Uuid;
  /** Other conflicts the same choice settles (every lot one change of the fiscal year start left without a schedule). */
  alsoResolves?: string[];
  /** A move's date the choice sets, as a correction of it does (move-date conflicts): the move named by its statuses. */
  moveDate?: { from: LotStatus | null; to: LotStatus; date: IsoDate };
}

export interface LedgerConflict {
  /** `<kind>:<id of the event found in conflict>` (codes: `<kind>:<code>`); what a `resolved` event names. */
  id: string;
  kind: ConflictKind;
  entity: EventEntity;
  /** The record the resolution is written on. */
  recordId: Uuid;
  /** The record in words ("lot L-1", "site DC-1"). */
  record: string;
  /** Every record concerned (for codes, each holding it; else the one). */
  recordIds: Uuid[];
  message: string;
  /** The events concerned, in clock order, the one found in conflict last. */
  events: ConflictEvent[];
  /** Empty for codes: renaming a record settles them. */
  resolutions: ConflictResolution[];
  /** Code-twice only: each code on more than one unit, and those units' serials, the one a look-up finds first. */
  codes?: ContestedCode[];
}

/** A code (serial or asset tag) two units answer to while a code-twice conflict stands. */
export interface ContestedCode {
  code: string;
  /** The unit a look-up of the code finds (its serial is the code, else it had the tag first), then the others. */
  serials: string[];
}

/** A record's own stamps, which two creations of one record always give differently. */
const CREATION_STAMPS = new Set(['id', 'createdAt', 'updatedAt', 'demo']);

/** Fields every change sets; two devices both setting them is no disagreement. */
const BOOKKEEPING = new Set(['updatedAt']);

type Fields = Record<string, unknown>;

function recordLabel(entity: EventEntity, state: Fields | null, id: Uuid): string {
  const code = typeof state?.code === 'string' ? state.code : typeof state?.name === 'string' ? state.name : id.slice(0, 8);
  switch (entity) {
    case 'lot':
      return `lot ${code}`;
    case 'model':
      return `model ${code}`;
    case 'site':
      return `site ${code}`;
    case 'supplier':
      return `supplier ${code}`;
    case 'settings':
      return 'the team settings';
    default: {
      const never: never = entity;
      return String(never);
    }
  }
}

const unitCount = (n: number): string => counted(n, 'unit');

const status = (s: unknown): string => (typeof s === 'string' && s in STATUS_LABELS ? STATUS_LABELS[s as LotStatus].toLowerCase() : String(s));

/**
 * A value in words, so that two devices' values can be told apart: a list by what it lists (tags,
 * countries, a checklist's items by their labels), a depreciation template as the app describes
 * it, a setting kept per status or category entry by entry (`depth`: how far in).
 */
function show(value: unknown, depth = 0): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return `“${value.length > 60 ? `${value.slice(0, 57)}…` : value}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(empty)';
    const labelled = value.map((v) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as Fields).label === 'string' ? ((v as Fields).label as string) : null));
    if (labelled.every((l) => l !== null)) return listed(labelled.map((l) => `“${l}”`), 5);
    return `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  }
  if (typeof value !== 'object') return 'a new value';
  if (isTemplate(value)) return templateWords(value);
  // A utilisation record or change: month → percent (null: removed).
  const months = Object.entries(value as Record<string, unknown>);
  if (months.length > 0 && months.every(([k, v]) => /^\d{4}-\d{2}$/u.test(k) && (v === null || typeof v === 'number'))) {
    return months.map(([k, v]) => `${k} ${v === null ? 'removed' : `${String(v)} %`}`).join(', ');
  }
  // A setting kept entry by entry (a status's checklist, a category's templates, a compliance list).
  if (months.length > 0 && months.length <= 6 && depth < 2) return months.map(([k, v]) => `${keyWord(k)}: ${show(v, depth + 1)}`).join('; ');
  return 'a new value';
}

const isTemplate = (v: object): v is PolicyTemplate => 'policy' in v && 'salvage' in v && typeof (v as Fields).policy === 'object' && typeof (v as Fields).salvage === 'object';

/** An entry's key in words: a status, a category, a field. */
function keyWord(k: string): string {
  if (Object.hasOwn(STATUS_LABELS, k)) return STATUS_LABELS[k as LotStatus];
  if (Object.hasOwn(CATEGORY_LABELS, k)) return CATEGORY_LABELS[k as Category];
  return fieldWord(k);
}

/** Fields that point at another record, and the word a person would use for them. */
const REFERENCE_FIELDS: Readonly<Record<string, string>> = { supplierId: 'supplier', siteId: 'site', modelId: 'model' };

/** Fields in the words the app's screens use for them (a lot's, a catalogue record's, the team settings'). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  ...REFERENCE_FIELDS,
  unitCost: 'unit cost', extraCosts: 'extra costs', purchaseDate: 'purchase date', receivedDate: 'received date', inServiceDate: 'in-service date',
  poNumber: 'PO number', warrantyEnd: 'warranty end', salvageValue: 'salvage per unit', powerWatts: 'power (W)', supportCostPerYear: 'support per unit-year',
  replacementPlan: 'replacement plan', disposedDate: 'disposal date', book: 'book depreciation policy', tax: 'tax depreciation policy',
  listPrice: 'list price', releaseDate: 'release date', endOfSale: 'end of sale', endOfSupport: 'end of support', rackUnits: 'rack units', serialPattern: 'serial pattern',
  energyPricePerMwh: 'energy price per MWh', spacePerRackUnitMonth: 'space per rack unit and month', assetTag: 'asset tag',
  ledgerName: 'ledger name', baseCurrency: 'base currency', fiscalYearStart: 'fiscal year start', policyTemplates: 'depreciation templates', checklists: 'move checklists',
  assumedUtilisationPercent: 'assumed utilisation', categoryRentalPrices: 'category rental prices', compliancePolicy: 'compliance policy',
  trustedOrigins: 'trusted origins', licenceClassifications: 'classifications needing a licence', licenceFreeDestinations: 'licence-free destinations',
};
/** A field in the words the app's screens use for it (its name where it is one word already). */
export const fieldWord = (f: string): string => FIELD_WORDS[f] ?? f;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The names of the records a field can point at (suppliers, sites, models) as they stood at a
 * point of the clock, so a conflict says "supplier “Arrow”", not an id. Built from the events
 * (the whole log), or from the tables (`base`: the names after every event stored) and the events
 * taken in after them: both give the same words for a conflict found at a taken-in event.
 */
export class RecordNames {
  private readonly changes = new Map<Uuid, { hlc: string; name: string | null }[]>();
  /** Each record's fields as they stand after the events taken (from `base` at first); absent: removed or unknown. */
  private readonly parts = new Map<Uuid, { entity: NamedEntity; fields: Fields }>();

  /** `base`: the suppliers', sites' and models' records as the tables hold them (none: the events say it all). */
  constructor(private readonly base: ReadonlyMap<Uuid, { entity: NamedEntity; fields: Fields }> = new Map()) {
    for (const [id, r] of base) this.parts.set(id, r);
  }

  /** Takes events in clock order: what they change of the records' names, as the fold does. */
  take(events: readonly LotEvent[]): this {
    for (const e of events) {
      if (e.entity !== 'supplier' && e.entity !== 'site' && e.entity !== 'model') continue;
      const known = this.parts.get(e.lotId)?.fields;
      let fields: Fields | null;
      if (e.type === 'created' || e.type === 'imported') fields = known !== undefined ? fillEmpty(known, e.after as Fields) : { ...(e.after as Fields) };
      else if (e.type === 'edited' || e.type === 'resolved') fields = known === undefined ? null : { ...known, ...(e.after as Fields) };
      else if (e.type === 'removed') fields = null;
      else continue;
      if (fields === null) this.parts.delete(e.lotId);
      else this.parts.set(e.lotId, { entity: e.entity, fields });
      const list = this.changes.get(e.lotId) ?? [];
      list.push({ hlc: e.hlc, name: fields === null ? null : recordName(e.entity, fields) });
      this.changes.set(e.lotId, list);
    }
    return this;
  }

  /** The name of record `id` just before the event stamped `hlc`; undefined when it did not exist then (or is unknown). */
  at(id: Uuid, hlc: string): string | undefined {
    const before = (this.changes.get(id) ?? []).filter((c) => c.hlc < hlc).at(-1);
    if (before !== undefined) return before.name ?? undefined;
    const base = this.base.get(id);
    return base === undefined ? undefined : (recordName(base.entity, base.fields) ?? undefined);
  }
}

type NamedEntity = 'supplier' | 'site' | 'model';

/** A supplier's name, a site's code, a model's manufacturer and name; null when the fields do not say. */
export function recordName(entity: 'supplier' | 'site' | 'model', fields: Readonly<Record<string, unknown>>): string | null {
  if (entity === 'site') return typeof fields.code === 'string' ? fields.code : null;
  if (entity === 'supplier') return typeof fields.name === 'string' ? fields.name : null;
  return typeof fields.manufacturer === 'string' && typeof fields.name === 'string' ? `${fields.manufacturer} ${fields.name}` : null;
}

/** Fields holding an amount in minor units of their record's currency (shared/lot.ts, shared/catalog.ts). */
const MONEY_FIELDS = new Set(['unitCost', 'extraCosts', 'salvageValue', 'supportCostPerYear', 'proceeds', 'listPrice', 'energyPricePerMwh', 'spacePerRackUnitMonth']);

/** The currency a record's amounts are in, as `e` left it, else as `state` has it (undefined: not known). */
function currencyOf(e: LotEvent | null, state: Fields | null): string | undefined {
  const set = (e?.after as Fields | undefined)?.currency;
  if (typeof set === 'string') return set;
  return typeof state?.currency === 'string' ? state.currency : undefined;
}

/** A field's value in words; a reference by the name of what it points at (as of `hlc`); an amount as people write it, in `currency`. */
function showField(field: string, value: unknown, names: RecordNames, hlc: string, currency?: string): string {
  if (MONEY_FIELDS.has(field) && typeof value === 'number' && currency !== undefined && isCurrencyCode(currency)) return formatMoney(value, currency);
  if (field === 'fiscalYearStart' && typeof value === 'number' && MONTH_NAMES[value - 1] !== undefined) return MONTH_NAMES[value - 1] as string;
  if (field === 'assumedUtilisationPercent' && typeof value === 'number') return `${value} %`;
  if (Object.hasOwn(REFERENCE_FIELDS, field) && typeof value === 'string' && value !== '') {
    const name = names.at(value, hlc);
    return name === undefined ? `a ${fieldWord(field)} no longer in the ledger` : `“${name}”`;
  }
  return show(value);
}

const NO_NAMES = new RecordNames();

/** What an event did, in words; the records it names as they stood at `atHlc` (by default, the event's own time); amounts in the currency it set, else `currency` (its record's). */
export function eventSummary(e: LotEvent, record: string, names: RecordNames = NO_NAMES, atHlc: string = e.hlc, currency?: string): string {
  const fields = Object.keys(e.after).filter((k) => !BOOKKEEPING.has(k));
  switch (e.type) {
    case 'created':
    case 'imported':
      return `created ${record}`;
    case 'transitioned':
      return `moved ${record} from ${status(e.from)} to ${status(e.to)}`;
    case 'split':
      return `split ${e.quantity ?? '?'} of ${record} off to move them (from ${status(e.from)})`;
    case 'units-received':
      return `received ${unitCount(eventSerials(e).length)} into ${record}`;
    case 'edited':
    case 'adjusted':
      // A move's date corrected (shared/lotChanges.ts correctMoveDate): an edit that names the move.
      if (e.type === 'edited' && isMoveDateCorrection(e)) return `corrected the date of ${record}’s move to ${status(e.to)} to ${e.date ?? '?'}`;
      return `set ${fields.map((f) => `${fieldWord(f)} to ${showField(f, e.after[f as keyof typeof e.after], names, atHlc, currencyOf(e, null) ?? currency)}`).join(', ') || 'nothing'} on ${record}`;
    case 'settings-changed':
      return `set ${fields.map(fieldWord).join(', ')} in ${record}`;
    case 'resolved':
      return `resolved a conflict on ${record}`;
    case 'removed':
      return `removed ${record}`;
    default:
      return `${e.type.replace('-', ' ')} on ${record}`;
  }
}

function refOf(e: LotEvent, record: string, names: RecordNames = NO_NAMES, atHlc: string = e.hlc, currency?: string): ConflictEvent {
  return { id: e.id, device: parseEventId(e.id)?.device ?? '', actor: e.actor, at: e.at, summary: eventSummary(e, record, names, atHlc, currency) };
}

/** Events that set fields of their record (others add to it: prices, units; or create or remove it). */
const SETS_FIELDS = new Set<LotEvent['type']>(['transitioned', 'split', 'edited', 'adjusted', 'settings-changed', 'resolved']);

const changedFields = (e: LotEvent): string[] => (SETS_FIELDS.has(e.type) ? Object.keys(e.after).filter((k) => !BOOKKEEPING.has(k)) : []);

const isMove = (e: LotEvent): boolean => e.type === 'transitioned' || e.type === 'split';

/** Events of one record found made without seeing earlier ones of it: event id → the ones it had not seen. */
type Unseen = Map<EventId, LotEvent[]>;

interface RecordWalk {
  /** What the walk's words name records by (the same for the units' conflicts). */
  names: RecordNames;
  conflicts: LedgerConflict[];
  /** Each record's state after every event, by record id. */
  states: Map<Uuid, { entity: EventEntity; state: Fields | null }>;
  unseen: Unseen;
}

function walkRecords(ordered: readonly LotEvent[], names: RecordNames): RecordWalk {
  const byRecord = new Map<Uuid, LotEvent[]>();
  for (const e of ordered) {
    const list = byRecord.get(e.lotId);
    if (list) list.push(e);
    else byRecord.set(e.lotId, [e]);
  }
  const conflicts: LedgerConflict[] = [];
  const states = new Map<Uuid, { entity: EventEntity; state: Fields | null }>();
  const unseen: Unseen = new Map();
  for (const [recordId, list] of byRecord) {
    const entity = (list[0] as LotEvent).entity;
    // A record whose every event one device wrote holds no conflict (each saw all before it):
    // only its code or name is needed, for codes made twice. Most records of a ledger are so, and
    // applying every field of every event to them was half of finding a large ledger's conflicts.
    if (fromOneDevice(list)) {
      states.set(recordId, { entity, state: codeAndName(list) });
      continue;
    }
    const position = new Map(list.map((e, i) => [e.id, i]));
    let state: Fields | null = null;
    // What a removed record is called in words: as it was last.
    let known: Fields | null = null;
    list.forEach((e, i) => {
      const found = recordConflict(e, i, list, position, state, known, recordId, names);
      if (found !== null) {
        unseen.set(e.id, found.unseen);
        if (found.conflict !== null) conflicts.push(found.conflict);
      }
      state = applied(state, e);
      if (state !== null) known = state;
    });
    states.set(recordId, { entity, state });
  }
  return { names, conflicts, states, unseen };
}

const deviceOf = (id: string): string => id.slice(0, id.indexOf(':'));

/** Whether one device wrote every event given. */
function fromOneDevice(events: readonly LotEvent[]): boolean {
  const first = events[0];
  if (first === undefined) return true;
  const device = deviceOf(first.id);
  return events.every((e) => e.id.length > device.length && e.id[device.length] === ':' && e.id.startsWith(device));
}

/** The `code` and `name` a record ends with, as {@link applied} over its events gives them (null: removed or never made). */
function codeAndName(events: readonly LotEvent[]): Fields | null {
  let exists = false;
  let code: unknown;
  let name: unknown;
  const empty = (v: unknown): boolean => v === undefined || v === null || v === '';
  for (const e of events) {
    const after = e.after as Fields;
    switch (e.type) {
      case 'created':
      case 'imported':
        // A catalogue record made twice keeps what it has (shared/ledger/fold.ts fillEmpty).
        if (exists && e.entity !== 'lot') {
          if (empty(code)) code = after.code;
          if (empty(name)) name = after.name;
        } else {
          code = after.code;
          name = after.name;
        }
        exists = true;
        break;
      case 'removed':
        exists = false;
        code = undefined;
        name = undefined;
        break;
      case 'observed':
      case 'prices-removed':
      case 'units-received':
      case 'sanitised':
      case 'units-updated':
        break;
      default:
        // A change to a record removed (or not yet made) changes nothing, as in the fold; the team settings have no creation.
        if (!exists && e.entity !== 'settings') break;
        exists = true;
        if (Object.hasOwn(after, 'code')) code = after.code;
        if (Object.hasOwn(after, 'name')) name = after.name;
    }
  }
  return exists ? { code, name } : null;
}

function applied(state: Fields | null, e: LotEvent): Fields | null {
  switch (e.type) {
    case 'created':
    case 'imported':
      // A catalogue record made twice is one record, as the fold has it (shared/ledger/fold.ts fillEmpty).
      return state !== null && e.entity !== 'lot' ? fillEmpty(state, e.after as Fields) : { ...(e.after as Fields) };
    case 'removed':
      return null;
    case 'observed':
    case 'prices-removed':
    case 'units-received':
    case 'sanitised':
    case 'units-updated':
      return state;
    default:
      // A change to a record removed (or not yet made) changes nothing, as in the fold; the team settings have no creation.
      if (state === null && e.entity !== 'settings') return null;
      if (e.entity === 'settings' && e.type === 'settings-changed') return withSettingsChanged(state ?? {}, e);
      return withFieldsApplied(state ?? {}, e.after as Fields);
  }
}

/** The team settings once `e` (a `settings-changed`) is applied, as the fold applies it (shared/ledger/fold.ts). */
function withSettingsChanged(state: Fields, e: LotEvent): Fields {
  const before = (e.before ?? {}) as Fields;
  const out: Fields = { ...state };
  for (const [key, value] of Object.entries(e.after as Fields)) out[key] = isTeamSettingKey(key) ? appliedTeamSetting(key, state[key], before[key], value) : value;
  return out;
}

/**
 * The entries of a keyed team setting (a category's templates, a status's checklist) that `a` and
 * `b`, two `settings-changed` events, both changed, to different values (null: not a keyed setting,
 * or an event that does not say what it changed: the setting is one value).
 */
function settingEntriesClash(f: string, a: LotEvent, b: LotEvent): string[] | null {
  if (a.type !== 'settings-changed' || b.type !== 'settings-changed') return null;
  const entries = (x: LotEvent): string[] | null => changedSettingEntries(f, (x.before as Fields | null)?.[f], (x.after as Fields)[f]);
  const ofA = entries(a);
  const ofB = entries(b);
  if (ofA === null || ofB === null) return null;
  const afterA = (a.after as Fields)[f] as Fields;
  const afterB = (b.after as Fields)[f] as Fields;
  return ofA.filter((k) => ofB.includes(k) && !sameJsonValue(afterA[k], afterB[k]));
}

/** Changes a record's removal makes void: they set its fields or change its units (not a creation, which makes it again, a resolution, or a price). */
const LOST_TO_REMOVAL = new Set<LotEvent['type']>(['transitioned', 'split', 'edited', 'adjusted', 'units-received', 'sanitised', 'units-updated']);

function unitsLost(lost: readonly LotEvent[]): string {
  return lost.some((u) => u.type === 'units-received') ? ' The units received are not in the fleet: receive them into another lot.' : '';
}

function removedChanged(e: LotEvent, base: { entity: EventEntity; recordId: Uuid; record: string; recordIds: Uuid[] }, message: string, events: ConflictEvent[]): LedgerConflict {
  return { id: `removed-changed:${e.id}`, kind: 'removed-changed', ...base, message, events, resolutions: [{ key: 'keep-current', label: `Keep ${base.record} removed`, after: {} }] };
}

/** The events of its record `e` was made without, and the conflict that makes if any (null: `e` saw everything before it, or its basis is unknown here). */
function recordConflict(e: LotEvent, i: number, list: readonly LotEvent[], position: ReadonlyMap<EventId, number>, state: Fields | null, known: Fields | null, recordId: Uuid, names: RecordNames): { unseen: LotEvent[]; conflict: LedgerConflict | null } | null {
  // A change that reaches a record already removed was made where the removal was not seen yet
  // (a device changes only what it holds): however it was made, it is lost to the removal.
  if (state === null && known !== null && LOST_TO_REMOVAL.has(e.type)) {
    const record = recordLabel(e.entity, known, recordId);
    const removal = list.slice(0, i).findLast((u) => u.type === 'removed');
    const message = `${e.actor} ${eventSummary(e, record, names, e.hlc)} without seeing that ${removal?.actor ?? 'another device'} had removed it on another device. It stays removed.${unitsLost([e])} The change is in the history.`;
    const events = [...(removal ? [removal] : []), e].map((x) => refOf(x, record, names, e.hlc));
    return { unseen: [], conflict: removedChanged(e, { entity: e.entity, recordId, record, recordIds: [recordId] }, message, events) };
  }
  const basis = e.basis?.[e.lotId];
  if (basis === undefined) return null;
  const previous = i > 0 ? (list[i - 1] as LotEvent).id : null;
  if (basis === previous) return null;
  let start = 0;
  if (basis !== null) {
    const at = position.get(basis);
    // Its basis is not here (yet): nothing can be said until it is.
    if (at === undefined || at >= i) return null;
    start = at + 1;
  }
  const device = parseEventId(e.id)?.device;
  const missed = list.slice(start, i).filter((u) => parseEventId(u.id)?.device !== device);
  if (missed.length === 0) return null;
  const record = recordLabel(e.entity, state ?? known, recordId);
  const base = { entity: e.entity, recordId, record, recordIds: [recordId] };
  // Every name in a conflict's words as it stood at `e`, the event it is found at: the same whichever way it was found.
  // Amounts in the record's currency as it stood before `e` (or as the event writing them set it).
  const currency = currencyOf(null, state ?? known);
  const refs = (others: readonly LotEvent[]): ConflictEvent[] => [...others, e].map((x) => refOf(x, record, names, e.hlc, currency));
  const said = (f: string, value: unknown, inCurrency: string | undefined = currency): string => showField(f, value, names, e.hlc, inCurrency);
  // A record removed on one device while changed on another without seeing the removal (the
  // demo fleet cleared while one of its lots was worked on elsewhere): the removal holds — the
  // fold takes in no units into a removed lot and no change to a removed record — so what the
  // changes did would be gone without a word. Say so. (A creation after a removal is not a
  // change lost: it makes the record again.)
  if (e.type === 'removed') {
    const lost = missed.filter((u) => LOST_TO_REMOVAL.has(u.type));
    if (lost.length > 0) {
      const what = lost.map((u) => `${u.actor} ${eventSummary(u, record, names, e.hlc)}`).join('; ');
      const message = `${e.actor} removed ${record} without seeing changes made to it on another device (${what}). It stays removed, with its units.${unitsLost(lost)} The changes are in the history.`;
      return { unseen: missed, conflict: removedChanged(e, base, message, refs(lost)) };
    }
  }

  // A catalogue record made a second time (a supplier whose id its name gives, made on two devices
  // apart): the first stands and the second only fills what it left empty, so a value the second
  // gave differently would be lost without a word. Say so, and offer it.
  if ((e.type === 'created' || e.type === 'imported') && e.entity !== 'lot' && state !== null) {
    const made = e.after as Fields;
    const blank = (v: unknown): boolean => v === undefined || v === null || v === '';
    // A supplier's name is the same name whatever its case and spaces (that is how the id was found).
    const alike = (f: string): boolean => sameJsonValue(made[f], state[f]) || (e.entity === 'supplier' && f === 'name' && typeof made[f] === 'string' && typeof state[f] === 'string' && supplierKey(made[f]) === supplierKey(state[f]));
    const differ = Object.keys(made).filter((f) => !CREATION_STAMPS.has(f) && !blank(made[f]) && !blank(state[f]) && !alike(f)).sort();
    if (differ.length === 0) return { unseen: missed, conflict: null };
    const first = missed.find((u) => u.type === 'created' || u.type === 'imported') ?? missed[0];
    const kept = differ.map((f) => `${fieldWord(f)} ${said(f, state[f], currencyOf(null, state))}`).join(', ');
    const offered = differ.map((f) => `${fieldWord(f)} ${said(f, made[f], currencyOf(e, state))}`).join(', ');
    const message = `${record} was made on two devices without either seeing the other: ${e.actor} made it with ${offered}, but it already had ${kept}${first ? ` (${first.actor})` : ''}. The first stands; ${e.actor}’s values are in the history.`;
    const resolutions: ConflictResolution[] = [
      { key: 'keep-current', label: `Keep ${kept}`, after: {} },
      { key: 'keep-later', label: `Use ${e.actor}’s: ${offered}`, after: Object.fromEntries(differ.map((f) => [f, made[f]])) },
    ];
    return { unseen: missed, conflict: { id: `same-field:${e.id}`, kind: 'same-field', ...base, message, events: refs(missed), resolutions } };
  }
  const fields = changedFields(e);
  // Putting back what `e` replaced: the record as it was just before it.
  const before: Fields = {};
  for (const f of fields) before[f] = state?.[f] ?? null;
  if (isMove(e) && e.from !== null && state !== null && state.status !== e.from) {
    const others = missed.filter((u) => Object.hasOwn(u.after, 'status'));
    const last = others.at(-1);
    const already = last !== undefined ? `${last.actor} had already ${eventSummary(last, record)}` : 'the lot had already left that status';
    // What `e` wrote, as it holds now: a choice made on two devices at once then shows as a field set two ways.
    const kept: Fields = {};
    for (const f of fields) kept[f] = (e.after as Fields)[f] ?? null;
    let message: string;
    let resolutions: ConflictResolution[];
    if (e.type === 'split') {
      // A part move leaves the lot's status as it is: its part went on as a new lot.
      message = `${e.actor} ${eventSummary(e, record)}, but ${already} on another device. Both are in the history: the ${e.quantity ?? '?'} split off went on as a new lot, and the rest of ${record} is ${status(state.status)}.`;
      // The only choice, so nothing to tell apart from another's: it writes nothing. Writing what the
      // split left (its quantity, extra costs, schedule) undid every change to the lot since: a lot
      // split again after the conflict showed went back to its old count, units counted twice.
      resolutions = [{ key: 'keep-current', label: `Keep both: ${e.quantity ?? '?'} in the new lot, the rest ${status(state.status)}`, after: {} }];
    } else {
      message = `${e.actor} ${eventSummary(e, record)}, but ${already} on another device. Both moves are in the history; the later one (${e.actor}’s) holds: the lot is ${status(e.to)}.`;
      resolutions = [
        { key: 'keep-current', label: `Keep ${e.actor}’s move (${status(e.to)})`, after: kept },
        { key: 'keep-earlier', label: `Keep the lot ${status(state.status)} as ${last?.actor ?? 'it was'} left it`, after: before },
      ];
    }
    return { unseen: missed, conflict: { id: `stale-move:${e.id}`, kind: 'stale-move', ...base, message, events: refs(others.length > 0 ? others : missed), resolutions } };
  }
  // The quantity the author moved from: a split's `before`, a whole move's `quantity`.
  const counted = e.type === 'split' ? e.before?.quantity : e.type === 'transitioned' ? e.quantity : undefined;
  if (typeof counted === 'number' && state !== null && typeof state.quantity === 'number' && counted !== state.quantity) {
    const others = missed.filter((u) => Object.hasOwn(u.after, 'quantity'));
    const took = e.quantity ?? 0;
    const left = state.quantity;
    const resolutions: ConflictResolution[] = [];
    let outcome: string;
    if (e.type === 'split') {
      if (left - took >= 1) resolutions.push({ key: 'reapply', label: `Re-apply: take ${took} from the ${left} left, leaving ${left - took}`, after: reappliedSplit(e, state, took) });
      resolutions.push({ key: 'keep-current', label: `Leave ${record} at ${String(e.after.quantity)} (correct it by hand)`, after: { quantity: e.after.quantity ?? null } });
      outcome = left - took >= 1 ? `Taken from the ${left} left, ${left - took} would remain; it shows ${String(e.after.quantity)}.` : `That is more than the ${left} left.`;
    } else {
      resolutions.push({ key: 'keep-current', label: `Keep the move of the ${left} left`, after: { status: e.to } });
      resolutions.push({ key: 'keep-earlier', label: `Undo the move (back to ${status(state.status)})`, after: before });
      outcome = `It moved the ${left} left.`;
    }
    const message = `${e.actor} ${eventSummary(e, record)}, counting ${unitCount(counted)} in the lot, but another device had already changed it to ${left}. ${outcome}`;
    return { unseen: missed, conflict: { id: `over-quantity:${e.id}`, kind: 'over-quantity', ...base, message, events: refs(others.length > 0 ? others : missed), resolutions } };
  }
  const dated = moveDateConflict(e, i, list, missed, base, refs);
  if (dated !== null) return { unseen: missed, conflict: dated };
  const fixed = splitFixedConflict(e, missed, state, base, said, refs);
  if (fixed !== null) return { unseen: missed, conflict: fixed };
  if (e.type === 'units-updated') return { unseen: missed, conflict: unitFieldConflict(e, missed, base, said) };
  // A utilisation record clashes month by month: two devices recording different months both stand.
  // A keyed team setting clashes entry by entry: two devices changing different categories' templates both stand.
  const clashOf = (f: string, u: LotEvent): boolean => {
    const entries = settingEntriesClash(f, u, e);
    if (entries !== null) return entries.length > 0;
    const a = u.after[f as keyof typeof u.after];
    const b = e.after[f as keyof typeof e.after];
    return f === 'utilisation' ? utilisationChangesClash(a as UtilisationChange, b as UtilisationChange) : !sameJsonValue(a, b);
  };
  const clashing = missed.filter((u) => changedFields(u).some((f) => fields.includes(f) && clashOf(f, u)));
  if (clashing.length === 0) return { unseen: missed, conflict: null };
  const fieldOf = (x: LotEvent, f: string): unknown => (x.after as Fields)[f];
  const shared = fields.filter((f) => clashing.some((u) => Object.hasOwn(u.after, f) && clashOf(f, u)));
  // Of a utilisation record only the months set to different figures are in question.
  const clashMonths = new Set(
    shared.includes('utilisation')
      ? Object.keys((fieldOf(e, 'utilisation') ?? {}) as UtilisationChange).filter((m) => clashing.some((u) => { const theirs = fieldOf(u, 'utilisation') as UtilisationChange | undefined; return theirs !== undefined && Object.hasOwn(theirs, m) && (theirs[m] ?? null) !== ((fieldOf(e, 'utilisation') as UtilisationChange)[m] ?? null); }))
      : [],
  );
  // Of a keyed team setting only the entries set to different values are in question.
  const clashEntries = new Map<string, string[]>();
  for (const f of shared) {
    const entries = clashing.flatMap((u) => settingEntriesClash(f, u, e) ?? []);
    if (entries.length > 0) clashEntries.set(f, [...new Set(entries)].sort());
  }
  const inQuestion = (f: string, value: unknown): unknown => {
    if (f === 'utilisation') return Object.fromEntries([...clashMonths].sort().map((m) => [m, ((value ?? {}) as UtilisationChange)[m] ?? null]));
    const entries = clashEntries.get(f);
    return entries === undefined ? value : Object.fromEntries(entries.map((k) => [k, ((value ?? {}) as Fields)[k] ?? null]));
  };
  const last = clashing.at(-1) as LotEvent;
  const theirs: Fields = {};
  for (const f of shared) theirs[f] = inQuestion(f, state?.[f] ?? null);
  // A resolution sets a team setting whole: the setting as `e` left it, its entries in question as chosen.
  const nowSet = state === null || e.type !== 'settings-changed' ? null : withSettingsChanged(state, e);
  const settled = (f: string, chosen: unknown): unknown => {
    const entries = clashEntries.get(f);
    if (entries === undefined || nowSet === null) return chosen;
    const whole: Fields = { ...(nowSet[f] as Fields) };
    for (const k of entries) {
      const v = (chosen as Fields)[k];
      if (v === null || v === undefined) delete whole[k];
      else whole[k] = v;
    }
    return whole;
  };
  const values = (x: LotEvent): string => shared.filter((f) => Object.hasOwn(x.after, f)).map((f) => `${fieldWord(f)} ${said(f, inQuestion(f, fieldOf(x, f)), currencyOf(x, state))}`).join(', ');
  const message = `${shared.map(fieldWord).join(', ')} of ${record} ${shared.length > 1 ? 'were' : 'was'} changed on two devices without either seeing the other: ${last.actor} set ${values(last)}, ${e.actor} set ${values(e)}. The later change (${e.actor}’s) holds; both are in the history.`;
  const resolutions: ConflictResolution[] = [
    { key: 'keep-current', label: `Keep ${e.actor}’s: ${values(e)}`, after: Object.fromEntries(shared.map((f) => [f, settled(f, inQuestion(f, fieldOf(e, f) ?? null))])) },
    { key: 'keep-earlier', label: `Keep ${last.actor}’s: ${shared.map((f) => `${fieldWord(f)} ${said(f, theirs[f])}`).join(', ')}`, after: Object.fromEntries(shared.map((f) => [f, settled(f, theirs[f])])) },
  ];
  return { unseen: missed, conflict: { id: `same-field:${e.id}`, kind: 'same-field', ...base, message, events: refs(clashing), resolutions } };
}

/** A lot's fields a move date correction (or a choice that sets a move's date) sets, less its bookkeeping. */
function datedFields(fields: unknown): Fields {
  return Object.fromEntries(Object.entries((fields ?? {}) as Fields).filter(([k]) => !BOOKKEEPING.has(k)));
}

/** The choice that sets the date of `correction`'s move to `date`, with the lot's fields that follow it. */
function moveDateChoice(key: string, label: string, correction: MoveDateCorrection, date: IsoDate, fields: Fields): ConflictResolution {
  return { key, label, after: fields, moveDate: { from: correction.move.from, to: correction.move.to as LotStatus, date } };
}

/** A dated move of a lot (a whole move or a split), with its date. */
function movedOn(e: LotEvent): IsoDate | null {
  return (e.type === 'transitioned' || e.type === 'split') && e.date !== null ? e.date : null;
}

/**
 * A move's date corrected apart from another change to the lot's moves (kind `move-date`), found at
 * `e`, the later of the two: the same move corrected to another date on another device; or a
 * correction past the date of a move made meanwhile on another device (whichever of the two came
 * later by the clock). Each device checks, on its own, that only the latest move is corrected and
 * that moves are dated in the order they happened; merged, neither holds, and the later correction
 * would silently replace the other, or the moves would stand out of order. Null when neither.
 */
function moveDateConflict(e: LotEvent, i: number, list: readonly LotEvent[], missed: readonly LotEvent[], base: { entity: EventEntity; recordId: Uuid; record: string; recordIds: Uuid[] }, refs: (others: readonly LotEvent[]) => ConflictEvent[]): LedgerConflict | null {
  if (e.entity !== 'lot' || !(isMoveDateCorrection(e) || (movedOn(e) !== null && missed.some(isMoveDateCorrection)))) return null;
  const corrections = correctedMoveDates(list.slice(0, i + 1)).corrections;
  const index = new Map(list.slice(0, i + 1).map((x, k) => [x.id, k]));
  const moveWords = (c: MoveDateCorrection): string => `move to ${STATUS_LABELS[c.move.to as LotStatus]}`;
  const own = corrections.get(e.id);
  if (own !== undefined && e.date !== null) {
    // The same move corrected on another device to another date.
    const twin = missed.filter((u) => corrections.get(u.id)?.move.id === own.move.id && u.date !== null && u.date !== e.date).at(-1);
    if (twin !== undefined && twin.date !== null) {
      const message = `The date of ${base.record}’s ${moveWords(own)} was corrected on two devices without either seeing the other: ${twin.actor} corrected it to ${twin.date}, ${e.actor} to ${e.date}. The later correction (${e.actor}’s) holds; both are in the history.`;
      const resolutions: ConflictResolution[] = [
        { key: 'keep-current', label: `Keep ${e.actor}’s date: ${e.date}`, after: {} },
        moveDateChoice('keep-earlier', `Keep ${twin.actor}’s date: ${twin.date}`, own, twin.date, datedFields(twin.after)),
      ];
      return { id: `move-date:${e.id}`, kind: 'move-date', ...base, message, events: refs([twin]), resolutions };
    }
    // A move made meanwhile, after the corrected one, dated before the corrected date.
    const at = index.get(own.move.id) ?? i;
    const passed = missed.filter((u) => (index.get(u.id) ?? -1) > at && movedOn(u) !== null && compareIso(movedOn(u) as IsoDate, e.date as IsoDate) < 0).at(-1);
    if (passed !== undefined) {
      const message = `${e.actor} corrected the date of ${base.record}’s ${moveWords(own)} to ${e.date} without seeing that ${passed.actor} had ${eventSummary(passed, base.record)} on ${movedOn(passed)} on another device: its moves are now dated out of order (${STATUS_LABELS[own.move.to as LotStatus]} on ${e.date}, after ${moveWhat(passed)} on ${movedOn(passed)}). Both are in the history.`;
      return { id: `move-date:${e.id}`, kind: 'move-date', ...base, message, events: refs([passed]), resolutions: outOfOrderChoices(own, e, `Keep the corrected date ${e.date}`) };
    }
    return null;
  }
  const date = movedOn(e);
  if (date === null) return null;
  // `e` moved the lot on, dated before a correction of an earlier move it had not seen.
  const passed = missed.filter((u) => {
    const c = corrections.get(u.id);
    return c !== undefined && u.date !== null && (index.get(c.move.id) ?? i) < i && compareIso(date, u.date) < 0;
  }).at(-1);
  const correction = passed === undefined ? undefined : corrections.get(passed.id);
  if (passed === undefined || correction === undefined) return null;
  const message = `${e.actor} ${eventSummary(e, base.record)} on ${date} without seeing that ${passed.actor} had corrected the date of its ${moveWords(correction)} to ${passed.date} on another device: its moves are now dated out of order (${moveWhat(e)} on ${date}, before ${STATUS_LABELS[correction.move.to as LotStatus]} on ${passed.date}). Both are in the history.`;
  return { id: `move-date:${e.id}`, kind: 'move-date', ...base, message, events: refs([passed]), resolutions: outOfOrderChoices(correction, passed, 'Keep both dates as they are') };
}

/** A move in a word or two, as the lot's dates are said: "Spare", "a split of 3". */
function moveWhat(e: LotEvent): string {
  return e.type === 'split' ? `a split of ${e.quantity ?? '?'}` : STATUS_LABELS[e.to as LotStatus] ?? String(e.to);
}

/** For moves left out of order by `fix` (a correction of `correction`'s move): keep them so, or put the move back to its date before the correction. */
function outOfOrderChoices(correction: MoveDateCorrection, fix: LotEvent, keepLabel: string): ConflictResolution[] {
  return [
    { key: 'keep-current', label: keepLabel, after: {} },
    moveDateChoice('keep-earlier', `Put the move to ${STATUS_LABELS[correction.move.to as LotStatus]} back to ${correction.from}`, correction, correction.from, datedFields(fix.before)),
  ];
}

/**
 * The lot's fields once split `e`, made on a quantity another device had already taken from, is
 * done again on the lot as it stands (`state`): `took` off what is left, less the extra costs its
 * part went away with, and, where depreciation had begun, the schedule shared out from the lot's
 * own (so every part's schedule adds up to the lot's as bought, as with two splits one after the
 * other). The quantity alone would leave the lot the costs and the schedule of the count the split
 * saw: its schedule refused ("leaves this lot 6 units, but it has 3"), its extra costs counted twice.
 */
function reappliedSplit(e: LotEvent, state: Fields, took: number): Fields {
  const rest = (state.quantity as number) - took;
  const after: Fields = { quantity: rest };
  const extras = state.extraCosts;
  if (typeof extras === 'number') {
    const saw = (e.before as Fields | undefined)?.extraCosts;
    const kept = (e.after as Fields).extraCosts;
    // What the part split off was given: taken from the extra costs left.
    const given = typeof saw === 'number' && typeof kept === 'number' ? saw - kept : null;
    after.extraCosts = given !== null && given >= 0 && given <= extras ? extras - given : (allocate(extras, [rest, took])[0] ?? extras);
  }
  if ((e.after as Fields).depreciationChain !== undefined && (e.after as Fields).depreciationChain !== null && typeof e.date === 'string') {
    const chains = splitDepreciationChain(state as unknown as Lot, took, e.date);
    if (chains.parent !== null) {
      after.adjustments = [];
      after.depreciationChain = chains.parent;
    }
  }
  return after;
}

/**
 * Fields of a lot a split after the start of depreciation fixes (shared/lotChanges.ts FIXED_BY_SPLIT)
 * that no other conflict covers: quantity and extra costs, which the split itself sets, are found
 * as over-quantity or same-field conflicts.
 */
const FIXED_BY_SPLIT_WORDS: Readonly<Record<string, string>> = {
  unitCost: 'unit cost',
  salvageValue: 'salvage value',
  inServiceDate: 'in-service date',
  currency: 'currency',
  book: 'book depreciation policy',
  tax: 'tax depreciation policy',
};

const isChainSplit = (u: LotEvent): boolean => u.type === 'split' && (u.after as Fields).depreciationChain !== undefined && (u.after as Fields).depreciationChain !== null;
const fixedFieldsOf = (u: LotEvent): string[] => (u.type === 'edited' ? Object.keys(u.after).filter((f) => Object.hasOwn(FIXED_BY_SPLIT_WORDS, f)) : []);

/**
 * An edit of a lot's cost (in-service date, salvage, policy, currency) and a split of it after its
 * depreciation began, made on two devices without either seeing the other. The split shares out
 * the schedule of the cost it saw (each part's depreciation chain), so whichever was written
 * later, the edit cannot stand beside it: the lot would show one cost and depreciate another, and
 * the part split off keeps the old cost. On one device the edit is refused after such a split;
 * here the only way that keeps the books whole is the split's: the fields back as the split saw
 * them (a correction is then a revision or an impairment).
 */
function splitFixedConflict(
  e: LotEvent,
  missed: readonly LotEvent[],
  state: Fields | null,
  base: { entity: EventEntity; recordId: Uuid; record: string; recordIds: Uuid[] },
  said: (field: string, value: unknown) => string,
  refs: (others: readonly LotEvent[]) => ConflictEvent[],
): LedgerConflict | null {
  if (e.entity !== 'lot' || state === null) return null;
  let edits: LotEvent[];
  let split: LotEvent | undefined;
  // The value of each field as the split saw it.
  const seen: Fields = {};
  if (isChainSplit(e)) {
    edits = missed.filter((u) => fixedFieldsOf(u).length > 0);
    split = e;
    for (const u of [...edits].reverse()) for (const f of fixedFieldsOf(u)) seen[f] = ((u.before ?? {}) as Fields)[f] ?? null;
  } else {
    const fields = fixedFieldsOf(e);
    split = missed.findLast(isChainSplit);
    if (fields.length === 0 || split === undefined) return null;
    edits = [e];
    for (const f of fields) seen[f] = state[f] ?? null;
  }
  if (edits.length === 0 || split === undefined) return null;
  const fields = Object.keys(seen).sort();
  // Amounts in the lot's currency, as people write them.
  const currency = typeof state.currency === 'string' && isCurrencyCode(state.currency) ? state.currency : null;
  const show = (f: string, value: unknown): string => ((f === 'unitCost' || f === 'salvageValue') && typeof value === 'number' && currency !== null ? `${formatDecimal(value, currency)} ${currency}` : said(f, value));
  const wrote = edits.map((u) => `${u.actor} set ${fixedFieldsOf(u).map((f) => `the ${FIXED_BY_SPLIT_WORDS[f]} to ${show(f, (u.after as Fields)[f])}`).join(', ')}`).join('; ');
  const back = fields.map((f) => `the ${FIXED_BY_SPLIT_WORDS[f]} back to ${show(f, seen[f])}`).join(', ');
  const message = `${wrote} on ${base.record}, while ${split.actor} split ${split.quantity ?? '?'} of it off on another device after its depreciation began, without either seeing the other. The split shares out the depreciation of what it saw, so the lot would show one figure and depreciate another, and the part split off keeps the old one. Keep the split with ${back}, and record the correction as a revision or an impairment.`;
  return {
    id: `same-field:${e.id}`,
    kind: 'same-field',
    ...base,
    message,
    events: refs(e === split ? edits : [split]),
    resolutions: [{ key: 'keep-split', label: `Keep the split: ${back}`, after: Object.fromEntries(fields.map((f) => [f, seen[f]])) }],
  };
}

/** The same field of one unit set to different values by `e` and by units edits it had not seen. */
function unitFieldConflict(e: UnitLotEvent, missed: readonly UnitLotEvent[], base: { entity: EventEntity; recordId: Uuid; record: string; recordIds: Uuid[] }, said: (field: string, value: unknown) => string): LedgerConflict | null {
  const mine = new Map((e.unitChanges ?? []).map((c) => [c.serial, c]));
  const restores: UnitRestore[] = [];
  const clashing = new Set<UnitLotEvent>();
  // The events whose values putting back restores (of several setting one field, the last).
  const restoredFrom = new Set<UnitLotEvent>();
  const parts: string[] = [];
  const ours: string[] = [];
  const back: string[] = [];
  for (const c of mine.values()) {
    const theirs: Record<string, unknown> = {};
    const from: Record<string, UnitLotEvent> = {};
    for (const u of missed) {
      for (const other of u.unitChanges ?? []) {
        if (other.serial !== c.serial) continue;
        for (const [f, v] of Object.entries(other.after)) {
          if (Object.hasOwn(c.after, f) && !sameJsonValue(v, (c.after as Record<string, unknown>)[f])) {
            theirs[f] = v;
            from[f] = u;
            clashing.add(u);
          }
        }
      }
    }
    const fields = Object.keys(theirs);
    if (fields.length === 0) continue;
    for (const u of Object.values(from)) restoredFrom.add(u);
    restores.push({ serial: c.serial, before: Object.fromEntries(fields.map((f) => [f, (c.after as Record<string, unknown>)[f]])), after: theirs });
    parts.push(`${c.serial}: ${fields.map((f) => `${fieldWord(f)} ${said(f, (c.after as Record<string, unknown>)[f])} (was set to ${said(f, theirs[f])} elsewhere)`).join(', ')}`);
    ours.push(`${c.serial} ${fields.map((f) => `${fieldWord(f)} ${said(f, (c.after as Record<string, unknown>)[f])}`).join(', ')}`);
    back.push(`${c.serial} ${fields.map((f) => `${fieldWord(f)} ${said(f, theirs[f])}`).join(', ')}`);
  }
  if (restores.length === 0) return null;
  const others = [...clashing];
  const which = parts.length > 3 ? `${parts.slice(0, 3).join('; ')}; and ${counted(parts.length - 3, 'more unit')}` : parts.join('; ');
  return {
    id: `same-field:${e.id}`,
    kind: 'same-field',
    ...base,
    message: `Units of ${base.record} were edited on two devices without either seeing the other. ${e.actor}’s later edit holds — ${which}.`,
    events: [...others, e].map((x) => refOf(x, base.record)),
    resolutions: [
      // Each says what it keeps: two devices' authors often have one name (“local user”).
      { key: 'keep-current', label: `Keep ${e.actor}’s: ${listed(ours, 3)}`, after: {} },
      { key: 'keep-earlier', label: `Keep ${[...new Set(others.filter((o) => restoredFrom.has(o)).map((o) => o.actor))].join(' and ')}’s: ${listed(back, 3)}`, after: {}, unitRestores: restores },
    ],
  };
}

interface Held {
  unit: Unit;
  /** The receipt that put it in its lot (null: seeded from the tables). */
  event: LotEvent | null;
}

/** Units through the log in clock order: a serial received while another lot holds it, and receipts beyond a lot's quantity made concurrently. */
/**
 * Where the units stand before the events a walk is given: empty for a whole log; for events
 * taken in after the rest (team sync), the units they touch, and the unit counts, quantities and
 * codes of their lots, as the tables hold them. A seeded unit's receipt is not known, so a serial
 * received again while it is held cannot be described from a seed (the caller folds everything
 * instead; {@link receivesHeldSerial}).
 */
export interface UnitWalkSeed {
  units: ReadonlyMap<string, Unit>;
  count: ReadonlyMap<Uuid, number>;
  quantity: ReadonlyMap<Uuid, number>;
  code: ReadonlyMap<Uuid, string>;
  /** The lots split after their depreciation began (a depreciation chain), whose quantity is fixed (none given: none). */
  chained?: ReadonlySet<Uuid>;
}

const EMPTY_SEED: UnitWalkSeed = { units: new Map(), count: new Map(), quantity: new Map(), code: new Map() };

/** Whether an event receives a serial `isHeld` says some lot holds already. */
export function receivesHeldSerial(e: LotEvent, isHeld: (serial: string) => boolean): boolean {
  return e.type === 'units-received' && eventSerials(e).some(isHeld);
}

function walkUnits(ordered: readonly LotEvent[], walk: RecordWalk, seed: UnitWalkSeed = EMPTY_SEED): LedgerConflict[] {
  const conflicts: LedgerConflict[] = [];
  const held = new Map<string, Held>();
  for (const [serial, unit] of seed.units) held.set(serial, { unit, event: null });
  // Asset tag → the serials carrying it, in the order they got it (more than one: a code-twice conflict).
  const tagged = new Map<string, string[]>();
  const tagOn = (tag: string, serial: string): void => {
    if (tag === '') return;
    const list = tagged.get(tag);
    if (list === undefined) tagged.set(tag, [serial]);
    else if (!list.includes(serial)) list.push(serial);
  };
  const tagOff = (tag: string, serial: string): void => {
    const list = tagged.get(tag)?.filter((s) => s !== serial);
    if (list === undefined) return;
    if (list.length === 0) tagged.delete(tag);
    else tagged.set(tag, list);
  };
  /** A held unit changed: the tag index follows its tag. */
  const changed = (h: Held, next: Unit): void => {
    if (next.assetTag !== h.unit.assetTag) {
      tagOff(h.unit.assetTag, h.unit.serial);
      tagOn(next.assetTag, next.serial);
    }
    h.unit = next;
  };
  for (const [serial, unit] of seed.units) tagOn(unit.assetTag, serial);
  const count = new Map(seed.count);
  const quantity = new Map(seed.quantity);
  const code = new Map(seed.code);
  // Lots whose quantity a split after the start of depreciation fixed (shared/lotChanges.ts FIXED_BY_SPLIT).
  const chained = new Set(seed.chained ?? []);
  const flagged = new Set(walk.conflicts.map((c) => c.id.slice(c.id.indexOf(':') + 1)));
  const bump = (lot: Uuid, by: number): void => {
    count.set(lot, (count.get(lot) ?? 0) + by);
  };
  const lotName = (id: Uuid): string => `lot ${code.get(id) ?? id.slice(0, 8)}`;
  // Lots removed so far: units received into one stay out of the fleet, as the fold has it.
  const gone = new Set<Uuid>();
  for (const event of ordered) {
    if (event.entity !== 'lot') continue;
    const e: UnitLotEvent = event;
    if (e.type === 'created' || e.type === 'imported') gone.delete(e.lotId);
    if (e.type === 'units-received' && gone.has(e.lotId)) continue;
    const quantityBefore = quantity.get(e.lotId);
    if (typeof e.after.quantity === 'number') quantity.set(e.lotId, e.after.quantity);
    if (typeof e.after.code === 'string') code.set(e.lotId, e.after.code);
    if (Object.hasOwn(e.after, 'depreciationChain')) {
      if (e.after.depreciationChain === null || e.after.depreciationChain === undefined) chained.delete(e.lotId);
      else chained.add(e.lotId);
    }
    switch (e.type) {
      case 'units-received': {
        if (!e.units) break;
        const twice: Twice[] = [];
        const clashes: CodeClash[] = [];
        const device = deviceOf(e.id);
        // Another unit's receipt made on another device (a device refuses a code it holds).
        const apart = (serial: string): Held | null => {
          const h = held.get(serial);
          return h !== undefined && (h.event === null || deviceOf(h.event.id) !== device) ? h : null;
        };
        for (const u of unpackUnits(decodeEventUnits(e.units))) {
          const earlier = held.get(u.serial);
          const received = { ...u, lotId: e.lotId };
          if (earlier !== undefined) {
            twice.push({ serial: u.serial, before: earlier, received });
            bump(earlier.unit.lotId, -1);
            tagOff(earlier.unit.assetTag, u.serial);
          }
          // Its serial another unit's tag; its tag another unit's tag, or another unit's serial.
          for (const other of tagged.get(u.serial) ?? []) {
            const h = other === u.serial ? null : apart(other);
            if (h !== null) clashes.push({ code: u.serial, kind: 'serial', first: h, later: received, serialFirst: false });
          }
          if (u.assetTag !== '') {
            for (const other of tagged.get(u.assetTag) ?? []) {
              const h = other === u.serial ? null : apart(other);
              if (h !== null) clashes.push({ code: u.assetTag, kind: 'tag', first: h, later: received, serialFirst: false });
            }
            const h = u.assetTag === u.serial ? null : apart(u.assetTag);
            if (h !== null) clashes.push({ code: u.assetTag, kind: 'serial', first: h, later: received, serialFirst: true });
          }
          held.set(u.serial, { unit: received, event: e });
          tagOn(u.assetTag, u.serial);
          bump(e.lotId, 1);
        }
        if (twice.length > 0) conflicts.push(serialTwice(e, twice, lotName));
        if (clashes.length > 0) conflicts.push(codeTwice(e, clashes, lotName));
        break;
      }
      case 'split':
        for (const s of e.serials ?? []) {
          const h = held.get(s);
          if (h !== undefined && e.relatedLotId !== null) {
            bump(h.unit.lotId, -1);
            h.unit = { ...h.unit, lotId: e.relatedLotId };
            bump(e.relatedLotId, 1);
          }
        }
        break;
      case 'units-updated':
        for (const c of e.unitChanges ?? []) {
          const h = held.get(c.serial);
          if (h !== undefined) changed(h, { ...h.unit, ...c.after });
        }
        break;
      case 'resolved':
        for (const c of e.unitRestores ?? []) {
          const h = held.get(c.serial);
          if (h === undefined) continue;
          if (c.after.lotId !== undefined && c.after.lotId !== h.unit.lotId) {
            bump(h.unit.lotId, -1);
            bump(c.after.lotId, 1);
          }
          changed(h, { ...h.unit, ...c.after });
        }
        break;
      case 'removed':
        for (const [s, h] of held) {
          if (h.unit.lotId !== e.lotId) continue;
          held.delete(s);
          tagOff(h.unit.assetTag, s);
        }
        count.delete(e.lotId);
        gone.add(e.lotId);
        break;
      default:
        break;
    }
    // Units beyond the quantity, reached by a change made without seeing another: one that
    // received units or lowered the quantity (an unrelated change to a lot already over is not).
    const n = count.get(e.lotId) ?? 0;
    const q = quantity.get(e.lotId);
    const reaches = e.type === 'units-received' || (q !== undefined && quantityBefore !== undefined && q < quantityBefore);
    if (reaches && q !== undefined && n > q && walk.unseen.has(e.id) && !flagged.has(e.id)) {
      const record = lotName(e.lotId);
      const missed = walk.unseen.get(e.id) as LotEvent[];
      conflicts.push({
        id: `over-quantity:${e.id}`,
        kind: 'over-quantity',
        entity: 'lot',
        recordId: e.lotId,
        record,
        recordIds: [e.lotId],
        message: `${record} holds ${n} units but its quantity is ${q}: ${e.actor} ${eventSummary(e, record, walk.names)} without seeing ${missed.map((m) => `${m.actor}’s change (${eventSummary(m, record, walk.names, e.hlc)})`).join(', ')}.${
          // Its schedule is its share of the lot it was split from, for that many units: a quantity raised would leave it none.
          chained.has(e.lotId) ? ` Its quantity is fixed by a split after its depreciation began, so it cannot be raised: move the units beyond ${q} to another lot.` : ''
        }`,
        events: [...missed, e].map((x) => refOf(x, record, walk.names, e.hlc)),
        resolutions: [
          ...(chained.has(e.lotId) ? [] : [{ key: 'raise-quantity', label: `Raise the quantity of ${record} to ${n}`, after: { quantity: n } }]),
          { key: 'keep-current', label: `Leave it (move or correct units by hand)`, after: {} },
        ],
      });
    }
  }
  return conflicts;
}

/** A serial received while another lot held it: the unit as held before, and as the later receipt made it. */
interface Twice {
  serial: string;
  before: Held;
  received: Unit;
}

/**
 * Putting a unit received twice back as it was held before: only the fields the later receipt
 * changed (its lot, and what the receipt gave differently). The rest is left as it stands when
 * the resolution is folded, so what was recorded on the unit since — a sanitisation, a rack, a
 * note — is not undone by the resolution.
 */
function restoreOf(t: Twice): UnitRestore {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const earlier = withoutSerial(t.before.unit) as Record<string, unknown>;
  const received = withoutSerial(t.received) as Record<string, unknown>;
  for (const f of Object.keys(earlier)) {
    if (sameJsonValue(earlier[f], received[f])) continue;
    before[f] = received[f] ?? null;
    after[f] = earlier[f] ?? null;
  }
  return { serial: t.serial, before, after };
}

function serialTwice(e: LotEvent, twice: readonly Twice[], lotName: (id: Uuid) => string): LedgerConflict {
  const record = lotName(e.lotId);
  const serials = twice.map((t) => t.serial);
  const firsts = [...new Map(twice.flatMap((t) => (t.before.event === null ? [] : [[t.before.event.id, t.before.event] as const]))).values()];
  const into = [...new Set(twice.map((t) => lotName(t.before.unit.lotId)))];
  const listed = serials.length > 5 ? `${serials.slice(0, 5).join(', ')} and ${serials.length - 5} more` : serials.join(', ');
  return {
    id: `serial-twice:${e.id}`,
    kind: 'serial-twice',
    entity: 'lot',
    recordId: e.lotId,
    record,
    recordIds: [...new Set([...twice.map((t) => t.before.unit.lotId), e.lotId])],
    message: `${serials.length === 1 ? `Serial ${listed} was` : `Serials ${listed} were`} received into ${into.join(' and ')} and, on another device, into ${record} (by ${e.actor}). A unit is in one lot: the later receipt holds it, in ${record}.`,
    events: [...firsts, e].map((x) => refOf(x, x.lotId === e.lotId ? record : lotName(x.lotId))),
    resolutions: [
      { key: 'keep-current', label: `Keep ${serials.length === 1 ? 'it' : 'them'} in ${record}`, after: {} },
      {
        key: 'keep-earlier',
        label: `Put ${serials.length === 1 ? 'it' : 'them'} back in ${into.join(' and ')}`,
        after: {},
        unitRestores: twice.map(restoreOf),
      },
    ],
  };
}

/**
 * One code on two units, found at a receipt (`later`, its unit) made apart from the receipt of
 * `first`'s unit: `tag`, both carry it as their asset tag; `serial`, it is one unit's serial and
 * the other's tag (`serialFirst`: the unit whose serial it is came first).
 */
interface CodeClash {
  code: string;
  kind: 'tag' | 'serial';
  first: Held;
  later: Unit;
  serialFirst: boolean;
}

const tagOff = (serial: string, tag: string): UnitRestore => ({ serial, before: { assetTag: tag }, after: { assetTag: '' } });

function listed(parts: readonly string[], most: number): string {
  return parts.length > most ? `${parts.slice(0, most).join(', ')} and ${parts.length - most} more` : parts.join(', ');
}

function codeTwice(e: LotEvent, clashes: readonly CodeClash[], lotName: (id: Uuid) => string): LedgerConflict {
  const record = lotName(e.lotId);
  const by = (h: Held): string => h.event?.actor ?? 'another device';
  const sentences = clashes.map((c) => {
    if (c.kind === 'tag') return `Asset tag ${c.code} was given to ${c.first.unit.serial} in ${lotName(c.first.unit.lotId)} (by ${by(c.first)}) and, on another device, to ${c.later.serial} in ${record} (by ${e.actor}).`;
    if (c.serialFirst) return `${c.code} is the serial of a unit received into ${lotName(c.first.unit.lotId)} (by ${by(c.first)}) and, on another device, the asset tag of ${c.later.serial} in ${record} (given by ${e.actor}).`;
    return `${c.code} is the asset tag of ${c.first.unit.serial} in ${lotName(c.first.unit.lotId)} (given by ${by(c.first)}) and, on another device, the serial of a unit received into ${record} (by ${e.actor}).`;
  });
  const only = clashes.length === 1 ? (clashes[0] as CodeClash) : null;
  const finds =
    only === null
      ? 'looking one of these codes up finds the unit whose serial it is, else the unit that had the tag first'
      : only.kind === 'tag'
        ? `looking ${only.code} up finds ${only.first.unit.serial}, which had it first`
        : `looking ${only.code} up finds the unit whose serial it is`;
  const message = `${sentences.slice(0, 3).join(' ')}${sentences.length > 3 ? ` (and ${sentences.length - 3} more codes)` : ''} A code names one unit: until this is settled, ${finds}, and says the code is in conflict.`;
  // Who carries each code: the unit whose serial it is, else the first to get the tag; then the others.
  const codes = new Map<string, string[]>();
  const carries = (code: string, serial: string): void => {
    const list = codes.get(code) ?? [];
    if (!list.includes(serial)) list.push(serial);
    codes.set(code, list);
  };
  for (const c of clashes) {
    const [lookedUp, other] = c.kind === 'serial' ? (c.serialFirst ? [c.first.unit.serial, c.later.serial] : [c.later.serial, c.first.unit.serial]) : [c.first.unit.serial, c.later.serial];
    carries(c.code, lookedUp);
    carries(c.code, other);
  }
  // A serial is the unit's identity: the tag comes off the unit carrying the code as its tag.
  const serialFixes = clashes.flatMap((c) => (c.kind === 'serial' ? [tagOff(c.serialFirst ? c.later.serial : c.first.unit.serial, c.code)] : []));
  const tags = clashes.filter((c) => c.kind === 'tag');
  const offParts = (restores: readonly UnitRestore[]): string => listed(restores.map((r) => `${String(r.before.assetTag)} off ${r.serial}`), 5);
  const resolutions: ConflictResolution[] = [];
  if (tags.length === 0) {
    const label = serialFixes.length === 1 ? `Take asset tag ${offParts(serialFixes)} (its label then shows its serial)` : `Take asset tags ${offParts(serialFixes)} (their labels then show their serials)`;
    resolutions.push({ key: 'keep-serial', label, after: {}, unitRestores: serialFixes });
  } else {
    const earlier = [...tags.map((c) => tagOff(c.later.serial, c.code)), ...serialFixes];
    const current = [...tags.map((c) => tagOff(c.first.unit.serial, c.code)), ...serialFixes];
    const single = tags.length === 1 && serialFixes.length === 0 ? (tags[0] as CodeClash) : null;
    resolutions.push({
      key: 'keep-earlier',
      label: single ? `Keep ${single.code} on ${single.first.unit.serial}: take it off ${single.later.serial}` : `Keep each asset tag on the unit that had it first: take ${offParts(earlier)}`,
      after: {},
      unitRestores: earlier,
    });
    resolutions.push({
      key: 'keep-current',
      label: single ? `Keep ${single.code} on ${single.later.serial}: take it off ${single.first.unit.serial}` : `Keep each asset tag on the unit ${e.actor} gave it to: take ${offParts(current)}`,
      after: {},
      unitRestores: current,
    });
  }
  const firsts = [...new Map(clashes.flatMap((c) => (c.first.event === null ? [] : [[c.first.event.id, c.first.event] as const]))).values()];
  return {
    id: `code-twice:${e.id}`,
    kind: 'code-twice',
    entity: 'lot',
    recordId: e.lotId,
    record,
    recordIds: [...new Set([...clashes.map((c) => c.first.unit.lotId), e.lotId])],
    message,
    events: [...firsts, e].map((x) => refOf(x, x.lotId === e.lotId ? record : lotName(x.lotId))),
    resolutions,
    codes: [...codes].map(([code, serials]) => ({ code, serials })),
  };
}

function withoutSerial(u: Unit): Partial<Omit<Unit, 'serial'>> {
  const { serial: _serial, ...rest } = u;
  return rest;
}

/** Codes given to more than one lot or site, and names to more than one supplier (from the tables, or from the fold). */
export function codeConflicts(
  lots: readonly { id: string; code: string }[],
  sites: readonly { id: string; code: string }[],
  suppliers: readonly { id: string; name: string }[] = [],
): LedgerConflict[] {
  return codeConflictsOf([
    ...lots.map((l) => ({ entity: 'lot' as const, id: l.id, code: l.code })),
    ...sites.map((x) => ({ entity: 'site' as const, id: x.id, code: x.code })),
    ...suppliers.map((x) => ({ entity: 'supplier' as const, id: x.id, code: x.name })),
  ]);
}


function codeConflictsOf(records: readonly { entity: 'lot' | 'site' | 'supplier'; id: Uuid; code: string }[]): LedgerConflict[] {
  const byCode = new Map<string, { entity: 'lot' | 'site' | 'supplier'; ids: Uuid[]; names: string[] }>();
  for (const { entity, id, code: recordCode } of records) {
    const key = `${entity}\u0000${entity === 'supplier' ? supplierKey(recordCode) : recordCode}`;
    const entry = byCode.get(key) ?? { entity, ids: [], names: [] };
    entry.ids.push(id);
    entry.names.push(recordCode);
    byCode.set(key, entry);
  }
  const out: LedgerConflict[] = [];
  for (const [key, { entity, ids, names }] of [...byCode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ids.length < 2) continue;
    const codeText = key.slice(key.indexOf('\u0000') + 1);
    const sorted = [...ids].sort();
    if (entity === 'supplier') {
      const shown = names[ids.indexOf(sorted[0] as Uuid)] ?? codeText;
      out.push({
        id: `supplier-name:${codeText}`,
        kind: 'supplier-name',
        entity,
        recordId: sorted[0] as Uuid,
        record: `supplier ${shown}`,
        recordIds: sorted,
        message: `${ids.length} suppliers are named ${shown}, made on different devices before they synced. Rename all but one (Suppliers), and name the one to keep on their lots.`,
        events: [],
        resolutions: [],
      });
      continue;
    }
    out.push({
      id: `${entity}-code:${codeText}`,
      kind: entity === 'lot' ? 'lot-code' : 'site-code',
      entity,
      recordId: sorted[0] as Uuid,
      record: `${entity} ${codeText}`,
      recordIds: sorted,
      message: `${entity === 'lot' ? 'Lot' : 'Site'} code ${codeText} is used by ${ids.length} ${entity}s, created on different devices before they synced. Rename all but one (${entity === 'lot' ? 'Edit lot' : 'Sites'}).`,
      events: [],
      resolutions: [],
    });
  }
  return out;
}

/**
 * Every unsettled conflict in a ledger's events (given in any order): the events found in
 * conflict in clock order, then duplicate codes by code. Deterministic: the same events give
 * the same list, byte for byte.
 */
/** The conflict ids the `resolved` events among `events` settle. */
export function settledBy(events: readonly LotEvent[]): Set<string> {
  const settled = new Set<string>();
  for (const e of events) if (e.type === 'resolved') for (const id of e.resolves ?? []) settled.add(id);
  return settled;
}

/** The id of the event a conflict was found at: its id less the kind (and, for one found at a change of the fiscal year start, less `/<lot id>`). */
function foundAt(c: LedgerConflict): string {
  const rest = c.id.slice(c.id.indexOf(':') + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Conflicts flagged at events, in the order of `ordered` (ties by id). */
function inLogOrder(found: LedgerConflict[], ordered: readonly LotEvent[]): LedgerConflict[] {
  if (found.length === 0) return found;
  // The places of the conflicts' own events only (a map of every event took longer than the rest).
  const wanted = new Set(found.map(foundAt));
  const stamp = new Map<string, number>();
  ordered.forEach((e, i) => {
    if (wanted.has(e.id)) stamp.set(e.id, i);
  });
  const at = (c: LedgerConflict): number => stamp.get(foundAt(c)) ?? 0;
  return found.sort((a, b) => at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function ledgerConflicts(events: readonly LotEvent[]): LedgerConflict[] {
  const ordered = [...events].sort(compareEventsInLog);
  const walk = walkRecords(ordered, new RecordNames().take(ordered));
  const settled = settledBy(ordered);
  // Units conflict only across devices: a serial received twice needs receipts from two (a device
  // refuses a serial it holds), and units beyond a lot's quantity a change made without seeing one.
  const receipts = ordered.filter((e) => e.type === 'units-received');
  const units = walk.unseen.size === 0 && fromOneDevice(receipts) ? [] : walkUnits(ordered, walk);
  const found = inLogOrder([...walk.conflicts, ...units, ...scheduleConflicts(ordered, walk.unseen)].filter((c) => !settled.has(c.id)), ordered);
  const coded: { entity: 'lot' | 'site' | 'supplier'; id: Uuid; code: string }[] = [];
  for (const [id, { entity, state }] of walk.states) {
    if ((entity === 'lot' || entity === 'site') && state !== null && typeof state.code === 'string') coded.push({ entity, id, code: state.code });
    if (entity === 'supplier' && state !== null && typeof state.name === 'string') coded.push({ entity, id, code: state.name });
  }
  return [...found, ...codeConflictsOf(coded)];
}

/**
 * The conflicts flagged at `fresh`: events taken in after every other event of the log (team
 * sync), with `recordEvents` every event of the records they belong to (theirs included) and
 * `seed` the units before them. With the conflicts found before (less those the fresh events
 * settle), this is {@link ledgerConflicts} of the whole log, without reading it: a conflict is
 * flagged at the later of its events and depends only on what came before. None of `fresh` may
 * receive a serial already held ({@link receivesHeldSerial}), nor leave a lot without a schedule
 * (./scheduleConflicts.ts breaksSchedule): those need the whole log. `names`: the suppliers, sites and
 * models as the tables hold them before `fresh` (for {@link RecordNames}). Unsettled, in clock order.
 */
export function conflictsAt(fresh: readonly LotEvent[], recordEvents: readonly LotEvent[], seed: UnitWalkSeed, settled: ReadonlySet<string>, names: ReadonlyMap<Uuid, { entity: NamedEntity; fields: Fields }> = new Map()): LedgerConflict[] {
  const ordered = [...fresh].sort(compareEventsInLog);
  const ids = new Set(ordered.map((e) => e.id));
  const walk = walkRecords([...recordEvents].sort(compareEventsInLog), new RecordNames(names).take(ordered));
  const atFresh: RecordWalk = { ...walk, conflicts: walk.conflicts.filter((c) => ids.has(c.id.slice(c.id.indexOf(':') + 1))) };
  const found = [...atFresh.conflicts, ...walkUnits(ordered, atFresh, seed)].filter((c) => !settled.has(c.id));
  return inLogOrder(found, ordered);
}

/** The `resolved` event's fields for settling `conflict` with `resolution` (the caller adds seq, time, actor). */
export function resolutionEvent(conflict: LedgerConflict, resolution: ConflictResolution): Pick<LotEvent, 'entity' | 'lotId' | 'type' | 'after' | 'resolves' | 'note'> & Partial<Pick<LotEvent, 'date' | 'from' | 'to'>> & { unitRestores?: UnitRestore[]; serials?: string[] } {
  const restores = resolution.unitRestores;
  return {
    entity: resolution.entity ?? conflict.entity,
    lotId: resolution.recordId ?? conflict.recordId,
    type: 'resolved',
    after: resolution.after,
    resolves: [conflict.id, ...(resolution.alsoResolves ?? [])],
    note: resolution.label,
    ...(resolution.moveDate !== undefined ? { date: resolution.moveDate.date, from: resolution.moveDate.from, to: resolution.moveDate.to } : {}),
    ...(restores !== undefined && restores.length > 0 ? { unitRestores: restores, serials: restores.map((r) => r.serial) } : {}),
  };
}

/** The choice every conflict offers once a choice of its own is refused as out of date: settle it, writing nothing. */
export const AS_IT_IS = 'as-it-is';

/** {@link AS_IT_IS} for `conflict`: the record stays as it is now, and the conflict is settled on every device. */
export function asItIs(conflict: LedgerConflict): ConflictResolution {
  return { key: AS_IT_IS, label: `Keep ${conflict.record} as it is now`, after: {} };
}

/**
 * The changes to the record `resolution` is written on, made after the event the conflict was found
 * at, that touch what the choice writes: a field it sets, or a unit it puts back. A choice's values
 * were worked out when the conflict was found, from the record as it stood then; written over a
 * later change they would undo it (a lot split again after an over-quantity conflict went back to
 * the count the conflict saw, and the fleet counted units twice). `recordEvents`: that record's
 * events, in clock order. Empty when the choice still holds, or writes nothing.
 */
export function changedSince(conflict: LedgerConflict, resolution: ConflictResolution, recordEvents: readonly LotEvent[]): LotEvent[] {
  if (!writesValues(resolution)) return [];
  const fields = Object.keys(resolution.after).filter((k) => !BOOKKEEPING.has(k));
  const restored = new Map((resolution.unitRestores ?? []).map((r) => [r.serial, Object.keys(r.after)]));
  const at = recordEvents.findIndex((e) => e.id === foundAt(conflict));
  // Found at another record's event (or a code): nothing here to measure the record against.
  if (at === -1) return [];
  const touchesUnit = (e: LotEvent): boolean => {
    for (const [serial, keys] of restored) {
      const set = unitFieldsSet(e, serial);
      if (set === 'all' || (set !== null && keys.some((k) => set.includes(k)))) return true;
    }
    return false;
  };
  // A move's date set back over a later move or correction would date the moves anew from a state that has gone.
  const movesAgain = (e: LotEvent): boolean => resolution.moveDate !== undefined && (movedOn(e) !== null || isMoveDateCorrection(e));
  return recordEvents.slice(at + 1).filter((e) => e.type === 'removed' || Object.keys(e.after ?? {}).some((k) => fields.includes(k)) || touchesUnit(e) || movesAgain(e));
}

/** Whether a choice writes anything (fields of its record, or units put back): only such a choice can be out of date. */
export function writesValues(resolution: ConflictResolution): boolean {
  return Object.keys(resolution.after).some((k) => !BOOKKEEPING.has(k)) || (resolution.unitRestores ?? []).length > 0 || resolution.moveDate !== undefined;
}

/**
 * The fields of unit `serial` that `e` sets (shared/units.ts stepUnits), 'all' when it makes or
 * moves the unit, null when it leaves it alone. What a unit had recorded since (a sanitisation,
 * a rack) in other fields than a choice puts back stays, so only these make a choice out of date.
 */
function unitFieldsSet(event: LotEvent, serial: string): readonly string[] | 'all' | null {
  const e: UnitLotEvent = event;
  const changed = [...(e.unitChanges ?? []), ...(e.unitRestores ?? [])].filter((c) => c.serial === serial);
  if (changed.length > 0) return changed.flatMap((c) => Object.keys(c.after));
  if (!serialsChangedBy(e).includes(serial)) return null;
  return e.type === 'sanitised' ? ['sanitisation'] : 'all';
}

/** Why a choice is refused once its record changed after the conflict ({@link changedSince}), in words. */
export function changedSinceMessage(conflict: LedgerConflict, resolution: ConflictResolution, later: readonly LotEvent[]): string {
  const said = later.slice(0, 3).map((e) => `${e.actor} ${eventSummary(e, conflict.record)} on ${e.at.slice(0, 10)}`);
  const more = later.length > 3 ? ` and ${later.length - 3} more` : '';
  return `${conflict.record} was changed after this conflict was found (${said.join('; ')}${more}): “${resolution.label}” would write what it stood on then and undo that. Nothing was changed. Look at ${conflict.record} as it is now; correct it by hand if needed, then choose “${asItIs(conflict).label}”.`;
}
