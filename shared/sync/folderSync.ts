/**
 * One round of folder sync (issue 10, LEDGER.md §3): this device's new events written to the
 * team folder as segments, then every other device's new segments read, checked and taken in.
 * Transport-agnostic and pure: the folder is reached through {@link FolderTransport} (Node `fs`
 * in the desktop main process and the CLI, the File System Access API in a browser, memory in
 * tests), and the ledger through {@link SyncLedger} (IndexedDB in the app, memory in the CLI).
 */
import type { LotEvent } from '../events';
import { isDeviceId, type DeviceId } from '../ledger/clock';
import { err, ok, type Result } from '../result';
import {
  chainSegments,
  classifyDeviceFile,
  decodeSegmentText,
  deviceWords,
  encodeHead,
  encodeManifest,
  eventsByDevice,
  HEAD_FILE,
  readDeviceChain,
  readHead,
  readManifest,
  sameEventContent,
  segmentFileName,
  takingInWords,
  type ChainDeps,
  type ChainPoint,
  type DeviceHead,
  type FolderProblem,
} from './folderFormat';

/** A file in a device's folder, as listed. */
export interface FolderFile {
  name: string;
  size: number;
}

/** The ledger's folder (`fleetledger-<ledgerId>/`), whatever holds it. */
export interface FolderTransport {
  /** `ledger.json`'s text, or null when there is none. */
  readManifest(): Promise<string | null>;
  /** Writes `ledger.json` whole (temporary name, then rename). */
  writeManifest(text: string): Promise<void>;
  /** Every device folder under `devices/`, with its files. */
  listDevices(): Promise<{ device: string; files: FolderFile[] }[]>;
  /** A file's bytes; null when it is gone (a sync tool moved it meanwhile). */
  readFile(device: DeviceId, name: string): Promise<Uint8Array | null>;
  /** Writes a file into `devices/<device>/` whole: under a temporary name, then renamed. */
  writeFile(device: DeviceId, name: string, bytes: Uint8Array): Promise<void>;
}

/** The ledger on this device, as folder sync needs it. */
export interface SyncLedger {
  ledgerId: string;
  ledgerName: string;
  deviceId: DeviceId;
  deviceName: string;
  /** How far this device's own events go (its counter). */
  ownCounter(): Promise<number>;
  /** How far this ledger holds each device's events (deviceId → counter). */
  heads(): Promise<Record<DeviceId, number>>;
  /** This device's own events with counters above `after`, oldest first. */
  ownEventsAfter(after: number): Promise<LotEvent[]>;
  /** Takes other devices' events in (renderer/db/ledger.ts applyRemoteEvents in the app). */
  apply(events: LotEvent[]): Promise<{ applied: number; known: number; problems: string[] }>;
}

export interface SyncDeps extends ChainDeps {
  gzip(text: string): Uint8Array;
  /** Now, as an ISO timestamp (shared/ reads no clock). */
  now(): string;
}

/** What this device has read of each other device's chain and written of its own: a cache, kept with the device's settings. */
export interface SyncState {
  own: ChainPoint;
  devices: Record<DeviceId, ChainPoint>;
  /**
   * The `createdAt` of the team folder (its ledger.json) in which this device's chain, put back
   * for it when the folder was made anew, had arrived whole. Until then the device waits for it;
   * after, its chain gone from the folder is lost, not on its way, and is written again.
   */
  putBackArrived?: string;
}

export const EMPTY_SYNC_STATE: SyncState = { own: { segments: 0, lastHash: null, lastCounter: 0 }, devices: {} };

/** Another device, as the Team sync panel shows it. */
export interface DeviceStatus {
  device: DeviceId;
  name: string | null;
  /** When its head was last written (its last sync), or null. */
  lastSeen: string | null;
  /** Its events taken in here (the counter of the last). */
  events: number;
  /** Segments of it not taken yet, waiting for a file a sync tool is still copying. */
  waitingFor: number[];
  problems: FolderProblem[];
}

export interface SyncReport {
  /** This device's events written now. */
  pushed: number;
  /** Other devices' events taken in now. */
  pulled: number;
  devices: DeviceStatus[];
  /** Everything wrong, with the device and segment (also in `devices`), and what the ledger refused. */
  problems: string[];
  state: SyncState;
}

/**
 * Creates the ledger's folder content for the first device that shares it: `ledger.json`.
 * Refuses a folder that already holds another ledger.
 */
export async function shareInFolder(ledger: Pick<SyncLedger, 'ledgerId' | 'ledgerName'>, folder: FolderTransport, createdAt: string): Promise<Result<void>> {
  const existing = await folder.readManifest();
  if (existing !== null) {
    const manifest = readManifest(existing);
    if (!manifest.ok) return manifest;
    if (manifest.value.ledgerId !== ledger.ledgerId) return err(`This folder already holds another ledger (“${manifest.value.ledgerName}”). Choose an empty folder, or join that ledger instead.`);
    return ok(undefined);
  }
  await folder.writeManifest(encodeManifest({ ledgerId: ledger.ledgerId, ledgerName: ledger.ledgerName, createdAt }));
  return ok(undefined);
}

/** What {@link putChainsInFolder} wrote of one device: how many of its changes, and where its chain now ends. */
export interface PutChain {
  device: DeviceId;
  events: number;
  point: ChainPoint;
}

/**
 * Puts the changes of other devices that this ledger holds into a team folder that holds nothing
 * of those devices: each one's whole chain, from its first change, as the segments and the head
 * that device would have written itself. For a team folder shared anew after the team's was lost
 * (deleted, or its last replica gone), or a ledger restored from a backup: each device otherwise
 * writes only its own changes, so the new folder would lack every change made elsewhere, and a
 * device that joins would never get them. A device of which the folder holds any file is left to
 * write its own chain (two writers of one chain would collide). A device whose changes here do not
 * run from its first without a gap is not written (its own device can still write it), and is
 * named in `skipped`. The head's time is that of the device's last change, not now: the card
 * shows it as when the device last wrote. `names`: device names known here (else its id).
 */
export async function putChainsInFolder(
  folder: FolderTransport,
  events: readonly LotEvent[],
  own: DeviceId | null,
  names: Readonly<Record<string, string>>,
  deps: SyncDeps,
): Promise<{ written: PutChain[]; skipped: string[] }> {
  const present = new Set((await folder.listDevices()).filter((d) => d.files.length > 0).map((d) => d.device));
  const written: PutChain[] = [];
  const skipped: string[] = [];
  for (const [device, list] of [...eventsByDevice(events)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (device === own || present.has(device)) continue;
    const gap = list.findIndex((x, i) => x.counter !== i + 1);
    if (gap !== -1) {
      skipped.push(`${names[device] ?? device}: this ledger lacks its change ${gap + 1}, so its changes were left for that device to write`);
      continue;
    }
    let point: ChainPoint = { segments: 0, lastHash: null, lastCounter: 0 };
    for await (const made of chainSegments(device, list.map((x) => x.event), point, deps)) {
      await folder.writeFile(device, segmentFileName(made.header.index), made.bytes);
      point = made.point;
    }
    const last = (list[list.length - 1] as { event: LotEvent }).event;
    await folder.writeFile(device, HEAD_FILE, deps.utf8.encode(encodeHead({ device, name: names[device] ?? device, segments: point.segments, lastHash: point.lastHash, lastCounter: point.lastCounter, writtenAt: last.at })));
    written.push({ device, events: list.length, point });
  }
  return { written, skipped };
}

/**
 * Makes the ledger's folder anew holding other devices' changes too ({@link putChainsInFolder}):
 * their chains first, then `ledger.json`, naming each chain put back, so that a device finding its
 * own there waits until the sync tool has copied all of it before it writes beside it. Refused
 * (nothing written) when the folder already holds a ledger: there each device writes its own.
 */
export async function putBackInFolder(
  ledger: Pick<SyncLedger, 'ledgerId' | 'ledgerName'>,
  folder: FolderTransport,
  events: readonly LotEvent[],
  own: DeviceId | null,
  names: Readonly<Record<string, string>>,
  createdAt: string,
  deps: SyncDeps,
): Promise<Result<{ written: PutChain[]; skipped: string[] }>> {
  if ((await folder.readManifest()) !== null) return err('This folder already holds a ledger: each device writes its own changes there. Join it instead.');
  const put = await putChainsInFolder(folder, events, own, names, deps);
  const putBack = Object.fromEntries(put.written.map((w) => [w.device, w.point.lastCounter]));
  await folder.writeManifest(encodeManifest({ ledgerId: ledger.ledgerId, ledgerName: ledger.ledgerName, createdAt, ...(put.written.length > 0 ? { putBack } : {}) }));
  return ok(put);
}

/** The ledger a folder holds (for *Join a ledger in a folder…*). */
export async function folderLedger(folder: FolderTransport): Promise<Result<{ ledgerId: string; ledgerName: string; createdAt: string }>> {
  const text = await folder.readManifest();
  if (text === null) return err('This folder holds no Fleetledger ledger (no ledger.json): choose the folder named fleetledger-… that a teammate shared.');
  const manifest = readManifest(text);
  return manifest.ok ? ok({ ledgerId: manifest.value.ledgerId, ledgerName: manifest.value.ledgerName, createdAt: manifest.value.createdAt }) : manifest;
}

/** This device's segments after `from` up to `highest`, checked against its own events; the point after them, or (as an error) which segment is not its own. */
async function resumeOwnChain(ledger: SyncLedger, folder: FolderTransport, from: ChainPoint, highest: number, deps: SyncDeps): Promise<Result<ChainPoint>> {
  const mine = await ledger.ownEventsAfter(from.lastCounter);
  let at = 0;
  let point = from;
  for (let index = from.segments + 1; index <= highest; index++) {
    const bytes = await folder.readFile(ledger.deviceId, segmentFileName(index));
    if (bytes === null) return err(`${index} is missing`);
    let text: string;
    try {
      text = deps.utf8.decode(await deps.gunzip(bytes));
    } catch {
      return err(`${index} cannot be decompressed`);
    }
    const segment = decodeSegmentText(text, ledger.deviceId);
    if (!segment.ok) return err(`${index} ${segment.error}`);
    const { header, events } = segment.value;
    if (header.index !== index || header.prev !== point.lastHash || header.first !== point.lastCounter + 1) return err(`${index} does not follow the one before it`);
    for (const e of events) {
      const own = mine[at];
      if (own === undefined || !sameEventContent(own, e)) return err(`${index} holds event ${e.id}, which this device did not make`);
      at += 1;
    }
    point = { segments: index, lastHash: await deps.sha256Bytes(bytes), lastCounter: header.last };
  }
  return ok(point);
}

async function ownPoint(ledger: SyncLedger, folder: FolderTransport, files: FolderFile[], deps: SyncDeps): Promise<Result<{ point: ChainPoint; headName: string | null; headBehind: boolean }>> {
  // The folder is the truth for what this device has written there; the state only saves reads.
  const headFile = files.find((f) => f.name === HEAD_FILE);
  let head: DeviceHead | null = null;
  if (headFile !== undefined) {
    const bytes = await folder.readFile(ledger.deviceId, HEAD_FILE);
    const read = bytes === null ? null : readHead(deps.utf8.decode(bytes), ledger.deviceId);
    if (read !== null && !read.ok) return err(`This device’s own head file in the team folder cannot be read (${read.error}): it was changed by hand. Nothing was written.`);
    head = read?.value ?? null;
  }
  const highest = Math.max(0, ...files.flatMap((f) => {
    const kind = classifyDeviceFile(f.name);
    return kind.kind === 'segment' ? [kind.index] : [];
  }));
  const point: ChainPoint = head === null ? { segments: 0, lastHash: null, lastCounter: 0 } : { segments: head.segments, lastHash: head.lastHash, lastCounter: head.lastCounter };
  if (highest > point.segments) {
    // A round cut off after writing segments but before the head: segments that hold exactly
    // this device's next own events, each after the one before, are its own, and are kept.
    const resumed = await resumeOwnChain(ledger, folder, point, highest, deps);
    if (!resumed.ok) return err(`The team folder holds segment ${highest} of this device, but its head names ${point.segments}, and segment ${resumed.error}: another installation is writing under this device’s id. Nothing was written.`);
    // The head must be written even if nothing new is: until it names them, teammates wait for these segments.
    return ok({ point: resumed.value, headName: head?.name ?? null, headBehind: true });
  }
  if (point.lastCounter > (await ledger.ownCounter())) {
    return err(`The team folder holds this device’s events up to ${point.lastCounter}, but this ledger only up to ${await ledger.ownCounter()}: another installation is writing under this device’s id. Nothing was written.`);
  }
  return ok({ point, headName: head?.name ?? null, headBehind: false });
}

/**
 * Whether the folder still holds the chain a cached point names: its last segment is there, and
 * the device's head does not name fewer segments, or that one with another hash. When not, the
 * device's folder was written again from its start (deleted, or lost by the sync tool, and
 * rewritten by its device), and its chain is read from there: a cached point would skip its new
 * segments whose numbers it had already read, silently.
 */
function stillInFolder(cached: ChainPoint, files: readonly FolderFile[], head: DeviceHead | null): boolean {
  if (cached.segments === 0) return true;
  if (!files.some((f) => f.name === segmentFileName(cached.segments))) return false;
  if (head === null) return true;
  return head.segments > cached.segments || (head.segments === cached.segments && head.lastHash === cached.lastHash);
}

/**
 * One round: write this device's new events (segments, then its head), then read every other
 * device's new segments and take their events in. Returns what happened, with each device's
 * status and every problem in words; the new state is to be kept for the next round.
 */
export async function syncFolder(ledger: SyncLedger, folder: FolderTransport, state: SyncState, deps: SyncDeps): Promise<Result<SyncReport>> {
  const manifestText = await folder.readManifest();
  // The card has no "choose the folder" of its own once set up: the way back is to stop and join again (the device keeps its id and changes).
  if (manifestText === null) return err('The team folder has no ledger.json any more: it was moved, renamed or deleted. Nothing was synced. Once the folder is back (or found), choose it again: Stop syncing on this device, then Join a ledger in a folder… and Merge this device’s data in (this device keeps its changes and shares them). If it is lost for good: Stop syncing, then Share this ledger in a folder… (every device’s changes this device holds go into the new folder), and the other devices join it.');
  const manifest = readManifest(manifestText);
  if (!manifest.ok) return manifest;
  if (manifest.value.ledgerId !== ledger.ledgerId) return err(`The team folder holds another ledger (“${manifest.value.ledgerName}”) than this one. Nothing was synced.`);
  const listing = await folder.listDevices();
  const ownFiles = listing.find((d) => d.device === ledger.deviceId)?.files ?? [];

  // ---- Push: this device's events after what its head names.
  const own = await ownPoint(ledger, folder, ownFiles, deps);
  if (!own.ok) return own;
  let point = own.value.point;
  // Put back for this device by the one that made the folder anew, and not all here yet: its own
  // segments written now would fork its chain beside those still being copied.
  const awaited = manifest.value.putBack?.[ledger.deviceId];
  const arrivedBefore = state.putBackArrived !== undefined && state.putBackArrived === manifest.value.createdAt;
  const waiting = awaited !== undefined && point.lastCounter < awaited && !arrivedBefore;
  const putBackArrived = awaited !== undefined && (arrivedBefore || point.lastCounter >= awaited) ? manifest.value.createdAt : undefined;
  const fresh = waiting ? [] : await ledger.ownEventsAfter(point.lastCounter);
  let pushed = 0;
  if (fresh.length > 0) await deps.report?.step('Writing this device’s changes to the team folder');
  for await (const made of chainSegments(ledger.deviceId, fresh, point, deps)) {
    await folder.writeFile(ledger.deviceId, segmentFileName(made.header.index), made.bytes);
    point = made.point;
    pushed += made.events;
    await deps.report?.progress(pushed, fresh.length);
  }
  // The head is rewritten after new segments (also those of a round cut off before its head), and
  // when the device's name changed (teammates see it there).
  const headNeeded = !waiting && (pushed > 0 || own.value.headBehind || own.value.headName !== ledger.deviceName);
  if (headNeeded) {
    await folder.writeFile(ledger.deviceId, HEAD_FILE, deps.utf8.encode(encodeHead({ device: ledger.deviceId, name: ledger.deviceName, segments: point.segments, lastHash: point.lastHash, lastCounter: point.lastCounter, writtenAt: deps.now() })));
  }

  // ---- Pull: every other device's segments after what was read of it before.
  const devices: DeviceStatus[] = [];
  const problems: string[] = [];
  if (waiting) problems.push(`This device’s changes up to ${awaited}, put back in the team folder for it when the folder was made anew, have arrived here only up to ${point.lastCounter}: the sync tool is still copying them. This device writes its own changes once they are all here.`);
  const nextDevices: Record<DeviceId, ChainPoint> = { ...state.devices };
  let pulled = 0;
  const heads = await ledger.heads();
  for (const { device, files } of listing) {
    if (device === ledger.deviceId) continue;
    // The state is a cache of what was read: if the ledger holds less of the device than it says
    // (a restore of an older backup since), that device's chain is read again from its start.
    // A folder not named as a device (made by hand, a file-sync service's copy of one) is not
    // read — the transport refuses such a path — but reported by readDeviceChain, not thrown.
    const readable = isDeviceId(device);
    const headBytes = readable && files.some((f) => f.name === HEAD_FILE) ? await folder.readFile(device, HEAD_FILE) : null;
    let head: DeviceHead | null = null;
    if (headBytes !== null) {
      try {
        const parsed = readHead(deps.utf8.decode(headBytes), device);
        if (parsed.ok) head = parsed.value;
      } catch {
        // Reported by readDeviceChain.
      }
    }
    const lastSeen = head?.writtenAt ?? null;
    const cached = state.devices[device] ?? null;
    const from = cached !== null && cached.lastCounter <= (heads[device] ?? 0) && stillInFolder(cached, files, head) ? cached : null;
    const readChain = async (start: ChainPoint | null) => {
      const wanted = files.filter((f) => {
        const kind = classifyDeviceFile(f.name);
        if (kind.kind === 'segment') return kind.index > (start?.segments ?? 0);
        if (kind.kind === 'conflict-copy') return kind.of.kind === 'head' ? false : kind.of.index > (start?.segments ?? 0);
        return kind.kind === 'unknown';
      });
      const got = headBytes === null ? [] : [{ name: HEAD_FILE, bytes: headBytes }];
      const reading = readable ? wanted : [];
      if (reading.length > 0) await deps.report?.step(`Reading the changes from ${deviceWords(device, head?.name ?? null)}`);
      for (const [i, f] of reading.entries()) {
        const bytes = await folder.readFile(device, f.name);
        if (bytes !== null) got.push({ name: f.name, bytes });
        await deps.report?.progress(i + 1, reading.length);
      }
      return readDeviceChain(device, got, deps, start);
    };
    let chain = await readChain(from);
    // The segment after the cached point is there but does not follow it: the folder may have been
    // written again from its start and grown past the point since. Read it from the start; if it
    // was altered instead, that read reports it just the same.
    if (from !== null && chain.segments === from.segments && chain.problems.some((p) => p.segment === from.segments + 1)) chain = await readChain(null);
    // A sync tool's copies are checked against the chain, never applied in its place or beyond
    // it: only the chain's events are confirmed. The same event id with other content is an
    // integrity error (an installation copied from another writes under its id).
    // Everything wrong with this device's part of the folder is said beside it in the table of
    // devices as well as in the list of problems: the table must not call it up to date.
    const deviceProblems: FolderProblem[] = [];
    const chained = chain.extra.length === 0 ? new Map<string, LotEvent>() : new Map(chain.events.map((e) => [e.id, e]));
    for (const e of chain.extra) {
      const original = chained.get(e.id);
      if (original !== undefined && !sameEventContent(original, e)) {
        deviceProblems.push({ device, segment: null, file: null, message: `Device ${device}: event ${e.id} is in the folder twice with different content (a sync tool’s copy differs from the segment). The segment’s is kept; another installation may be writing under this device’s id.` });
      }
    }
    const newEvents = chain.events;
    if (newEvents.length > 0) {
      await deps.report?.step(takingInWords(newEvents.length, deviceWords(device, chain.name)));
      const applied = await ledger.apply(newEvents);
      pulled += applied.applied;
      for (const p of applied.problems) deviceProblems.push({ device, segment: null, file: null, message: p });
    }
    nextDevices[device] = { segments: chain.segments, lastHash: chain.lastHash, lastCounter: chain.lastCounter };
    deviceProblems.push(...chain.problems);
    for (const p of deviceProblems) problems.push(p.message);
    devices.push({ device, name: chain.name, lastSeen, events: chain.lastCounter, waitingFor: chain.waitingFor, problems: deviceProblems });
  }
  devices.sort((a, b) => (a.name ?? a.device).localeCompare(b.name ?? b.device));
  return ok({ pushed, pulled, devices, problems, state: { own: point, devices: nextDevices, ...(putBackArrived !== undefined ? { putBackArrived } : {}) } });
}
