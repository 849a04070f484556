import type { ChecklistRecord } from './checklists';
import type { IsoDate, Timestamp } from './dates';
import type { Uuid } from './ids';
import type { LotStatus } from './lifecycle';
import type { Lot } from './lot';

export const LOT_EVENT_TYPES = ['created', 'imported', 'transitioned', 'split', 'edited', 'adjusted', 'units-received', 'sanitised', 'units-updated', 'observed'] as const;
export type LotEventType = (typeof LOT_EVENT_TYPES)[number];

/** What an event is about. Catalogue records (models, sites) keep their history in the same log. */
export type EventEntity = 'lot' | 'model' | 'site';

/**
 * One immutable, append-only record of a change to a lot, written in the same transaction as
 * the change. `after` holds every field the change set (for `created`/`imported`, the whole
 * lot); `before` the same fields' previous values. Replaying a lot's events in `seq` order
 * reproduces it exactly.
 */
export interface LotEvent {
  id: Uuid;
  entity: EventEntity;
  /** The lot (or, for catalogue events, the model or site) the event belongs to. */
  lotId: Uuid;
  /** 1, 2, 3… per lot: the replay order. */
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
}
