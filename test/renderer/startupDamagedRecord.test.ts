/**
 * A damaged data-loss record says this installation held a ledger; with the database gone,
 * start-up must stop, not seed the demo and write the demo's record over the damaged one.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FleetDb } from '../../renderer/db/database';
import { checkLedgerAtStart } from '../../renderer/ledgerGuard';
import { err, ok } from '../../shared/result';
import { uniqueDbName } from './db/migrationHarness';

let recordRead = err<string>('The ledger record (/u/ledger-record.json) is damaged: it is not valid JSON (Unexpected end of JSON input).') as ReturnType<typeof err<string>> | ReturnType<typeof ok<null>>;
beforeEach(() => {
  vi.stubGlobal('window', { fleetledger: { readLedgerRecord: () => Promise.resolve(recordRead) } });
});
afterEach(() => vi.unstubAllGlobals());

it('stops at start when the record is damaged and the database is missing, and opens nothing', async () => {
  const db = new FleetDb(uniqueDbName('damaged-record'));
  const outcome = await checkLedgerAtStart(db);
  expect(outcome).toEqual({
    kind: 'data-loss',
    check: { kind: 'missing', message: 'The ledger database is missing, and the record of the ledger this computer held cannot be read (The ledger record (/u/ledger-record.json) is damaged: it is not valid JSON (Unexpected end of JSON input)), so a ledger may have been here.' },
    record: null,
  });
  expect(db.isOpen()).toBe(false);
});

it('starts a new installation (no record, no database) as before', async () => {
  recordRead = ok(null);
  const db = new FleetDb(uniqueDbName('new-install'));
  expect(await checkLedgerAtStart(db)).toEqual({ kind: 'ready' });
});
