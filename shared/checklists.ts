/**
 * Move checklists: what a technician confirms when a lot moves into a status ("racked",
 * "cabled", "burn-in passed" on the way into service), and the record a move keeps of it.
 *
 * Checklists are keyed by the move's target status, not by stage or by (from, to) pair:
 * - a stage is too coarse: moving into Spare or RMA is in the Deploy stage but is not
 *   deploying, and Draining → Sanitised → Disposed each have their own physical work;
 * - the work is about where the units are going, not where they come from: Staged → In service
 *   and RMA → In service both need racking and cabling, so one list per target keeps settings
 *   short (eleven lists rather than one per arrow of the lifecycle table).
 *
 * Items can be marked required: a move is refused until they are ticked. Optional items are
 * recorded as done or not done. The defaults are all optional, so that a fresh install (and
 * every scripted move) works as before; a team decides what it wants to enforce.
 */
import { MOVE_TARGET_STATUSES, STATUS_LABELS, type LotStatus } from './lifecycle';
import { err, ok, type Result } from './result';

export interface ChecklistItem {
  label: string;
  /** A move into the status is refused until this item is ticked. */
  required: boolean;
}

/** The checklists of every move target. A status missing here uses its default (see `checklistFor`). */
export type Checklists = Readonly<Partial<Record<LotStatus, readonly ChecklistItem[]>>>;

/** One item as answered on a move: the definition at the time, and whether it was ticked. */
export interface ChecklistTick {
  label: string;
  required: boolean;
  ticked: boolean;
}

/**
 * What a move records of its checklist. The definition is copied, not referenced, so that
 * history still says what was asked after the settings change. `actor` is who ticked: the
 * person making the move (the event's actor), kept here so the record stands on its own when
 * quoted or exported.
 */
export interface ChecklistRecord {
  items: ChecklistTick[];
  actor: string;
}

/** Long enough for "Burn-in passed (72 h, no ECC errors)"; short enough to read on a tablet. */
export const MAX_LABEL_LENGTH = 80;
/** A checklist people actually work through on the floor; more belongs in a runbook. */
export const MAX_ITEMS = 20;

const optional = (...labels: string[]): ChecklistItem[] => labels.map((label) => ({ label, required: false }));

/**
 * Built-in checklists. Labels avoid words the move dialog's own fields use ("site",
 * "quantity", "date", "note"…), so a label never reads like one of them.
 */
export const DEFAULT_CHECKLISTS: Readonly<Record<LotStatus, readonly ChecklistItem[]>> = {
  planned: [],
  ordered: optional('Budget approved', 'Delivery window agreed with the vendor'),
  received: optional('Packing list matches the PO', 'Visual damage check', 'Serial numbers recorded'),
  staged: optional('Firmware at the fleet baseline', 'Asset tags applied', 'BMC credentials rotated'),
  'in-service': optional('Racked', 'Cabled', 'Burn-in passed', 'Added to monitoring'),
  spare: optional('Stored in the spares cage', 'Labelled as spare'),
  rma: optional('Vendor RMA number recorded', 'Fault described with evidence', 'Drives removed or wiped before shipping'),
  'refresh-candidate': optional('Owner of the workload informed'),
  replacing: optional('Replacement hardware ordered', 'Workload migration scheduled'),
  draining: optional('Workloads drained', 'Removed from the scheduler', 'Monitoring silenced'),
  sanitised: optional('Data sanitised', 'Sanitisation certificates filed'),
  disposed: optional('Asset tags removed', 'Removed from the inventory system', 'Handover paperwork signed'),
};

/** The checklist for moves into `status`. */
export function checklistFor(checklists: Checklists, status: LotStatus): readonly ChecklistItem[] {
  return checklists[status] ?? DEFAULT_CHECKLISTS[status];
}

/** A message about one item (`index`, 0-based) or, with `index` null, about the list. */
export interface ChecklistProblem {
  index: number | null;
  message: string;
}

const labelKey = (label: string): string => label.trim().toLowerCase();

/**
 * Checks one checklist and returns it tidied (labels trimmed), or every problem found, each
 * naming the item by its position so it can be shown beside it.
 */
export function validateChecklist(items: readonly ChecklistItem[]): Result<ChecklistItem[], ChecklistProblem[]> {
  const problems: ChecklistProblem[] = [];
  if (items.length > MAX_ITEMS) {
    problems.push({ index: null, message: `A checklist holds at most ${MAX_ITEMS} items; this one has ${items.length}.` });
  }
  const seen = new Map<string, number>();
  const tidy = items.map((item, index) => {
    const label = item.label.trim();
    const n = index + 1;
    if (label === '') problems.push({ index, message: `Item ${n} needs a label.` });
    else if (label.length > MAX_LABEL_LENGTH) {
      problems.push({ index, message: `Item ${n} is ${label.length} characters long; keep it to ${MAX_LABEL_LENGTH}.` });
    } else {
      // Case-insensitive: "Racked" and "racked" would read as the same box twice.
      const first = seen.get(labelKey(label));
      if (first !== undefined) problems.push({ index, message: `Item ${n} repeats item ${first + 1} (“${label}”).` });
      else seen.set(labelKey(label), index);
    }
    return { label, required: item.required };
  });
  return problems.length > 0 ? err(problems) : ok(tidy);
}

/** Checks every list; the problems are grouped by status. */
export function validateChecklists(checklists: Checklists): Result<Partial<Record<LotStatus, ChecklistItem[]>>, Partial<Record<LotStatus, ChecklistProblem[]>>> {
  const tidy: Partial<Record<LotStatus, ChecklistItem[]>> = {};
  const problems: Partial<Record<LotStatus, ChecklistProblem[]>> = {};
  for (const status of MOVE_TARGET_STATUSES) {
    const items = checklists[status];
    if (items === undefined) continue;
    const r = validateChecklist(items);
    if (r.ok) tidy[status] = r.value;
    else problems[status] = r.error;
  }
  return Object.keys(problems).length > 0 ? err(problems) : ok(tidy);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isChecklistItem(v: unknown): v is ChecklistItem {
  return isRecord(v) && typeof v.label === 'string' && typeof v.required === 'boolean';
}

/**
 * Whether a stored value is a valid set of checklists (the settings row comes from disk, so it
 * is checked rather than trusted). Keys that are not move targets are ignored rather than
 * rejected, so a build that knows fewer statuses keeps the lists it does know.
 */
export function isChecklists(v: unknown): v is Checklists {
  if (!isRecord(v)) return false;
  return MOVE_TARGET_STATUSES.every((status) => {
    const items = v[status];
    if (items === undefined) return true;
    return (
      Array.isArray(items) &&
      items.every(isChecklistItem) &&
      validateChecklist(items).ok &&
      // Stored labels are the tidied ones; anything else was not written by validateChecklist.
      items.every((item: ChecklistItem) => item.label === item.label.trim())
    );
  });
}

/** The answered checklist for a move: each item with whether its label is among `ticked`. */
export function answerChecklist(items: readonly ChecklistItem[], ticked: ReadonlySet<string>): ChecklistTick[] {
  return items.map((item) => ({ label: item.label, required: item.required, ticked: ticked.has(item.label) }));
}

/**
 * The answers a move is judged and recorded by: the stored checklist (`items`, from settings)
 * with the labels the caller ticked. Which items are required is never the caller's to say, so
 * a move that brings no answers still meets the required items (and is refused while they are
 * unticked). Undefined when there is nothing to judge or record: no answers and no required item
 * (a scripted move, or a status with only optional items).
 */
export function settleAnswers(items: readonly ChecklistItem[], answers: readonly ChecklistTick[] | undefined): ChecklistTick[] | undefined {
  if (answers === undefined && !items.some((i) => i.required)) return undefined;
  const ticked = new Set((answers ?? []).filter((a) => a.ticked).map((a) => a.label.trim()));
  return answerChecklist(items, ticked);
}

/**
 * Why an answered checklist does not allow a move into `to`, or null when it does. Unticked
 * required items are named, so the person knows which boxes are missing.
 */
export function checklistRefusal(ticks: readonly ChecklistTick[], to: LotStatus): string | null {
  const valid = validateChecklist(ticks);
  if (!valid.ok) return `The checklist is not valid: ${valid.error.map((p) => p.message).join(' ')}`;
  const missing = ticks.filter((t) => t.required && !t.ticked).map((t) => t.label);
  if (missing.length === 0) return null;
  const noun = missing.length === 1 ? 'item' : 'items';
  return `Tick the required checklist ${noun} before moving to ${STATUS_LABELS[to]}: ${missing.join(', ')}.`;
}

/** One line for history: "Checklist: ✓ Racked, ✓ Cabled, ✗ Burn-in passed — by Alice". */
export function describeChecklist(record: ChecklistRecord): string {
  const items = record.items.map((t) => `${t.ticked ? '✓' : '✗'} ${t.label}`).join(', ');
  return `Checklist: ${items} — by ${record.actor}`;
}
