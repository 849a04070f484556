/**
 * `fleetledger schedule --lot` prints the schedule the app's lot Finance tab shows for the same
 * lot (README: "as the app's Depreciation tab shows them"): the same periods, with the same
 * depreciation, write-downs, accumulated depreciation and book values — for a part of a lot split
 * after depreciation began too, whose tab shows its share of every month since the original went
 * into service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, readSnapshot } from '../../renderer/db/ledger';
import { adjustLotCommand } from '../../renderer/db/lotCommands';
import { schedulePeriods, type MonthlySchedule } from '../../shared/depreciation';
import { lotSchedule } from '../../shared/depreciation/lotSchedule';
import type { LedgerSnapshot } from '../../shared/ledger/fold';
import { formatDecimal } from '../../shared/money';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fixture: LedgerFixture;
let snapshot: LedgerSnapshot;
let ledgerPath: string;
beforeAll(async () => {
  fixture = await makeLedgerFixture('schedule-lot');
  const split = (await fixture.db.lots.toArray()).find((l) => l.code === 'GPU-H100-2024-01.1');
  if (split === undefined) throw new Error('the demo fleet has no GPU-H100-2024-01.1');
  const fy = (await readSnapshot(fixture.db)).settings.fiscalYearStart;
  const impaired = await adjustLotCommand(fixture.db, split.id, { book: 'book', change: { type: 'impairment', date: '2026-11-25', amount: 1_234_567 }, note: '' }, 'me', fy);
  if (!impaired.ok) throw new Error(impaired.error);
  snapshot = await readSnapshot(fixture.db);
  const backup = await createBackup(fixture.db, '2026-11-29T11:00:00.000Z');
  ledgerPath = fixture.file('acme-after.fleetledger', backup.bytes);
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
});

/** What the app's Finance tab shows (renderer/features/finance/LotFinance.tsx): the full history. */
function appSchedule(code: string, book: 'book' | 'tax'): MonthlySchedule {
  const lot = snapshot.lots.find((l) => l.code === code);
  if (lot === undefined) throw new Error(`no lot ${code}`);
  const r = lotSchedule(lot, book, snapshot.settings.fiscalYearStart, { history: 'full' });
  if (!r.ok || r.value === null) throw new Error(`no schedule for ${code}`);
  return r.value;
}

describe('fleetledger schedule --lot agrees with the app’s Finance tab', () => {
  it.each([
    ['GPU-H100-2024-01.1', 'book'],
    ['GPU-H100-2024-01.1', 'tax'],
    ['GPU-H100-2024-01', 'book'],
    ['GPU-H100-2024-02', 'book'],
  ] as const)('%s (%s): every fiscal year the same', async (code, book) => {
    const schedule = appSchedule(code, book);
    const expected = schedulePeriods(schedule, 'year').map((p) => ({
      label: p.label,
      start: p.start,
      end: p.end,
      depreciation: formatDecimal(p.depreciation, 'USD'),
      writeDown: formatDecimal(p.writeDown, 'USD'),
      accumulated: formatDecimal(p.accumulated, 'USD'),
      bookValue: formatDecimal(p.bookValue, 'USD'),
    }));
    const run = await runCli(['schedule', '--lot', code, '--ledger', ledgerPath, '--book', book, '--json']);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as { periods: unknown[]; total: string };
    expect(printed.periods).toEqual(expected);
    const total = schedulePeriods(schedule, 'year').reduce((a, p) => a + p.depreciation, 0);
    expect(printed.total).toBe(formatDecimal(total, 'USD'));
  });

  it('the split part’s fiscal years add up: accumulated depreciation and write-downs take the cost to the book value', async () => {
    const run = await runCli(['schedule', '--lot', 'GPU-H100-2024-01.1', '--ledger', ledgerPath, '--json']);
    const printed = JSON.parse(run.stdout) as { periods: { depreciation: string; writeDown: string; accumulated: string; bookValue: string }[] };
    const cents = (s: string): number => Math.round(Number(s) * 100);
    const cost = appSchedule('GPU-H100-2024-01.1', 'book').cost;
    let depreciation = 0;
    let writeDowns = 0;
    for (const p of printed.periods) {
      depreciation += cents(p.depreciation);
      writeDowns += cents(p.writeDown);
      expect(cents(p.accumulated)).toBe(depreciation);
      expect(cents(p.bookValue)).toBe(cost - depreciation - writeDowns);
    }
    expect(writeDowns).toBe(1_234_567);
  });

  it('a disposed lot’s schedule ends in its disposal: proceeds, book value and the gain or loss, as the Finance tab shows them', async () => {
    const disposal = appSchedule('GPU-A100-2021-02', 'book').disposal;
    if (disposal === null) throw new Error('GPU-A100-2021-02 is not disposed of');
    const expected = {
      date: disposal.date,
      proceeds: formatDecimal(disposal.proceeds, 'USD'),
      bookValue: formatDecimal(disposal.bookValue, 'USD'),
      gainOrLoss: formatDecimal(disposal.gainOrLoss, 'USD'),
    };
    const json = await runCli(['schedule', '--lot', 'GPU-A100-2021-02', '--ledger', ledgerPath, '--json']);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { disposal: unknown }).disposal).toEqual(expected);
    const text = await runCli(['schedule', '--lot', 'GPU-A100-2021-02', '--ledger', ledgerPath]);
    expect(text.stdout).toContain(
      `Disposed of on ${expected.date}: proceeds ${expected.proceeds}, book value ${expected.bookValue}, ${disposal.gainOrLoss >= 0 ? 'gain' : 'loss'} ${expected.gainOrLoss} USD`,
    );
    // The CSV is the periods alone; the disposal is said on stderr rather than left out unsaid.
    const csv = await runCli(['schedule', '--lot', 'GPU-A100-2021-02', '--ledger', ledgerPath, '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('label,start,end,depreciation,writeDown,accumulated,bookValue');
    expect(csv.stderr).toBe(
      `fleetledger schedule: GPU-A100-2021-02 was disposed of on ${expected.date} (proceeds ${expected.proceeds}, book value ${expected.bookValue}, gain or loss ${expected.gainOrLoss} USD); the CSV holds the periods only, --json has the disposal too\n`,
    );
    // A lot still held has none.
    const held = await runCli(['schedule', '--lot', 'GPU-H100-2024-02', '--ledger', ledgerPath, '--json']);
    expect((JSON.parse(held.stdout) as { disposal: unknown }).disposal).toBeNull();
    expect((await runCli(['schedule', '--lot', 'GPU-H100-2024-02', '--ledger', ledgerPath, '--csv'])).stderr).toBe('');
  });
});
