import type { ChecklistRecord } from './checklists';
import { dateOf, type IsoDate, type LocalDay, type Timestamp } from './dates';
import type { Uuid } from './ids';
import type { LotStatus } from './lifecycle';
import type { EventId, HlcStamp } from './ledger/clock';
import type { Lot } from './lot';

export const LOT_EVENT_TYPES = [
  'created',
  'imported',
  'transitioned',
  'split',
  'edited',
  'adjusted',
  'units-received',
  'sanitised',
  'units-updated',
  'observed',
  // A record (lot with its units, model, site) taken out of the ledger: clearing the demo fleet.
  'removed',
  // Market prices taken out (by id, in `after.observationIds`), on their model's history.
  'prices-removed',
  // Team settings changed (`after` holds the keys set, `before` their previous values).
  'settings-changed',
  // A team-sync conflict settled (shared/sync/conflicts.ts): `resolves` names it; `after` holds
  // the fields set back (none when the current state is kept), `unitChanges` any unit put back.
  'resolved',
] as const;
export type LotEventType = (typeof LOT_EVENT_TYPES)[number];

/**
 * What an event is about. Catalogue records (models, sites, suppliers) and the team settings keep their
 * history in the same log.
 */
export const EVENT_ENTITIES = ['lot', 'model', 'site', 'settings', 'supplier'] as const;
export type EventEntity = (typeof EVENT_ENTITIES)[number];

/**
 * One immutable, append-only record of a change to a lot, written in the same transaction as
 * the change. `after` holds every field the change set (for `created`/`imported`, the whole
 * lot); `before` the same fields' previous values. Replaying a lot's events in `seq` order
 * reproduces it exactly.
 */
export interface LotEvent {
  /**
   * `<deviceId>:<counter>` (shared/ledger/clock.ts), given by the log when the event is
   * appended; whatever a builder put here is replaced.
   */
  id: EventId;
  /** Hybrid logical clock stamp, given by the log with the id; the order of replay. */
  hlc: HlcStamp;
  entity: EventEntity;
  /** The lot (or, for catalogue events, the model, site or supplier) the event belongs to. */
  lotId: Uuid;
  /**
   * 1, 2, 3… per entity, in the order its events arrived in this log: for a device's own events
   * that is the clock order; another device's, merged later, may take a place before them in the
   * clock order (renderer/db/eventLog.ts mergeRemoteEvents). Replay follows the clock (`hlc`).
   */
  seq: number;
  /** When it was recorded (UTC). */
  at: Timestamp;
  /** The business date the change is effective (receipt date, in-service date…), if any. */
  date: IsoDate | null;
  actor: string;
  type: LotEventType;
  from: LotStatus | null;
  to: LotStatus | null;
  /** The quantity the change concerned (moved, split off, created). */
  quantity: number | null;
  before: Partial<Lot> | null;
  after: Partial<Lot>;
  /** For `split`: the child lot. For a child's `created`: the parent lot. */
  relatedLotId: Uuid | null;
  note: string;
  /**
   * For a move (`transitioned`, and the `split` that starts a part-move): the checklist of the
   * target status as answered. Absent on older events and on moves into a status with no
   * checklist. It records what was confirmed; it sets no lot field, so replay ignores it.
   */
  checklist?: ChecklistRecord;
  /**
   * What the author had seen (issue 10, LEDGER.md §4): for the record the event belongs to (and
   * the related lot of a split), the id of the last event of it the author's log held, `null`
   * when it held none. Given by the log with the id (renderer/db/eventLog.ts appendEvents).
   * Two events whose author had not seen the other were made concurrently; that is exact.
   * A serial's events are all on the lot that holds it, so the lot's basis covers its units.
   * Absent on events written before team sync (nothing is concluded from those).
   */
  basis?: Record<Uuid, EventId | null>;
  /** For `resolved`: the ids of the conflicts it settles (shared/sync/conflicts.ts). */
  resolves?: string[];
  /**
   * For a move that took units from one country to another (a site abroad, or a buyer abroad on
   * a disposal; issue 13): the countries, the model's export classification and the licence
   * reference given. It records what was declared; it sets no lot field, so replay ignores it.
   */
  transfer?: TransferRecord;
}

export interface TransferRecord {
  from: string;
  to: string;
  classification: string | null;
  licenceReference: string | null;
  /** A disposal to a buyer in `to`, rather than a move between sites. */
  toBuyer: boolean;
}

/**
 * An event with the given fields and every other one empty. `id` and `hlc` are left empty for
 * the log to give (renderer/db/eventLog.ts appendEvents).
 */
export function eventWith(fields: Pick<LotEvent, 'entity' | 'lotId' | 'seq' | 'at' | 'actor' | 'type' | 'after'> & Partial<LotEvent>): LotEvent {
  return { id: '', hlc: '', date: null, from: null, to: null, quantity: null, before: null, relatedLotId: null, note: '', ...fields };
}

/**
 * An event's basis (see {@link LotEvent.basis}) from the tips of the log it is appended to: for
 * its record, and a split's other lot, the id of the last event the log holds of it (null: none).
 */
export function basisFor(e: Pick<LotEvent, 'lotId' | 'relatedLotId'>, tips: ReadonlyMap<Uuid, EventId>): Record<Uuid, EventId | null> {
  const basis: Record<Uuid, EventId | null> = { [e.lotId]: tips.get(e.lotId) ?? null };
  if (e.relatedLotId !== null && e.relatedLotId !== e.lotId) basis[e.relatedLotId] = tips.get(e.relatedLotId) ?? null;
  return basis;
}

/**
 * `e` with `seq` set, keeping its keys in the order they come in: an event read from canonical
 * text (a segment, a block) has them in sorted order, and `seq` goes where sorting puts it, so
 * writing it again is a plain JSON.stringify (shared/ledger/canonicalJson.ts) rather than a
 * key-by-key rebuild: for the half-million events of a first team sync, seconds.
 */
export function withSeq(e: LotEvent, seq: number): LotEvent {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const key in e) {
    if (key === 'seq') continue;
    if (!placed && key > 'seq') {
      out.seq = seq;
      placed = true;
    }
    out[key] = (e as unknown as Record<string, unknown>)[key];
  }
  if (!placed) out.seq = seq;
  return out as unknown as LotEvent;
}

/** `fresh` (in clock order) numbered as an empty log numbers them: each record's events 1, 2, 3… */
export function numberedFromOne(fresh: readonly LotEvent[]): LotEvent[] {
  const next = new Map<string, number>();
  return fresh.map((e) => {
    const seq = (next.get(e.lotId) ?? 0) + 1;
    next.set(e.lotId, seq);
    return withSeq(e, seq);
  });
}

/**
 * The business day of an event: its date, else the day it was recorded, where the user is
 * (`localDay` of its instant; the UTC day without one). An edit or a registration carries no date.
 */
export function eventDay(e: Pick<LotEvent, 'date' | 'at'>, localDay: LocalDay = dateOf): IsoDate {
  return e.date ?? localDay(e.at);
}
