import { formatCsvErrors, type CsvRowError } from '../../shared/csv';

const MAX_SHOWN = 500;

/**
 * The preview of a file with a header and no rows (the parsers accept it: an empty export reads
 * back as nothing): there is nothing to import, which “0 lots, ready to import” would not say.
 */
export const NO_ROWS_TO_IMPORT = 'The file has a header but no rows: nothing to import.';

/** Every problem of an import file, by row and column, and that nothing was imported. */
export function CsvImportProblems({ errors, fileName }: { errors: readonly CsvRowError[]; fileName: string }) {
  return (
    <>
      <div className="alert alert-error" role="alert" data-testid="import-errors-summary">
        {errors.length === 1 ? 'One problem' : `${errors.length} problems`} in {fileName}. Nothing has been imported: fix the file and import it again.
      </div>
      <table className="table" aria-label="Import problems">
        <thead>
          <tr><th>Row</th><th>Column</th><th>Problem</th></tr>
        </thead>
        <tbody>
          {errors.slice(0, MAX_SHOWN).map((e, i) => (
            <tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error">
              <td className="num">{e.row}</td>
              <td className="mono">{e.column ?? '—'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.length > MAX_SHOWN && <p className="muted">…and {errors.length - MAX_SHOWN} more.</p>}
      <details>
        <summary>As text (to copy)</summary>
        <pre className="mono" style={{ whiteSpace: 'pre-wrap', fontSize: 'var(--fs-sm)' }}>{formatCsvErrors(errors, fileName).join('\n')}</pre>
      </details>
    </>
  );
}
