/**
 * `fleetledger import lots|units <file.csv> --folder <dir>`: imports a lots CSV or a units CSV
 * into a team's ledger as this machine's device (./teamWrite.ts), all or nothing, with the app's
 * checks and messages (shared/lotCsv.ts, shared/lotImport.ts, shared/unitCsv.ts): every problem is
 * printed with its row and column and nothing is written.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatCsvErrors } from '../shared/csv';
import type { LotEvent } from '../shared/events';
import { parseLotCsv } from '../shared/lotCsv';
import { planLotImport } from '../shared/lotImport';
import { parseUnitCsv, type UnitCsvLot } from '../shared/unitCsv';
import { encodeEventUnits, modelSerialFormat, packUnits, type UnitHolder, type UnitLotEvent } from '../shared/units';
import { readCommandLine } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { cliContext, DEVICE_OPTIONS, DEVICE_OPTIONS_HELP, lastSeqOf, openTeamDevice, writeAsDevice } from './teamWrite';
import type { TeamLedger } from './teamLedger';

export const IMPORT_HELP = `Usage: fleetledger import lots <lots.csv> --folder <dir> [options]
       fleetledger import units <units.csv> --folder <dir> [options]

Imports a CSV into a team's ledger, read from its shared folder, as this machine's device: the
app's formats (README: "CSV format (lots)", "CSV format (units)"), its checks and its messages.
All or nothing: any problem is printed with its row and column, and nothing is written. Models
and sites a lots file names that the ledger lacks are created, as in the app.

Options:
${DEVICE_OPTIONS_HELP}
  -h, --help             show this help
`;

const OPTIONS = { ...DEVICE_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

type Planned = { ok: true; events: LotEvent[]; summary: string } | { ok: false; errors: string[] };

function planLots(team: TeamLedger, text: string, fileName: string, actor: string): Planned {
  const { snapshot } = team;
  const parsed = parseLotCsv(text, { existingCodes: new Set(snapshot.lots.map((l) => l.code)) });
  if (!parsed.ok) return { ok: false, errors: formatCsvErrors(parsed.errors, fileName) };
  const plan = planLotImport(parsed.rows, { models: snapshot.models, sites: snapshot.sites, templates: snapshot.settings.policyTemplates, takenCodes: new Set(snapshot.lots.map((l) => l.code)) }, cliContext(actor), fileName);
  if (!plan.ok) return { ok: false, errors: formatCsvErrors(plan.error, fileName) };
  const { summary } = plan.value;
  const created = [summary.newModels.length > 0 ? `new models: ${summary.newModels.join(', ')}` : '', summary.newSites.length > 0 ? `new sites: ${summary.newSites.join(', ')}` : ''].filter(Boolean);
  return { ok: true, events: plan.value.events, summary: `Imported ${summary.lots} lot${summary.lots === 1 ? '' : 's'} (${summary.units} units) from ${fileName}${created.length > 0 ? `; ${created.join('; ')}` : ''}.` };
}

function planUnits(team: TeamLedger, text: string, fileName: string, actor: string): Planned {
  const { snapshot } = team;
  const counts = new Map<string, number>();
  const bySerial = new Map<string, UnitHolder>();
  const byTag = new Map<string, UnitHolder>();
  const lotCode = new Map(snapshot.lots.map((l) => [l.id, l.code]));
  for (const u of snapshot.units) {
    counts.set(u.lotId, (counts.get(u.lotId) ?? 0) + 1);
    const holder: UnitHolder = { serial: u.serial, lotId: u.lotId, lotCode: lotCode.get(u.lotId) ?? u.lotId };
    bySerial.set(u.serial, holder);
    if (u.assetTag !== '') byTag.set(u.assetTag, holder);
  }
  const models = new Map(snapshot.models.map((m) => [m.id, m]));
  const lots = new Map<string, UnitCsvLot>(
    snapshot.lots.map((l) => [
      l.code,
      { id: l.id, code: l.code, quantity: l.quantity, trackedUnits: counts.get(l.id) ?? 0, status: l.status, siteId: l.siteId, format: modelSerialFormat(models.get(l.modelId)) },
    ]),
  );
  const parsed = parseUnitCsv(text, {
    lots,
    sites: new Map(snapshot.sites.map((s) => [s.code, s.id])),
    knownSerials: (s) => bySerial.get(s) ?? null,
    knownAssetTags: (t) => byTag.get(t) ?? null,
  });
  if (!parsed.ok) return { ok: false, errors: formatCsvErrors(parsed.errors, fileName) };
  const ctx = cliContext(actor);
  // One event per lot with the units it received, as the app writes it (renderer/db/units.ts importUnits).
  const events = parsed.batches
    .filter((b) => b.units.length > 0)
    .map((b): UnitLotEvent => {
      const lot = lots.get(b.lotCode) as UnitCsvLot;
      const units = b.units.map((u) => ({ ...u, sanitisation: u.sanitisation ?? null }));
      return {
        id: ctx.newId(), hlc: '', entity: 'lot', lotId: b.lotId, seq: lastSeqOf(team, b.lotId) + 1, at: ctx.now, date: null, actor: ctx.actor, type: 'units-received',
        from: null, to: null, quantity: units.length, before: null, after: {}, relatedLotId: null,
        note: `Imported from ${fileName}.`,
        units: encodeEventUnits(packUnits(units, () => lot.id)),
      };
    });
  return { ok: true, events, summary: `Imported ${parsed.units} unit${parsed.units === 1 ? '' : 's'} into ${events.length} lot${events.length === 1 ? '' : 's'} from ${fileName}.` };
}

export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger import: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(IMPORT_HELP);
    return EXIT_OK;
  }
  const [kind, file, extra] = positionals;
  if (kind !== 'lots' && kind !== 'units') return fail('what to import: lots or units (fleetledger import lots <file.csv> --folder <dir>)');
  if (file === undefined || file === '') return fail(`the CSV file is required (fleetledger import ${kind} <file.csv> --folder <dir>)`);
  if (extra !== undefined) return fail(`unexpected argument "${extra}" (one file at a time)`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const opened = await openTeamDevice(values.folder, values['device-name'], (message) => io.stderr(`fleetledger import: ${message}\n`));
  if (!opened.ok) return fail(opened.error);
  const { team, device } = opened.value;
  const actor = (values.actor ?? device.name).trim();
  const plan = kind === 'lots' ? planLots(team, text, basename(file), actor) : planUnits(team, text, basename(file), actor);
  if (!plan.ok) {
    for (const e of plan.errors) io.stderr(`${e}\n`);
    return fail(`nothing was imported (${plan.errors.length} problem${plan.errors.length === 1 ? '' : 's'})`, EXIT_FAILURE);
  }
  if (plan.events.length === 0) {
    io.stdout('Nothing to import: the file has no rows.\n');
    return EXIT_OK;
  }
  const written = await writeAsDevice(team, device, plan.events);
  if (!written.ok) return fail(written.error, EXIT_FAILURE);
  io.stdout(`${plan.summary}\n`);
  return EXIT_OK;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import a lots or units CSV into a team folder’s ledger, as this machine’s device',
  run: runImport,
};
