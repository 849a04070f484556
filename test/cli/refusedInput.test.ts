/**
 * Refused input changes nothing (PRODUCT.md, "Quality promises"): a command line the CLI refuses
 * leaves the team folder as it was, and a lots file that contradicts itself or the catalogue is
 * refused with its row and column rather than imported differently from what it says.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './ledgerFixture';

let shared: string;
let inputs: string;
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'refused-cli-'));
  inputs = await mkdtemp(join(tmpdir(), 'refused-cli-inputs-'));
  process.env.FLEETLEDGER_CLI_HOME = join(inputs, 'cli-home');
});
afterEach(async () => {
  await rm(shared, { recursive: true, force: true });
  await rm(inputs, { recursive: true, force: true });
  delete process.env.FLEETLEDGER_CLI_HOME;
});

describe('ledger init refuses a bad device name before it writes anything', () => {
  it.each([
    ['an empty name', ''],
    ['a name with a line break', 'dock\nscanner'],
    ['a name over 80 characters', 'x'.repeat(81)],
  ])('%s: exit 2, the folder stays empty, and the same command with a good name then works', async (_what, deviceName) => {
    const refused = await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', deviceName]);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'fleetledger ledger: --device-name: 1 to 80 characters, no control characters\n' });
    expect(await readdir(shared)).toEqual([]);
    const again = await runCli(['ledger', 'init', '--folder', shared, '--name', 'Acme fleet', '--device-name', 'dock scanner']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
  });
});
