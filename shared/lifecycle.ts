/** The lifecycle: stages, statuses and the one table of allowed moves (PRODUCT.md "Lifecycle"). */

export const STAGES = ['procure', 'deploy', 'refresh', 'decommission'] as const;
export type Stage = (typeof STAGES)[number];

export const LOT_STATUSES = [
  'planned',
  'ordered',
  'received',
  'staged',
  'in-service',
  'spare',
  'rma',
  'refresh-candidate',
  'replacing',
  'draining',
  'sanitised',
  'disposed',
] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export const DISPOSITIONS = ['sold', 'recycled', 'donated', 'returned', 'scrapped'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Readonly<Record<Disposition, string>> = {
  sold: 'Sold',
  recycled: 'Recycled',
  donated: 'Donated',
  returned: 'Returned to vendor',
  scrapped: 'Scrapped',
};

export const STATUS_STAGE: Readonly<Record<LotStatus, Stage>> = {
  planned: 'procure',
  ordered: 'procure',
  received: 'procure',
  staged: 'deploy',
  'in-service': 'deploy',
  spare: 'deploy',
  rma: 'deploy',
  'refresh-candidate': 'refresh',
  replacing: 'refresh',
  draining: 'decommission',
  sanitised: 'decommission',
  disposed: 'decommission',
};

export const STATUS_LABELS: Readonly<Record<LotStatus, string>> = {
  planned: 'Planned',
  ordered: 'Ordered',
  received: 'Received',
  staged: 'Staged',
  'in-service': 'In service',
  spare: 'Spare',
  rma: 'RMA',
  'refresh-candidate': 'Refresh candidate',
  replacing: 'Replacing',
  draining: 'Draining',
  sanitised: 'Sanitised',
  disposed: 'Disposed',
};

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  procure: 'Procure',
  deploy: 'Deploy',
  refresh: 'Refresh',
  decommission: 'Decommission',
};

export function isLotStatus(text: string): text is LotStatus {
  return (LOT_STATUSES as readonly string[]).includes(text);
}

export function isDisposition(text: string): text is Disposition {
  return (DISPOSITIONS as readonly string[]).includes(text);
}

export function statusesOfStage(stage: Stage): LotStatus[] {
  return LOT_STATUSES.filter((s) => STATUS_STAGE[s] === stage);
}

/**
 * The one table of allowed moves. Side statuses (spare, rma) can be entered and left by any
 * deployed quantity; a refresh-candidate may return to service (life extended); unplanned
 * decommissioning (dead or surplus gear) may start from any deployed status; disposed is
 * terminal. Guards on the target status are in `moveGuards` (lotChanges.ts).
 */
export const TRANSITIONS: Readonly<Record<LotStatus, readonly LotStatus[]>> = {
  planned: ['ordered'],
  ordered: ['received'],
  received: ['staged', 'in-service', 'spare', 'rma'],
  staged: ['in-service', 'spare', 'rma'],
  'in-service': ['refresh-candidate', 'spare', 'rma', 'draining'],
  spare: ['staged', 'in-service', 'rma', 'draining'],
  rma: ['staged', 'in-service', 'spare', 'draining'],
  'refresh-candidate': ['in-service', 'replacing', 'draining'],
  replacing: ['draining'],
  draining: ['sanitised'],
  sanitised: ['disposed'],
  disposed: [],
};

/**
 * Statuses some move leads into, in lifecycle order. `planned` is only ever a starting point
 * (a lot is registered as planned, never moved back to it).
 */
export const MOVE_TARGET_STATUSES: readonly LotStatus[] = LOT_STATUSES.filter((s) => LOT_STATUSES.some((from) => TRANSITIONS[from].includes(s)));

export function allowedTargets(from: LotStatus): readonly LotStatus[] {
  return TRANSITIONS[from];
}

export function isAllowedMove(from: LotStatus, to: LotStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which the lot's units have been delivered. */
export function isDelivered(status: LotStatus): boolean {
  return status !== 'planned' && status !== 'ordered';
}

/**
 * What a lot in a status must have on record: the same facts the moves into that status
 * demand. One rule set for creating, editing and importing lots.
 * - PO number: ordered and received lots (the PO is what a pending delivery is chased by;
 *   once deployed it is history, often lost for an older fleet being onboarded).
 * - Received date: received lots (the guard of that move); later statuses may lack it.
 * - In-service date and site: statuses only reachable through in-service.
 * - Replacement plan: replacing.
 */
export const REQUIRES_PO_NUMBER: readonly LotStatus[] = ['ordered', 'received'];

/**
 * An ordered or received lot without its purchase order number: allowed only when an import
 * brought it in so (issue 15: a person would accept the spreadsheet), and flagged "PO missing"
 * until someone fills it in.
 */
export function isPoMissing(lot: { status: LotStatus; poNumber: string }): boolean {
  return REQUIRES_PO_NUMBER.includes(lot.status) && lot.poNumber.trim() === '';
}
export const REQUIRES_RECEIVED_DATE: readonly LotStatus[] = ['received'];
export const REQUIRES_REPLACEMENT_PLAN: readonly LotStatus[] = ['replacing'];

/** Statuses that mean the lot has been put into service at some point (in-service date known). */
export function hasBeenInService(status: LotStatus): boolean {
  return ['in-service', 'refresh-candidate', 'replacing'].includes(status);
}
