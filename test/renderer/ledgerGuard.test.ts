/**
 * The restore the data-loss alarm offers (renderer/ledgerGuard.ts restoreFromBackup) never gives
 * this device an event id it has already given out: what it gave out is the most of what the
 * database held before the restore and what the data-loss record says, since a database that is
 * behind the record has lost exactly the events whose ids were given out.
 *
 * *Start an empty ledger* at the alarm backs up what the database still holds first.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveModelCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { LEDGER_ROW_KEY, readLog } from '../../renderer/db/eventLog';
import { createBackup, ledgerRow, readBackupFile, restoreBackup, sha256Hex, verifyLedger } from '../../renderer/db/ledger';
import { decodeRawDump, dumpDatabaseAsIs } from '../../renderer/db/rawDump';
import { readDraft, saveDraft, scanSessionDraft, SHIPMENT_DRAFT } from '../../renderer/db/drafts';
import { CURRENT_SCHEMA_VERSION } from '../../renderer/db/schema';
import { todayIso } from '../../renderer/lib/clock';
import { automaticBackup, backupBeforeUpgrade, backupsMadeThisSession, checkLedgerAtStart, dailyBackupIfDue, installedVersion, keepRecordUpToDate, restoreFromBackup, setAsideNewerDatabase, startEmptyAtAlarm, useLedgerGuard, verifyBackupFile } from '../../renderer/ledgerGuard';
import { checkForDataLoss } from '../../shared/ledger/dataLoss';
import { err as errResult, ok as okResult } from '../../shared/result';
import type { BackupWritten, LedgerRecord } from '../../shared/ipc';
import { testDatabases, uniqueDbName } from './db/migrationHarness';
import { MODEL as MODEL_DRAFT, ok } from './db/teamFixture';

/** The desktop bridge, as far as a restore uses it: the data-loss record and the backups folder, in memory. */
let record: LedgerRecord | null = null;
const written: string[] = [];
let failingReason: string | null = null;
beforeEach(() => {
  record = null;
  written.length = 0;
  failingReason = null;
  useLedgerGuard.setState({ backupProblem: null, upgradeBackupProblem: null });
  vi.stubGlobal('window', {
    fleetledger: {
      readLedgerRecord: () => Promise.resolve(okResult(record)),
      writeLedgerRecord: (r: LedgerRecord) => {
        record = r;
        return Promise.resolve(okResult(true));
      },
      writeBackup: (request: { ledgerStem: string; reason: string }) => {
        if (request.reason === failingReason) return Promise.resolve(errResult('Backup failed: the disk is full.'));
        written.push(`${request.ledgerStem}-${request.reason}`);
        const entry = { name: `${request.ledgerStem}.fleetledger`, size: 1, modifiedAt: '2026-12-06T10:00:00.000Z', reason: request.reason };
        return Promise.resolve(okResult({ entry, path: `/backups/${entry.name}`, secondCopy: null, pruned: [] } as unknown as BackupWritten));
      },
    },
  });
});

const databases = testDatabases();
const newDb = databases.open;
afterEach(async () => {
  vi.unstubAllGlobals();
  await databases.dropAll();
});

describe('restoring from the data-loss alarm', () => {
  it('gives the device a new id when the database was behind the record, even if the backup is ahead of the database', async () => {
    // The ledger as it was: device D made events D:1, D:2 (a backup then) and D:3 (recorded; synced to the team, say).
    const original = await newDb('original');
    const model = ok(await saveModelCommand(original, MODEL_DRAFT, null, 'me'));
    const atOne = ok(await readBackupFile((await createBackup(original)).bytes));
    ok(await saveModelCommand(original, { ...model, notes: 'second' }, model.id, 'me'));
    const atTwo = ok(await readBackupFile((await createBackup(original)).bytes));
    ok(await saveModelCommand(original, { ...model, notes: 'third' }, model.id, 'me'));
    const row = (await original.ledger.get(LEDGER_ROW_KEY))!;
    const device = row.deviceId;
    record = { ledgerId: row.ledgerId, devices: { ...row.heads }, updatedAt: '2026-12-06T10:00:00.000Z' };
    const givenOut = new Set((await readLog(original)).map((e) => e.id));
    expect(givenOut).toContain(`${device}:3`);

    // The profile rolled back to when D had made only D:1 (its database restored from an old disk image).
    const db = await newDb('rolled-back');
    await db.ledger.update(LEDGER_ROW_KEY, { deviceId: device });
    await restoreBackup(db, atOne);
    const behind = (await db.ledger.get(LEDGER_ROW_KEY))!;
    expect(behind.deviceId).toBe(device);
    expect(checkForDataLoss(record, { exists: true, ledgerId: behind.ledgerId, heads: behind.heads }).kind).toBe('behind');

    // The alarm's way on: restore the newest backup (D:2), then go on working.
    ok(await restoreFromBackup(db, { kind: 'ledger', contents: atTwo }));
    ok(await saveModelCommand(db, { ...model, notes: 'after the restore' }, model.id, 'me'));
    const fresh = (await readLog(db)).at(-1)!;
    expect(fresh.after).toMatchObject({ notes: 'after the restore' });
    // D:3 is another event already: giving it out again makes two events with one id.
    expect(givenOut.has(fresh.id)).toBe(false);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('gives the device a new id when a pre-upgrade dump puts back fewer of its events than it had made', async () => {
    const db = await newDb('dumped');
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    // The raw dump (as written before a schema upgrade), made at D:1.
    db.close();
    const dumped = await dumpDatabaseAsIs(db.name, sha256Hex, '2026-12-06T10:00:00.000Z');
    await db.open();
    const dump = ok(await decodeRawDump(dumped.text, sha256Hex, CURRENT_SCHEMA_VERSION));
    ok(await saveModelCommand(db, { ...model, notes: 'second' }, model.id, 'me'));
    ok(await saveModelCommand(db, { ...model, notes: 'third' }, model.id, 'me'));
    const givenOut = new Set((await readLog(db)).map((e) => e.id));

    ok(await restoreFromBackup(db, { kind: 'raw-dump', dump }));
    expect(written).toEqual([expect.stringMatching(/before-restore$/u)]);
    ok(await saveModelCommand(db, { ...model, notes: 'after the restore' }, model.id, 'me'));
    const fresh = (await readLog(db)).at(-1)!;
    expect(fresh.after).toMatchObject({ notes: 'after the restore' });
    expect(givenOut.has(fresh.id)).toBe(false);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('says a pre-upgrade dump restore that failed part-way changed the database, and where the ledger as it was is', async () => {
    const db = await newDb('dump-fails');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    db.close();
    const dumped = await dumpDatabaseAsIs(db.name, sha256Hex, '2026-12-06T10:00:00.000Z');
    await db.open();
    const dump = ok(await decodeRawDump(dumped.text, sha256Hex, CURRENT_SCHEMA_VERSION));
    // A row twice under one key: the database is deleted, then refilling it fails.
    const models = dump.rows.get('models')!;
    dump.rows.set('models', [...models, models[0]!]);
    const result = await restoreFromBackup(db, { kind: 'raw-dump', dump });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^The restore failed part-way \(.+\): the database was emptied and not filled again\. The ledger as it was is in the automatic backup made just before it \(the newest in the list\); restore that\.$/u) });
    expect(written).toEqual([expect.stringMatching(/before-restore$/u)]);
  });

  it('keeps the record on the restored ledger when a change made just before the restore comes due after it', async () => {
    const other = await newDb('other');
    ok(await saveModelCommand(other, { ...MODEL_DRAFT, name: 'Other' }, null, 'me'));
    const otherBackup = ok(await readBackupFile((await createBackup(other)).bytes));
    const db = await newDb('live');
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await keepRecordUpToDate(db);
      // A change: its record write is due in 300 ms. The restore ends before that.
      ok(await saveModelCommand(db, { ...model, notes: 'just before' }, model.id, 'me'));
      ok(await restoreFromBackup(db, { kind: 'ledger', contents: otherBackup }));
      expect(record?.ledgerId).toBe(otherBackup.header.ledgerId);
      await vi.advanceTimersByTimeAsync(300);
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(record?.ledgerId).toBe(otherBackup.header.ledgerId);
      expect(record?.devices).toEqual((await db.ledger.get(LEDGER_ROW_KEY))!.heads);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('when the ledger was last backed up, after a restore', () => {
  it('a ledger restored into an empty profile (the alarm’s case) was backed up when its file was made, not never', async () => {
    const original = await newDb('backed-up');
    ok(await saveModelCommand(original, MODEL_DRAFT, null, 'me'));
    const file = (await createBackup(original)).bytes;
    const backup = ok(await verifyBackupFile(file));
    const db = await newDb('empty-profile');
    expect(await db.getSetting('lastBackupAt')).toBe('');
    ok(await restoreFromBackup(db, backup));
    expect(backup.kind === 'ledger' && backup.contents.header.createdAt).toBeTruthy();
    expect(await db.getSetting('lastBackupAt')).toBe(backup.kind === 'ledger' ? backup.contents.header.createdAt : '');
    expect(await db.getSetting('lastBackupBytes')).toBe(file.length);
  });

  it('replacing another ledger: the backup made of that one just before does not count as a backup of the restored one', async () => {
    const other = await newDb('other-ledger');
    ok(await saveModelCommand(other, MODEL_DRAFT, null, 'me'));
    const backup = ok(await verifyBackupFile((await createBackup(other)).bytes));
    const db = await newDb('holds-a-ledger');
    ok(await saveModelCommand(db, { ...MODEL_DRAFT, name: 'Mine' }, null, 'me'));
    ok(await restoreFromBackup(db, backup));
    expect(written).toEqual([expect.stringMatching(/before-restore$/u)]);
    expect(await db.getSetting('lastBackupAt')).toBe(backup.kind === 'ledger' ? backup.contents.header.createdAt : '');
  });

  it('restoring an older backup of the same ledger keeps the newer backup made just before it', async () => {
    const db = await newDb('same-ledger');
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const backup = ok(await verifyBackupFile((await createBackup(db)).bytes));
    ok(await saveModelCommand(db, { ...model, notes: 'later' }, model.id, 'me'));
    await db.setSetting('lastBackupAt', '2999-01-01T00:00:00.000Z');
    ok(await restoreFromBackup(db, backup));
    expect(await db.getSetting('lastBackupAt')).not.toBe(backup.kind === 'ledger' ? backup.contents.header.createdAt : '');
  });
});

describe('starting an empty ledger at the data-loss alarm', () => {
  it('backs up the ledger the database still holds before *Start an empty ledger* replaces it', async () => {
    // The alarm says "behind": the database holds D:1 and D:2, the record says D:3.
    const db = await newDb('start-over');
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    ok(await saveModelCommand(db, { ...model, notes: 'second' }, model.id, 'me'));
    const row = (await db.ledger.get(LEDGER_ROW_KEY))!;
    record = { ledgerId: row.ledgerId, devices: { [row.deviceId]: 3 }, updatedAt: '2026-12-06T10:00:00.000Z' };
    expect(checkForDataLoss(record, { exists: true, ledgerId: row.ledgerId, heads: row.heads }).kind).toBe('behind');

    // The person chooses to start over; the two events the database held must be recoverable.
    ok(await startEmptyAtAlarm(db));
    expect(await readLog(db)).toEqual([]);
    expect(written).toEqual([expect.stringMatching(/before-restore$/u)]);
  });

  it('clears nothing when the ledger the database holds cannot be backed up first', async () => {
    const db = await newDb('start-over-no-backup');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const fleetledger = (window as unknown as { fleetledger: { writeBackup: unknown } }).fleetledger;
    fleetledger.writeBackup = () => Promise.resolve({ ok: false, error: 'The disk is full.' });
    const result = await startEmptyAtAlarm(db);
    expect(result).toEqual({ ok: false, error: 'The ledger in the database could not be backed up first, so nothing was cleared: The disk is full.' });
    expect(await readLog(db)).toHaveLength(1);
    expect(await db.models.count()).toBe(1);
  });

  it('starts an empty ledger over a missing database without a backup (there is nothing to keep)', async () => {
    const db = databases.track(new FleetDb(uniqueDbName('start-over-missing')));
    ok(await startEmptyAtAlarm(db));
    expect(written).toEqual([]);
    expect(await readLog(db)).toEqual([]);
    expect(record?.devices).toEqual({});
  });

  it('remembers the backup it made before this start’s upgrade, so the alarm does not offer it first', async () => {
    const db = await newDb('upgrade-backup-session');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    db.close();
    const name = 'Fleetledger-2026-12-07-100000-schema-upgrade.fleetledger';
    const fleetledger = (window as unknown as { fleetledger: { writeBackup: unknown } }).fleetledger;
    fleetledger.writeBackup = () => Promise.resolve(okResult({ entry: { name, size: 1, modifiedAt: '2026-12-07T09:00:00.000Z', reason: 'schema-upgrade' }, path: `/backups/${name}`, secondCopy: null, pruned: [] }));
    expect(backupsMadeThisSession().has(name)).toBe(false);
    await backupBeforeUpgrade(db.name, CURRENT_SCHEMA_VERSION - 1);
    expect(useLedgerGuard.getState().upgradeBackupProblem).toBeNull();
    expect(backupsMadeThisSession().has(name)).toBe(true);
  });

  it('keeps showing that the backup before an upgrade failed after a later daily backup succeeds', async () => {
    const db = await newDb('upgrade-backup');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    failingReason = 'schema-upgrade';
    db.close();
    await backupBeforeUpgrade(db.name, CURRENT_SCHEMA_VERSION - 1);
    await db.open();
    expect(useLedgerGuard.getState().upgradeBackupProblem).toBe('The backup before upgrading the database failed: Backup failed: the disk is full.');
    ok(await automaticBackup(db, 'daily'));
    expect(useLedgerGuard.getState().backupProblem).toBeNull();
    expect(useLedgerGuard.getState().upgradeBackupProblem).toBe('The backup before upgrading the database failed: Backup failed: the disk is full.');
  });
});

describe('the desktop’s daily backup', () => {
  it('is still made when only the second folder holds a daily backup of today (another installation may have written it)', async () => {
    const db = await newDb('daily-second');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const today = todayIso();
    const fleetledger = (window as unknown as { fleetledger: Record<string, unknown> }).fleetledger;
    fleetledger['listBackups'] = () => Promise.resolve(okResult([{ name: `Fleetledger-${today}-daily.fleetledger`, size: 1, modifiedAt: `${today}T06:00:00.000Z`, reason: 'daily', folder: 'second' }]));
    await dailyBackupIfDue(db);
    expect(written).toEqual([expect.stringMatching(/daily$/u)]);
  });

  it('is still made when today’s daily backup holds another ledger (one left behind by joining a team or a restore)', async () => {
    const db = await newDb('daily-other-ledger');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const today = todayIso();
    const fleetledger = (window as unknown as { fleetledger: Record<string, unknown> }).fleetledger;
    const daily = (ledgerId: string) => [{ name: `Fleetledger-${today}-daily.fleetledger`, size: 1, modifiedAt: `${today}T06:00:00.000Z`, reason: 'daily', holds: { ledgerId, events: 3 } }];
    fleetledger['listBackups'] = () => Promise.resolve(okResult(daily('00000000-0000-4000-8000-0000000000aa')));
    await dailyBackupIfDue(db);
    expect(written).toEqual([expect.stringMatching(/daily$/u)]);
    // Of this ledger: done for today.
    written.length = 0;
    fleetledger['listBackups'] = async () => okResult(daily((await ledgerRow(db)).ledgerId));
    await dailyBackupIfDue(db);
    expect(written).toEqual([]);
  });
});

describe('the data-loss alarm names the ledger', () => {
  it('by the name it had (kept beside the record) when its database is gone, not by the start of its id', async () => {
    const kept = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) });
    const db = await newDb('named');
    await db.setSetting('ledgerName', 'Acme GPU fleet');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    await keepRecordUpToDate(db);
    db.close();
    await db.delete();
    const outcome = await checkLedgerAtStart(new FleetDb(db.name));
    expect(outcome).toMatchObject({ kind: 'data-loss', check: { kind: 'missing', message: expect.stringContaining('This computer last held the ledger “Acme GPU fleet” with 2 events') } });
  });
});

describe('drafts when the ledger is replaced by another', () => {
  const shipment = { serials: ['OLD-1', 'OLD-2'], reference: 'To the old site' };

  it('*Start an empty ledger* drops the drafts of the ledger it replaces: its shipment list and its scan sessions are not offered in the new one', async () => {
    const db = await newDb('drafts-start-over');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    await saveDraft(db, SHIPMENT_DRAFT, shipment);
    await saveDraft(db, scanSessionDraft({ poNumber: 'PO-1001' }), { serials: ['OLD-3'] });
    ok(await startEmptyAtAlarm(db));
    expect(await readDraft(db, SHIPMENT_DRAFT)).toBeNull();
    // A lot of the new ledger with the same PO number must not be offered the old ledger's scans.
    expect(await readDraft(db, scanSessionDraft({ poNumber: 'PO-1001' }))).toBeNull();
  });

  it('a restore of another ledger drops the drafts; a restore of the same ledger keeps them (still its own work)', async () => {
    const other = await newDb('drafts-other');
    ok(await saveModelCommand(other, { ...MODEL_DRAFT, name: 'Other' }, null, 'me'));
    const otherBackup = ok(await readBackupFile((await createBackup(other)).bytes));
    const db = await newDb('drafts-restore');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const ownBackup = ok(await readBackupFile((await createBackup(db)).bytes));
    await saveDraft(db, SHIPMENT_DRAFT, shipment);

    ok(await restoreFromBackup(db, { kind: 'ledger', contents: ownBackup }));
    expect((await readDraft(db, SHIPMENT_DRAFT))?.value).toEqual(shipment);

    ok(await restoreFromBackup(db, { kind: 'ledger', contents: otherBackup }));
    expect(await readDraft(db, SHIPMENT_DRAFT)).toBeNull();
  });
});

describe('restoring over a database written by a newer version', () => {
  it('deletes the newer database only after it is kept, and not at all when it cannot be', async () => {
    const db = await newDb('newer');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    failingReason = 'before-restore';
    expect(await setAsideNewerDatabase(db)).toEqual({ ok: false, error: 'The newer database could not be backed up first, so nothing was restored: Backup failed: the disk is full.' });
    await db.open();
    expect(await db.models.count()).toBe(1);

    failingReason = null;
    ok(await setAsideNewerDatabase(db));
    expect(written).toEqual(['Fleetledger-before-restore']);
    expect((await indexedDB.databases()).some((d) => d.name === db.name)).toBe(false);
  });
});

describe('the installed version, in a browser without indexedDB.databases()', () => {
  const names = async (): Promise<string[]> => (await indexedDB.databases()).map((d) => d.name ?? '');

  it('is read by opening the database, and a database that is not there is not created', async () => {
    const db = await newDb('no-list');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'ada'));
    const missing = uniqueDbName('not-there');
    const listing = indexedDB.databases.bind(indexedDB);
    Object.defineProperty(indexedDB, 'databases', { value: undefined, configurable: true });
    try {
      // Read while the app's own connection is open, as at start with another tab.
      expect(await installedVersion(db.name)).toBe(CURRENT_SCHEMA_VERSION);
      expect(await installedVersion(missing)).toBeNull();
    } finally {
      Object.defineProperty(indexedDB, 'databases', { value: listing, configurable: true, writable: true });
    }
    expect(await names()).toContain(db.name);
    expect(await names()).not.toContain(missing);
    expect(await installedVersion(db.name)).toBe(CURRENT_SCHEMA_VERSION);
  });
});

describe('restoring a pre-upgrade dump (the database as it was, every table)', () => {
  /** A raw dump of `db` as it is now, as written before a schema upgrade. */
  async function dumpOf(db: FleetDb) {
    db.close();
    const dumped = await dumpDatabaseAsIs(db.name, sha256Hex, '2026-12-06T10:00:00.000Z');
    await db.open();
    return ok(await decodeRawDump(dumped.text, sha256Hex, CURRENT_SCHEMA_VERSION));
  }

  it('keeps your name and theme, as the restore dialog says, and when this ledger was last backed up', async () => {
    const db = await newDb('dump-personal');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    await db.setSetting('actorName', 'Old name');
    await db.setSetting('theme', 'dark');
    const dump = await dumpOf(db);
    await db.setSetting('actorName', 'Ada Lovelace');
    await db.setSetting('theme', 'light');

    ok(await restoreFromBackup(db, { kind: 'raw-dump', dump }));
    expect(await db.getSetting('actorName')).toBe('Ada Lovelace');
    expect(await db.getSetting('theme')).toBe('light');
    // The backup just made before the restore is the last one, not whatever the dump remembered.
    expect(await db.getSetting('lastBackupAt')).not.toBe('');
    // The ledger itself is the dump's.
    expect(await db.models.count()).toBe(1);
  });

  it('offers the drafts of now, not the ones the dump held (long since committed or thrown away)', async () => {
    const db = await newDb('dump-drafts');
    ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    await saveDraft(db, scanSessionDraft({ poNumber: 'PO-1001' }), { serials: ['STALE-1'] });
    const dump = await dumpOf(db);
    // Since the dump: that session was committed (its draft deleted), and a shipment list started.
    await db.drafts.clear();
    await saveDraft(db, SHIPMENT_DRAFT, { serials: ['NOW-1'], reference: 'Today' });

    ok(await restoreFromBackup(db, { kind: 'raw-dump', dump }));
    expect(await readDraft(db, scanSessionDraft({ poNumber: 'PO-1001' }))).toBeNull();
    expect((await readDraft(db, SHIPMENT_DRAFT))?.value).toEqual({ serials: ['NOW-1'], reference: 'Today' });
  });
});
