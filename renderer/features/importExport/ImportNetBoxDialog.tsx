import { useMemo, useState } from 'react';
import { CATEGORIES, CATEGORY_LABELS, type Category, type HardwareModel } from '../../../shared/catalog';
import type { OpenedYamlFile } from '../../../shared/ipc';
import { modelKey } from '../../../shared/lotImport';
import { guessDeviceCategory, readDeviceTypes, type NetBoxModel } from '../../../shared/netbox';
import { Dialog } from '../../components/Dialog';
import { db } from '../../db/db';
import { importNetBoxCommand, type NetBoxUpdate } from '../../db/migrationImports';
import { useSettings, type Fleet } from '../../db/queries';
import { useUi } from '../../state/ui';

type Field = 'rackUnits' | 'powerWatts';

interface Change {
  key: string;
  model: HardwareModel;
  field: Field;
  from: number | null;
  to: number;
  note: string;
}

const FIELD_LABELS: Record<Field, string> = { rackUnits: 'Rack units', powerWatts: 'Power per unit (W)' };

function powerNote(m: NetBoxModel): string {
  return m.powerSource === 'estimate' ? 'estimate: half the summed ratings' : m.powerSource === 'allocated' ? 'largest allocated draw' : '';
}

/**
 * NetBox device types (issue 15): the models they would create, each with a category to choose,
 * and every change they would make to models already in the catalogue — made only where the
 * person ticks it. Problems name the file and line; such a file imports nothing.
 */
export function ImportNetBoxDialog({ files, fleet }: { files: readonly OpenedYamlFile[]; fleet: Fleet }) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const settings = useSettings();
  const [categories, setCategories] = useState<Record<string, Category>>({});
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [failed, setFailed] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const catalog = useMemo(() => readDeviceTypes(files), [files]);
  const existing = useMemo(() => new Map(fleet.models.map((m) => [modelKey(m.manufacturer, m.name), m])), [fleet.models]);
  const creates = catalog.models.filter((m) => !existing.has(modelKey(m.manufacturer, m.model)));
  const changes: Change[] = catalog.models.flatMap((m) => {
    const model = existing.get(modelKey(m.manufacturer, m.model));
    if (!model) return [];
    const out: Change[] = [];
    if (m.rackUnits !== null && m.rackUnits !== model.rackUnits) out.push({ key: `${model.id}:rackUnits`, model, field: 'rackUnits', from: model.rackUnits, to: m.rackUnits, note: m.file });
    if (m.powerWatts !== null && m.powerWatts !== model.powerWatts) out.push({ key: `${model.id}:powerWatts`, model, field: 'powerWatts', from: model.powerWatts, to: m.powerWatts, note: `${m.file}; ${powerNote(m)}` });
    return out;
  });
  const unchanged = catalog.models.length - creates.length - new Set(changes.map((c) => c.model.id)).size;
  const categoryOf = (m: NetBoxModel & { file: string }): Category => categories[m.file] ?? guessDeviceCategory(m);
  const chosen = changes.filter((c) => ticked.has(c.key));
  const nothing = creates.length === 0 && chosen.length === 0;

  const submit = async () => {
    if (nothing) return;
    setSaving(true);
    try {
      const updates = new Map<string, NetBoxUpdate>();
      for (const c of chosen) updates.set(c.model.id, { ...(updates.get(c.model.id) ?? { modelId: c.model.id }), [c.field]: c.to });
      const r = await importNetBoxCommand(db, creates.map((m) => ({ model: m, category: categoryOf(m) })), [...updates.values()], settings.actorName, settings.baseCurrency);
      if (!r.ok) {
        setFailed(r.error);
        return;
      }
      close();
      toast(`NetBox device types: ${r.value.created} models created, ${r.value.updated} updated`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Import NetBox device types (${files.length} file${files.length === 1 ? '' : 's'})`} wide onClose={close} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={saving || nothing}>
            {`Create ${creates.length}, update ${new Set(chosen.map((c) => c.model.id)).size}`}
          </button>
        </>
      }>
      {failed !== null && <div className="alert alert-error" role="alert">{failed}</div>}
      <div className="alert alert-ok" role="status" data-testid="import-summary">
        {catalog.models.length} device types read: {creates.length} new, {new Set(changes.map((c) => c.model.id)).size} with changes to confirm, {unchanged} already as in the catalogue.
      </div>
      {catalog.problems.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="netbox-problems">
          <strong>{catalog.problems.length} problem{catalog.problems.length === 1 ? '' : 's'}</strong> (a file that is not valid YAML imports nothing):
          <ul>{catalog.problems.slice(0, 50).map((p) => <li key={`${p.file}:${p.line}:${p.message}`}><span className="mono">{p.file}:{p.line}</span> {p.message}</li>)}</ul>
        </div>
      )}
      {creates.length > 0 && (
        <table className="table" aria-label="New models">
          <thead><tr><th>New model</th><th>Part number</th><th className="num">U</th><th className="num">Power</th><th>Category</th></tr></thead>
          <tbody>
            {creates.map((m) => (
              <tr key={m.file}>
                <td>{m.manufacturer} {m.model}</td>
                <td className="mono">{m.partNumber}</td>
                <td className="num">{m.rackUnits ?? '—'}</td>
                <td className="num" title={powerNote(m)}>{m.powerWatts === null ? '—' : `${m.powerWatts} W${m.powerSource === 'estimate' ? ' (estimate)' : ''}`}</td>
                <td>
                  <select className="input input-sm" aria-label={`Category of ${m.manufacturer} ${m.model}`} value={categoryOf(m)} onChange={(e) => setCategories({ ...categories, [m.file]: e.target.value as Category })}>
                    {CATEGORIES.map((k) => <option key={k} value={k}>{CATEGORY_LABELS[k]}</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changes.length > 0 && (
        <table className="table" aria-label="Changes to models in the catalogue">
          <thead><tr><th>Apply</th><th>Model</th><th>Field</th><th className="num">Now</th><th className="num">NetBox</th><th>From</th></tr></thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.key}>
                <td>
                  <input type="checkbox" aria-label={`Change ${FIELD_LABELS[c.field]} of ${c.model.manufacturer} ${c.model.name}`} checked={ticked.has(c.key)}
                    onChange={(e) => {
                      const next = new Set(ticked);
                      if (e.target.checked) next.add(c.key);
                      else next.delete(c.key);
                      setTicked(next);
                    }} />
                </td>
                <td>{c.model.manufacturer} {c.model.name}</td>
                <td>{FIELD_LABELS[c.field]}</td>
                <td className="num">{c.from ?? '—'}</td>
                <td className="num">{c.to}</td>
                <td className="muted">{c.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
