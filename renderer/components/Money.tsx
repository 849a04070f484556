import { formatMoney } from '../../shared/money';

export function Money({ minor, currency }: { minor: number | null; currency: string }) {
  if (minor === null) return <span className="muted">—</span>;
  return <span className="num">{formatMoney(minor, currency)}</span>;
}

/** Sums per currency: a fleet bought in two currencies shows two totals, never a fake one. */
export function MoneyTotals({ totals }: { totals: ReadonlyMap<string, number> }) {
  if (totals.size === 0) return <span className="muted">—</span>;
  return (
    <span className="num">
      {[...totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, minor]) => formatMoney(minor, currency))
        .join(' + ')}
    </span>
  );
}

export function addTo(totals: Map<string, number>, currency: string, minor: number): void {
  totals.set(currency, (totals.get(currency) ?? 0) + minor);
}
