/**
 * Where a reading command gets a ledger: a verified `.fleetledger` backup (`--ledger <file>`) or
 * a team's shared folder (`--folder <dir>`, every device's changes read and merged; what cannot
 * be read is passed to `warn` and left out).
 */
import type { LotEvent } from '../shared/events';
import type { LedgerSnapshot } from '../shared/ledger/fold';
import { err, ok, type Result } from '../shared/result';
import { readLedgerFile } from './ledgerFile';
import { readTeamLedger } from './teamLedger';

export type LedgerSource = { ledger: string } | { folder: string };

export interface SourcedLedger {
  events: LotEvent[];
  snapshot: LedgerSnapshot;
  ledgerId: string;
  ledgerName: string;
  createdAt: string;
}

/** The source `--ledger` / `--folder` name (exactly one), or what is wrong with them. */
export function ledgerSourceOf(values: { ledger?: string; folder?: string }): Result<LedgerSource> {
  // Given but empty (`--folder "$SHARE"` with SHARE unset) is named as such, not as the other one missing.
  if (values.ledger === '') return err('--ledger: needs a file name');
  if (values.folder === '') return err('--folder: needs a folder');
  const ledger = values.ledger ?? '';
  const folder = values.folder ?? '';
  if (ledger === '' && folder === '') return err('--ledger: required (a .fleetledger backup), or --folder (a team folder)');
  if (ledger !== '' && folder !== '') return err('--folder: give --ledger or --folder, not both');
  return ok(ledger !== '' ? { ledger } : { folder });
}

export async function readLedgerSource(source: LedgerSource, warn: (text: string) => void): Promise<Result<SourcedLedger>> {
  if ('ledger' in source) {
    const read = await readLedgerFile(source.ledger);
    if (!read.ok) return err(read.error.kind === 'unreadable' ? `--ledger: ${read.error.message}` : `--ledger: ${source.ledger}: ${read.error.message}`);
    const { header, contents } = read.value;
    return ok({ events: contents.events, snapshot: contents.snapshot, ledgerId: header.ledgerId, ledgerName: header.ledgerName, createdAt: header.createdAt });
  }
  const team = await readTeamLedger(source.folder);
  if (!team.ok) return err(`--folder: ${team.error}`);
  for (const p of team.value.problems) warn(`warning: ${p}`);
  const { events, snapshot, manifest } = team.value;
  return ok({ events, snapshot, ledgerId: manifest.ledgerId, ledgerName: snapshot.settings.ledgerName, createdAt: manifest.createdAt });
}
