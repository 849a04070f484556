import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backupFileName,
  backupNameClock,
  backupsToPrune,
  backupTime,
  DAILY_DAYS_KEPT,
  MONTHLY_MONTHS_KEPT,
  parseBackupFileName,
  savedBackupFileName,
  WEEKLY_WEEKS_KEPT,
  type BackupName,
} from '../../../shared/ledger/backupRotation';
import { addDays, dateOfEpochDay, epochDay, isoDate } from '../../../shared/dates';
import { BACKUP_REASONS } from '../../../shared/ipc';

/** `count` consecutive days ending on `last`, oldest first. */
function days(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(last, i - count + 1));
}

function daily(date: string, stem = 'Fleetledger'): string {
  return backupFileName({ stem, date, reason: 'daily' });
}

function kept(names: string[]): string[] {
  const pruned = new Set(backupsToPrune(names));
  return names.filter((n) => !pruned.has(n));
}

describe('backup file names', () => {
  it('names daily backups by day, and the others by time and reason', () => {
    expect(backupFileName({ stem: 'Fleetledger', date: '2026-12-05', reason: 'daily' })).toBe('Fleetledger-2026-12-05-daily.fleetledger');
    // What Back up now suggests: no reason in the name.
    expect(savedBackupFileName('Fleetledger', '2026-12-05')).toBe('Fleetledger-2026-12-05.fleetledger');
    expect(() => savedBackupFileName('../x', '2026-12-05')).toThrow();
    expect(backupFileName({ stem: 'Acme_Fleet', date: '2026-12-05', time: '093007', reason: 'manual' })).toBe(
      'Acme_Fleet-2026-12-05-093007-manual.fleetledger',
    );
    expect(backupFileName({ stem: 'a.b', date: '2026-01-31', time: '235959', reason: 'before-restore' })).toBe(
      'a.b-2026-01-31-235959-before-restore.fleetledger',
    );
    expect(backupFileName({ stem: 'x', date: '2026-01-31', time: '000000', reason: 'schema-upgrade' })).toBe(
      'x-2026-01-31-000000-schema-upgrade.fleetledger',
    );
    expect(backupTime(9, 5, 7)).toBe('090507');
  });

  it('throws on parts that were not validated (a bug, not an input error)', () => {
    expect(() => backupFileName({ stem: '../x', date: '2026-01-01', reason: 'daily' })).toThrow();
    expect(() => backupFileName({ stem: 'x', date: '2026-02-30', reason: 'daily' })).toThrow();
    expect(() => backupFileName({ stem: 'x', date: '2026-02-03', reason: 'manual' })).toThrow();
    expect(() => backupFileName({ stem: 'x', date: '2026-02-03', time: '246000', reason: 'manual' })).toThrow();
  });

  it('parses our names back', () => {
    expect(parseBackupFileName('Fleetledger-2026-12-05-daily.fleetledger')).toEqual({ stem: 'Fleetledger', date: '2026-12-05', reason: 'daily' });
    // Saved by hand (Back up now), or a daily backup of a version before 2026-12: a backup, never pruned.
    expect(parseBackupFileName('Fleetledger-2026-12-05.fleetledger')).toEqual({ stem: 'Fleetledger', date: '2026-12-05', reason: 'manual', saved: true });
    expect(parseBackupFileName('Fleetledger-2026-12-05-101112-manual.fleetledger')).toEqual({
      stem: 'Fleetledger',
      date: '2026-12-05',
      time: '101112',
      reason: 'manual',
    });
    // A stem that itself looks like a backup name splits at the last date.
    expect(parseBackupFileName('Q-2025-01-01-2026-12-05-daily.fleetledger')).toEqual({ stem: 'Q-2025-01-01', date: '2026-12-05', reason: 'daily' });
    expect(parseBackupFileName('Q-2025-01-01-2026-12-05.fleetledger')).toEqual({ stem: 'Q-2025-01-01', date: '2026-12-05', reason: 'manual', saved: true });
  });

  it.each([
    'notes.txt',
    'Fleetledger.fleetledger',
    'Fleetledger-2026-12-05.fleetledger.tmp-0a1b2c',
    'Fleetledger-2026-12-05.FLEETLEDGER',
    'Fleetledger-2026-02-30.fleetledger',
    'Fleetledger-2026-13-01.fleetledger',
    'Fleetledger-26-12-05.fleetledger',
    '.hidden-2026-12-05.fleetledger',
    '-2026-12-05.fleetledger',
    'Fleet ledger-2026-12-05.fleetledger',
    'Fleetledger-2026-12-05-101112-daily.fleetledger',
    'Fleetledger-2026-12-05-246000-manual.fleetledger',
    'Fleetledger-2026-12-05-1011-manual.fleetledger',
    'Fleetledger-2026-12-05-101112-export.fleetledger',
    `${'x'.repeat(61)}-2026-12-05.fleetledger`,
  ])('%s is not ours', (name) => {
    expect(parseBackupFileName(name)).toBeNull();
  });
});

describe('backupsToPrune', () => {
  it('of 40 daily backups keeps 7 days, 4 weeks and 2 months: 10 files', () => {
    // 2026-01-01 .. 2026-02-09; Mondays are 01-05, 01-12, 01-19, 01-26, 02-02, 02-09.
    const names = days('2026-02-09', 40).map((d) => daily(d));
    expect(names[0]).toBe('Fleetledger-2026-01-01-daily.fleetledger');
    const left = kept(names);
    expect(left).toEqual(
      [
        '2026-01-25', // newest of the week of 01-19
        '2026-01-31', // newest of January
        '2026-02-01', // newest of the week of 01-26
        ...days('2026-02-09', 7), // 02-03 .. 02-09 (02-08 also ends the week of 02-02, 02-09 the week of 02-09 and February)
      ].map((d) => daily(d)),
    );
    expect(backupsToPrune(names)).toHaveLength(30);
  });

  it('over two years keeps 12 monthly backups, each the last of its month', () => {
    const names = days('2027-06-15', 730).map((d) => daily(d));
    const left = kept(names).map((n) => parseBackupFileName(n)?.date);
    const monthly = ['2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31'];
    for (const d of monthly) expect(left).toContain(d);
    expect(left).not.toContain('2026-06-30'); // the 13th month back
    expect(left.length).toBeLessThanOrEqual(DAILY_DAYS_KEPT + WEEKLY_WEEKS_KEPT + MONTHLY_MONTHS_KEPT);
  });

  it('keeps monthly backups across gaps: months that have backups, not calendar months', () => {
    const names = ['2024-01-10', '2024-05-10', '2025-03-03', '2026-12-01'].map((d) => daily(d));
    expect(backupsToPrune(names)).toEqual([]);
  });

  it('keeps the newest 10 of each event kind, separately', () => {
    const manual = Array.from({ length: 15 }, (_, i) => backupFileName({ stem: 'F', date: '2026-03-01', time: backupTime(10, i, 0), reason: 'manual' }));
    const restore = Array.from({ length: 3 }, (_, i) => backupFileName({ stem: 'F', date: '2026-02-01', time: backupTime(8, i, 0), reason: 'before-restore' }));
    const upgrade = Array.from({ length: 12 }, (_, i) => backupFileName({ stem: 'F', date: addDays('2025-01-01', i), time: '120000', reason: 'schema-upgrade' }));
    const pruned = backupsToPrune([...manual, ...restore, ...upgrade]);
    expect(pruned).toEqual([...manual.slice(0, 5), ...upgrade.slice(0, 2)].sort());
  });

  it('counts per ledger stem, and leaves other files alone', () => {
    const a = days('2026-02-09', 40).map((d) => daily(d, 'A'));
    const b = [daily('2025-06-01', 'B')];
    const foreign = ['readme.txt', 'A-2026-02-09.fleetledger.tmp-1234', 'A-2020-01-01.FLEETLEDGER'];
    const pruned = backupsToPrune([...foreign, ...b, ...a]);
    expect(pruned).toHaveLength(30);
    expect(pruned.every((n) => n.startsWith('A-'))).toBe(true);
    expect(backupsToPrune(foreign)).toEqual([]);
  });

  it('never prunes a backup saved by hand (Back up now’s name), however many there are', () => {
    const saved = days('2026-02-09', 40).map((d) => savedBackupFileName('Fleetledger', d));
    const automatic = days('2026-02-09', 40).map((d) => daily(d));
    const pruned = backupsToPrune([...saved, ...automatic]);
    expect(pruned).toHaveLength(30);
    expect(pruned.every((n) => n.endsWith('-daily.fleetledger'))).toBe(true);
    expect(backupsToPrune(saved)).toEqual([]);
  });

  it('keeps backups dated after today (a wrong clock) without counting them among the newest', () => {
    const future = Array.from({ length: 12 }, (_, i) => backupFileName({ stem: 'F', date: addDays('2031-01-01', i), time: '120000', reason: 'before-restore' }));
    const made = Array.from({ length: 3 }, (_, i) => backupFileName({ stem: 'F', date: addDays('2026-12-01', i), time: '090000', reason: 'before-restore' }));
    // Counted by date alone, the twelve future ones are "the newest ten": every backup made since goes.
    expect(backupsToPrune([...future, ...made])).toEqual(expect.arrayContaining(made));
    // Against today, they are left alone and the backups made since are kept.
    expect(backupsToPrune([...future, ...made], '2026-12-03')).toEqual([]);
    const futureDaily = days('2031-01-20', 10).map((d) => daily(d));
    const recent = days('2026-12-03', 9).map((d) => daily(d));
    const pruned = backupsToPrune([...futureDaily, ...recent], '2026-12-03');
    expect(pruned).toEqual([recent[0], recent[1]].sort());
  });

  it('prunes nothing from an empty folder', () => {
    expect(backupsToPrune([])).toEqual([]);
  });
});

describe('an installation\'s copies in a shared second folder', () => {
  it('carry its tag after the reason, and parse back with it', () => {
    const daily = backupFileName({ stem: 'Team', date: '2026-12-07', reason: 'daily', installation: '0a1b2c' });
    const manual = backupFileName({ stem: 'Team', date: '2026-12-07', time: '093007', reason: 'manual', installation: '0a1b2c' });
    expect([daily, manual]).toEqual(['Team-2026-12-07-daily-0a1b2c.fleetledger', 'Team-2026-12-07-093007-manual-0a1b2c.fleetledger']);
    expect(parseBackupFileName(daily)).toEqual({ stem: 'Team', date: '2026-12-07', reason: 'daily', installation: '0a1b2c' });
    expect(parseBackupFileName(manual)).toEqual({ stem: 'Team', date: '2026-12-07', time: '093007', reason: 'manual', installation: '0a1b2c' });
    // A tag follows only a reason; anything else is not ours.
    for (const name of ['Team-2026-12-07-0a1b2c.fleetledger', 'Team-2026-12-07-daily-0A1B2C.fleetledger', 'Team-2026-12-07-daily-0a1b2.fleetledger', 'Team-2026-12-07-daily-0a1b2c3.fleetledger']) {
      expect(parseBackupFileName(name)).toBeNull();
    }
    expect(() => backupFileName({ stem: 'Team', date: '2026-12-07', reason: 'daily', installation: 'ada' })).toThrow(/installation tag/u);
  });

  it('are counted and pruned only by that installation; untagged files only without one', () => {
    const names = (installation?: string) =>
      days('2026-12-07', 40).map((date) => backupFileName({ stem: 'Team', date, reason: 'daily', ...(installation ? { installation } : {}) }));
    const [ours, theirs, untagged] = [names('aaaaaa'), names('bbbbbb'), names()];
    const all = [...ours, ...theirs, ...untagged];
    const prunedOurs = backupsToPrune(all, '2026-12-07', 'aaaaaa');
    expect(prunedOurs).toEqual(backupsToPrune(ours, '2026-12-07', 'aaaaaa'));
    expect(prunedOurs).toHaveLength(29);
    expect(prunedOurs.every((n) => n.endsWith('-aaaaaa.fleetledger'))).toBe(true);
    const prunedUntagged = backupsToPrune(all, '2026-12-07');
    expect(prunedUntagged).toEqual(backupsToPrune(untagged, '2026-12-07'));
    expect(prunedUntagged).toHaveLength(29);
  });
});

describe('backupsToPrune properties', () => {
  const FIRST = epochDay(2023, 1, 1);
  const LAST = epochDay(2027, 12, 31);
  const SPRING = epochDay(2026, 3, 1);
  // Years of backups, or a dense few months so that days, weeks and months collide often.
  const date = fc.oneof(fc.integer({ min: FIRST, max: LAST }), fc.integer({ min: SPRING, max: SPRING + 120 })).map((n) => {
    const p = dateOfEpochDay(n);
    return isoDate(p.year, p.month, p.day);
  });
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, s]) => backupTime(h, m, s));
  const stem = fc.oneof(fc.constantFrom('Fleetledger', 'Acme-2024-01-01', 'b'), fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,59}$/u));
  const backup: fc.Arbitrary<BackupName> = fc
    .record({ stem, date, time, reason: fc.constantFrom(...BACKUP_REASONS) })
    .map((b) => (b.reason === 'daily' ? { stem: b.stem, date: b.date, reason: b.reason } : b));
  const foreignName = fc.oneof(fc.string(), fc.constantFrom('notes.txt', 'x-2026-01-01.fleetledger.tmp-ab', '.x-2026-01-01.fleetledger'));
  const folder = fc
    .tuple(fc.array(backup, { maxLength: 200 }), fc.array(foreignName, { maxLength: 5 }))
    .map(([backups, foreign]) => ({ backups, names: [...backups.map(backupFileName), ...foreign] }));
  const order = (b: BackupName): string => `${b.date}${b.time ?? ''}`;

  it('names round-trip', () => {
    fc.assert(fc.property(backup, (b) => {
        expect(parseBackupFileName(backupFileName(b))).toEqual(b);
      }));
  });

  it('names with an installation tag round-trip', () => {
    fc.assert(
      fc.property(backup, fc.stringMatching(/^[0-9a-f]{6}$/u), (b, installation) => {
        expect(parseBackupFileName(backupFileName({ ...b, installation }))).toEqual({ ...b, installation });
      }),
    );
  });

  it('never prunes the newest backup, of the folder or of any ledger and kind', () => {
    fc.assert(
      fc.property(folder, ({ backups, names }) => {
        const pruned = new Set(backupsToPrune(names));
        const newestByGroup = new Map<string, BackupName>();
        for (const b of backups) {
          const key = `${b.stem}/${b.reason}`;
          const current = newestByGroup.get(key);
          if (!current || order(b) > order(current)) newestByGroup.set(key, b);
        }
        for (const b of newestByGroup.values()) expect(pruned.has(backupFileName(b))).toBe(false);
      }),
    );
  });

  it('never prunes a file that is not a Fleetledger backup', () => {
    fc.assert(
      fc.property(folder, ({ names }) => {
        for (const name of backupsToPrune(names)) {
          expect(names).toContain(name);
          expect(parseBackupFileName(name)).not.toBeNull();
        }
      }),
    );
  });

  it('keeps at most 7 + 4 + 12 daily backups and 10 of each other kind, per ledger', () => {
    fc.assert(
      fc.property(folder, ({ names }) => {
        const counts = new Map<string, number>();
        for (const name of kept(names)) {
          const parsed = parseBackupFileName(name);
          if (!parsed) continue;
          const key = `${parsed.stem}/${parsed.reason}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const [key, count] of counts) {
          expect(count).toBeLessThanOrEqual(key.endsWith('/daily') ? DAILY_DAYS_KEPT + WEEKLY_WEEKS_KEPT + MONTHLY_MONTHS_KEPT : 10);
        }
      }),
    );
  });

  it('is idempotent: pruning what is left prunes nothing', () => {
    fc.assert(fc.property(folder, ({ names }) => {
        expect(backupsToPrune(kept(names))).toEqual([]);
      }));
  });

  it('does not depend on the order of the names', () => {
    fc.assert(
      fc.property(
        folder.chain(({ names }) => fc.tuple(fc.constant(names), fc.shuffledSubarray(names, { minLength: names.length }))),
        ([names, shuffled]) => {
          expect(backupsToPrune(shuffled)).toEqual(backupsToPrune(names));
        },
      ),
    );
  });
});

describe('backupNameClock', () => {
  it('reads the local date and time a name gives (a daily one, the start of its day), and nothing from another name', () => {
    expect(backupNameClock('Fleetledger-2026-12-07-093015-before-restore.fleetledger')).toEqual({ year: 2026, month: 12, day: 7, hour: 9, minute: 30, second: 15 });
    expect(backupNameClock('Fleetledger-2026-12-07-daily-a0a0a0.fleetledger')).toEqual({ year: 2026, month: 12, day: 7, hour: 0, minute: 0, second: 0 });
    expect(backupNameClock('notes.txt')).toBeNull();
  });
});
