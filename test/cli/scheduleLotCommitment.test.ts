/**
 * A planned or ordered lot may carry its planned in-service date; its schedule is then a
 * projection: the books carry no value and no depreciation for a commitment (PRODUCT.md "Fleet
 * value"). The app's Finance tab says "Projected"; `fleetledger schedule --lot` printed the same
 * figures as the lot's books without a word. It now says so on stderr (the output itself keeps its
 * format), in every output format.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackup } from '../../renderer/db/ledger';
import { editLotCommand } from '../../renderer/db/lotCommands';
import { makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fixture: LedgerFixture;
let ledgerPath: string;
let plannedCode: string;
let ownedCode: string;
beforeAll(async () => {
  fixture = await makeLedgerFixture('schedule-commitment');
  const lots = await fixture.db.lots.orderBy('code').toArray();
  const planned = lots.find((l) => l.status === 'planned');
  const owned = lots.find((l) => l.status === 'in-service');
  if (planned === undefined || owned === undefined) throw new Error('the demo fleet has no planned or no in-service lot');
  // Its planned in-service date, after its planned purchase.
  const inService = `${String(Number(planned.purchaseDate.slice(0, 4)) + 1)}-01-01`;
  const edited = await editLotCommand(fixture.db, planned.id, { inServiceDate: inService }, 'me');
  if (!edited.ok) throw new Error(JSON.stringify(edited.error));
  plannedCode = planned.code;
  ownedCode = owned.code;
  ledgerPath = fixture.file('commitment.fleetledger', (await createBackup(fixture.db, '2026-11-29T11:00:00.000Z')).bytes);
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
});

it.each([[[]], [['--json']], [['--csv']]])('a planned lot’s schedule is said to be a projection (%j)', async (format) => {
  const run = await runCli(['schedule', '--lot', plannedCode, '--ledger', ledgerPath, ...format]);
  expect(run.code).toBe(0);
  expect(run.stdout).not.toBe('');
  expect(run.stderr).toBe(
    `fleetledger schedule: ${plannedCode} is planned, a commitment the fleet does not own yet: the books carry no value and no depreciation for it; ` +
      'this is what it would book from its planned in-service date\n',
  );
});

it('an owned lot’s schedule has no such note', async () => {
  const run = await runCli(['schedule', '--lot', ownedCode, '--ledger', ledgerPath, '--json']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
});
