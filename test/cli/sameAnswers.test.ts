/**
 * One ledger, two sources (README, "Command line"): the reading commands give the same answers
 * for a backup (`--ledger`) as for a team folder holding the same events (`--folder`), byte for
 * byte, so a pipeline can switch between them without its diffs or parsers noticing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskFolder, ledgerFolderPath } from '../../electron/teamFolder';
import { syncLedgerOf } from '../../renderer/db/teamSync';
import { EMPTY_SYNC_STATE, shareInFolder, syncFolder } from '../../shared/sync/folderSync';
import { nodeSyncDeps } from '../renderer/db/teamFixture';
import { makeLedgerFixture, runCli, TODAY, type LedgerFixture } from './ledgerFixture';

let fx: LedgerFixture;
let shared: string;
beforeAll(async () => {
  fx = await makeLedgerFixture('same-answers');
  // The fixture's ledger shared into a folder, as Settings → Team sync → Share this ledger in a folder… does.
  shared = await mkdtemp(join(tmpdir(), 'same-answers-'));
  const ledger = await syncLedgerOf(fx.db, 'Ada');
  const root = ledgerFolderPath(shared, ledger.ledgerId);
  expect(await shareInFolder(ledger, diskFolder(root), '2026-11-29T10:00:00.000Z')).toEqual({ ok: true, value: undefined });
  expect((await syncFolder(ledger, diskFolder(root), EMPTY_SYNC_STATE, nodeSyncDeps())).ok).toBe(true);
}, 60_000);
afterAll(async () => {
  await fx.dispose();
  await rm(shared, { recursive: true, force: true });
});

describe('--ledger <backup> and --folder <dir> of the same ledger', () => {
  it.each([
    [['lots', '--json']],
    [['export', 'units', '--json']],
    [['export', 'events', '--csv']],
    [['schedule', '--lot', 'GPU-H100-2024-01', '--json']],
    [['forecast', '--as-of', TODAY, '--json']],
    [['own-vs-rent', '--as-of', TODAY, '--json']],
    [['compliance', '--as-of', TODAY, '--json']],
    [['compliance', '--as-of', TODAY, '--csv']],
  ])('%j: the same output, exit 0', async (args) => {
    const fromBackup = await runCli([...args, '--ledger', fx.path]);
    const fromFolder = await runCli([...args, '--folder', shared]);
    expect(fromBackup).toMatchObject({ code: 0, stderr: '' });
    expect(fromBackup.stdout.length).toBeGreaterThan(2);
    expect(fromFolder).toEqual(fromBackup);
  });
});
