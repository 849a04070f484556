import { useCallback, useState } from 'react';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/catalog';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES, type CategoryPolicies, type PolicyTemplate } from '../../../shared/depreciation/policies';
import { categoryPoliciesProblem } from '../../../shared/depreciation/templates';
import { db } from '../../db/db';
import { useSettings } from '../../db/queries';
import { storageErrors } from '../../db/storage';
import { useUi } from '../../state/ui';
import { describeTemplate, PolicyFields, usePolicyProblems } from '../lots/PolicyFields';

/**
 * The depreciation templates per category (e.g. "GPU servers: straight-line 5 years, 10 %
 * salvage; tax: MACRS 5-year half-year"). New lots start with them; existing lots keep theirs.
 */
export function PolicyTemplatesCard() {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [editing, setEditing] = useState<Category | null>(null);
  const [draft, setDraft] = useState<CategoryPolicies | null>(null);
  const [error, setError] = useState<string | null>(null);
  const templates = settings.policyTemplates;
  const policyProblems = usePolicyProblems({ book: 'Book', tax: 'Tax' });
  const { report } = policyProblems;
  const reportBook = useCallback((problem: string | null) => report('book', problem), [report]);
  const reportTax = useCallback((problem: string | null) => report('tax', problem), [report]);

  /** `change`: the templates from the stored ones (one category's replaced, or all reset). */
  const save = async (change: (stored: Record<Category, CategoryPolicies>) => Record<Category, CategoryPolicies>, message: string) => {
    const problem = categoryPoliciesProblem(change(templates));
    if (problem) return setError(problem);
    try {
      await db.setSetting('policyTemplates', change);
      toast(message);
      setEditing(null);
      setError(null);
    } catch (e) {
      storageErrors.report(e);
    }
  };

  return (
    <section className="card" aria-labelledby="templates-title" style={{ gridColumn: '1 / -1' }}>
      <div className="card-body">
        <h2 id="templates-title">Depreciation templates</h2>
        <p className="muted" style={{ marginTop: 0 }}>New lots of each category start with these book and tax policies. Changing a template never changes existing lots.</p>
        <table className="table">
          <thead>
            <tr><th>Category</th><th>Book</th><th>Tax</th><th /></tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c}>
                <td>{CATEGORY_LABELS[c]}</td>
                <td>{describeTemplate(templates[c].book)}</td>
                <td>{describeTemplate(templates[c].tax)}</td>
                <td>
                  <button type="button" className="btn btn-sm" onClick={() => { setEditing(c); setDraft({ book: copyTemplate(templates[c].book), tax: copyTemplate(templates[c].tax) }); setError(null); }}
                    aria-label={`Edit ${CATEGORY_LABELS[c]} templates`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && draft && (
          <form className="card card-body" style={{ marginTop: 'var(--sp-3)' }} aria-label={`${CATEGORY_LABELS[editing]} templates`}
            onSubmit={(e) => {
              e.preventDefault();
              // A field shown wrong holds its last good value: saving would store that, not what is typed.
              const shownWrong = policyProblems.errors.book ?? policyProblems.errors.tax;
              if (shownWrong !== undefined) return setError(shownWrong);
              void save((stored) => ({ ...stored, [editing]: draft }), `Saved the ${CATEGORY_LABELS[editing]} templates`);
            }}>
            <h2>{CATEGORY_LABELS[editing]}</h2>
            <div className="policy-pair">
              <PolicyFields legend="Book" value={draft.book} onChange={(book: PolicyTemplate) => setDraft({ ...draft, book })} onProblem={reportBook} />
              <PolicyFields legend="Tax" value={draft.tax} onChange={(tax: PolicyTemplate) => setDraft({ ...draft, tax })} onProblem={reportTax} />
            </div>
            {error && <div className="alert alert-error" role="alert">Not saved: {error}</div>}
            <div className="toolbar" style={{ justifyContent: 'flex-end', marginTop: 'var(--sp-3)' }}>
              <button type="button" className="btn" onClick={() => setEditing(null)}>Cancel</button>
              <button type="submit" className="btn btn-primary">Save templates</button>
            </div>
          </form>
        )}
        <div className="toolbar" style={{ marginTop: 'var(--sp-3)' }}>
          <button type="button" className="btn btn-sm" onClick={() => void save(() => DEFAULT_CATEGORY_POLICIES, 'Templates reset to the built-in defaults')}>Reset to defaults</button>
        </div>
      </div>
    </section>
  );
}
