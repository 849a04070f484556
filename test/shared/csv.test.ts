import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatCsvErrors,
  neutraliseFormula,
  parseCsv,
  parseCsvTable,
  restoreFormula,
  toCsv,
  UTF8_BOM,
  type CsvTable,
} from '../../shared/csv';

function parsed(text: string): CsvTable {
  const r = parseCsvTable(text);
  if (!r.ok) throw new Error(`expected a table, got: row ${r.error.row}: ${r.error.message}`);
  return r.value;
}

const cellsOf = (t: CsvTable): string[][] => t.rows.map((r) => r.cells);
const linesOf = (t: CsvTable): number[] => t.rows.map((r) => r.line);

describe('parseCsv', () => {
  it('reads a plain comma file, header on row 1 and data from row 2', () => {
    const t = parsed('a,b,c\n1,2,3\n4,5,6\n');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.headerLine).toBe(1);
    expect(t.delimiter).toBe(',');
    expect(cellsOf(t)).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(linesOf(t)).toEqual([2, 3]);
  });

  it('drops a UTF-8 BOM so the first column name is clean', () => {
    const t = parsed(`${UTF8_BOM}lot_code,qty\r\nA,1\r\n`);
    expect(t.header).toEqual(['lot_code', 'qty']);
    expect(t.header[0]).toHaveLength(8);
  });

  it('accepts CRLF, LF and lone CR line ends, also mixed', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const t = parsed(['h1,h2', 'a,b', 'c,d'].join(eol));
      expect(cellsOf(t)).toEqual([
        ['a', 'b'],
        ['c', 'd'],
      ]);
      expect(linesOf(t)).toEqual([2, 3]);
    }
    const mixed = parsed('h\r\na\nb\rc\r\n');
    expect(cellsOf(mixed)).toEqual([['a'], ['b'], ['c']]);
    expect(linesOf(mixed)).toEqual([2, 3, 4]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const t = parsed('code,notes\nA,"one, two"\nB,"say ""hi"""\nC,"line 1\r\nline 2"\nD,""\n');
    expect(cellsOf(t)).toEqual([
      ['A', 'one, two'],
      ['B', 'say "hi"'],
      ['C', 'line 1\r\nline 2'],
      ['D', ''],
    ]);
  });

  it('numbers a record by the file row it starts on, counting the lines of multi-line fields', () => {
    const text = ['code,notes', 'A,"first', 'second', 'third"', 'B,x', '"C","a\rb"', 'D,y'].join('\n');
    const t = parsed(text);
    expect(cellsOf(t).map((c) => c[0])).toEqual(['A', 'B', 'C', 'D']);
    // The lone CR inside C's value is a line break too, as a text editor shows it.
    expect(linesOf(t)).toEqual([2, 5, 6, 8]);
  });

  it('skips blank rows anywhere, keeping file row numbers', () => {
    const t = parsed('\n\nh1,h2\n\na,b\n,\n  ,\t\nc,d\n\n\n');
    expect(t.headerLine).toBe(3);
    expect(cellsOf(t)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(linesOf(t)).toEqual([5, 8]);
  });

  it('ignores blank trailing rows, including the ",,," a spreadsheet writes', () => {
    expect(cellsOf(parsed('h1,h2\r\na,b\r\n,\r\n,\r\n\r\n'))).toEqual([['a', 'b']]);
  });

  it('detects ";" from the header, ignoring separators inside quotes and in later rows', () => {
    const semi = parsed('code;"unit, cost";notes\nA;12,50;"x;y"\n');
    expect(semi.delimiter).toBe(';');
    expect(semi.header).toEqual(['code', 'unit, cost', 'notes']);
    expect(cellsOf(semi)).toEqual([['A', '12,50', 'x;y']]);

    const comma = parsed('code,"a;b;c"\nA,x;y;z\n');
    expect(comma.delimiter).toBe(',');
    expect(cellsOf(comma)).toEqual([['A', 'x;y;z']]);

    expect(parsed('only\n1\n').delimiter).toBe(',');
    expect(parsed('\n;;\na;b\n1;2\n').delimiter).toBe(';');
  });

  it('keeps values as text: leading zeros, spaces and number-like strings survive', () => {
    const t = parsed('serial,code,amount\n000123, 007 ,1e5\n');
    expect(cellsOf(t)).toEqual([['000123', ' 007 ', '1e5']]);
  });

  it('keeps a quote inside an unquoted field literally, as spreadsheets do', () => {
    expect(cellsOf(parsed('h\n5" rack\n'))).toEqual([['5" rack']]);
  });

  it('allows spaces after a closing quote but nothing else', () => {
    expect(cellsOf(parsed('a,b\n"x"  ,y\n'))).toEqual([['x', 'y']]);
    const bad = parseCsvTable('a,b\nok,1\n"x"y,2\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.row).toBe(3);
      expect(bad.error.message).toMatch(/after a closing quote/);
    }
  });

  it('reports an unclosed quote with the row it opens on', () => {
    const r = parseCsvTable('a,b\n1,2\n3,"never\nclosed\n');
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ row: 3, column: null }) });
    const s = parseCsv('a,b\n1,2\n3,"never\nclosed\n');
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error).toMatch(/^row 3: a quoted value is never closed/);
  });

  it('rejects an empty file, or one with only blank rows', () => {
    for (const text of ['', UTF8_BOM, '\r\n\r\n', ',,,\n , \n']) {
      const r = parseCsvTable(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/empty/);
    }
  });

  it('reads a header-only file as no rows, and rows of any length', () => {
    expect(cellsOf(parsed('a,b\r\n'))).toEqual([]);
    expect(cellsOf(parsed('a,b\n1\n1,2,3\n1,2,\n'))).toEqual([['1'], ['1', '2', '3'], ['1', '2', '']]);
  });

  it('removes the formula-neutralising quote toCsv adds, and only that', () => {
    expect(cellsOf(parsed("h\n'=SUM(A1)\n''+x\n'007\n'plain\n"))).toEqual([['=SUM(A1)'], ["'+x"], ["'007"], ["'plain"]]);
  });
});

describe('toCsv', () => {
  it('writes RFC 4180: CRLF after every record, quotes only where needed', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y'], ['say "hi"', 'two\nlines'], ['', 'semi;colon']])).toBe(
      'a,b\r\n1,"x,y"\r\n"say ""hi""","two\nlines"\r\n,"semi;colon"\r\n',
    );
  });

  it('keeps leading zeros and never converts values', () => {
    const csv = toCsv(['serial'], [['000123'], ['0.10'], ['1e3']]);
    expect(csv).toBe('serial\r\n000123\r\n0.10\r\n1e3\r\n');
    expect(cellsOf(parsed(csv))).toEqual([['000123'], ['0.10'], ['1e3']]);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const dangerous = ['=HYPERLINK("http://x","y")', '+1+1', '-1+2', '@SUM(A1)', '\tcmd', '\r=1', '-fragile', '+44 20 7946 0000'];
    for (const cell of dangerous) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
    const csv = toCsv(['notes'], [['=1+1'], ['@me']]);
    expect(csv).toBe("notes\r\n'=1+1\r\n'@me\r\n");
    // Quoting for a line break happens after the prefix, so the cell still starts with the quote.
    expect(toCsv(['n'], [['=a\nb']])).toBe('n\r\n"\'=a\nb"\r\n');
  });

  it('also neutralises a formula after leading spaces, and the full-width ＝ ＋ － ＠ some spreadsheets read as formula starts', () => {
    for (const cell of [' =1+1', '   @SUM(A1)', '  +1', ' -2+3', '＝HYPERLINK("http://x")', '＋1', '－1', '＠me', '  ＝1']) {
      expect(neutraliseFormula(cell), cell).toBe(`'${cell}`);
      expect(restoreFormula(neutraliseFormula(cell))).toBe(cell);
    }
    for (const cell of [' 12', '  hello', 'a=b', '1＋1']) expect(neutraliseFormula(cell), cell).toBe(cell);
    expect(cellsOf(parsed(toCsv(['n'], [[' =1'], ['＝2']])))).toEqual([[' =1'], ['＝2']]);
  });

  it('leaves plain numbers, negative amounts included, numeric', () => {
    for (const cell of ['-12.50', '-0', '12', '0.001', '-1234567']) {
      expect(neutraliseFormula(cell)).toBe(cell);
    }
    expect(toCsv(['amount'], [['-12.50']])).toBe('amount\r\n-12.50\r\n');
    // Not strict numbers: still neutralised.
    for (const cell of ['-12.', '-.5', '-1e5', '-12,50', '- 12']) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
  });

  it('escapes a cell that already starts with the neutralising quote, so reading it back is exact', () => {
    expect(neutraliseFormula("'=x")).toBe("''=x");
    expect(restoreFormula("''=x")).toBe("'=x");
    expect(neutraliseFormula("'hello")).toBe("'hello");
    expect(cellsOf(parsed(toCsv(['h'], [["'=x"], ["''-y"], ["'hello"]])))).toEqual([["'=x"], ["''-y"], ["'hello"]]);
  });

  it('restoreFormula undoes neutraliseFormula for every string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(restoreFormula(neutraliseFormula(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'=", "''+"), fc.string(), (start, rest) => {
        const out = neutraliseFormula(start + rest);
        // Whatever a spreadsheet does with it, a neutralised cell starts with a quote.
        if (!/^-?\d+(?:\.\d+)?$/u.test(start + rest)) expect(out.startsWith("'")).toBe(true);
      }),
    );
  });
});

describe('toCsv → parseCsv', () => {
  // Characters that exercise every rule: separators, quotes, all line ends, formula starts,
  // the neutralising quote itself, spaces, a BOM look-alike and non-ASCII.
  const cell = fc.string({
    unit: fc.oneof(fc.constantFrom(...'a0 ,;"\r\n\t=+-@\'\uFEFFé€\u0000'.split('')), fc.string({ minLength: 1, maxLength: 1 })),
    maxLength: 12,
  });
  const nonBlank = (cells: string[]): boolean => cells.some((c) => c.trim() !== '');
  const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
    fc.record({
      header: fc.array(cell, { minLength: width, maxLength: width }).filter(nonBlank),
      rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }).filter(nonBlank), { maxLength: 8 }),
    }),
  );

  it('gives back the exact table (blank rows aside, which the reader skips by design)', () => {
    fc.assert(
      fc.property(table, ({ header, rows }) => {
        const t = parsed(toCsv(header, rows));
        expect(t.delimiter).toBe(',');
        expect(t.header).toEqual(header);
        expect(cellsOf(t)).toEqual(rows);
      }),
      { numRuns: 1000 },
    );
  });

  it('numbers rows by file line, counting line breaks inside values', () => {
    fc.assert(
      fc.property(table, ({ header, rows }) => {
        const text = toCsv(header, rows);
        const t = parsed(text);
        // Each record ends with CRLF; a record starts one line after the previous one's last line.
        const lineBreaks = (cells: readonly string[]): number =>
          cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/gu)?.length ?? 0), 0);
        let expected = 1 + lineBreaks(header) + 1;
        const lines: number[] = [];
        for (const r of rows) {
          lines.push(expected);
          expected += lineBreaks(r) + 1;
        }
        expect(linesOf(t)).toEqual(lines);
      }),
      { numRuns: 500 },
    );
  });

  it('also reads back with a BOM and without the final line end', () => {
    fc.assert(
      fc.property(table, ({ header, rows }) => {
        const text = toCsv(header, rows);
        const t = parsed(UTF8_BOM + text.slice(0, -2));
        expect(t.header).toEqual(header);
        expect(cellsOf(t)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatCsvErrors', () => {
  it('names the file, row and column', () => {
    expect(
      formatCsvErrors(
        [
          { row: 1, column: null, message: 'missing required column: site' },
          { row: 7, column: 'unit_cost', message: '"12,5" is not an amount' },
        ],
        'lots.csv',
      ),
    ).toEqual(['lots.csv row 1: missing required column: site', 'lots.csv row 7, column unit_cost: "12,5" is not an amount']);
  });
});
