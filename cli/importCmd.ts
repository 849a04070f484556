/**
 * `fleetledger import lots|units|utilisation|rental-prices <file.csv> --folder <dir>`: imports
 * a CSV into a team's ledger as this machine's device (./teamWrite.ts), all or nothing, with the
 * app's checks and messages (shared/lotCsv.ts, shared/lotImport.ts, shared/unitCsv.ts,
 * shared/utilisation.ts, shared/rentalPriceCsv.ts): every problem is printed with its row and
 * column and nothing is written. Utilisation is what a nightly job from monitoring feeds.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeFill, formatCsvErrors, HEADER_BUT_NO_ROWS, type CsvRowError } from '../shared/csv';
import { eventWith, type LotEvent } from '../shared/events';
import { TEAM_SETTINGS_ENTITY_ID } from '../shared/ledger/teamSettings';
import type { HardwareModel } from '../shared/catalog';
import { saveModel } from '../shared/catalogChanges';
import type { Lot } from '../shared/lot';
import { editLot } from '../shared/lotChanges';
import { parseLotCsv } from '../shared/lotCsv';
import { describeRentalPriceImport, parseRentalPriceCsv, planRentalPriceImport } from '../shared/rentalPriceCsv';
import { parseUtilisationCsv, planUtilisationImport } from '../shared/utilisation';
import { planLotImport } from '../shared/lotImport';
import { parseUnitCsv, type UnitCsvLot } from '../shared/unitCsv';
import { encodeEventUnits, modelSerialFormat, packUnits, type UnitHolder, type UnitLotEvent } from '../shared/units';
import { readCommandLine } from './args';
import { counted, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { actorOption, cliContext, DEVICE_OPTIONS, DEVICE_OPTIONS_HELP, lastSeqOf, localToday, openTeamDevice, writeAsDevice } from './teamWrite';
import type { TeamLedger } from './teamLedger';
import { utf8Text } from './textFile';

export const IMPORT_HELP = `Usage: fleetledger import lots <lots.csv> --folder <dir> [options]
       fleetledger import units <units.csv> --folder <dir> [options]
       fleetledger import utilisation <utilisation.csv> --folder <dir> [options]
       fleetledger import rental-prices <prices.csv> --folder <dir> [options]

Imports a CSV into a team's ledger, read from its shared folder, as this machine's device: the
app's formats (README: "CSV format (lots)", "CSV format (units)", "CSV formats of own vs rent"),
its checks and its messages.
All or nothing: any problem is printed with its row and column, and nothing is written. Models
and sites a lots file names that the ledger lacks are created, as in the app.

Options:
${DEVICE_OPTIONS_HELP}
  -h, --help             show this help
`;

const OPTIONS = { ...DEVICE_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

type Planned = { ok: true; events: LotEvent[]; summary: string } | { ok: false; errors: string[] };

/**
 * A file with a header and no rows is nothing to import, whatever its kind: the utilisation and
 * rental price parsers call it a problem (the app's dialogs show it so), but a nightly job whose
 * month had no data must not fail where an empty lots or units file does not.
 */
const NO_ROWS: Planned = { ok: true, events: [], summary: '' };
const onlyNoRows = (errors: readonly CsvRowError[]): boolean => errors.length === 1 && errors[0]?.message === HEADER_BUT_NO_ROWS;

const KINDS = ['lots', 'units', 'utilisation', 'rental-prices'] as const;
type Kind = (typeof KINDS)[number];
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function planLots(team: TeamLedger, text: string, fileName: string, actor: string): Planned {
  const { snapshot } = team;
  const parsed = parseLotCsv(text, { existingCodes: new Set(snapshot.lots.map((l) => l.code)) });
  if (!parsed.ok) return { ok: false, errors: formatCsvErrors(parsed.errors, fileName) };
  const plan = planLotImport(parsed.rows, { models: snapshot.models, sites: snapshot.sites, suppliers: snapshot.suppliers, templates: snapshot.settings.policyTemplates, takenCodes: new Set(snapshot.lots.map((l) => l.code)) }, cliContext(actor), fileName);
  if (!plan.ok) return { ok: false, errors: formatCsvErrors(plan.error, fileName) };
  const { summary } = plan.value;
  const created = [summary.newModels.length > 0 ? `new models: ${summary.newModels.join(', ')}` : '', summary.newSites.length > 0 ? `new sites: ${summary.newSites.join(', ')}` : '', summary.newSuppliers.length > 0 ? `new suppliers: ${summary.newSuppliers.join(', ')}` : ''].filter(Boolean);
  const fills = parsed.filled.map((f) => `\n  filled in: ${describeFill(f)}`).join('');
  return { ok: true, events: plan.value.events, summary: `Imported ${counted(summary.lots, 'lot')} (${counted(summary.units, 'unit')}) from ${fileName}${created.length > 0 ? `; ${created.join('; ')}` : ''}.${fills}` };
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
  return { ok: true, events, summary: `Imported ${counted(parsed.units, 'unit')} into ${counted(events.length, 'lot')} from ${fileName}.` };
}

function planUtilisation(team: TeamLedger, text: string, fileName: string, actor: string): Planned {
  const { snapshot } = team;
  const parsed = parseUtilisationCsv(text, snapshot.lots, localToday());
  if (!parsed.ok && onlyNoRows(parsed.errors)) return NO_ROWS;
  if (!parsed.ok) return { ok: false, errors: formatCsvErrors(parsed.errors, fileName) };
  const plan = planUtilisationImport(parsed.rows, snapshot.lots);
  const ctx = cliContext(actor);
  const codes = new Set(snapshot.lots.map((l) => l.code));
  const events: LotEvent[] = [];
  for (const change of plan.changes) {
    const lot = snapshot.lots.find((l) => l.id === change.lotId) as Lot;
    const others = new Set(codes);
    others.delete(lot.code);
    const note = `Utilisation imported from ${fileName}: ${plural(change.added, 'month')} added, ${change.replaced} replaced.`;
    const r = editLot(lot, lastSeqOf(team, lot.id), { utilisation: change.utilisation }, ctx, others, note);
    if (!r.ok) return { ok: false, errors: [`${fileName}: lot ${lot.code}: ${Object.values(r.error).join(' ')}`] };
    if (r.value.event !== null) events.push(r.value.event);
  }
  return { ok: true, events, summary: `Imported utilisation from ${fileName}: ${plural(plan.added, 'month')} added, ${plural(plan.replaced, 'month')} replaced on ${plural(plan.changes.length, 'lot')}${plan.unchanged > 0 ? `; ${plural(plan.unchanged, 'row')} already recorded` : ''}.` };
}

function planRentalPrices(team: TeamLedger, text: string, fileName: string, actor: string): Planned {
  const { snapshot } = team;
  const parsed = parseRentalPriceCsv(text, snapshot.models);
  if (!parsed.ok && onlyNoRows(parsed.errors)) return NO_ROWS;
  if (!parsed.ok) return { ok: false, errors: formatCsvErrors(parsed.errors, fileName) };
  const ctx = cliContext(actor);
  const plan = planRentalPriceImport(parsed.rows, snapshot.models, snapshot.settings.categoryRentalPrices, ctx.newId);
  const events: LotEvent[] = [];
  for (const change of plan.changes) {
    const existing = snapshot.models.find((m) => m.id === change.modelId) as HardwareModel;
    const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = existing;
    const r = saveModel({ ...draft, rentalPrices: change.rentalPrices }, existing, snapshot.models, ctx);
    if (!r.ok) return { ok: false, errors: [`${fileName}: model ${change.modelLabel}: ${Object.values(r.error).join(' ')}`] };
    if (r.value.event !== null) events.push({ ...r.value.event, seq: lastSeqOf(team, existing.id) + 1, note: `${plural(change.added, 'rental price')} imported from ${fileName}.` });
  }
  // Category prices are a team setting: one settings-changed event, as the app writes it.
  if (plan.categoryPrices !== null) {
    events.push(eventWith({
      entity: 'settings', lotId: TEAM_SETTINGS_ENTITY_ID, seq: lastSeqOf(team, TEAM_SETTINGS_ENTITY_ID) + 1, at: ctx.now, actor: ctx.actor, type: 'settings-changed',
      before: { categoryRentalPrices: snapshot.settings.categoryRentalPrices } as LotEvent['before'], after: { categoryRentalPrices: plan.categoryPrices } as LotEvent['after'],
      note: `${plural(plan.categoryAdded.reduce((n, c) => n + c.added, 0), 'category rental price')} imported from ${fileName}.`,
    }));
  }
  return { ok: true, events, summary: `Imported ${describeRentalPriceImport(plan)} from ${fileName}${plan.unchanged > 0 ? `; ${plan.unchanged} already in the book` : ''}.` };
}

const PLANNERS: Readonly<Record<Kind, (team: TeamLedger, text: string, fileName: string, actor: string) => Planned>> = {
  lots: planLots,
  units: planUnits,
  utilisation: planUtilisation,
  'rental-prices': planRentalPrices,
};

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
  if (!(KINDS as readonly (string | undefined)[]).includes(kind)) return fail(`what to import: ${KINDS.join(', ')} (fleetledger import lots <file.csv> --folder <dir>)`);
  if (file === undefined || file === '') return fail(`the CSV file is required (fleetledger import ${kind} <file.csv> --folder <dir>)`);
  if (extra !== undefined) return fail(`unexpected argument "${extra}" (one file at a time)`);
  const actorName = actorOption(values.actor);
  if (!actorName.ok) return fail(actorName.error);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return fail(`${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const decoded = utf8Text(bytes, basename(file));
  if (!decoded.ok) {
    io.stderr(`${decoded.error}\n`);
    return fail('nothing was imported (1 problem)', EXIT_FAILURE);
  }
  const text = decoded.value;
  const opened = await openTeamDevice(values.folder, values['device-name'], (message) => io.stderr(`fleetledger import: ${message}\n`));
  if (!opened.ok) return fail(opened.error);
  const { team, device } = opened.value;
  const actor = actorName.value ?? device.name;
  const plan = PLANNERS[kind as Kind](team, text, basename(file), actor);
  if (!plan.ok) {
    for (const e of plan.errors) io.stderr(`${e}\n`);
    return fail(`nothing was imported (${plan.errors.length} problem${plan.errors.length === 1 ? '' : 's'})`, EXIT_FAILURE);
  }
  if (plan.events.length === 0) {
    io.stdout(kind === 'lots' || kind === 'units' || plan === NO_ROWS ? 'Nothing to import: the file has no rows.\n' : `Nothing to import: the ledger already holds every row of ${basename(file)}.\n`);
    return EXIT_OK;
  }
  const written = await writeAsDevice(team, device, plan.events);
  if (!written.ok) return fail(written.error, EXIT_FAILURE);
  io.stdout(`${plan.summary}\n`);
  return EXIT_OK;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import a lots, units, utilisation or rental prices CSV into a team folder’s ledger, as this machine’s device',
  run: runImport,
};
