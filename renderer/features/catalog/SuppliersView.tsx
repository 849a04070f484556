/**
 * The suppliers (issue 13; shared/suppliers.ts): who the fleet was bought from, with country and
 * channel, and how much of the fleet each supplied. Their lead times, RMA rates and prices paid
 * are in the supplier scorecard (Provenance).
 */
import { useMemo } from 'react';
import { SUPPLIER_CHANNEL_LABELS, type Supplier } from '../../../shared/suppliers';
import { MoneyTotals } from '../../components/Money';
import type { Fleet } from '../../db/queries';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';
import { CatalogFilter, countText, NoMatch, useWordFilter } from './catalogFilter';
import { NO_USAGE, usageBySupplier } from './catalogUsage';
import { onRowKey } from './rowActivation';

const dash = <span className="muted">—</span>;

const textOf = (s: Supplier): string => `${s.name} ${s.country ?? ''} ${s.channel === null ? '' : SUPPLIER_CHANNEL_LABELS[s.channel]} ${s.notes}`;

export function SuppliersView({ fleet }: { fleet: Fleet }) {
  const open = useUi((s) => s.open);
  const usage = useMemo(() => usageBySupplier(fleet.lots), [fleet.lots]);
  const { filter, setFilter, visible } = useWordFilter(fleet.suppliers, textOf);
  const total = fleet.suppliers.length;
  const newSupplier = () => open({ kind: 'supplier', id: null });

  return (
    <div className="page page-fixed">
      <div className="page-header">
        <h1>Suppliers</h1>
        <span className="muted">{countText(visible.length, total, 'supplier', 'suppliers')}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => navigate({ name: 'provenance' })}>
          Scorecard
        </button>
        <button type="button" className="btn btn-primary" onClick={newSupplier}>
          New supplier
        </button>
      </div>
      {total === 0 ? (
        <div className="card empty">
          <h2>No suppliers yet</h2>
          <p>Suppliers are who you buy lots from — the maker direct, a distributor, a reseller or a broker — with their country, so the provenance of every unit is on record. Naming a supplier on a lot adds it here.</p>
          <button type="button" className="btn btn-primary" onClick={newSupplier}>
            New supplier
          </button>
        </div>
      ) : (
        <>
          <CatalogFilter what="suppliers" placeholder="Filter by name, country or channel…" filter={filter} setFilter={setFilter} />
          {visible.length === 0 ? (
            <NoMatch what="suppliers" filter={filter} onClear={() => setFilter('')} />
          ) : (
            <div className="card catalog-table">
              <table className="table" aria-label="Suppliers">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Country</th>
                    <th scope="col">Channel</th>
                    <th scope="col" className="num" title="Lots not yet disposed of">Lots</th>
                    <th scope="col" className="num" title="Units in lots not yet disposed of">Units</th>
                    <th scope="col" className="num" title="Cost basis of the lots not yet disposed of, per currency">Cost basis</th>
                    <th scope="col">Notes</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((s) => {
                    const u = usage.get(s.id) ?? NO_USAGE;
                    const edit = () => open({ kind: 'supplier', id: s.id });
                    return (
                      <tr key={s.id} className="clickable" tabIndex={0} onClick={edit} onKeyDown={onRowKey(edit)} title={`Edit supplier ${s.name}`} data-supplier-id={s.id}>
                        <td>
                          {s.name} {s.demo && <span className="demo-tag" title="Demo data">demo</span>}
                        </td>
                        <td className="mono">{s.country ?? dash}</td>
                        <td>{s.channel === null ? <span className="muted">unknown</span> : SUPPLIER_CHANNEL_LABELS[s.channel]}</td>
                        <td className="num">{u.lots.toLocaleString('en-US')}</td>
                        <td className="num">{u.units.toLocaleString('en-US')}</td>
                        <td className="num"><MoneyTotals totals={u.cost} /></td>
                        <td className="muted">{s.notes}</td>
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
