import { useMemo } from 'react';
import { CATEGORY_LABELS, modelLabel, type HardwareModel } from '../../../shared/catalog';
import { formatMoney } from '../../../shared/money';
import { useSettings, type Fleet } from '../../db/queries';
import { todayIso } from '../../lib/clock';
import { importMarketFromFile } from '../market/marketFiles';
import { exportRentalPrices, importRentalPricesFromFile } from '../finance/ownVsRentFiles';
import { useUi } from '../../state/ui';
import { CatalogFilter, countText, NoMatch, useWordFilter } from './catalogFilter';
import { NO_USAGE, usageByModel } from './catalogUsage';
import { onRowKey } from './rowActivation';

const dash = <span className="muted">—</span>;

const textOf = (m: HardwareModel): string => `${m.manufacturer} ${m.name} ${CATEGORY_LABELS[m.category]} ${m.category}`;

export function ModelsView({ fleet }: { fleet: Fleet }) {
  const open = useUi((s) => s.open);
  const settings = useSettings();
  const today = todayIso();

  const usage = useMemo(() => usageByModel(fleet.lots), [fleet.lots]);
  const sorted = useMemo(
    () => [...fleet.models].sort((a, b) => modelLabel(a).localeCompare(modelLabel(b), undefined, { numeric: true, sensitivity: 'base' })),
    [fleet.models],
  );
  const { filter, setFilter, visible } = useWordFilter(sorted, textOf);

  const total = fleet.models.length;
  const newModel = () => open({ kind: 'model', id: null });

  return (
    <div className="page page-fixed">
      <div className="page-header">
        <h1>Hardware models</h1>
        <span className="muted">
          {countText(visible.length, total, 'model', 'models')}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void importMarketFromFile()}>
          Import market prices…
        </button>
        <button type="button" className="btn" onClick={() => void importRentalPricesFromFile()}>
          Import rental prices…
        </button>
        <button type="button" className="btn" onClick={() => open({ kind: 'category-rental-prices' })}>
          Category rental prices…
        </button>
        {(fleet.models.some((m) => (m.rentalPrices ?? []).length > 0) || Object.values(settings.categoryRentalPrices).some((l) => (l ?? []).length > 0)) && (
          <button type="button" className="btn" onClick={() => void exportRentalPrices(fleet.models, settings.categoryRentalPrices)}>
            Export rental prices
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={newModel}>
          New model
        </button>
      </div>

      {total === 0 ? (
        <div className="card empty">
          <h2>No hardware models yet</h2>
          <p>Models are the catalogue every lot refers to: manufacturer, power draw, list price and support dates.</p>
          <button type="button" className="btn btn-primary" onClick={newModel}>
            New model
          </button>
        </div>
      ) : (
        <>
          <CatalogFilter what="models" placeholder="Filter by manufacturer, name or category…" filter={filter} setFilter={setFilter} />
          {visible.length === 0 ? (
            <NoMatch what="models" filter={filter} onClear={() => setFilter('')} />
          ) : (
            <div className="card catalog-table">
              <table className="table" aria-label="Hardware models">
                <thead>
                  <tr>
                    <th scope="col">Manufacturer</th>
                    <th scope="col">Model</th>
                    <th scope="col">Category</th>
                    <th scope="col" title="Country of origin">Origin</th>
                    <th scope="col" title="Export classification (ECCN)">ECCN</th>
                    <th scope="col" className="num">Power (W)</th>
                    <th scope="col" className="num">Rack units</th>
                    <th scope="col" className="num">List price</th>
                    <th scope="col">Released</th>
                    <th scope="col">End of support</th>
                    <th scope="col">Successor</th>
                    <th scope="col" className="num" title="Lots not yet disposed of">Lots</th>
                    <th scope="col" className="num" title="Units in lots not yet disposed of">Units</th>
                    <th scope="col"><span className="visually-hidden">Market</span></th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((m) => {
                    const u = usage.get(m.id) ?? NO_USAGE;
                    const successor = m.successorId ? fleet.modelsById.get(m.successorId) : undefined;
                    const edit = () => open({ kind: 'model', id: m.id });
                    const supportEnded = m.endOfSupport !== null && m.endOfSupport <= today;
                    return (
                      <tr key={m.id} className="clickable" tabIndex={0} onClick={edit} onKeyDown={onRowKey(edit)} title={`Edit ${modelLabel(m)}`}
                        data-model-id={m.id}>
                        <td>{m.manufacturer}</td>
                        <td>
                          {m.name} {m.demo && <span className="demo-tag" title="Demo data">demo</span>}
                        </td>
                        <td>{CATEGORY_LABELS[m.category]}</td>
                        <td className="mono">{m.countryOfOrigin ?? dash}</td>
                        <td className="mono">{m.exportClassification || dash}</td>
                        <td className="num">{m.powerWatts === null ? dash : m.powerWatts.toLocaleString('en-US')}</td>
                        <td className="num">{m.rackUnits === null ? dash : m.rackUnits}</td>
                        <td className="num">{m.listPrice === null ? dash : formatMoney(m.listPrice, m.currency)}</td>
                        <td className="mono">{m.releaseDate ?? dash}</td>
                        <td className="mono">
                          {m.endOfSupport ?? dash}
                          {supportEnded && <span className="muted"> (ended)</span>}
                        </td>
                        <td>{successor ? modelLabel(successor) : dash}</td>
                        <td className="num">{u.lots.toLocaleString('en-US')}</td>
                        <td className="num">{u.units.toLocaleString('en-US')}</td>
                        <td>
                          <a className="btn btn-sm" href={`#/models/${encodeURIComponent(m.id)}/market`} onClick={(e) => e.stopPropagation()}
                            aria-label={`Market prices of ${modelLabel(m)}`}>
                            Market prices
                          </a>
                        </td>
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
