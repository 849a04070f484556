/**
 * `fleetledger move <lotCode> --to <status> [--quantity N] [--date D] … --folder <dir>`: moves a
 * lot (or part of it: a split) through its lifecycle in a team's ledger, as the CLI device
 * (./teamWrite.ts), with the app's guards and messages (shared/lotChanges.ts moveLot) and the
 * team's move checklists (tick items with --check).
 */
import { parseCountryCode } from '../shared/compliance';
import { checklistFor, settleAnswers } from '../shared/checklists';
import { isDisposition, isLotStatus, LOT_STATUSES, type LotStatus } from '../shared/lifecycle';
import { lastMoveOf, moveComplianceOf, moveLot, type MoveRequest } from '../shared/lotChanges';
import type { Lot } from '../shared/lot';
import { ownSaleObservation } from '../shared/market';
import { describeObservation, observedEvent } from '../shared/marketEvents';
import { parseIsoDate } from '../shared/dates';
import { parseMoney } from '../shared/money';
import { err, ok, type Result } from '../shared/result';
import { sanitisedAfter, splitUnits, unsanitisedUnits, type UnitLotEvent } from '../shared/units';
import { readCommandLine, type OptionValues } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { actorOption, cliContext, DEVICE_OPTIONS, DEVICE_OPTIONS_HELP, lastSeqOf, teamLotOfCode, localToday, openTeamDevice, writeAsDevice } from './teamWrite';

export const MOVE_HELP = `Usage: fleetledger move <lotCode> --to <status> --folder <dir> [options]

Moves a lot of a team's ledger to another lifecycle status, as this machine's device in the team
folder: the same guards and messages as the app's Move dialog. Fewer units than the lot holds
(--quantity) split it: the part that moves becomes a new lot. The change is written into the
folder at once; every device takes it in at its next sync.

Options:
  --to <status>                ${LOT_STATUSES.join(', ')}
  --quantity <n>               how many units move (default: all of them)
  --date <YYYY-MM-DD>          the date the move takes effect (default: today)
  --po <number>                the purchase order (a move to ordered needs one)
  --site <code>                the site the lot goes to (in service, staged, spare, rma)
  --in-service-date <date>     the in-service date (a move into service; default the lot's, else the move date)
  --replacement-plan <text>    the plan (a move to replacing needs one, or a note)
  --disposition <kind>         sold, recycled, donated, returned, scrapped (a disposal)
  --proceeds <amount>          what a disposal brought, in the lot's currency (e.g. 1200.00)
  --buyer <name>               who a disposal goes to
  --buyer-country <code>       the buyer's country, ISO 3166 (a buyer abroad is a transfer)
                               (--po to --buyer-country: a move to another status refuses them)
  --licence <reference>        the licence for a transfer abroad the team's compliance policy
                               requires one for (recorded on the move); refused on a move that
                               is not a transfer
  --note <text>                a note on the move
  --check <label>              tick an item of the target status's checklist (repeat per item)
  --unit <serial>              a tracked unit that moves with a part move (repeat per unit; a
                               lot whose units are all tracked needs every moving one named)
${DEVICE_OPTIONS_HELP}
  -h, --help                   show this help
`;

const OPTIONS = {
  to: { type: 'string' },
  quantity: { type: 'string' },
  date: { type: 'string' },
  po: { type: 'string' },
  site: { type: 'string' },
  'in-service-date': { type: 'string' },
  'replacement-plan': { type: 'string' },
  disposition: { type: 'string' },
  proceeds: { type: 'string' },
  buyer: { type: 'string' },
  'buyer-country': { type: 'string' },
  licence: { type: 'string' },
  note: { type: 'string' },
  check: { type: 'string', multiple: true },
  unit: { type: 'string', multiple: true },
  ...DEVICE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options only some target statuses take (renderer/features/lots/MoveDialog.tsx shows their fields only for these). */
const TARGET_OPTIONS: readonly (readonly ['po' | 'site' | 'in-service-date' | 'replacement-plan' | 'disposition' | 'proceeds' | 'buyer' | 'buyer-country', readonly LotStatus[]])[] = [
  ['po', ['ordered']],
  ['site', ['in-service', 'staged', 'spare', 'rma']],
  ['in-service-date', ['in-service']],
  ['replacement-plan', ['replacing']],
  ['disposition', ['disposed']],
  ['proceeds', ['disposed']],
  ['buyer', ['disposed']],
  ['buyer-country', ['disposed']],
];

export async function runMove(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger move: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(MOVE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return fail(positionals.length === 0 ? 'the lot code is required (fleetledger move <lotCode> --to <status> …)' : `one lot code, not ${positionals.length}`);
  const code = positionals[0] as string;
  if (values.to === undefined || !isLotStatus(values.to)) return fail(`--to: one of ${LOT_STATUSES.join(', ')}`);
  // What the target status does not take is refused, not dropped: the app's Move dialog offers it only for these.
  for (const [flag, targets] of TARGET_OPTIONS) {
    if (values[flag] !== undefined && !targets.includes(values.to)) return fail(`--${flag}: not for a move to ${values.to} (only to ${targets.join(', ')})`);
  }
  // A date that is not one is a bad argument, named as such: the move's guard would say it "needs a date".
  for (const flag of ['date', 'in-service-date'] as const) {
    const text = values[flag];
    const date = text === undefined ? null : parseIsoDate(text);
    if (date !== null && !date.ok) return fail(`--${flag}: ${date.error}`);
  }
  const actorName = actorOption(values.actor);
  if (!actorName.ok) return fail(actorName.error);
  const opened = await openTeamDevice(values.folder, values['device-name'], (text) => io.stderr(`fleetledger move: ${text}\n`));
  if (!opened.ok) return fail(opened.error);
  const { team, device } = opened.value;
  const found = teamLotOfCode(team, code);
  if (!found.ok) return fail(found.error, EXIT_FAILURE);
  const lot = found.value;
  const request = moveRequest(values, lot.quantity, lot.currency, team.snapshot.sites);
  if (!request.ok) return fail(request.error);
  // The checklist is the team's (its settings); which items are required is never the caller's to say.
  const items = checklistFor(team.snapshot.settings.checklists, request.value.to);
  const ticked = values.check ?? [];
  const unknown = ticked.filter((t) => !items.some((i) => i.label === t.trim()));
  if (unknown.length > 0) return fail(`--check: the ${request.value.to} checklist has no item ${unknown.map((u) => `“${u}”`).join(', ')} (it has: ${items.map((i) => `“${i.label}”`).join(', ') || 'none'})`);
  const checklist = settleAnswers(items, ticked.length > 0 ? items.map((i) => ({ label: i.label, required: i.required, ticked: ticked.some((t) => t.trim() === i.label) })) : undefined);
  const req: MoveRequest = checklist === undefined ? request.value : { ...request.value, checklist };
  const actor = actorName.value ?? device.name;
  // Tracked units go with the move as in the app: the named ones follow a split (every one a whole move).
  const split = splitUnits(lot, team.snapshot.units.filter((u) => u.lotId === lot.id), req.quantity, values.unit ?? []);
  if (!split.ok) return fail(split.error, EXIT_FAILURE);
  const model = team.snapshot.models.find((m) => m.id === lot.modelId);
  const moved = moveLot(lot, lastSeqOf(team, lot.id), req, cliContext(actor), {
    takenCodes: new Set(team.snapshot.lots.map((l) => l.code)),
    unsanitisedUnits: req.to === 'disposed' ? unsanitisedUnits(split.value.moving, model?.storageBearing ?? false) : [],
    sanitisedAfter: req.to === 'disposed' ? sanitisedAfter(split.value.moving, model?.storageBearing ?? false, req.date) : [],
    compliance: moveComplianceOf(team.snapshot.settings.compliancePolicy, model, team.snapshot.sites),
    today: localToday(),
    lastMove: lastMoveOf(team.events.filter((e) => e.lotId === lot.id), team.snapshot.lots.find((l) => l.id === lot.parentId)?.code),
  });
  if (!moved.ok) return fail(moved.error, EXIT_FAILURE);
  // A licence reference is recorded on a transfer only: on any other move it would be dropped unsaid.
  if (values.licence !== undefined && !moved.value.events.some((e) => e.transfer !== undefined)) {
    return fail(`--licence: moving ${lot.code} to ${req.to} is not a transfer to another country (the team's compliance policy, the sites' countries), so no licence reference is recorded; nothing was written`);
  }
  const events: UnitLotEvent[] = moved.value.events.map((e) => (e.type === 'split' && split.value.moving.length > 0 ? { ...e, serials: split.value.moving.map((u) => u.serial) } : e));
  // A sale is a price the market paid: recorded on the model as the app records it (source "own sale").
  const ctx = cliContext(actor);
  const sold = ownSaleObservation(moved.value.lots[1] ?? (moved.value.lots[0] as Lot), { id: ctx.newId(), createdAt: ctx.now });
  if (sold !== null) events.push(observedEvent(ctx, sold, lastSeqOf(team, sold.modelId) + 1, `${describeObservation(sold)}.`));
  const written = await writeAsDevice(team, device, events);
  if (!written.ok) return fail(written.error, EXIT_FAILURE);
  const [first, second] = moved.value.lots;
  io.stdout(second !== undefined ? `Moved ${req.quantity} of ${lot.code} to ${req.to} as ${second.code}; ${first!.quantity} stay in ${lot.code}.\n` : `Moved ${lot.code} to ${req.to}.\n`);
  return EXIT_OK;
}

type Values = OptionValues<typeof OPTIONS>;

function moveRequest(values: Values, lotQuantity: number, currency: string, sites: readonly { id: string; code: string }[]): Result<MoveRequest> {
  const to = values.to;
  if (to === undefined || !isLotStatus(to)) return err(`--to: one of ${LOT_STATUSES.join(', ')}`);
  let quantity = lotQuantity;
  if (values.quantity !== undefined) {
    if (!/^\d+$/u.test(values.quantity)) return err(`--quantity: a whole number, not “${values.quantity}”`);
    quantity = Number(values.quantity);
  }
  const req: MoveRequest = { to, quantity, date: values.date?.trim() ?? localToday() };
  if (values.note !== undefined) req.note = values.note;
  if (values.po !== undefined) req.poNumber = values.po;
  if (values.site !== undefined) {
    const site = sites.find((s) => s.code.toLowerCase() === values.site?.trim().toLowerCase());
    if (site === undefined) return err(`--site: no site ${values.site} (sites: ${sites.map((s) => s.code).join(', ') || 'none'})`);
    req.siteId = site.id;
  }
  if (values['in-service-date'] !== undefined) req.inServiceDate = values['in-service-date'].trim();
  if (values['replacement-plan'] !== undefined) req.replacementPlan = values['replacement-plan'];
  if (values.disposition !== undefined) {
    if (!isDisposition(values.disposition)) return err('--disposition: one of sold, recycled, donated, returned, scrapped');
    req.disposition = values.disposition;
  }
  if (values.proceeds !== undefined) {
    const amount = parseMoney(values.proceeds, currency);
    if (!amount.ok) return err(`--proceeds: ${amount.error}`);
    req.proceeds = amount.value;
  }
  if (values.buyer !== undefined || values['buyer-country'] !== undefined) {
    const country = values['buyer-country'] === undefined ? null : parseCountryCode(values['buyer-country']);
    if (values['buyer-country'] !== undefined && country === null) return err(`--buyer-country: an ISO 3166 code such as DE, not “${values['buyer-country']}”`);
    req.buyer = { name: values.buyer ?? '', country };
  }
  if (values.licence !== undefined) req.licenceReference = values.licence;
  return ok(req);
}

export const moveCommand: CliCommand = {
  name: 'move',
  summary: 'move a lot of a team folder’s ledger to another status (or part of it: a split), as this machine’s device',
  run: runMove,
};
