/**
 * The command line as a device of a team (issue 10): the writing commands (`ledger init`,
 * `import lots|units`, `move`, `correct-date`) read the team's ledger from its shared folder, compute the change
 * with the same shared code and guards the app uses, and write it into the CLI device's own
 * `devices/<deviceId>/` as the app does (shared/sync/folderSync.ts syncFolder: a segment, then
 * the head).
 *
 * The CLI device is known by its name (`--device-name`, by default "fleetledger CLI on
 * <host>"): this machine keeps the id it gave each name, per ledger, in `cli-devices.json` in its
 * configuration folder ({@link cliHome}), so later runs continue that device's chain. A name
 * another device in the folder already carries (an app's, another machine's CLI) is refused: the
 * CLI never writes under an id it did not make.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LocalDay } from '../shared/dates';
import { basisFor, type LotEvent } from '../shared/events';
import type { Uuid } from '../shared/ids';
import { isDeviceId, parseEventId, stampEvents, type DeviceId } from '../shared/ledger/clock';
import type { ChangeContext } from '../shared/lotChanges';
import type { Lot } from '../shared/lot';
import { err, ok, type Result } from '../shared/result';
import { classifyDeviceFile, readDeviceChain } from '../shared/sync/folderFormat';
import { EMPTY_SYNC_STATE, syncFolder, type SyncLedger } from '../shared/sync/folderSync';
import { writeFileAtomically } from '../electron/fileIo';
import { diskFolder } from '../electron/teamFolder';
import { NODE_CHAIN_DEPS, readTeamLedger, type TeamLedger } from './teamLedger';

/** The longest device name (the app's device name field takes as many). */
const MAX_DEVICE_NAME_LENGTH = 80;

/**
 * "fleetledger CLI on <host name>", cut to a device name's length: a container's host name may
 * have 63 characters, and the name the user did not give must not refuse every writing command.
 */
export const DEFAULT_DEVICE_NAME = `fleetledger CLI on ${hostname()}`.slice(0, MAX_DEVICE_NAME_LENGTH).trim();

/** The CLI's device in a team folder. */
export interface CliDevice {
  id: DeviceId;
  name: string;
  /** Its last event's counter (0 for a new device). */
  counter: number;
}

/** This machine's configuration folder for the CLI: FLEETLEDGER_CLI_HOME, else $XDG_CONFIG_HOME/fleetledger, else ~/.config/fleetledger. */
export function cliHome(): string {
  const own = process.env.FLEETLEDGER_CLI_HOME;
  if (own !== undefined && own !== '') return own;
  const xdg = process.env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.config'), 'fleetledger');
}

const DEVICES_FILE = 'cli-devices.json';
const deviceKey = (ledgerId: string, name: string): string => `${ledgerId} ${name}`;

async function readDeviceIds(): Promise<Record<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(join(cliHome(), DEVICES_FILE), 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The CLI's device named `name` in this ledger: the one this machine made before (its counter
 * where its confirmed chain ends), or a new one, recorded before anything is written. Refused
 * when another device in the folder carries the name.
 */
export async function cliDevice(team: TeamLedger, name: string): Promise<Result<CliDevice>> {
  const ids = await readDeviceIds();
  const key = deviceKey(team.manifest.ledgerId, name);
  const known = ids[key];
  if (known !== undefined && isDeviceId(known)) {
    return ok({ id: known, name, counter: team.devices.find((d) => d.device === known)?.events ?? 0 });
  }
  if (team.devices.some((d) => d.name === name)) return err(`--device-name: a device named “${name}” already writes to this folder, and not from this machine; give this machine's command line its own name`);
  const id = crypto.randomUUID();
  try {
    await mkdir(cliHome(), { recursive: true });
    await writeFileAtomically(join(cliHome(), DEVICES_FILE), `${JSON.stringify({ ...ids, [key]: id }, null, 2)}\n`);
  } catch (error) {
    return err(`the device id could not be kept in ${cliHome()} (${error instanceof Error ? error.message : String(error)}); nothing was written`);
  }
  return ok({ id, name, counter: 0 });
}

/** A change context for the CLI: now, fresh ids, the actor. */
export function cliContext(actor: string): ChangeContext {
  return { now: new Date().toISOString(), newId: () => crypto.randomUUID(), actor: actor.trim() || 'fleetledger CLI' };
}

/** The one lot of the team's ledger with this code, or why there is none to change (no such lot; two devices made one code). */
export function teamLotOfCode(team: TeamLedger, code: string): Result<Lot> {
  const lots = team.snapshot.lots.filter((l) => l.code === code);
  if (lots.length === 0) return err(`no lot ${code} in the ledger`);
  if (lots.length > 1) return err(`${lots.length} lots have the code ${code} (a conflict between devices: rename one in the app)`);
  return ok(lots[0] as Lot);
}

/** The last `seq` of a record in the team's ledger (0: none), which its next event continues. */
export function lastSeqOf(team: TeamLedger, recordId: Uuid): number {
  return team.lastSeqs.get(recordId) ?? 0;
}

/**
 * Writes `events` (built by the shared commands, with `seq`s after {@link lastSeqOf}) as the CLI
 * device's next events: ids and clock stamps after everything in the folder, each event's basis
 * from what the folder holds, then a segment and the head. Returns the events as written.
 */
export async function writeAsDevice(team: TeamLedger, device: CliDevice, events: readonly LotEvent[], nowMs: number = Date.now()): Promise<Result<LotEvent[]>> {
  // Put back for this device when the folder was made anew, and not all here yet: its next
  // changes would take numbers the put-back segments already hold (shared/sync/folderSync.ts).
  const awaited = team.manifest.putBack?.[device.id];
  if (awaited !== undefined && device.counter < awaited) {
    return err(`the team folder was made anew with the device “${device.name}”’s changes up to ${awaited} put back, and this machine has them only up to ${device.counter}: the sync tool is still copying them. Nothing was written; run the command again once they are here`);
  }
  let clock: string | null = null;
  const tips = new Map<Uuid, string>();
  for (const e of team.events) {
    if (clock === null || e.hlc > clock) clock = e.hlc;
    tips.set(e.lotId, e.id);
  }
  const { ids, stamps } = stampEvents({ device: device.id, counter: device.counter, clock }, events.length, nowMs);
  const written = events.map((e, i) => {
    const id = ids[i] as string;
    const basis = basisFor(e, tips);
    tips.set(e.lotId, id);
    return { ...e, id, hlc: stamps[i] as string, basis };
  });
  const own = [...team.events.filter((e) => parseEventId(e.id)?.device === device.id), ...written];
  const heads: Record<DeviceId, number> = {};
  for (const e of [...team.events, ...written]) {
    const id = parseEventId(e.id);
    if (id !== null && id.counter > (heads[id.device] ?? 0)) heads[id.device] = id.counter;
  }
  // The folder names more of this device than this run read: another run as the same device
  // (two shells, the same --device-name) wrote meanwhile, and this run's events took the same
  // ids as its. None of them is written then (not just those past what the other wrote).
  let overtakenAt: number | null = null;
  const ledger: SyncLedger = {
    ledgerId: team.manifest.ledgerId,
    ledgerName: team.manifest.ledgerName,
    deviceId: device.id,
    deviceName: device.name,
    ownCounter: () => Promise.resolve(device.counter + written.length),
    heads: () => Promise.resolve(heads),
    ownEventsAfter: (after) => {
      if (after > device.counter) {
        overtakenAt = after;
        return Promise.resolve([]);
      }
      return Promise.resolve(own.filter((e) => (parseEventId(e.id)?.counter ?? 0) > after));
    },
    // Everything in the folder was read before the change was made; nothing more is taken in.
    apply: (incoming) => Promise.resolve({ applied: 0, known: incoming.length, problems: [] }),
  };
  const round = await syncFolder(ledger, diskFolder(team.root), EMPTY_SYNC_STATE, { ...NODE_CHAIN_DEPS, gzip: (text) => gzipSync(text), now: () => new Date(nowMs).toISOString() });
  if (!round.ok) return round;
  if (overtakenAt !== null || round.value.pushed !== written.length) {
    const since = overtakenAt === null ? '' : ` (the folder holds its events up to ${overtakenAt}, this run read them up to ${device.counter})`;
    return err(`another run as the device “${device.name}” wrote to the team folder since this one read it${since}; nothing was written: run the command again`);
  }
  return ok(written);
}

/** Today's date where the command runs (YYYY-MM-DD, local time): a move's default date, as in the app. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The calendar day of an instant where the command runs: what a record without a business date is dated, as in the app. */
export const localDay: LocalDay = (ts) => localToday(new Date(ts));

/** The options every writing command takes. */
export const DEVICE_OPTIONS = {
  folder: { type: 'string' },
  'device-name': { type: 'string' },
  actor: { type: 'string' },
} as const;

export const DEVICE_OPTIONS_HELP = `  --folder <dir>         the folder the team shares (or the ledger's fleetledger-… folder in it)
  --device-name <text>   this machine's device name in the folder (default "${DEFAULT_DEVICE_NAME}");
                         this machine keeps the device's id, so its changes continue there;
                         a name another device in the folder carries is refused
  --actor <name>         who makes the change, as history shows it (default: the device name)`;

/** Reads the team's ledger and finds the CLI's device in it; what cannot be read is passed to `warn`. */
/** The CLI device's name, `--device-name` or the default, trimmed; refused unless 1 to 80 characters with no control characters. */
export function deviceNameOption(deviceName: string | undefined): Result<string> {
  const name = (deviceName ?? DEFAULT_DEVICE_NAME).trim();
  if (name === '' || name.length > MAX_DEVICE_NAME_LENGTH || /\p{Cc}/u.test(name)) return err(`--device-name: 1 to ${MAX_DEVICE_NAME_LENGTH} characters, no control characters`);
  return ok(name);
}

/**
 * `--actor`, trimmed (absent: the device name is used); refused when empty or when it holds a
 * line break or another control character: history names the actor on one line, as the app's
 * one-line "Your name" field holds it, and a refused name must be refused before anything is written.
 */
export function actorOption(actor: string | undefined): Result<string | undefined> {
  if (actor === undefined) return ok(undefined);
  const name = actor.trim();
  if (name === '' || /\p{Cc}/u.test(name)) return err('--actor: a name on one line, not empty (no line breaks or control characters)');
  return ok(name);
}

export async function openTeamDevice(folder: string | undefined, deviceName: string | undefined, warn: (text: string) => void): Promise<Result<{ team: TeamLedger; device: CliDevice }>> {
  if (folder === undefined || folder === '') return err('--folder: required (the team folder)');
  const checked = deviceNameOption(deviceName);
  if (!checked.ok) return checked;
  const name = checked.value;
  const team = await readTeamLedger(folder);
  if (!team.ok) return err(`--folder: ${team.error}`);
  for (const p of team.value.problems) warn(`warning: ${p}`);
  const device = await cliDevice(team.value, name);
  if (!device.ok) return device;
  // A run of this device cut off between its segment and its head left a segment nothing names
  // yet: it is this device's, and its events come before anything this run makes (else the new
  // events would take the same ids, and every later run would be refused as another installation).
  const confirmed = await confirmOwnSegments(team.value, device.value);
  if (!confirmed.ok) return confirmed;
  if (!confirmed.value) return ok({ team: team.value, device: device.value });
  const again = await readTeamLedger(folder);
  if (!again.ok) return err(`--folder: ${again.error}`);
  return ok({ team: again.value, device: { ...device.value, counter: again.value.devices.find((d) => d.device === device.value.id)?.events ?? device.value.counter } });
}

/**
 * Writes the head of the CLI device's segments that follow its confirmed chain (each the next
 * one, linking on) but that no head names: a run cut off after writing them. True when it did.
 */
async function confirmOwnSegments(team: TeamLedger, device: CliDevice): Promise<Result<boolean>> {
  const folder = diskFolder(team.root);
  const listed = (await folder.listDevices()).find((d) => d.device === device.id);
  if (listed === undefined) return ok(false);
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const f of listed.files) {
    const bytes = await folder.readFile(device.id, f.name);
    if (bytes !== null) files.push({ name: f.name, bytes });
  }
  // Every segment in the folder vouched for (this device wrote them): the chain reader then takes
  // those no head names yet wherever each is the next one and links on, as it checks any other.
  const vouched = new Map<number, string>();
  for (const f of files) {
    const kind = classifyDeviceFile(f.name);
    if (kind.kind === 'segment') vouched.set(kind.index, await NODE_CHAIN_DEPS.sha256Bytes(f.bytes));
  }
  const chain = await readDeviceChain(device.id, files, NODE_CHAIN_DEPS, null, vouched);
  if (chain.lastCounter <= device.counter) return ok(false);
  const own = chain.events;
  const lastCounter = chain.lastCounter;
  const ledger: SyncLedger = {
    ledgerId: team.manifest.ledgerId,
    ledgerName: team.manifest.ledgerName,
    deviceId: device.id,
    deviceName: device.name,
    ownCounter: () => Promise.resolve(lastCounter),
    heads: () => Promise.resolve({}),
    ownEventsAfter: (after) => Promise.resolve(own.filter((e) => (parseEventId(e.id)?.counter ?? 0) > after)),
    apply: (incoming) => Promise.resolve({ applied: 0, known: incoming.length, problems: [] }),
  };
  const round = await syncFolder(ledger, folder, EMPTY_SYNC_STATE, { ...NODE_CHAIN_DEPS, gzip: (text) => gzipSync(text), now: () => new Date().toISOString() });
  return round.ok ? ok(true) : round;
}
