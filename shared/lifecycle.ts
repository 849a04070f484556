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
