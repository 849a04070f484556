/**
 * Every command is in `fleetledger --help` and in the README's "Command line" section, and
 * every option a command's --help lists is documented there too.
 */
import { CATALOG_HELP } from '../../cli/catalog';
import { CONVERT_HELP } from '../../cli/convert';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKUP_HELP } from '../../cli/backup';
import { CONFLICTS_HELP } from '../../cli/conflicts';
import { CORRECT_DATE_HELP } from '../../cli/correctDate';
import { EXPORT_HELP } from '../../cli/export';
import { SNIPEIT_EXPORT_COLUMNS } from '../../shared/snipeit';
import { FORECAST_HELP } from '../../cli/forecast';
import { IMPORT_HELP } from '../../cli/importCmd';
import { LEDGER_HELP } from '../../cli/ledger';
import { LOTS_HELP } from '../../cli/lots';
import { COMMANDS } from '../../cli/main';
import { MOVE_HELP } from '../../cli/move';
import { SCHEDULE_HELP } from '../../cli/schedule';
import { SYNC_HELP } from '../../cli/sync';
import { OWN_VS_RENT_HELP } from '../../cli/ownVsRent';
import { runCli } from './ledgerFixture';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Command line\n'), readme.indexOf('\n## ', readme.indexOf('## Command line\n') + 1));

const optionsOf = (help: string): string[] => [...new Set([...help.matchAll(/^ {2}(--[a-z-]+)/gmu)].map((m) => m[1] as string))].filter((o) => o !== '--help');

describe('fleetledger --help and the README', () => {
  it('--help lists every command and says what --ledger is', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const c of COMMANDS) expect(stdout).toMatch(new RegExp(`^ {2}${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}$`, 'mu'));
    expect(stdout).toContain('--ledger <file.fleetledger>');
  });

  it('--help names every command that reads --ledger <backup> among the reading commands', async () => {
    // It named forecast, export and lots only; schedule --lot, own-vs-rent and compliance read a backup too.
    const { stdout } = await runCli(['--help']);
    const listed = /The reading commands \(([^)]*)\)/u.exec(stdout)?.[1]?.split(', ').map((c) => c.split(' ')[0]);
    const readers: string[] = [];
    for (const c of COMMANDS.filter((x) => x.name !== 'sync')) {
      if ((await runCli([c.name, '--help'])).stdout.match(/^ +--ledger </mu)) readers.push(c.name);
    }
    expect(readers).toEqual(['schedule', 'forecast', 'export', 'lots', 'own-vs-rent', 'compliance']);
    expect(listed?.sort()).toEqual([...readers].sort());
  });

  it('the README documents every command, subcommand and option', () => {
    expect(section.length).toBeGreaterThan(1000);
    for (const c of COMMANDS) expect(section).toContain(`### \`fleetledger ${c.name}`);
    expect(section).toContain('`backup verify`');
    expect(section).toContain('`backup info <file>`');
    for (const kind of ['lots', 'units', 'events']) expect(section).toContain(`| \`${kind}\` |`);
    expect(optionsOf(FORECAST_HELP)).toEqual(['--lots', '--market', '--ledger', '--folder', '--as-of', '--horizon-months', '--fiscal-year-start', '--interest-rate', '--hold-until-years', '--json']);
    expect(optionsOf(EXPORT_HELP)).toEqual(['--ledger', '--folder', '--csv', '--json', '--format', '--all-items', '--netbox-version']);
    // The columns --format snipeit writes, each named in the help (its text wraps: compared without line breaks).
    const exportHelp = EXPORT_HELP.replace(/\s+/gu, ' ');
    for (const column of SNIPEIT_EXPORT_COLUMNS) expect(exportHelp, column).toContain(column);
    expect(optionsOf(CONVERT_HELP)).toEqual(['--from', '--to', '--currency', '--status', '--category']);
    expect(optionsOf(CATALOG_HELP)).toEqual(['--from', '--json']);
    expect(optionsOf(CONFLICTS_HELP)).toEqual(['--folder', '--json']);
    expect(optionsOf(LOTS_HELP)).toEqual(['--folder', '--ledger', '--json', '--csv']);
    expect(optionsOf(MOVE_HELP)).toEqual(['--to', '--quantity', '--date', '--po', '--site', '--in-service-date', '--replacement-plan', '--disposition', '--proceeds', '--buyer', '--buyer-country', '--licence', '--note', '--check', '--unit', '--folder', '--device-name', '--actor']);
    expect(optionsOf(CORRECT_DATE_HELP)).toEqual(['--date', '--reason', '--folder', '--device-name', '--actor']);
    expect(section).toContain('`ledger init`');
    for (const kind of ['import lots', 'import units', 'import utilisation', 'import rental-prices']) expect(section).toContain(`\`${kind}`);
    expect(optionsOf(SYNC_HELP)).toEqual(['--folder', '--ledger', '--couchdb', '--user']);
    for (const help of [SCHEDULE_HELP, FORECAST_HELP, EXPORT_HELP, BACKUP_HELP, CONFLICTS_HELP, LOTS_HELP, MOVE_HELP, CORRECT_DATE_HELP, IMPORT_HELP, LEDGER_HELP, SYNC_HELP, OWN_VS_RENT_HELP, CONVERT_HELP, CATALOG_HELP]) {
      for (const option of optionsOf(help)) expect(section, option).toContain(`\`${option}`);
    }
  });
});

describe('--help wins over the other options (cli/args.ts), in every form of a command', () => {
  it.each([
    ['schedule', '--lot', 'GPU-1', '--ledger', 'acme.fleetledger', '--help'],
    ['schedule', '--lot', 'GPU-1', '--folder', 'fleet', '--book', 'tax', '-h'],
    ['schedule', '--ledger', 'acme.fleetledger', '--help'],
    ['schedule', '--book', 'tax', '--help'],
  ])('%s %s %s …: the help, exit 0', async (...args) => {
    expect(await runCli(args)).toEqual({ code: 0, stdout: SCHEDULE_HELP, stderr: '' });
  });
});
