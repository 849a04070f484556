import { useState, type ReactNode } from 'react';
import type { CsvRowError } from '../../shared/csv';
import { useUi } from '../state/ui';
import { CsvImportProblems } from './CsvImportProblems';
import { Dialog } from './Dialog';

export interface CsvFormatHelp {
  columns: readonly { name: string; required: boolean; description: string }[];
  rules: readonly string[];
}

/**
 * An import file's preview: every problem with its row and column (and the format, to fix them),
 * or what the import will change. Nothing is written until the person presses Import; `onImport`
 * writes all or nothing and returns its message, or the reason it wrote nothing.
 */
export function ImportPreviewDialog({ title, fileName, errors, summary, importLabel, format, onImport, children }: {
  title: string;
  fileName: string;
  errors: readonly CsvRowError[];
  /** What the import will do, in words; null while there is nothing to do. */
  summary: string | null;
  importLabel: string;
  format: CsvFormatHelp;
  onImport: () => Promise<{ ok: true; message: string } | { ok: false; error: string }>;
  children?: ReactNode;
}) {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const submit = async () => {
    if (errors.length > 0 || summary === null) return;
    setSaving(true);
    try {
      const r = await onImport();
      if (!r.ok) {
        setFailed(r.error);
        return;
      }
      close();
      toast(r.message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog title={title} wide onClose={close} onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>{errors.length > 0 ? 'Close' : 'Cancel'}</button>
          <button type="submit" className="btn btn-primary" disabled={saving || errors.length > 0 || summary === null}>{importLabel}</button>
        </>
      }>
      {failed !== null && <div className="alert alert-error" role="alert">{failed}</div>}
      {errors.length > 0 ? (
        <>
          <CsvImportProblems errors={errors} fileName={fileName} />
          <details>
            <summary>The columns and rules</summary>
            <table className="table">
              <tbody>
                {format.columns.map((c) => (
                  <tr key={c.name}><td className="mono">{c.name}</td><td>{c.required ? 'required' : 'optional'}</td><td>{c.description}</td></tr>
                ))}
              </tbody>
            </table>
            <ul>{format.rules.map((rule) => <li key={rule}>{rule}</li>)}</ul>
          </details>
        </>
      ) : (
        <>
          <div className={summary === null ? 'alert' : 'alert alert-ok'} role="status" data-testid="import-summary">{summary ?? 'The file changes nothing: the ledger already holds all of it.'}</div>
          {children}
        </>
      )}
    </Dialog>
  );
}
