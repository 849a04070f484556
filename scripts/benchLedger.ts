/**
 * The ledger at fleet scale for `npm run bench -- --ledger` (PERFORMANCE.md: 2,000 lots, 100,000
 * units, 500,000 events): the history a fleet's log accumulates, built with the app's own pure
 * change builders (shared/lotChanges.ts editLot and moveLot, shared/units.ts applyUnitEdits,
 * renderer/db/unitEdits.ts unitsUpdatedEvent, the `sanitised` event recordSanitisation writes),
 * so the fold of every event still equals what the commands would have left in the tables.
 *
 * Pure (no storage, no browser): scripts/benchLedgerPage.ts appends the chunks with
 * `appendEvents` in Chromium over real IndexedDB, and scripts/bench.ts stamps them in memory for
 * its Node rows (fold, encode and decode of a backup body). The same seed gives the same history.
 */
import { catalogCreatedEvent } from '../shared/catalogChanges';
import { DEFAULT_CHECKLISTS, settleAnswers } from '../shared/checklists';
import type { LotEvent } from '../shared/events';
import type { Uuid } from '../shared/ids';
import { stampEvents, type DeviceClock, type DeviceId } from '../shared/ledger/clock';
import { isAllowedMove, type LotStatus } from '../shared/lifecycle';
import type { Lot, LotPatch } from '../shared/lot';
import { editLot, moveLot, type ChangeContext } from '../shared/lotChanges';
import {
  applyUnitEdits,
  encodeEventUnits,
  packUnits,
  validateSanitisationRecord,
  type SanitisationRecord,
  type Unit,
  type UnitEdit,
  type UnitLotEvent,
  type UnitPatch,
} from '../shared/units';
import { unitsUpdatedEvent } from '../renderer/db/unitEdits';
import { benchModel, benchSite, createdEvent, TS, type Fleet } from './benchFleet';
import { seededRandom } from '../shared/seededRandom';

/** PERFORMANCE.md's fleet scale. */
export const LEDGER_SCALE = { lots: 2_000, units: 100_000, events: 500_000 } as const;

/** What one round of the history is made of, as shares of its events (they sum to 1). */
export const HISTORY_MIX = {
  /** A lot's notes, support cost, warranty end, tags or PO number edited (small before/after). */
  edited: 0.35,
  /** A whole lot moved between in-service, spare, RMA, staged and refresh candidate, its checklist answered. */
  transitioned: 0.2,
  /** 1–4 units of a lot moved to another room, rack and U, or their condition or notes set. */
  unitsUpdated: 0.35,
  /** 1–3 units' drives sanitised (NIST SP 800-88 record). */
  sanitised: 0.1,
} as const;

const ACTORS = ['ada', 'grace', 'linus', 'margaret'];
/** Where the history starts; each event is a minute after the one before. */
const HISTORY_START_MS = Date.parse('2026-06-02T08:00:00.000Z');
/** Statuses the generated moves stay within: deployed ones, so a lot is never closed to edits. */
const DEPLOYED: readonly LotStatus[] = ['in-service', 'spare', 'rma', 'staged', 'refresh-candidate'];
const NO_CODES: ReadonlySet<string> = new Set();

/** The catalogue (the one site, 8 models) as the app records it: each with its `created` event. */
export function benchCatalogue(actor = 'bench'): { site: ReturnType<typeof benchSite>; models: ReturnType<typeof benchModel>[]; events: LotEvent[] } {
  const ctx: ChangeContext = { now: TS, newId: () => '', actor };
  const site = benchSite();
  const models = Array.from({ length: 8 }, (_, i) => benchModel(i));
  return { site, models, events: [catalogCreatedEvent(ctx, 'site', site), ...models.map((m) => catalogCreatedEvent(ctx, 'model', m))] };
}

/** The units of a batch as importUnits stores them (the bench's units are already canonical). */
export function fleetUnits(fleet: Fleet): Unit[] {
  return fleet.batches.flatMap((b) => b.units.map((u) => ({ ...u, lotId: b.lotId, sanitisation: u.sanitisation ?? null })));
}

/**
 * The `units-received` event importUnits (renderer/db/units.ts) writes for a lot's batch, for the
 * Node rows, which have no IndexedDB to run importUnits on. Same shape and payload form.
 */
export function receivedEvent(lot: Lot, seq: number, units: readonly Unit[], actor = 'bench'): UnitLotEvent {
  return {
    id: '', hlc: '', entity: 'lot', lotId: lot.id, seq, at: TS, date: null, actor, type: 'units-received', from: null, to: null,
    quantity: units.length, before: null, after: {}, relatedLotId: null,
    note: `Received ${units.length} serial${units.length === 1 ? '' : 's'} (${units.length} of ${lot.quantity} tracked).`,
    units: encodeEventUnits(packUnits(units, () => lot.id)),
  };
}

/** A part of the history, in the order it was made: append `events`, then write `lots` and `units` (as they stand after them). */
export interface HistoryChunk {
  events: LotEvent[];
  /** The lots these events changed, as they stand after them. */
  lots: Lot[];
  /** The units these events changed, as they stand after them, by serial. */
  units: Map<string, Unit>;
}

/** How many events of each type a history held. */
export type EventCounts = Record<string, number>;

function sanitisationRecord(date: string, random: () => number, actor: string): SanitisationRecord {
  const destroy = random() < 0.2;
  return {
    method: destroy ? 'destroy' : 'purge',
    technique: destroy ? 'shred' : 'cryptographic erase',
    tool: destroy ? 'Shredder SSD-1' : 'nvme-cli',
    toolVersion: destroy ? '' : '2.8',
    verificationMethod: destroy ? 'visual inspection' : 'full',
    verificationResult: 'passed',
    performedBy: actor,
    verifiedBy: '',
    performedAt: date,
    mediaSerial: `NVME${Math.floor(random() * 36 ** 8).toString(36).toUpperCase()}`,
    note: '',
  };
}

function pickDistinct(count: number, of: number, random: () => number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, of)) picked.add(Math.floor(random() * of));
  return [...picked];
}

/**
 * `count` events of a fleet's working life after its lots were created and their units received,
 * in chunks of `chunkSize`: lots take turns (round robin), each turn one change of a kind drawn
 * from {@link HISTORY_MIX}. `lastSeq` gives each lot's last event seq before the history.
 */
export function* ledgerHistory(
  start: { lots: readonly Lot[]; units: readonly Unit[]; lastSeq: (lotId: Uuid) => number },
  count: number,
  chunkSize: number,
  counts: EventCounts = {},
  seed = 20_261_209,
): Generator<HistoryChunk> {
  const random = seededRandom(seed);
  const lots = new Map(start.lots.map((l) => [l.id, l]));
  const order = start.lots.map((l) => l.id);
  const seqs = new Map(order.map((id) => [id, start.lastSeq(id)]));
  const unitsOf = new Map<Uuid, Unit[]>(order.map((id) => [id, []]));
  for (const u of start.units) unitsOf.get(u.lotId)?.push(u);
  let chunk: HistoryChunk = { events: [], lots: [], units: new Map() };
  let changedLots = new Map<Uuid, Lot>();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  for (let i = 0; i < count; i++) {
    const lotId = order[i % order.length] as Uuid;
    const lot = lots.get(lotId) as Lot;
    const seq = (seqs.get(lotId) ?? 0) + 1;
    const at = new Date(HISTORY_START_MS + i * 60_000).toISOString();
    const date = at.slice(0, 10);
    const actor = pick(ACTORS);
    const ctx: ChangeContext = { now: at, newId: () => `bench-${i}`, actor };
    const units = unitsOf.get(lotId) ?? [];
    const roll = random();
    let event: LotEvent;
    let nextLot: Lot | null = null;
    let nextUnits: Unit[] = [];

    if (roll < HISTORY_MIX.edited) {
      const r = random();
      const patch: LotPatch =
        r < 0.4 ? { notes: `Checked on ${date} by ${actor} (round ${Math.floor(i / order.length)}).` }
        : r < 0.6 ? { supportCostPerYear: 10_000 * (1 + Math.floor(random() * 500)) }
        : r < 0.75 ? { warrantyEnd: `${2026 + Math.floor(random() * 4)}-0${1 + Math.floor(random() * 9)}-15` }
        : r < 0.9 ? { tags: pick([['gpu'], ['gpu', 'training'], ['inference'], ['gpu', 'hot-aisle'], []]) }
        : { poNumber: pick(['PO-BENCH-1', 'PO-BENCH-2', 'PO-ACME-7', 'PO-NW-12']) };
      let edited = editLot(lot, seq - 1, patch, ctx, NO_CODES);
      if (edited.ok && edited.value.event === null) edited = editLot(lot, seq - 1, { notes: `Checked on ${date} by ${actor} (#${i}).` }, ctx, NO_CODES);
      if (!edited.ok || edited.value.event === null) throw new Error(`bench history: edit of ${lot.code} refused: ${JSON.stringify(edited.ok ? 'no change' : edited.error)}`);
      event = edited.value.event;
      nextLot = edited.value.lot;
    } else if (roll < HISTORY_MIX.edited + HISTORY_MIX.transitioned) {
      const to = pick(DEPLOYED.filter((s) => isAllowedMove(lot.status, s)));
      const ticks = DEFAULT_CHECKLISTS[to].map((item) => ({ ...item, ticked: random() < 0.9 }));
      const moved = moveLot(lot, seq - 1, { to, quantity: lot.quantity, date, checklist: settleAnswers(DEFAULT_CHECKLISTS[to], ticks) }, ctx, { takenCodes: NO_CODES });
      if (!moved.ok) throw new Error(`bench history: move of ${lot.code} to ${to} refused: ${moved.error}`);
      event = moved.value.events[0] as LotEvent;
      nextLot = moved.value.lots[0] as Lot;
    } else if (roll < HISTORY_MIX.edited + HISTORY_MIX.transitioned + HISTORY_MIX.unitsUpdated) {
      const chosen = pickDistinct(1 + Math.floor(random() * 4), units.length, random);
      const r = random();
      const room = `Hall ${1 + Math.floor(random() * 3)}`;
      const rack = `R${String(1 + Math.floor(random() * 40)).padStart(2, '0')}`;
      const firstU = 1 + Math.floor(random() * 30);
      const edits: UnitEdit[] = chosen.map((k, j) => {
        const serial = (units[k] as Unit).serial;
        const patch: UnitPatch =
          r < 0.7 ? { room, rack, u: firstU + 2 * j } // a unit move: another rack and position
          : r < 0.85 ? { status: (units[k] as Unit).status === 'ok' ? 'faulty' : 'ok' }
          : { notes: `Ticket INC-${100_000 + i}` };
        return { serial, patch };
      });
      let plan = applyUnitEdits(units, edits, { siteExists: () => true });
      if (plan.ok && plan.value.changes.length === 0) plan = applyUnitEdits(units, edits.map((e) => ({ serial: e.serial, patch: { notes: `Ticket INC-${100_000 + i}` } })), { siteExists: () => true });
      if (!plan.ok || plan.value.changes.length === 0) throw new Error(`bench history: unit edit in ${lot.code} refused: ${plan.ok ? 'no change' : plan.error}`);
      event = unitsUpdatedEvent(lotId, seq, plan.value.changes, ctx);
      nextUnits = plan.value.units;
    } else {
      const chosen = pickDistinct(1 + Math.floor(random() * 3), units.length, random);
      const record = validateSanitisationRecord(sanitisationRecord(date, random, actor), date);
      if (!record.ok) throw new Error(`bench history: sanitisation record refused: ${record.error}`);
      const r = record.value;
      const serials = chosen.map((k) => (units[k] as Unit).serial);
      const sanitised: UnitLotEvent = {
        id: ctx.newId(), hlc: '', entity: 'lot', lotId, seq, at, date: r.performedAt, actor, type: 'sanitised', from: null, to: null,
        quantity: serials.length, before: null, after: {}, relatedLotId: null,
        // As recordSanitisation (renderer/db/units.ts) writes it.
        note: r.note || `${r.method} (${r.technique}, ${r.tool}${r.toolVersion ? ` ${r.toolVersion}` : ''}), verification ${r.verificationResult}: ${serials.join(', ')}`,
        serials,
        sanitisation: r,
      };
      event = sanitised;
      const wanted = new Set(serials);
      nextUnits = units.map((u) => (wanted.has(u.serial) ? { ...u, sanitisation: r } : u));
    }

    counts[event.type] = (counts[event.type] ?? 0) + 1;
    chunk.events.push(event);
    seqs.set(lotId, seq);
    if (nextLot !== null) {
      lots.set(lotId, nextLot);
      changedLots.set(lotId, nextLot);
    }
    if (nextUnits.length > 0) {
      for (let k = 0; k < units.length; k++) if (nextUnits[k] !== units[k]) chunk.units.set((nextUnits[k] as Unit).serial, nextUnits[k] as Unit);
      unitsOf.set(lotId, nextUnits);
    }
    if (chunk.events.length >= chunkSize || i === count - 1) {
      chunk.lots = [...changedLots.values()];
      yield chunk;
      chunk = { events: [], lots: [], units: new Map() };
      changedLots = new Map();
    }
  }
}

/**
 * The whole ledger in memory, identified and stamped as one device's log (for the Node rows):
 * the catalogue, every lot's `created` and `units-received`, then the history up to `events`.
 * Also the lots and units as the commands would have left them (what the fold must give back).
 */
export function ledgerInMemory(
  fleet: Fleet,
  events: number,
  device: DeviceId = 'bench-device',
): { events: LotEvent[]; counts: EventCounts; lots: Lot[]; units: Unit[]; catalogue: ReturnType<typeof benchCatalogue> } {
  const catalogue = benchCatalogue();
  const units = fleetUnits(fleet);
  const byLot = new Map<Uuid, Unit[]>();
  for (const u of units) {
    const list = byLot.get(u.lotId);
    if (list) list.push(u);
    else byLot.set(u.lotId, [u]);
  }
  const log: LotEvent[] = [...catalogue.events, ...fleet.lots.map(createdEvent)];
  for (const lot of fleet.lots) {
    const own = byLot.get(lot.id) ?? [];
    if (own.length > 0) log.push(receivedEvent(lot, 2, own));
  }
  const counts: EventCounts = {};
  for (const e of log) counts[e.type] = (counts[e.type] ?? 0) + 1;
  const lastSeq = (id: Uuid): number => ((byLot.get(id)?.length ?? 0) > 0 ? 2 : 1);
  const lots = new Map(fleet.lots.map((l) => [l.id, l]));
  const unitsNow = new Map(units.map((u) => [u.serial, u]));
  for (const chunk of ledgerHistory({ lots: fleet.lots, units, lastSeq }, Math.max(0, events - log.length), 50_000, counts)) {
    for (const e of chunk.events) log.push(e);
    for (const l of chunk.lots) lots.set(l.id, l);
    for (const [serial, u] of chunk.units) unitsNow.set(serial, u);
  }
  // Stamped as appendEvents stamps a transaction's events, a batch per (later) millisecond.
  const stamped: LotEvent[] = [];
  let clock: DeviceClock = { device, counter: 0, clock: null };
  for (let from = 0; from < log.length; from += 10_000) {
    const batch = log.slice(from, from + 10_000);
    const { ids, stamps, next } = stampEvents(clock, batch.length, HISTORY_START_MS + from * 60_000);
    batch.forEach((e, i) => stamped.push({ ...e, id: ids[i] as string, hlc: stamps[i] as string }));
    clock = next;
  }
  return { events: stamped, counts, lots: [...lots.values()], units: [...unitsNow.values()], catalogue };
}
