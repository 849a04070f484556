/**
 * `fleetledger schedule --lot` for a lot with no schedule says why, as the app's Finance tab does
 * (renderer/features/finance/LotFinance.tsx `noScheduleReason`): a lot sold straight from the
 * pallet was never put in service and never will be, so "not in service yet: its depreciation has
 * not started" is wrong about it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackup } from '../../renderer/db/ledger';
import { moveLotCommand } from '../../renderer/db/lotCommands';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fixture: LedgerFixture;
let ledgerPath: string;
let soldCode: string;
let receivedCode: string;
beforeAll(async () => {
  fixture = await makeLedgerFixture('schedule-never-in-service');
  const received = (await fixture.db.lots.orderBy('code').toArray()).filter((l) => l.status === 'received' && l.inServiceDate === null);
  const [sold, kept] = received;
  if (sold === undefined || kept === undefined) throw new Error('the demo fleet has fewer than two received lots');
  // Dated after the demo's own split of the lot (2026-11-26): a move is not dated before the lot's last one.
  for (const to of ['spare', 'draining', 'sanitised', 'disposed'] as const) {
    const moved = await moveLotCommand(fixture.db, sold.id, { to, quantity: sold.quantity, date: '2026-11-27', disposition: 'sold', proceeds: 500_000 }, 'me');
    if (!moved.ok) throw new Error(`${to}: ${moved.error}`);
  }
  soldCode = sold.code;
  receivedCode = kept.code;
  ledgerPath = fixture.file('never-in-service.fleetledger', (await createBackup(fixture.db, '2026-11-29T11:00:00.000Z')).bytes);
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
});

it('a lot disposed of without ever being in service: says so, not that depreciation has not started yet', async () => {
  const run = await runCli(['schedule', '--lot', soldCode, '--ledger', ledgerPath]);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`fleetledger schedule: ${soldCode} was disposed of on 2026-11-27 without ever being put in service, so it was never depreciated\n`);
});

it('a lot received and not in service yet: its depreciation has not started', async () => {
  const run = await runCli(['schedule', '--lot', receivedCode, '--ledger', ledgerPath]);
  expect(run.stderr).toBe(`fleetledger schedule: ${receivedCode} is not in service yet: its depreciation has not started\n`);
});
