/**
 * Utilisation (issue 12; PRODUCT.md "Own versus rent"): the share of a month's hours a lot did
 * useful work, in percent, recorded per lot and month — entered on the lot or imported from a
 * CSV (`lot_code, month, utilisation_percent`) — and, where nothing is recorded, the team's
 * assumption, which every figure built on it calls "assumed".
 *
 * Kept on the lot (`Lot.utilisation`, month → percent) and changed by an `edited` event like any
 * other field, so history, backups, rebuild and team sync carry it unchanged.
 */
import { appendTo } from './collections';
import { csvRowReader, HEADER_BUT_NO_ROWS, parseCsvTable, readCsvHeader, toCsv, type CsvRowError } from './csv';
import { FIRST_YEAR, isIsoDate, LAST_YEAR, type IsoDate } from './dates';
import { isYearMonth, type YearMonth } from './depreciation/fiscal-calendar';
import type { Uuid } from './ids';
import type { Lot } from './lot';

/** Month (YYYY-MM) → percent of its hours the lot did useful work (0–100). */
export type UtilisationByMonth = Record<YearMonth, number>;

/** Whether `n` is a utilisation percentage: 0 to 100, at most two decimals. */
export function isUtilisationPercent(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100 && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
}

/** What is wrong with a lot's utilisation record, in words; null when it is whole. */
export function utilisationProblem(u: unknown): string | null {
  if (u === undefined) return null;
  if (u === null || typeof u !== 'object' || Array.isArray(u)) return 'Utilisation must be a list of months with a percentage each.';
  for (const [month, percent] of Object.entries(u)) {
    if (!isYearMonth(month)) return `Utilisation: "${month}" is not a month (YYYY-MM).`;
    if (!isUtilisationPercent(percent)) return `Utilisation of ${month}: a percentage from 0 to 100 with at most two decimals.`;
  }
  return null;
}

/**
 * A change of a lot's utilisation record as an event carries it: the months set (percent) and
 * the months removed (null). An event names only the months it changes, so two devices that
 * record different months of the same lot at once both keep theirs when the log is replayed.
 */
export type UtilisationChange = Record<YearMonth, number | null>;

/** The months `next` changes against `current`: each event's `before` and `after` of the field. */
export function utilisationChange(current: Readonly<UtilisationByMonth> | undefined, next: Readonly<UtilisationByMonth>): { before: UtilisationChange; after: UtilisationChange } {
  const before: UtilisationChange = {};
  const after: UtilisationChange = {};
  const old = current ?? {};
  for (const month of new Set([...Object.keys(old), ...Object.keys(next)])) {
    const was = old[month] ?? null;
    const is = next[month] ?? null;
    if (was === is) continue;
    before[month] = was;
    after[month] = is;
  }
  return { before: sortedUtilisation(before), after: sortedUtilisation(after) };
}

/** `current` with `change` applied: its months set, its nulls removed, in month order. */
export function applyUtilisationChange(current: Readonly<UtilisationByMonth> | undefined, change: Readonly<UtilisationChange>): UtilisationByMonth {
  const out: UtilisationByMonth = { ...(current ?? {}) };
  for (const [month, percent] of Object.entries(change)) {
    if (percent === null) delete out[month];
    else out[month] = percent;
  }
  return sortedUtilisation(out);
}

/**
 * A record with an event's `after` applied: its fields set, and its utilisation record changed
 * by the months the event names rather than replaced (every replay of lot events goes through it).
 */
export function withFieldsApplied<T extends { utilisation?: UtilisationByMonth }>(record: T, after: Readonly<Record<string, unknown>>): T {
  const next = { ...record, ...after } as T;
  const change = after.utilisation as UtilisationChange | null | undefined;
  if (change !== undefined && change !== null) next.utilisation = applyUtilisationChange(record.utilisation, change);
  else if (change === null) next.utilisation = record.utilisation;
  if (next.utilisation === undefined) delete next.utilisation;
  return next;
}

/** Whether two changes of a utilisation record clash: a month both set, to different figures. */
export function utilisationChangesClash(a: Readonly<UtilisationChange> | undefined, b: Readonly<UtilisationChange> | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return Object.keys(a).some((month) => Object.hasOwn(b, month) && (a[month] ?? null) !== (b[month] ?? null));
}

/** The map with its months in order (so equal records compare and print alike). */
export function sortedUtilisation<V extends number | null = number>(u: Readonly<Record<YearMonth, V>>): Record<YearMonth, V> {
  return Object.fromEntries(Object.entries(u).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The utilisation of `lot` in `month` as a fraction (0–1): recorded, else the team's assumption (percent), marked so. */
export function utilisationOf(lot: Pick<Lot, 'utilisation'>, month: YearMonth, assumedPercent: number): { value: number; assumed: boolean } {
  const recorded = lot.utilisation?.[month];
  return recorded === undefined ? { value: assumedPercent / 100, assumed: true } : { value: recorded / 100, assumed: false };
}

/** What a utilisation figure needs to know of its lot: when it left the fleet. */
export type UtilisationLot = Pick<Lot, 'code' | 'disposedDate'>;

/**
 * Why `lot` can have no utilisation recorded for `month` (null: it can): a month that has not
 * begun by `today` (where the user is; the current month may be recorded as it goes) is a figure
 * no one can have measured, and a month after the one the lot was disposed of is work it did not
 * do for the team. A month before its in-service date is taken: monitoring sees a lot at work
 * before the move into service is recorded, and that move may be dated back to it.
 */
export function utilisationMonthProblem(lot: UtilisationLot, month: YearMonth, today: IsoDate): string | null {
  // The years every typed or imported date takes: 0201-10 is 2021-10 mistyped, not a month of the fleet.
  const year = Number(month.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return `"${month}" is not a month from ${FIRST_YEAR} to ${LAST_YEAR}`;
  const thisMonth = today.slice(0, 7);
  if (month > thisMonth) return `${month} has not begun yet (today is ${today}); record a month’s utilisation once it is under way`;
  if (lot.disposedDate !== null && month > lot.disposedDate.slice(0, 7)) return `${month} is after ${lot.code} was disposed of on ${lot.disposedDate}`;
  return null;
}

const PERCENT_TEXT = /^(\d+(?:[.,]\d*)?|[.,]\d+)\s*%?$/u;

/**
 * A percentage as a person types it into a form ("72.5", "72,5", "72.5 %"); null for anything
 * else. Number() alone would read "" as 0, "0x10" as 16 and "1e1" as 10: a cleared or mistyped
 * field must be refused, not taken as a figure no one typed. The caller checks the range.
 */
export function parsePercentText(text: string): number | null {
  const m = PERCENT_TEXT.exec(text.trim());
  return m ? Number((m[1] as string).replace(',', '.')) : null;
}

/** "72.5 %", the way every screen writes a percentage. */
export function formatPercent(percent: number): string {
  return `${Number(percent.toFixed(2))} %`;
}

// ---- The CSV format ----------------------------------------------------------------------------

export const UTILISATION_CSV_COLUMNS = [
  { name: 'lot_code', required: true, description: 'The lot’s code, as in the ledger, e.g. GPU-2024-001.' },
  { name: 'month', required: true, description: 'The month, YYYY-MM (a date YYYY-MM-DD is read as its month).' },
  { name: 'utilisation_percent', required: true, description: 'Share of the month’s hours the lot did useful work, 0–100, at most two decimals (a decimal comma and a trailing % are fine).' },
] as const;
type UtilisationColumn = (typeof UTILISATION_CSV_COLUMNS)[number]['name'];

export const UTILISATION_CSV_RULES: readonly string[] = [
  'The file is UTF-8 (a BOM is fine), comma- or semicolon-separated, with a header row; column names are case-insensitive, in any order.',
  'Every row names a lot of the ledger by its code, a month, and the percentage of that month’s hours the lot did useful work.',
  'A lot and month may appear once in a file. A month the lot already has a figure for is replaced by the file’s, and the preview counts them.',
  'A month may not be after the current month (which may be recorded as it goes), nor after the month the lot was disposed of, nor before 1900.',
  'Every problem is reported with its row and column; nothing is imported unless there are none.',
];

export interface UtilisationRow {
  line: number;
  lotId: Uuid;
  lotCode: string;
  month: YearMonth;
  percent: number;
}

const PERCENT = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/u;

/** Reads a utilisation CSV against the ledger's lots: every row, or every problem (never both). */
export function parseUtilisationCsv(
  text: string,
  lots: readonly (Pick<Lot, 'id'> & UtilisationLot)[],
  today: IsoDate,
): { ok: true; rows: UtilisationRow[] } | { ok: false; errors: CsvRowError[] } {
  const table = parseCsvTable(text);
  if (!table.ok) return { ok: false, errors: [table.error] };
  const { header, headerLine, rows, delimiter } = table.value;
  const errors: CsvRowError[] = [];
  const { columnIndex, namedPositions } = readCsvHeader<UtilisationColumn>(header, headerLine, UTILISATION_CSV_COLUMNS, errors);
  const exact = new Map(lots.map((l) => [l.code, l]));
  const folded = new Map<string, (Pick<Lot, 'id'> & UtilisationLot)[]>();
  for (const l of lots) appendTo(folded, l.code.toLowerCase(), l);
  const seen = new Map<string, number>();
  const out: UtilisationRow[] = [];
  for (const { line, cells } of rows) {
    const before = errors.length;
    const reader = csvRowReader<UtilisationColumn>(line, cells, { columnIndex, namedPositions, headerLength: header.length, delimiter, errors });
    reader.checkStray();
    const code = reader.singleLine('lot_code', reader.required('lot_code'));
    // The code as written; else the one lot whose code differs only in case (two such: say which).
    const near = code === undefined || code === '' ? [] : (folded.get(code.toLowerCase()) ?? []);
    const lot = code === undefined || code === '' ? undefined : (exact.get(code) ?? (near.length === 1 ? near[0] : undefined));
    if (code !== undefined && code !== '' && lot === undefined) {
      reader.fail('lot_code', near.length > 1 ? `"${code}" matches ${near.map((l) => l.code).join(' and ')}, which differ only in case; write the code exactly` : `"${code}" is not a lot of this ledger`);
    }
    const monthText = reader.required('month');
    let month: YearMonth | undefined;
    if (monthText !== undefined && monthText !== '') {
      const m = /^\d{4}-\d{2}-\d{2}$/u.test(monthText) && isIsoDate(monthText) ? monthText.slice(0, 7) : monthText;
      if (isYearMonth(m)) month = m;
      else reader.fail('month', `"${monthText}" is not a month; write it YYYY-MM, e.g. 2026-10`);
    }
    const percentText = reader.required('utilisation_percent');
    let percent: number | undefined;
    if (percentText !== undefined && percentText !== '') {
      const match = PERCENT.exec(percentText);
      const value = match === null ? Number.NaN : Number(`${match[1]}.${match[2] ?? '0'}`);
      if (!isUtilisationPercent(value)) reader.fail('utilisation_percent', `"${percentText}" is not a percentage from 0 to 100 with at most two decimals, e.g. 72.5`);
      else percent = value;
    }
    const outside = lot === undefined || month === undefined ? null : utilisationMonthProblem(lot, month, today);
    if (outside !== null) reader.fail('month', outside);
    else if (lot !== undefined && month !== undefined) {
      const key = `${lot.id} ${month}`;
      const first = seen.get(key);
      if (first !== undefined) reader.fail('month', `${lot.code} ${month} is already on row ${first}; a lot and month may appear once`);
      else seen.set(key, line);
    }
    if (errors.length > before || lot === undefined || month === undefined || percent === undefined) continue;
    out.push({ line, lotId: lot.id, lotCode: lot.code, month, percent });
  }
  if (errors.length === 0 && out.length === 0) errors.push({ row: headerLine, column: null, message: HEADER_BUT_NO_ROWS });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: out };
}

export interface UtilisationImportPlan {
  /** Per lot touched: its new utilisation record (the old one with the file's months set). */
  changes: { lotId: Uuid; lotCode: string; utilisation: UtilisationByMonth; added: number; replaced: number }[];
  added: number;
  replaced: number;
  /** Rows that say what the ledger already holds. */
  unchanged: number;
}

/** What importing `rows` changes: per lot, the months added and replaced (the same value again changes nothing). */
export function planUtilisationImport(rows: readonly UtilisationRow[], lots: readonly Pick<Lot, 'id' | 'code' | 'utilisation'>[]): UtilisationImportPlan {
  const byId = new Map(lots.map((l) => [l.id, l]));
  const touched = new Map<Uuid, UtilisationImportPlan['changes'][number]>();
  let unchanged = 0;
  for (const r of rows) {
    const lot = byId.get(r.lotId);
    const old = lot?.utilisation?.[r.month];
    if (old === r.percent) {
      unchanged++;
      continue;
    }
    let change = touched.get(r.lotId);
    if (change === undefined) {
      change = { lotId: r.lotId, lotCode: r.lotCode, utilisation: { ...(lot?.utilisation ?? {}) }, added: 0, replaced: 0 };
      touched.set(r.lotId, change);
    }
    change.utilisation[r.month] = r.percent;
    if (old === undefined) change.added++;
    else change.replaced++;
  }
  const changes = [...touched.values()].map((c) => ({ ...c, utilisation: sortedUtilisation(c.utilisation) }));
  changes.sort((a, b) => a.lotCode.localeCompare(b.lotCode, 'en', { numeric: true }));
  return { changes, added: changes.reduce((s, c) => s + c.added, 0), replaced: changes.reduce((s, c) => s + c.replaced, 0), unchanged };
}

/** Every recorded month of every lot in the import format (so export → import changes nothing). */
export function utilisationToCsv(lots: readonly Pick<Lot, 'code' | 'utilisation'>[]): string {
  const rows: string[][] = [];
  const ordered = [...lots].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  for (const lot of ordered) for (const [month, percent] of Object.entries(sortedUtilisation(lot.utilisation ?? {}))) rows.push([lot.code, month, String(percent)]);
  return toCsv(UTILISATION_CSV_COLUMNS.map((c) => c.name), rows);
}
