import { useEffect, useId, useRef, useState } from 'react';
import {
  checklistFor,
  DEFAULT_CHECKLISTS,
  MAX_ITEMS,
  validateChecklist,
  type ChecklistItem,
  type ChecklistProblem,
  type Checklists,
} from '../../../shared/checklists';
import { MOVE_TARGET_STATUSES, STATUS_LABELS, type LotStatus } from '../../../shared/lifecycle';
import { db } from '../../db/db';
import { useSettings } from '../../db/queries';
import { storageErrors } from '../../db/storage';
import { useUi } from '../../state/ui';

/** An item being edited; `key` keeps React's rows (and focus) with the item when it moves. */
interface DraftItem extends ChecklistItem {
  key: number;
}

/**
 * The move checklists, one per target status: what a technician confirms when a lot moves
 * there. Statuses never edited follow the built-in defaults (so better defaults in a later
 * version reach them); an edited one is stored whole. Recorded moves keep the checklist they
 * were made with.
 */
export function ChecklistSettingsCard() {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [editing, setEditing] = useState<LotStatus | null>(null);
  const checklists = settings.checklists;

  /** `change`: the checklists from the stored ones (one status's replaced, or all reset). */
  const store = async (change: (stored: Checklists) => Checklists, message: string): Promise<boolean> => {
    try {
      await db.setSetting('checklists', change);
      toast(message);
      return true;
    } catch (e) {
      const d = storageErrors.report(e);
      toast(`Could not save the checklist: ${d.title}.`, 'error');
      return false;
    }
  };

  return (
    <section className="card" aria-labelledby="checklists-title" style={{ gridColumn: '1 / -1' }}>
      <div className="card-body">
        <h2 id="checklists-title">Move checklists</h2>
        <p className="muted" style={{ marginTop: 0 }}>
          What a technician confirms when a lot moves into each status. Required items must be ticked before the move goes through;
          optional ones are recorded as done or not done. Changing a checklist never changes moves already recorded.
        </p>
        <table className="table">
          <thead>
            <tr><th>Moving into</th><th>Items</th><th /></tr>
          </thead>
          <tbody>
            {MOVE_TARGET_STATUSES.map((status) => {
              const items = checklistFor(checklists, status);
              return (
                <tr key={status} data-status={status}>
                  <td>{STATUS_LABELS[status]}</td>
                  <td>
                    {items.length === 0
                      ? <span className="muted">No checklist</span>
                      : items.map((i) => (i.required ? `${i.label} (required)` : i.label)).join(' · ')}
                  </td>
                  <td>
                    <button type="button" className="btn btn-sm" onClick={() => setEditing(status)} aria-label={`Edit the ${STATUS_LABELS[status]} checklist`}>
                      Edit
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {editing && (
          <ChecklistEditor
            // A fresh editor (and draft) for each status chosen.
            key={editing}
            status={editing}
            items={checklistFor(checklists, editing)}
            onCancel={() => setEditing(null)}
            onSave={async (items) => {
              if (await store((stored) => ({ ...stored, [editing]: items }), `Saved the ${STATUS_LABELS[editing]} checklist`)) setEditing(null);
            }}
          />
        )}
        <div className="toolbar" style={{ marginTop: 'var(--sp-3)' }}>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setEditing(null);
              // An empty record: every status follows the built-in defaults again.
              void store(() => ({}), 'Checklists reset to the built-in defaults');
            }}
          >
            Reset all to defaults
          </button>
        </div>
      </div>
    </section>
  );
}

function ChecklistEditor({ status, items, onCancel, onSave }: {
  status: LotStatus;
  items: readonly ChecklistItem[];
  onCancel: () => void;
  onSave: (items: ChecklistItem[]) => Promise<void>;
}) {
  const idBase = useId();
  const nextKey = useRef(0);
  const withKeys = (list: readonly ChecklistItem[]): DraftItem[] => list.map((i) => ({ ...i, key: nextKey.current++ }));
  const [draft, setDraft] = useState<DraftItem[]>(() => withKeys(items));
  const [problems, setProblems] = useState<ChecklistProblem[]>([]);
  const [saving, setSaving] = useState(false);
  // The id of the control to focus after a change of rows, so keyboard users stay in place.
  const [focusId, setFocusId] = useState<string | null>(null);
  const label = STATUS_LABELS[status];

  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const labelId = (key: number) => `${idBase}-label-${key}`;
  const change = (next: DraftItem[]) => {
    setDraft(next);
    setProblems([]);
  };
  const update = (key: number, patch: Partial<ChecklistItem>) => change(draft.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const move = (index: number, by: -1 | 1, buttonId: string) => {
    const target = index + by;
    const a = draft[index];
    const b = draft[target];
    if (!a || !b) return;
    const next = [...draft];
    next[index] = b;
    next[target] = a;
    change(next);
    setFocusId(buttonId);
  };
  const remove = (index: number) => {
    const next = draft.filter((_, i) => i !== index);
    change(next);
    const neighbour = next[index] ?? next[index - 1];
    setFocusId(neighbour ? labelId(neighbour.key) : `${idBase}-add`);
  };
  const add = () => {
    const item: DraftItem = { label: '', required: false, key: nextKey.current++ };
    change([...draft, item]);
    setFocusId(labelId(item.key));
  };

  const submit = async () => {
    const r = validateChecklist(draft);
    if (!r.ok) {
      setProblems(r.error);
      return;
    }
    setSaving(true);
    try {
      await onSave(r.value);
    } finally {
      setSaving(false);
    }
  };

  const listProblems = problems.filter((p) => p.index === null);
  const full = draft.length >= MAX_ITEMS;

  return (
    <form className="card card-body" style={{ marginTop: 'var(--sp-3)' }} aria-label={`${label} checklist`} noValidate
      onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>Moving into {label}</h2>
      {draft.length === 0 && <p className="muted">No items: moves into {label} show no checklist.</p>}
      <ol style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: 'var(--sp-2)' }}>
        {draft.map((item, index) => {
          const n = index + 1;
          const problem = problems.find((p) => p.index === index);
          const errorId = `${idBase}-error-${item.key}`;
          const upId = `${idBase}-up-${item.key}`;
          const downId = `${idBase}-down-${item.key}`;
          return (
            <li key={item.key} data-testid="checklist-item">
              <div className="toolbar" style={{ flexWrap: 'wrap', alignItems: 'center' }}>
                <input
                  id={labelId(item.key)}
                  className="input"
                  style={{ flex: '1 1 16rem' }}
                  aria-label={`Item ${n}`}
                  value={item.label}
                  placeholder="e.g. Racked"
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? errorId : undefined}
                  onChange={(e) => update(item.key, { label: e.target.value })}
                />
                <label className="check">
                  <input type="checkbox" checked={item.required} aria-label={`Item ${n} required`} onChange={(e) => update(item.key, { required: e.target.checked })} />
                  Required
                </label>
                <button type="button" id={upId} className="btn btn-sm" aria-label={`Move item ${n} up`} disabled={index === 0} onClick={() => move(index, -1, upId)}>↑</button>
                <button type="button" id={downId} className="btn btn-sm" aria-label={`Move item ${n} down`} disabled={index === draft.length - 1} onClick={() => move(index, 1, downId)}>↓</button>
                <button type="button" className="btn btn-sm" aria-label={`Remove item ${n}`} onClick={() => remove(index)}>Remove</button>
              </div>
              {problem && <div className="field-error" id={errorId} role="alert">{problem.message}</div>}
            </li>
          );
        })}
      </ol>
      {listProblems.map((p) => (
        <div key={p.message} className="alert alert-error" role="alert">{p.message}</div>
      ))}
      {problems.length > 0 && <p className="field-error" role="status">Not saved: fix the items marked above.</p>}
      <div className="toolbar" style={{ marginTop: 'var(--sp-3)', flexWrap: 'wrap' }}>
        <button type="button" id={`${idBase}-add`} className="btn btn-sm" onClick={add} disabled={full}>Add item</button>
        <button type="button" className="btn btn-sm" onClick={() => change(withKeys(DEFAULT_CHECKLISTS[status]))}>Use the defaults</button>
        {full && <span className="field-hint">A checklist holds at most {MAX_ITEMS} items.</span>}
        <span style={{ flex: 1 }} />
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        <button type="submit" className="btn btn-primary" disabled={saving}>Save checklist</button>
      </div>
    </form>
  );
}
