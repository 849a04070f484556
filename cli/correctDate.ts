/**
 * `fleetledger correct-date <lotCode> --date D --folder <dir>`: corrects the date of a lot's latest
 * move (typed 2026-01-03 for 2026-03-01) in a team's ledger, as the CLI device (./teamWrite.ts),
 * with the app's checks and messages (shared/lotChanges.ts correctMoveDate, the lot page's
 * *Correct the last move’s date…*).
 */
import { parseIsoDate } from '../shared/dates';
import { STATUS_LABELS } from '../shared/lifecycle';
import type { Lot } from '../shared/lot';
import { correctableMoveOf, correctMoveDate } from '../shared/lotChanges';
import { sanitisedAfter } from '../shared/units';
import { readCommandLine } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { actorOption, cliContext, DEVICE_OPTIONS, DEVICE_OPTIONS_HELP, lastSeqOf, teamLotOfCode, localToday, openTeamDevice, writeAsDevice } from './teamWrite';

export const CORRECT_DATE_HELP = `Usage: fleetledger correct-date <lotCode> --date <YYYY-MM-DD> --folder <dir> [options]

Corrects the date of a lot's latest move, typed wrong, in a team's ledger, as this machine's
device in the team folder: the same checks and messages as the app's "Correct the last move’s
date…" on the lot's page. The lot's dates that came from the move (the received date of a receipt,
the in-service date of a first move into service, the disposal date) change with it; the history
keeps both dates. A split, the part move that made a lot and a sale's disposal cannot be corrected.

Options:
  --date <YYYY-MM-DD>          the day the move happened (required)
  --reason <text>              why, kept in the history (optional)
${DEVICE_OPTIONS_HELP}
  -h, --help                   show this help
`;

const OPTIONS = {
  date: { type: 'string' },
  reason: { type: 'string' },
  ...DEVICE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The lot date fields a correction changes with the move, as the app's dialog names them. */
const FIELD_WORDS: Partial<Record<keyof Lot, string>> = {
  purchaseDate: 'purchase date',
  receivedDate: 'received date',
  inServiceDate: 'in-service date',
  disposedDate: 'disposal date',
};

export async function runCorrectDate(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger correct-date: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(CORRECT_DATE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return fail(positionals.length === 0 ? 'the lot code is required (fleetledger correct-date <lotCode> --date <YYYY-MM-DD> …)' : `one lot code, not ${positionals.length}`);
  const code = positionals[0] as string;
  if (values.date === undefined) return fail('--date: required (the day the move happened, YYYY-MM-DD)');
  const date = parseIsoDate(values.date);
  if (!date.ok) return fail(`--date: ${date.error}`);
  const actorName = actorOption(values.actor);
  if (!actorName.ok) return fail(actorName.error);
  const opened = await openTeamDevice(values.folder, values['device-name'], (text) => io.stderr(`fleetledger correct-date: ${text}\n`));
  if (!opened.ok) return fail(opened.error);
  const { team, device } = opened.value;
  const ofCode = teamLotOfCode(team, code);
  if (!ofCode.ok) return fail(ofCode.error, EXIT_FAILURE);
  const lot = ofCode.value;
  const events = team.events.filter((e) => e.lotId === lot.id);
  const parentCode = team.snapshot.lots.find((l) => l.id === lot.parentId)?.code;
  const found = correctableMoveOf(lot, events, parentCode);
  if (!found.ok) return fail(found.error, EXIT_FAILURE);
  // A disposal may not be dated before its units' sanitisation, as the move itself may not (the app's command).
  const model = team.snapshot.models.find((m) => m.id === lot.modelId);
  const late = lot.status === 'disposed' ? sanitisedAfter(team.snapshot.units.filter((u) => u.lotId === lot.id), model?.storageBearing ?? false, date.value) : [];
  const actor = actorName.value ?? device.name;
  const corrected = correctMoveDate(lot, events, lastSeqOf(team, lot.id), date.value, cliContext(actor), {
    today: localToday(),
    fiscalYearStart: team.snapshot.settings.fiscalYearStart,
    ...(parentCode !== undefined ? { parentCode } : {}),
    sanitisedAfter: late,
  }, values.reason ?? '');
  if (!corrected.ok) return fail(corrected.error, EXIT_FAILURE);
  const written = await writeAsDevice(team, device, [corrected.value.event]);
  if (!written.ok) return fail(written.error, EXIT_FAILURE);
  const { move, date: was, fields } = found.value;
  const moved = move.to === null ? 'move' : `move to ${STATUS_LABELS[move.to]}`;
  const follow = fields.length > 0 ? `; its ${fields.map((f) => FIELD_WORDS[f] ?? f).join(' and ')} with it` : '';
  io.stdout(`Corrected the date of ${lot.code}’s ${moved} from ${was} to ${date.value}${follow}.\n`);
  return EXIT_OK;
}

export const correctDateCommand: CliCommand = {
  name: 'correct-date',
  summary: 'correct the date of a lot’s latest move in a team folder’s ledger, as this machine’s device',
  run: runCorrectDate,
};
