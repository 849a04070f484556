import { useMemo, useState } from 'react';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/catalog';
import type { CsvRowError } from '../../../shared/csv';
import { STATUS_LABELS } from '../../../shared/lifecycle';
import { parseLotCsv } from '../../../shared/lotCsv';
import { modelKey, summariseImport } from '../../../shared/lotImport';
import {
  convertSnipeItAssets,
  defaultSnipeItMapping,
  readSnipeItAssets,
  snipeItProblems,
  SNIPEIT_STATUS_TARGETS,
  type SnipeItMapping,
  type SnipeItStatusTarget,
} from '../../../shared/snipeit';
import { parseUnitCsv, type UnitCsvLot } from '../../../shared/unitCsv';
import { modelSerialFormat } from '../../../shared/units';
import { CsvImportProblems } from '../../components/CsvImportProblems';
import { Dialog } from '../../components/Dialog';
import { db } from '../../db/db';
import { planImportOn } from '../../db/importLots';
import { importSnipeItCommand } from '../../db/migrationImports';
import { useSettings, type Fleet } from '../../db/queries';
import { useUnitHolders } from '../units/useUnitHolders';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';
import { ImportFills, LotRowsPreview } from './ImportLotsDialog';


function targetLabel(t: SnipeItStatusTarget): string {
  return t === 'leave-out' ? 'Leave out' : STATUS_LABELS[t];
}

/**
 * Snipe-IT's asset CSV (issue 15): the mapping tables for its statuses and categories, which the
 * person can change, then every problem with its row and column, or the lots and units it
 * becomes, with everything filled in or left out. Nothing is written until Import.
 */
export function ImportSnipeItDialog({ fileName, text, fleet }: { fileName: string; text: string; fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const settings = useSettings();
  const [currencyChoice, setCurrency] = useState<string | null>(null);
  const currency = currencyChoice ?? settings.baseCurrency;
  const holders = useUnitHolders();
  const [statuses, setStatuses] = useState<SnipeItMapping['statuses']>({});
  const [categories, setCategories] = useState<SnipeItMapping['categories']>({});
  const [writeErrors, setWriteErrors] = useState<CsvRowError[] | null>(null);
  const [saving, setSaving] = useState(false);

  const read = useMemo(() => readSnipeItAssets(text, currency), [text, currency]);
  const mapping = useMemo<SnipeItMapping | null>(() => {
    if (!read.ok) return null;
    const defaults = defaultSnipeItMapping(read.value);
    return { statuses: { ...defaults.statuses, ...statuses }, categories: { ...defaults.categories, ...categories } };
  }, [read, statuses, categories]);
  const existingCodes = useMemo(() => new Set(fleet.lots.map((l) => l.code)), [fleet.lots]);
  const converted = useMemo(() => (read.ok && mapping ? convertSnipeItAssets(read.value, mapping, { currency, existingCodes, fileName }) : null), [read, mapping, currency, existingCodes, fileName]);
  const lots = useMemo(() => (converted?.ok ? parseLotCsv(converted.value.lotsCsv, { existingCodes }) : null), [converted, existingCodes]);
  // The import's own plan against the ledger as it stands (a model the catalogue has under another
  // category, say), so that what the preview calls ready is what Import writes.
  const planned = useMemo(() => (lots?.ok === true ? planImportOn(lots.rows, fleet, settings, existingCodes, fileName) : null), [lots, fleet, settings, existingCodes, fileName]);
  const units = useMemo(() => {
    if (!converted?.ok || !lots?.ok || holders === null) return null;
    // A model already in the catalogue may give its serials a format (Import holds them to it too).
    const modelsByKey = new Map(fleet.models.map((m) => [modelKey(m.manufacturer, m.name), m]));
    const byCode = new Map<string, UnitCsvLot>(lots.rows.map((r) => {
      const format = modelSerialFormat(modelsByKey.get(modelKey(r.manufacturer, r.model)));
      return [r.lotCode, { id: r.lotCode, code: r.lotCode, quantity: r.quantity, trackedUnits: 0, status: r.status, siteId: null, ...(format ? { format } : {}) }];
    }));
    return parseUnitCsv(converted.value.unitsCsv, {
      lots: byCode,
      sites: new Map(),
      knownSerials: (s) => holders.bySerial.get(s) ?? null,
      knownAssetTags: (t) => holders.byAssetTag.get(t) ?? null,
    });
  }, [converted, lots, holders, fleet.models]);

  // Statuses not mapped yet are not the file's fault: they are asked for beside the table.
  const unmapped = converted && !converted.ok ? converted.error.filter((e) => e.column === 'Status') : [];
  // Problems of the lots and units made from the file are told in the file's rows and columns.
  const problems: CsvRowError[] =
    writeErrors ??
    (!read.ok
      ? read.error
      : converted && !converted.ok && unmapped.length === 0
        ? converted.error
        : converted?.ok && lots && !lots.ok
        ? snipeItProblems(converted.value, 'lots', lots.errors)
        : converted?.ok && planned && !planned.ok
        ? snipeItProblems(converted.value, 'lots', planned.error)
        : converted?.ok && units && !units.ok
          ? snipeItProblems(converted.value, 'units', units.errors)
          : []);
  const ready = converted?.ok === true && lots?.ok === true && planned?.ok === true && units?.ok === true && writeErrors === null;
  const summary = ready && lots.ok ? summariseImport(lots.rows, fleet.models, fleet.sites, fleet.suppliers) : null;

  const submit = async () => {
    if (!ready || !lots.ok || !units?.ok) return;
    setSaving(true);
    try {
      const r = await importSnipeItCommand(db, lots.rows, units.batches, settings.actorName, fileName);
      if (!r.ok) {
        setWriteErrors(r.error);
        return;
      }
      close();
      toast(`Imported ${r.value.lots} lots (${r.value.units.toLocaleString('en-US')} units, ${r.value.trackedUnits.toLocaleString('en-US')} with serials) from ${fileName}`);
      navigate({ name: 'lots' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Import Snipe-IT assets from ${fileName}`} wide onClose={close} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={saving || !ready || (lots?.ok === true && lots.rows.length === 0)}>
            {ready && lots.ok ? `Import ${lots.rows.length} lots` : 'Import'}
          </button>
        </>
      }>
      <label className="field-inline">
        Currency of Purchase Cost{' '}
        <input className="input input-sm" aria-label="Currency of Purchase Cost" value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
      </label>
      {problems.length > 0 && <CsvImportProblems errors={problems} fileName={fileName} />}
      {unmapped.length > 0 && (
        <div className="alert alert-warn" role="alert" data-testid="snipeit-unmapped">
          Choose what {unmapped.length === 1 ? 'this status becomes' : 'these statuses become'} in the table below before importing:
          <ul>{unmapped.map((u) => <li key={u.message}>{u.message}</li>)}</ul>
        </div>
      )}
      {read.ok && mapping && (
        <>
          <p className="muted" data-testid="snipeit-columns">
            {read.value.assets.length} assets, {read.value.headerStyle === 'export' ? 'with the asset list export’s columns' : read.value.headerStyle === 'importer' ? 'with the importer’s columns' : 'with both column styles'}.
            {read.value.ignoredColumns.length > 0 && ` Not kept (Fleetledger has no place for them): ${read.value.ignoredColumns.join(', ')}.`}
          </p>
          <div className="grid-2">
            <table className="table" aria-label="Status mapping">
              <thead><tr><th>Snipe-IT status</th><th className="num">Assets</th><th>Becomes</th></tr></thead>
              <tbody>
                {read.value.statuses.map((s) => (
                  <tr key={s.key}>
                    <td>{s.name}</td>
                    <td className="num">{s.rows.length}</td>
                    <td>
                      <select className="input input-sm" aria-label={`Status ${s.name} becomes`} value={mapping.statuses[s.key] ?? ''}
                        onChange={(e) => {
                          setWriteErrors(null);
                          setStatuses({ ...statuses, [s.key]: (e.target.value || null) as SnipeItStatusTarget | null });
                        }}>
                        {(mapping.statuses[s.key] ?? null) === null && <option value="">Choose…</option>}
                        {SNIPEIT_STATUS_TARGETS.map((t) => <option key={t} value={t}>{targetLabel(t)}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table" aria-label="Category mapping">
              <thead><tr><th>Snipe-IT category</th><th className="num">Assets</th><th>Becomes</th></tr></thead>
              <tbody>
                {read.value.categories.map((c) => (
                  <tr key={c.key}>
                    <td>{c.name}</td>
                    <td className="num">{c.rows.length}</td>
                    <td>
                      <select className="input input-sm" aria-label={`Category ${c.name} becomes`} value={mapping.categories[c.key]}
                        onChange={(e) => {
                          setWriteErrors(null);
                          setCategories({ ...categories, [c.key]: e.target.value as Category });
                        }}>
                        {CATEGORIES.map((k) => <option key={k} value={k}>{CATEGORY_LABELS[k]}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {ready && summary && converted?.ok && lots.ok && (
        <>
          <div className="alert alert-ok" role="status" data-testid="import-summary">
            {summary.lots} lots, {summary.units.toLocaleString('en-US')} units ({converted.value.units.length.toLocaleString('en-US')} with serials), ready to import.
            {summary.newModels.length > 0 && ` New models: ${summary.newModels.join(', ')}.`}
            {summary.newSites.length > 0 && ` New sites: ${summary.newSites.join(', ')}.`}
            {summary.newSuppliers.length > 0 && ` New suppliers: ${summary.newSuppliers.join(', ')}.`}
          </div>
          <ImportFills fills={converted.value.filled} />
          {converted.value.leftOut.length > 0 && (
            <div className="alert" role="note" data-testid="import-left-out">
              Left out: {converted.value.leftOut.map((l) => `${l.rows.length} ${l.status} asset${l.rows.length === 1 ? '' : 's'} (row${l.rows.length === 1 ? '' : 's'} ${l.rows.slice(0, 8).join(', ')}${l.rows.length > 8 ? ', …' : ''})`).join('; ')}. Change their status above to import them.
            </div>
          )}
          <LotRowsPreview rows={lots.rows} />
        </>
      )}
      {read.ok && converted?.ok && holders === null && <p className="muted" aria-busy="true">Reading the fleet’s serials…</p>}
    </Dialog>
  );
}
