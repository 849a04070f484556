import { useMemo } from 'react';
import type { Site } from '../../../shared/catalog';
import { formatMoney } from '../../../shared/money';
import { MoneyTotals } from '../../components/Money';
import type { Fleet } from '../../db/queries';
import { useUi } from '../../state/ui';
import { CatalogFilter, countText, NoMatch, useWordFilter } from './catalogFilter';
import { formatPue } from './catalogForm';
import { NO_USAGE, usageBySite } from './catalogUsage';
import { formatEnergyPrice } from './energyPrice';
import { onRowKey } from './rowActivation';

const dash = <span className="muted">—</span>;

const textOf = (s: Site): string => `${s.code} ${s.name}`;

export function SitesView({ fleet }: { fleet: Fleet }) {
  const open = useUi((s) => s.open);
  const usage = useMemo(() => usageBySite(fleet.lots), [fleet.lots]);
  const sorted = useMemo(
    () => [...fleet.sites].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true, sensitivity: 'base' })),
    [fleet.sites],
  );
  const { filter, setFilter, visible } = useWordFilter(sorted, textOf);

  const total = fleet.sites.length;
  const newSite = () => open({ kind: 'site', id: null });

  return (
    <div className="page page-fixed">
      <div className="page-header">
        <h1>Sites</h1>
        <span className="muted">
          {countText(visible.length, total, 'site', 'sites')}
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
          <CatalogFilter what="sites" placeholder="Filter by code or name…" filter={filter} setFilter={setFilter} />
          {visible.length === 0 ? (
            <NoMatch what="sites" filter={filter} onClear={() => setFilter('')} />
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
