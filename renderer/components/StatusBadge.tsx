import { STATUS_LABELS, STATUS_STAGE, type LotStatus } from '../../shared/lifecycle';

export function StatusBadge({ status }: { status: LotStatus }) {
  return <span className={`badge stage-${STATUS_STAGE[status]}`}>{STATUS_LABELS[status]}</span>;
}
