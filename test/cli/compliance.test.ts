/**
 * `fleetledger compliance` (issue 13) over a team folder written by the command line itself: lots
 * imported with their provenance, a transfer refused without a licence and made with one, then
 * the register and the scorecard as JSON, CSV and text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './ledgerFixture';

let shared: string;
let inputs: string;
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'compliance-cli-'));
  inputs = await mkdtemp(join(tmpdir(), 'compliance-cli-inputs-'));
  process.env.FLEETLEDGER_CLI_HOME = join(inputs, 'cli-home');
});
afterEach(async () => {
  await rm(shared, { recursive: true, force: true });
  await rm(inputs, { recursive: true, force: true });
  delete process.env.FLEETLEDGER_CLI_HOME;
});

const LOTS = [
  'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date,supplier,country_of_origin,export_classification,hs_code,site_country,supplier_channel',
  'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01,Acme,TW,4A090.a,8471.50,NL,broker',
  'CPU-1,Dell,R760,cpu-server,4,12500.00,USD,2024-03-01,spare,NYC1,,PO-2,2024-03-11,Acme,MX,5A992.c,8471.50,US,broker',
  '',
].join('\n');

describe('fleetledger compliance', () => {
  it('reports holdings by origin, classification and site country, every transfer with its licence, and the suppliers', async () => {
    const file = join(inputs, 'lots.csv');
    await writeFile(file, LOTS);
    expect((await runCli(['ledger', 'init', '--folder', shared, '--device-name', 'hall'])).code).toBe(0);
    expect((await runCli(['import', 'lots', file, '--folder', shared, '--device-name', 'hall'])).code).toBe(0);
    // The policy is a team setting the app writes; here a team without one moves GPU-1 abroad freely, with a licence noted.
    const moved = await runCli(['move', 'GPU-1', '--to', 'spare', '--site', 'NYC1', '--date', '2024-09-01', '--licence', 'BIS D-1', '--folder', shared, '--device-name', 'hall']);
    expect(moved).toMatchObject({ code: 0, stderr: '' });
    // A licence reference on a move within one country would be dropped unsaid: refused, nothing written.
    const within = await runCli(['move', 'CPU-1', '--to', 'in-service', '--site', 'NYC1', '--date', '2024-09-02', '--licence', 'BIS D-2', '--folder', shared, '--device-name', 'hall']);
    expect(within).toEqual({
      code: 2,
      stdout: '',
      stderr: "fleetledger move: --licence: moving CPU-1 to in-service is not a transfer to another country (the team's compliance policy, the sites' countries), so no licence reference is recorded; nothing was written\n",
    });
    expect((await runCli(['lots', '--folder', shared])).stdout).toMatch(/^CPU-1 +Spare /mu);

    const json = await runCli(['compliance', '--folder', shared, '--as-of', '2024-12-31', '--json']);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout) as { holdings: { origin: string; classification: string; siteCountry: string; units: number }[]; transfers: unknown[]; suppliers: { supplier: string; lots: number; units: number; leadTimeDays: unknown }[] };
    expect(out.holdings.map((h) => [h.origin, h.classification, h.siteCountry, h.units])).toEqual([['MX', '5A992.c', 'US', 4], ['TW', '4A090.a', 'US', 8]]);
    expect(out.transfers).toEqual([expect.objectContaining({ date: '2024-09-01', lotCode: 'GPU-1', from: 'NL', to: 'US', classification: '4A090.a', licenceReference: 'BIS D-1', toBuyer: false, actor: 'hall' })]);
    expect(out.suppliers).toEqual([expect.objectContaining({ supplier: 'Acme', channel: 'broker', lots: 2, units: 12, leadTimeDays: { median: 20.5, worst: 31, lots: 2 } })]);

    const csv = await runCli(['compliance', '--folder', shared, '--as-of', '2024-12-31', '--csv']);
    expect(csv.stdout.split(/\r?\n/u).filter((l) => l.startsWith('transfer,'))).toEqual(['transfer,,4A090.a,,,,,,2024-09-01,GPU-1,8,NL,US,BIS D-1,no,hall']);
    const text = await runCli(['compliance', '--folder', shared, '--as-of', '2024-12-31']);
    expect(text.stdout).toContain('Holdings on 2024-12-31 (owned lots, book value):');
    // The channel by its name, as the app shows it (--json keeps the code).
    expect(text.stdout).toMatch(/^Acme +Broker \/ secondary market +— +2 +12 +20\.5\/31/mu);
    expect((await runCli(['compliance', '--folder', shared, '--json', '--csv'])).stderr).toBe('fleetledger compliance: --json: give --json or --csv, not both\n');
  });
});
