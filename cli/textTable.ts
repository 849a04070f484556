/** The command line's plain-text tables: columns two spaces apart, the first `leftColumns` left-aligned, the rest right-aligned. */

/** Rows (the first one sets the number of columns) as lines, without a final line break. */
export function textTable(rows: readonly (readonly string[])[], leftColumns: number): string {
  const widths = (rows[0] ?? []).map((_c, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** A header and its rows, every line ending in a line break. */
export function headedTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns: number): string {
  return `${textTable([header, ...rows], leftColumns)}\n`;
}
