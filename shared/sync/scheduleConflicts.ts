/**
 * Lots left without a depreciation schedule by changes made on devices that had not seen each
 * other (LEDGER.md §4; kind **schedule-broken**): a write-down on one device and, on another, an
 * edit of what the schedule is computed from (cost, quantity, salvage, in-service date, policy), or
 * a new fiscal year start; or two such edits with no write-down at all (a policy put on MACRS
 * while the salvage value, or with a salvage by percentage the cost, is raised elsewhere: MACRS
 * takes no salvage). On one device each is refused when it would leave a lot without a schedule
 * (shared/depreciation/lotSchedule.ts scheduleBrokenBy); merged, they can.
 *
 * Found from the state, exactly: the events are folded in clock order (stepLot, as the fold does)
 * for the lots that have ever had a write-down or revision recorded, with the team's fiscal year
 * start, and for the lots with an event whose basis shows it was made apart from another device's
 * change of the schedule's inputs; where an event takes a lot from a schedule that computes to one
 * that does not, it is flagged at that event. A lot with no write-down has its schedule computed
 * only at such an event (before and after it): a ledger written on one device computes none.
 * Because every device refuses such a change itself, that event's author
 * had not seen what it breaks with: for a lot's own event, the events of the lot it had not seen
 * (its basis, as for every other conflict) — or, where it saw all of the lot's, the fiscal year
 * start another device set; for a change of the fiscal year start, the lot's write-down from
 * another device. No clock window is guessed at, and the result depends only on the events before
 * the one flagged, so every device holding the same events finds the same list.
 *
 * Settled by taking a change back, each choice checked to leave the lot's schedules computing: the
 * write-down, the edits, or the fiscal year start; where no write-down or fiscal year is among the
 * changes (two edits), either edit, its fields put back to what they were before it.
 */
import { appendTo } from '../collections';
import { lotSchedule } from '../depreciation/lotSchedule';
import type { PolicyTemplate } from '../depreciation/policies';
import { CONVENTION_LABELS, DEPRECIATION_METHOD_LABELS } from '../depreciation/types';
import type { LotEvent } from '../events';
import type { Uuid } from '../ids';
import { BOOKS, type BookKind, type Lot, type LotAdjustment } from '../lot';
import { stepLot } from '../lotChanges';
import { parseEventId } from '../ledger/clock';
import { appliedTeamSetting, DEFAULT_TEAM_SETTINGS, TEAM_SETTING_CHECKS } from '../ledger/teamSettings';
import { formatDecimal, isCurrencyCode } from '../money';
import type { ConflictEvent, ConflictResolution, LedgerConflict } from './conflicts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Fields of a lot its schedules are computed from, and the words for them. */
const SCHEDULE_FIELD_WORDS: Readonly<Record<string, string>> = {
  quantity: 'quantity',
  unitCost: 'unit cost',
  extraCosts: 'extra costs',
  salvageValue: 'salvage value',
  inServiceDate: 'in-service date',
  book: 'book depreciation policy',
  tax: 'tax depreciation policy',
};

/** What a lot event can change of its schedules: those fields, what is recorded on it, its split and disposal. */
const SCHEDULE_INPUTS = new Set([...Object.keys(SCHEDULE_FIELD_WORDS), 'adjustments', 'depreciationChain', 'status', 'disposedDate', 'proceeds']);

const deviceOf = (e: LotEvent): string => parseEventId(e.id)?.device ?? e.id;

/** Whether `e` changes something its lot's schedules are computed from. */
const touchesSchedule = (e: LotEvent): boolean => Object.keys(e.after).some((f) => SCHEDULE_INPUTS.has(f));

/** "MACRS 5-year, half-year, lot salvage": a depreciation policy template in words. */
export function templateWords(t: PolicyTemplate): string {
  const p = t.policy;
  const method =
    p.method === 'macrs' ? `MACRS ${p.recoveryYears}-year` : p.method === 'none' ? 'not depreciated' : `${DEPRECIATION_METHOD_LABELS[p.method].toLowerCase()} over ${p.lifeMonths} months`;
  const convention = 'convention' in p ? CONVENTION_LABELS[p.convention].toLowerCase() : null;
  const salvage = t.salvage.kind === 'percent-of-cost' ? `${t.salvage.basisPoints / 100} % salvage` : t.salvage.kind === 'lot' ? 'lot salvage' : 'no salvage';
  return [method, convention, salvage].filter((w) => w !== null).join(', ');
}

/** A schedule field's value in words. */
function fieldValue(f: string, v: unknown, lot: Lot, otherwise: string): string {
  if ((f === 'unitCost' || f === 'extraCosts' || f === 'salvageValue') && typeof v === 'number') return money(v, lot);
  if ((f === 'book' || f === 'tax') && typeof v === 'object' && v !== null && 'policy' in v && 'salvage' in v) return templateWords(v as PolicyTemplate);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (f === 'inServiceDate' && v === null) return 'none';
  return otherwise;
}

/**
 * Whether the lot holds every field its schedules are computed from: a lot made by an event
 * written before those fields existed has them only once the upgrade records them
 * (shared/ledger/upgradedFields.ts). Until then nothing is concluded from it.
 */
function complete(lot: Lot): boolean {
  const partial = lot as Partial<Lot>;
  return partial.book !== undefined && partial.tax !== undefined && partial.adjustments !== undefined && partial.depreciationChain !== undefined;
}

/** Whether a write-down or revision is recorded on the lot (its own, or before a split). */
function hasRecorded(lot: Lot): boolean {
  if (!complete(lot)) return false;
  if (lot.adjustments.length > 0) return true;
  const chain = lot.depreciationChain;
  return chain !== null && (chain.adjustments.length > 0 || chain.splits.some((s) => s.adjustments.length > 0));
}

/** Whether an event on a lot can bring a recorded change onto it (a write-down, or a split part's chain). */
function recordsOnLot(e: LotEvent): boolean {
  const after = e.after as Partial<Lot>;
  return (Array.isArray(after.adjustments) && after.adjustments.length > 0) || (after.depreciationChain !== undefined && after.depreciationChain !== null);
}

/** The fiscal year start once `e` (a team settings event) is applied to `current`, as the fold applies it; null: `e` does not set it. */
function fiscalYearAfter(e: LotEvent, current: number): number | null {
  if (e.entity !== 'settings' || (e.type !== 'settings-changed' && e.type !== 'resolved')) return null;
  const after = e.after as Record<string, unknown>;
  if (!Object.hasOwn(after, 'fiscalYearStart') || !TEAM_SETTING_CHECKS.fiscalYearStart(after.fiscalYearStart)) return null;
  const value = e.type === 'settings-changed' ? appliedTeamSetting('fiscalYearStart', current, (e.before as Record<string, unknown> | null)?.fiscalYearStart, after.fiscalYearStart) : after.fiscalYearStart;
  return typeof value === 'number' ? value : null;
}

/** Whether `e` sets the team's fiscal year start (for the caller to give every lot to {@link breaksSchedule}). */
export function setsFiscalYearStart(e: LotEvent): boolean {
  return fiscalYearAfter(e, 0) !== null;
}

/** A lot whose schedule in `book` stopped computing at event `at`. */
interface Break {
  at: LotEvent;
  lotId: Uuid;
  lot: Lot;
  book: BookKind;
  error: string;
}

/** Each lot's schedules as computed last, to be reused while neither the lot nor the fiscal year changed. */
class ScheduleCheck {
  private readonly cache = new Map<Uuid, { lot: Lot; fy: number; errors: (string | null)[] }>();

  errors(lot: Lot, fy: number): (string | null)[] {
    const known = this.cache.get(lot.id);
    if (known !== undefined && known.lot === lot && known.fy === fy) return known.errors;
    // An incomplete lot counts as one whose schedule already failed: no change is said to break it.
    const errors = BOOKS.map((book) => {
      if (!complete(lot)) return 'incomplete';
      const s = lotSchedule(lot, book, fy);
      return s.ok ? null : s.error;
    });
    this.cache.set(lot.id, { lot, fy, errors });
    return errors;
  }

  /** The first book whose schedule computes for `before` but not for `after`, with why. */
  broken(before: Lot, fyBefore: number, after: Lot, fyAfter: number): { book: BookKind; error: string } | null {
    const was = this.errors(before, fyBefore);
    const now = this.errors(after, fyAfter);
    for (const [i, book] of BOOKS.entries()) {
      const error = now[i];
      if (was[i] === null && error !== null && error !== undefined) return { book, error };
    }
    return null;
  }
}

/**
 * Folds `ordered` (clock order) for the lots `lots` starts with and those the events make, calling
 * `found` at each event that takes a lot with a recorded change (or any lot, at an event `checkAt`
 * names) from a schedule that computes to one that does not.
 */
function walkSchedules(
  ordered: readonly LotEvent[],
  lots: Map<Uuid, Lot | null>,
  fiscalYearStart: number,
  tracked: (lotId: Uuid) => boolean,
  found: (b: Break, walk: { lots: ReadonlyMap<Uuid, Lot | null>; fy: number; check: ScheduleCheck }) => void,
  onEvent: (e: LotEvent, fyBefore: number) => void = () => undefined,
  /** Lot events checked even where the lot has no recorded change: those made apart from another device's. */
  checkAt: (e: LotEvent) => boolean = () => false,
): void {
  const check = new ScheduleCheck();
  let fy = fiscalYearStart;
  for (const e of ordered) {
    const fyBefore = fy;
    if (e.entity === 'lot') {
      if (tracked(e.lotId)) {
        const before = lots.get(e.lotId) ?? null;
        const after = stepLot(before, e);
        lots.set(e.lotId, after);
        if (before !== null && after !== null && after !== before && (hasRecorded(after) || checkAt(e))) {
          const broken = check.broken(before, fy, after, fy);
          if (broken !== null) found({ at: e, lotId: e.lotId, lot: after, ...broken }, { lots, fy, check });
        }
      }
    } else {
      const next = fiscalYearAfter(e, fy);
      if (next !== null && next !== fy) {
        fy = next;
        for (const [id, lot] of lots) {
          if (lot === null || !hasRecorded(lot)) continue;
          const broken = check.broken(lot, fyBefore, lot, fy);
          if (broken !== null) found({ at: e, lotId: id, lot, ...broken }, { lots, fy, check });
        }
      }
    }
    onEvent(e, fyBefore);
  }
}

/**
 * Whether any of `ordered` (events after every other of the log, in clock order) leaves a lot
 * without a schedule it had: `lots` the lots as they stand before them (those the events touch;
 * every lot when one of them sets the fiscal year start, {@link setsFiscalYearStart}). Where one
 * does, its conflict needs the lot's history: team sync folds the whole log then. `apart`: the ids
 * of those events whose basis is not the lot's event before them (made apart from another device's,
 * or perhaps so): on a lot with no write-down or revision, only they are checked, since only an
 * event made apart can break a schedule its device computed.
 */
export function breaksSchedule(ordered: readonly LotEvent[], lots: ReadonlyMap<Uuid, Lot>, fiscalYearStart: number, apart: ReadonlySet<string> = new Set()): boolean {
  let breaks = false;
  walkSchedules(
    ordered,
    new Map(lots),
    fiscalYearStart,
    () => true,
    () => {
      breaks = true;
    },
    undefined,
    (e) => apart.has(e.id) && touchesSchedule(e),
  );
  return breaks;
}

/**
 * The conflicts of lots left without a schedule by changes made apart, in `ordered` (every event,
 * clock order). `unseen`: for each event made apart, the events of its record its author had not
 * seen (from its basis: shared/sync/conflicts.ts walkRecords); empty for a ledger one device wrote.
 */
export function scheduleConflicts(ordered: readonly LotEvent[], unseen: ReadonlyMap<string, readonly LotEvent[]> = new Map()): LedgerConflict[] {
  // A lot with a write-down or revision recorded is checked at every event: what breaks is that it no longer fits.
  const tracked = new Set<Uuid>();
  for (const e of ordered) if (e.entity === 'lot' && recordsOnLot(e)) tracked.add(e.lotId);
  // Any other lot only at an event that changes its schedule's inputs without having seen another
  // device's change of them (its basis says so): two edits each fitting alone.
  const apart = new Set<string>();
  if (unseen.size > 0) {
    for (const e of ordered) {
      if (e.entity !== 'lot' || tracked.has(e.lotId) || !touchesSchedule(e)) continue;
      const missed = unseen.get(e.id);
      if (missed !== undefined && missed.some(touchesSchedule)) {
        apart.add(e.id);
        tracked.add(e.lotId);
      }
    }
  }
  if (tracked.size === 0) return [];
  const history = new Map<Uuid, LotEvent[]>();
  const fiscalYears: LotEvent[] = [];
  const conflicts: LedgerConflict[] = [];
  // Conflicts flagged at one change of the fiscal year start: putting it back settles them all.
  const byYearChange = new Map<string, LedgerConflict[]>();
  walkSchedules(
    ordered,
    new Map(),
    DEFAULT_TEAM_SETTINGS.fiscalYearStart,
    (id) => tracked.has(id),
    (b, walk) => {
      const c = conflictOf(b, history.get(b.lotId) ?? [], fiscalYears, walk);
      if (c === null) return;
      conflicts.push(c);
      if (b.at.entity === 'settings') appendTo(byYearChange, b.at.id, c);
    },
    (e, fyBefore) => {
      if (e.entity === 'lot' && tracked.has(e.lotId)) {
        const list = history.get(e.lotId);
        if (list === undefined) history.set(e.lotId, [e]);
        else list.push(e);
      }
      const next = fiscalYearAfter(e, fyBefore);
      if (next !== null && next !== fyBefore) fiscalYears.push(e);
    },
    (e) => apart.has(e.id),
  );
  for (const siblings of byYearChange.values()) {
    if (siblings.length < 2) continue;
    const ids = siblings.map((c) => c.id);
    for (const c of siblings) for (const r of c.resolutions) if (r.key === 'undo-fiscal-year') r.alsoResolves = ids.filter((id) => id !== c.id);
  }
  return conflicts;
}

function when(at: string): string {
  return `${at.slice(0, 16).replace('T', ' ')} UTC`;
}

function money(amount: number, lot: Lot): string {
  return isCurrencyCode(lot.currency) ? `${formatDecimal(amount, lot.currency)} ${lot.currency}` : String(amount);
}

/** The adjustments `e` (an `adjusted` event) added to its lot. */
function addedBy(e: LotEvent): LotAdjustment[] {
  const before = new Set((((e.before ?? {}) as Partial<Lot>).adjustments ?? []).map((a) => a.id));
  return ((e.after as Partial<Lot>).adjustments ?? []).filter((a) => !before.has(a.id));
}

/** What an event did to the lot's schedule, in words. */
function describe(e: LotEvent, lot: Lot, record: string): string {
  if (e.entity === 'settings') {
    const from = ((e.before ?? {}) as Record<string, unknown>).fiscalYearStart;
    const to = (e.after as Record<string, unknown>).fiscalYearStart;
    const month = (m: unknown): string => (typeof m === 'number' ? (MONTHS[m - 1] ?? String(m)) : '?');
    return e.type === 'resolved' ? `put the fiscal year start back to ${month(to)}` : `changed the fiscal year start from ${month(from)} to ${month(to)}`;
  }
  if (e.type === 'adjusted') {
    const parts = addedBy(e).map((a) =>
      a.change.type === 'impairment' ? `wrote ${record} down by ${money(a.change.amount, lot)} on ${a.change.date} (${a.book})` : `revised the estimates of ${record} from ${a.change.date} (${a.book})`,
    );
    return parts.join(' and ') || `changed what is recorded on ${record}`;
  }
  const after = e.after as Record<string, unknown>;
  const fields = Object.keys(after).filter((f) => Object.hasOwn(SCHEDULE_FIELD_WORDS, f));
  if (e.type === 'edited' && fields.length > 0) {
    return `set the ${fields.map((f) => `${SCHEDULE_FIELD_WORDS[f]} to ${fieldValue(f, after[f], lot, 'a new one')}`).join(', ')} on ${record}`;
  }
  if (e.type === 'split') return `split ${e.quantity ?? '?'} of ${record} off`;
  if (e.type === 'transitioned') return `moved ${record} to ${e.to ?? '?'}`;
  return `changed ${record}`;
}

function conflictOf(
  b: Break,
  history: readonly LotEvent[],
  fiscalYears: readonly LotEvent[],
  walk: { lots: ReadonlyMap<Uuid, Lot | null>; fy: number; check: ScheduleCheck },
): LedgerConflict | null {
  const e = b.at;
  const device = deviceOf(e);
  const touches = touchesSchedule;
  let partners: LotEvent[];
  let yearChange: LotEvent | null = null;
  if (e.entity === 'lot') {
    const basis = e.basis?.[e.lotId];
    // Without a basis nothing is concluded, as for every other conflict.
    if (basis === undefined) return null;
    const at = basis === null ? -1 : history.findIndex((u) => u.id === basis);
    if (basis !== null && at < 0) return null;
    partners = history.slice(at + 1).filter((u) => deviceOf(u) !== device && touches(u));
    if (partners.length === 0) {
      // It saw all of the lot: what it had not seen is the fiscal year start another device set.
      const last = fiscalYears.at(-1);
      if (last === undefined || deviceOf(last) === device) return null;
      yearChange = last;
      partners = [last];
    }
  } else {
    yearChange = e;
    const other = (u: LotEvent): boolean => deviceOf(u) !== device;
    const partner = history.findLast((u) => other(u) && u.type === 'adjusted') ?? history.findLast((u) => other(u) && touches(u));
    if (partner === undefined) return null;
    partners = [partner];
  }
  const lot = b.lot;
  const record = `lot ${lot.code}`;
  const involved = [...partners, e];
  const ref = (u: LotEvent): ConflictEvent => ({ id: u.id, device: deviceOf(u), actor: u.actor, at: u.at, summary: describe(u, lot, record) });
  const resolutions = resolutionsOf(b, involved, history, yearChange, walk, record);
  const said = (u: LotEvent): string => `${u.actor} ${describe(u, lot, record)}, at ${when(u.at)} on device ${deviceOf(u).slice(0, 8)}`;
  const message =
    `Changes made on different devices without either seeing the other leave ${record} without a ${b.book} schedule: ${involved.map(said).join('; ')}. ` +
    `Each fits alone, and on one device the later would have been refused, but together they do not: ${b.error}. Both are in the history: choose which to keep.`;
  return {
    id: e.entity === 'settings' ? `schedule-broken:${e.id}/${b.lotId}` : `schedule-broken:${e.id}`,
    kind: 'schedule-broken',
    entity: 'lot',
    recordId: b.lotId,
    record,
    recordIds: [b.lotId],
    message,
    events: involved.map(ref),
    resolutions,
  };
}

/** The ways to settle it that leave every schedule of the lot that computed before computing again: each checked here. */
function resolutionsOf(
  b: Break,
  involved: readonly LotEvent[],
  history: readonly LotEvent[],
  yearChange: LotEvent | null,
  walk: { lots: ReadonlyMap<Uuid, Lot | null>; fy: number; check: ScheduleCheck },
  record: string,
): ConflictResolution[] {
  const lot = b.lot;
  const computes = (l: Lot, fy: number): boolean => walk.check.errors(l, fy).every((x) => x === null);
  const out: ConflictResolution[] = [];
  const edits = involved.filter((u) => u.type === 'edited' && Object.keys(u.after).some((f) => Object.hasOwn(SCHEDULE_FIELD_WORDS, f)));
  const editWords = (u: LotEvent): string => `${u.actor}’s ${Object.keys(u.after).filter((f) => Object.hasOwn(SCHEDULE_FIELD_WORDS, f)).map((f) => SCHEDULE_FIELD_WORDS[f]).join(', ')}`;
  /** The schedule fields the events `us` changed, put back as they were before the first to name each. */
  const putBack = (us: readonly LotEvent[]): Record<string, unknown> => {
    const back: Record<string, unknown> = {};
    for (const u of us) for (const f of Object.keys(u.after)) if (Object.hasOwn(SCHEDULE_FIELD_WORDS, f) && !Object.hasOwn(back, f)) back[f] = ((u.before ?? {}) as Record<string, unknown>)[f] ?? null;
    return back;
  };
  const shownBack = (back: Record<string, unknown>): string => Object.entries(back).map(([f, v]) => `the ${SCHEDULE_FIELD_WORDS[f]} back to ${fieldValue(f, v, lot, 'what it was')}`).join(', ');

  // Edits alone, no write-down and no fiscal year among them: take one edit back, keeping the others.
  if (yearChange === null && !involved.some((u) => u.type === 'adjusted')) {
    for (const u of edits) {
      const back = putBack([u]);
      if (!computes({ ...lot, ...(back as Partial<Lot>) }, walk.fy)) continue;
      const others = involved.filter((o) => o !== u).map((o) => (edits.includes(o) ? editWords(o) : `${o.actor}’s change (${describe(o, lot, record)})`));
      out.push({ key: `undo-edit:${u.id}`, label: `Keep ${others.join(' and ')}; put ${shownBack(back)}`, after: back });
    }
    if (out.length === 0) out.push({ key: 'keep-current', label: `Leave it: correct ${record} by hand`, after: {} });
    return out;
  }
  const keeping = edits.length > 0 ? edits.map(editWords).join(' and ') : yearChange !== null ? `the fiscal year start in ${MONTHS[walk.fy - 1] ?? walk.fy}` : 'the other change';

  // Take the write-down back: the adjustments it added, where the lot still has them.
  const writeDown = involved.findLast((u) => u.type === 'adjusted' && u.lotId === b.lotId) ?? history.findLast((u) => u.type === 'adjusted');
  if (writeDown !== undefined) {
    const added = new Set(addedBy(writeDown).map((a) => a.id));
    const recorded = lot.adjustments;
    const kept = recorded.filter((a) => !added.has(a.id));
    if (kept.length < recorded.length && computes({ ...lot, adjustments: kept }, walk.fy)) {
      out.push({ key: 'undo-write-down', label: `Keep ${keeping}; take back ${writeDown.actor}’s change (${describe(writeDown, lot, record)})`, after: { adjustments: kept } });
    }
  }
  // Put back what the edits changed, as it was before the first of them.
  if (edits.length > 0) {
    const back = putBack(edits);
    if (computes({ ...lot, ...(back as Partial<Lot>) }, walk.fy)) {
      out.push({ key: 'undo-edit', label: `Keep the write-down; put ${shownBack(back)}`, after: back });
    }
  }
  // Put the fiscal year start back, where no lot that has a schedule now would lose it.
  if (yearChange !== null) {
    const previous = ((yearChange.before ?? {}) as Record<string, unknown>).fiscalYearStart;
    if (typeof previous === 'number' && TEAM_SETTING_CHECKS.fiscalYearStart(previous) && previous !== walk.fy && computes(lot, previous)) {
      let harmless = true;
      for (const other of walk.lots.values()) {
        if (other === null || other.id === lot.id || !hasRecorded(other)) continue;
        if (walk.check.broken(other, walk.fy, other, previous) !== null) harmless = false;
      }
      if (harmless) {
        out.push({ key: 'undo-fiscal-year', label: `Keep the write-down; put the fiscal year start back to ${MONTHS[previous - 1] ?? previous}`, after: { fiscalYearStart: previous }, entity: 'settings', recordId: yearChange.lotId });
      }
    }
  }
  if (out.length === 0) out.push({ key: 'keep-current', label: `Leave it: correct ${record} by hand`, after: {} });
  return out;
}
