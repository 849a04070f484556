/**
 * The units bench judges each Chromium row against PERFORMANCE.md's target, the two ratio
 * targets included (the read against the naive layout, the import against its pages alone); so
 * does the row that opens the production build on the bench fleet (scripts/bench-open.ts).
 */
import { describe, expect, it } from 'vitest';
import { unitsVerdicts } from '../../scripts/bench-browser';
import { openRows } from '../../scripts/bench-open';

describe('the units bench says which of PERFORMANCE.md’s targets are met', () => {
  it('names each row met or not met, and the ratio targets taken in the same run', () => {
    const lines = unitsVerdicts([
      { operation: 'units: import 100,000 serials (asset tag, location) into 2,000 existing lots, one transaction', targetMs: 500, times: [984, 962, 990], naiveMs: 78_297, handbookNaiveMs: 6_500 },
      { operation: 'units: of which the 205 pages alone', targetMs: null, times: [223, 174, 230] },
      { operation: 'start-up read: the fleet view’s data (2,000 lots, models, sites; readFleet)', targetMs: 100, times: [70.3, 36.4, 80] },
      { operation: 'units: read the fleet (2,000 lots + unit pages)', targetMs: null, times: [78.2, 76.6, 80], naiveMs: 1_865, handbookNaiveMs: 750 },
      { operation: 'units: find a unit by asset tag (mean of 50)', targetMs: 2, times: [3.2, 3.1, 3.3] },
    ]);
    expect(lines).toContain("  units: read the fleet: 23.8× faster than the naive layout in this run (target ≥ 10×: met); at PERFORMANCE.md's naive 750 ms that is ≈ 31.4 ms.");
    expect(lines.some((l) => l.startsWith('  units: import / its pages alone, this run: 4.41×') && l.endsWith('target ≤ 3×: not met).'))).toBe(true);
    expect(lines).toContain('  units: import 100,000 serials: not met (984 against ≤ 500 ms).');
    expect(lines).toContain('  start-up read: the fleet view’s data: met (70.3 against ≤ 100 ms).');
    expect(lines).toContain('  units: find a unit by asset tag: not met (3.2 against ≤ 2 ms).');
  });
});

describe('the "open the app" row is judged against PERFORMANCE.md’s ≤ 1.0 s', () => {
  const outcome = (usable: number[]) => ({
    ok: true as const,
    browser: 'Chromium',
    seeded: { lots: 2_000, units: 100_000 },
    buildMs: 1_000,
    seedMs: 2_000,
    runs: usable.map((u) => ({ loaded: 200, rows: u - 25, usable: u, blockedAfter: 0 })),
  });

  it('says met on the median start, and splits it into load, start-up and the next frame', () => {
    const { rows, verdict } = openRows(outcome([467, 1_400, 458]));
    expect(verdict).toContain('met (467 against ≤ 1,000 ms, median of 3 starts');
    expect(verdict).not.toContain('not met');
    expect(rows[0]?.operation).toMatch(/^open the app to a usable fleet view \(production build, 2,000 lots, 100,000 units/u);
    expect(rows[0]?.targetMs).toBe(1_000);
    expect(rows[2]?.times).toEqual([242, 1_175, 233]);
    expect(rows[3]?.times).toEqual([25, 25, 25]);
  });

  it('says not met when the median start is over a second', () => {
    expect(openRows(outcome([1_200, 900, 1_100])).verdict).toContain('not met (1100 against ≤ 1,000 ms');
  });
});
