import { useDeferredValue, useMemo, useState } from 'react';
import type { Site } from '../../../shared/catalog';
import { formatMoney } from '../../../shared/money';
import { MoneyTotals } from '../../components/Money';
import type { Fleet } from '../../db/queries';
import { useUi } from '../../state/ui';
import { formatPue } from './catalogForm';
import { NO_USAGE, usageBySite } from './catalogUsage';
import { formatEnergyPrice } from './energyPrice';
import { onRowKey } from './rowActivation';

const dash = <span className="muted">—</span>;

function matches(s: Site, words: readonly string[]): boolean {
  const text = `${s.code} ${s.name}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function SitesView({ fleet }: { fleet: Fleet }) {
  const open = useUi((s) => s.open);
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);

  const usage = useMemo(() => usageBySite(fleet.lots), [fleet.lots]);
  const sorted = useMemo(
    () => [...fleet.sites].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true, sensitivity: 'base' })),
    [fleet.sites],
  );
  const visible = useMemo(() => {
    const words = deferred.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    return words.length === 0 ? sorted : sorted.filter((s) => matches(s, words));
  }, [sorted, deferred]);

  const total = fleet.sites.length;
  const newSite = () => open({ kind: 'site', id: null });

  return (
    <div className="page page-fixed">
      <div className="page-header">
        <h1>Sites</h1>
        <span className="muted">
          {visible.length === total ? `${total} site${total === 1 ? '' : 's'}` : `${visible.length} of ${total} sites`}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={newSite}>
          New site
        </button>
      </div>

      {total === 0 ? (
        <div className="card empty">
          <h2>No sites yet</h2>
          <p>Sites are the data centres and store rooms your lots sit in, with their energy price and PUE for running-cost estimates.</p>
          <button type="button" className="btn btn-primary" onClick={newSite}>
            New site
          </button>
        </div>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter sites">
            <input
              className="input search"
              type="search"
              placeholder="Filter by code or name…"
              aria-label="Filter sites"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          {visible.length === 0 ? (
            <div className="card empty">
              <h2>No sites match “{filter.trim()}”</h2>
              <button type="button" className="btn" onClick={() => setFilter('')}>
                Clear filter
              </button>
            </div>
          ) : (
            <div className="card catalog-table">
              <table className="table" aria-label="Sites">
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Name</th>
                    <th scope="col">Country</th>
                    <th scope="col" className="num">Energy price</th>
                    <th scope="col" className="num">PUE</th>
                    <th scope="col" className="num" title="Space cost of one rack unit a month">Space / U / month</th>
                    <th scope="col" className="num" title="Lots not yet disposed of">Lots</th>
                    <th scope="col" className="num" title="Units in lots not yet disposed of">Units</th>
                    <th scope="col" className="num" title="Cost basis of the lots not yet disposed of, per currency">Cost basis</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((s) => {
                    const u = usage.get(s.id) ?? NO_USAGE;
                    const edit = () => open({ kind: 'site', id: s.id });
                    return (
                      <tr key={s.id} className="clickable" tabIndex={0} onClick={edit} onKeyDown={onRowKey(edit)} title={`Edit site ${s.code}`}
                        data-site-id={s.id}>
                        <td className="mono">
                          {s.code} {s.demo && <span className="demo-tag" title="Demo data">demo</span>}
                        </td>
                        <td>{s.name}</td>
                        <td className="mono">{s.country ?? dash}</td>
                        <td className="num">{s.energyPricePerMwh === null ? dash : formatEnergyPrice(s.energyPricePerMwh, s.currency)}</td>
                        <td className="num">{s.pue === null ? dash : formatPue(s.pue)}</td>
                        <td className="num">{s.spacePerRackUnitMonth === null || s.spacePerRackUnitMonth === undefined ? dash : formatMoney(s.spacePerRackUnitMonth, s.currency)}</td>
                        <td className="num">{u.lots.toLocaleString('en-US')}</td>
                        <td className="num">{u.units.toLocaleString('en-US')}</td>
                        <td className="num"><MoneyTotals totals={u.cost} /></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
