/**
 * Mirroring a team's ledger between a shared folder and a CouchDB database (issue 11,
 * `fleetledger sync --couchdb <url> --folder <dir>`): a folder team can reach a server, and a
 * server team a folder, through one machine that runs the command (by hand or on a schedule).
 *
 * Segments are copied byte for byte, so every device's hash chain is the same on both sides and
 * a device that later syncs with either directly finds its own segments there and continues
 * them. For each device, the two chains must agree where both have segments (the same hash for
 * each number); then the longer one's tail is copied to the other side, and the device's head
 * follows it. A device whose chains differ (it wrote to each side on its own, cut differently)
 * is reported and left alone: its events reach each side through its own syncs.
 *
 * Pure: the folder through FolderTransport, the server through CouchHttp.
 */
import type { LotEvent } from '../events';
import { isDeviceId, type DeviceId } from '../ledger/clock';
import { err, ok, type Result } from '../result';
import {
  bulkWrite,
  checkDatabase,
  classifyDocId,
  couchLedger,
  headText,
  listSegments,
  readDeviceDoc,
  readDocs,
  reach,
  rowsOf,
  segmentDoc,
  segmentFile,
  firstRevision,
  shareOnServer,
  writeDeviceDoc,
  answerFailure,
  segmentDocId,
  type CouchFailure,
  type CouchHttp,
  type DeviceDoc,
} from './couchSync';
import { chainSegments, decodeSegmentText, encodeHead, eventsByDevice, HEAD_FILE, readDeviceChain, readHead, readManifest, segmentFileName, type ChainDeps, type ChainPoint, type SegmentHeader } from './folderFormat';
import type { FolderTransport, SyncDeps } from './folderSync';

/** One segment of a device's chain, confirmed: its bytes as written, their hash, its header and events. */
export interface ChainSegment {
  bytes: Uint8Array;
  hash: string;
  header: SegmentHeader;
  events: LotEvent[];
}

/** A device's chain on one side: its confirmed segments 1…n in order, and its head's name and time. */
export interface SideChain {
  device: DeviceId;
  name: string | null;
  writtenAt: string | null;
  segments: ChainSegment[];
  problems: string[];
}

/** The confirmed segments of a chain read by readDeviceChain, with their bytes (originals only: a chain that needed a sync tool's copy is cut before it). */
async function confirmedSegments(device: DeviceId, files: readonly { name: string; bytes: Uint8Array }[], count: number, deps: ChainDeps): Promise<{ segments: ChainSegment[]; problems: string[] }> {
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  const segments: ChainSegment[] = [];
  let prev: string | null = null;
  for (let index = 1; index <= count; index++) {
    const bytes = byName.get(segmentFileName(index));
    let decoded: ReturnType<typeof decodeSegmentText> | null = null;
    try {
      decoded = bytes === undefined ? null : decodeSegmentText(deps.utf8.decode(await deps.gunzip(bytes)), device);
    } catch {
      // A torn original (the chain used a sync tool's copy in its place): said below.
    }
    const hash = bytes === undefined ? '' : await deps.sha256Bytes(bytes);
    if (bytes === undefined || decoded === null || !decoded.ok || decoded.value.header.prev !== prev) {
      return { segments, problems: [`Device ${device}: segment ${index} was read from a sync tool’s copy; it and what follows are not mirrored until the original is whole.`] };
    }
    segments.push({ bytes, hash, header: decoded.value.header, events: decoded.value.events });
    prev = hash;
  }
  return { segments, problems: [] };
}

/** Every device's chain in the folder. */
export async function folderChains(folder: FolderTransport, deps: ChainDeps): Promise<SideChain[]> {
  const out: SideChain[] = [];
  for (const { device, files } of await folder.listDevices()) {
    const read: { name: string; bytes: Uint8Array }[] = [];
    // A folder not named as a device is not read (the transport refuses its path); readDeviceChain reports it.
    for (const f of isDeviceId(device) ? files : []) {
      const bytes = await folder.readFile(device, f.name);
      if (bytes !== null) read.push({ name: f.name, bytes });
    }
    const chain = await readDeviceChain(device, read, deps);
    const confirmed = await confirmedSegments(device, read, chain.segments, deps);
    const headBytes = read.find((f) => f.name === HEAD_FILE)?.bytes;
    const head = headBytes === undefined ? null : readHead(deps.utf8.decode(headBytes), device);
    out.push({
      device,
      name: chain.name,
      writtenAt: head?.ok === true ? head.value.writtenAt : null,
      segments: confirmed.segments,
      problems: [...chain.problems.map((p) => p.message), ...confirmed.problems],
    });
  }
  return out;
}

/** Every device's chain on the server (its first-revision segment documents, linked). */
export async function serverChains(http: CouchHttp, deps: ChainDeps): Promise<Result<{ chains: SideChain[]; heads: Map<DeviceId, DeviceDoc> }, CouchFailure>> {
  const all = await http.request('GET', '_all_docs');
  const rows = rowsOf(all);
  if (rows === null) return err(answerFailure('list documents', all));
  const devices = new Set<DeviceId>();
  for (const row of rows) {
    const kind = classifyDocId(row.id ?? '');
    if (kind.kind === 'segment' || kind.kind === 'device') devices.add(kind.device);
  }
  const chains: SideChain[] = [];
  const heads = new Map<DeviceId, DeviceDoc>();
  for (const device of [...devices].sort()) {
    if (!isDeviceId(device)) continue;
    const head = await readDeviceDoc(http, device);
    if (!head.ok) return head;
    if (head.value !== null) heads.set(device, head.value);
    const listed = await listSegments(http, device);
    if (!listed.ok) return listed;
    const firsts = [...listed.value].filter(([, rev]) => firstRevision(rev)).map(([first]) => first).sort((a, b) => a - b);
    const docs = await readDocs(http, firsts.map((first) => segmentDocId(device, first)));
    if (!docs.ok) return docs;
    const files: { name: string; bytes: Uint8Array }[] = [];
    const vouched = new Map<number, string>();
    for (const first of firsts) {
      const file = segmentFile(docs.value.get(segmentDocId(device, first)), device, first);
      if (!file.ok) continue;
      files.push({ name: segmentFileName(file.value.index), bytes: file.value.bytes });
      vouched.set(file.value.index, file.value.sha256);
    }
    if (head.value !== null) files.push({ name: HEAD_FILE, bytes: deps.utf8.encode(headText(head.value)) });
    const chain = await readDeviceChain(device, files, deps, null, vouched);
    const confirmed = await confirmedSegments(device, files, chain.segments, deps);
    chains.push({ device, name: head.value?.name ?? null, writtenAt: head.value?.writtenAt ?? null, segments: confirmed.segments, problems: [...chain.problems.map((p) => p.message), ...confirmed.problems] });
  }
  return ok({ chains, heads });
}

export interface MirrorReport {
  /** Per device: segments and events copied to the server, and to the folder. */
  toServer: { device: DeviceId; segments: number; events: number }[];
  toFolder: { device: DeviceId; segments: number; events: number }[];
  problems: string[];
}

/** The number of leading segments two chains share (same hash); `diverged` when they differ before one ends. */
function commonPrefix(a: readonly ChainSegment[], b: readonly ChainSegment[]): { shared: number; diverged: boolean } {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] as ChainSegment).hash !== (b[i] as ChainSegment).hash) return { shared: i, diverged: true };
  return { shared: n, diverged: false };
}

const eventsIn = (segments: readonly ChainSegment[]): number => segments.reduce((sum, s) => sum + s.events.length, 0);

/**
 * One mirror run: the folder's ledger and the database's must be the same ledger (an empty
 * database becomes the folder's); then each device's segments go where they are missing.
 */
export async function mirrorFolderAndServer(folder: FolderTransport, http: CouchHttp, deps: SyncDeps): Promise<Result<MirrorReport, CouchFailure>> {
  return reach(async () => {
    const manifestText = await folder.readManifest();
    if (manifestText === null) return err({ kind: 'error', message: 'The folder holds no ledger (no ledger.json).' });
    const manifest = readManifest(manifestText);
    if (!manifest.ok) return err({ kind: 'error', message: manifest.error });
    const db = await checkDatabase(http, true);
    if (!db.ok) return db;
    const theirs = await couchLedger(http);
    if (!theirs.ok) return theirs;
    if (theirs.value === null) {
      const shared = await shareOnServer({ ledgerId: manifest.value.ledgerId, ledgerName: manifest.value.ledgerName }, http, manifest.value.createdAt);
      if (!shared.ok) return shared;
    } else if (theirs.value.ledgerId !== manifest.value.ledgerId) {
      return err({ kind: 'other-ledger', message: `The folder holds the ledger “${manifest.value.ledgerName}” and the database another (“${theirs.value.ledgerName}”): nothing was mirrored.` });
    }
    const local = await folderChains(folder, deps);
    const remote = await serverChains(http, deps);
    if (!remote.ok) return remote;
    const report: MirrorReport = { toServer: [], toFolder: [], problems: [] };
    const devices = new Set([...local.map((c) => c.device), ...remote.value.chains.map((c) => c.device)]);
    for (const device of [...devices].sort()) {
      const f = local.find((c) => c.device === device) ?? { device, name: null, writtenAt: null, segments: [], problems: [] };
      const s = remote.value.chains.find((c) => c.device === device) ?? { device, name: null, writtenAt: null, segments: [], problems: [] };
      for (const p of [...f.problems, ...s.problems]) report.problems.push(p);
      const { shared, diverged } = commonPrefix(f.segments, s.segments);
      if (diverged) {
        report.problems.push(`Device ${f.name ?? s.name ?? device} wrote segment ${shared + 1} differently to the folder and to the server (it syncs with both on its own): it is not mirrored; its changes reach each side through its own syncs.`);
        continue;
      }
      const head = remote.value.heads.get(device);
      if (f.segments.length > shared) {
        const tail = f.segments.slice(shared);
        const written = await bulkWrite(http, tail.map((seg) => segmentDoc(seg.header, seg.bytes, seg.hash)));
        if (!written.ok && written.error.kind !== 'error') return written;
        if (!written.ok) {
          // The server holds other documents under these ids (cut apart, or changed there): this device only.
          report.problems.push(`Device ${f.name ?? s.name ?? device}: ${written.error.message}`);
          continue;
        }
        const last = tail[tail.length - 1] as ChainSegment;
        const headWritten = await writeDeviceDoc(http, { device, name: f.name ?? head?.name ?? device, segments: last.header.index, lastHash: last.hash, lastCounter: last.header.last, writtenAt: f.writtenAt ?? deps.now() }, head?._rev);
        if (!headWritten.ok) return headWritten;
        report.toServer.push({ device, segments: tail.length, events: eventsIn(tail) });
      } else if (s.segments.length > shared) {
        const tail = s.segments.slice(shared);
        // A file already in the folder under one of these numbers (the device's newest segment,
        // not confirmed yet) is never overwritten: if it differs, the two sides were cut apart.
        let clash: number | null = null;
        for (const seg of tail) {
          const there = await folder.readFile(device, segmentFileName(seg.header.index));
          if (there !== null && (await deps.sha256Bytes(there)) !== seg.hash) {
            clash = seg.header.index;
            break;
          }
        }
        if (clash !== null) {
          report.problems.push(`Device ${s.name ?? f.name ?? device} wrote segment ${clash} differently to the folder and to the server (it syncs with both on its own): it is not mirrored; its changes reach each side through its own syncs.`);
          continue;
        }
        for (const seg of tail) await folder.writeFile(device, segmentFileName(seg.header.index), seg.bytes);
        const last = tail[tail.length - 1] as ChainSegment;
        await folder.writeFile(device, HEAD_FILE, deps.utf8.encode(encodeHead({ device, name: s.name ?? f.name ?? device, segments: last.header.index, lastHash: last.hash, lastCounter: last.header.last, writtenAt: s.writtenAt ?? deps.now() })));
        report.toFolder.push({ device, segments: tail.length, events: eventsIn(tail) });
      }
    }
    return ok(report);
  });
}

/** Every event of the server's confirmed chains (as read by {@link serverChains}), with the ledger's identity. */
export async function serverLedger(http: CouchHttp, deps: ChainDeps): Promise<Result<{ ledgerId: string; ledgerName: string; createdAt: string; chains: SideChain[]; problems: string[] }, CouchFailure>> {
  return reach(async () => {
    const theirs = await couchLedger(http);
    if (!theirs.ok) return theirs;
    if (theirs.value === null) return err({ kind: 'no-ledger', message: 'The database holds no ledger yet.' });
    const remote = await serverChains(http, deps);
    if (!remote.ok) return remote;
    return ok({ ...theirs.value, chains: remote.value.chains, problems: remote.value.chains.flatMap((c) => c.problems) });
  });
}

/**
 * Sends events the server lacks (from a backup file: each device's events after its chain on the
 * server, when they follow on without a gap) as segments continuing that device's chain, and its
 * head after them. A device that then syncs directly finds them as its own and continues.
 */
export async function pushEventsToServer(http: CouchHttp, events: readonly LotEvent[], chains: readonly SideChain[], heads: ReadonlyMap<DeviceId, DeviceDoc>, deps: SyncDeps): Promise<Result<{ device: DeviceId; events: number }[], CouchFailure>> {
  return reach(async () => {
    const sent: { device: DeviceId; events: number }[] = [];
    for (const [device, list] of [...eventsByDevice(events)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const chain = chains.find((c) => c.device === device);
      const lastSeg = chain?.segments.at(-1);
      const after = lastSeg?.header.last ?? 0;
      const tail = list.filter((x) => x.counter > after);
      if (tail.length === 0 || tail.some((x, i) => x.counter !== after + 1 + i)) continue;
      let point: ChainPoint = { segments: lastSeg?.header.index ?? 0, lastHash: lastSeg?.hash ?? null, lastCounter: after };
      const docs = [];
      for await (const made of chainSegments(device, tail.map((x) => x.event), point, deps)) {
        docs.push(segmentDoc(made.header, made.bytes, made.point.lastHash as string));
        point = made.point;
      }
      const written = await bulkWrite(http, docs);
      if (!written.ok) return written;
      const head = heads.get(device);
      const headWritten = await writeDeviceDoc(http, { device, name: head?.name ?? chain?.name ?? device, segments: point.segments, lastHash: point.lastHash, lastCounter: point.lastCounter, writtenAt: deps.now() }, head?._rev);
      if (!headWritten.ok) return headWritten;
      sent.push({ device, events: tail.length });
    }
    return ok(sent);
  });
}
