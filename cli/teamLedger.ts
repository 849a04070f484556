/**
 * A team's ledger read straight from its shared folder (issue 10), for the reading commands'
 * `--folder <dir>`: every device's segments (checked as the app checks them: hash chain, torn or
 * altered segments), merged by event id in clock order, and folded into the same projections the
 * app shows. `<dir>` is the folder the team shares (holding one `fleetledger-…` folder) or the
 * ledger's folder itself. What cannot be read is reported, with the device and segment, and left
 * out; the rest is read.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { withSeq, type LotEvent } from '../shared/events';
import { isDeviceId } from '../shared/ledger/clock';
import { foldLedger, type LedgerSnapshot } from '../shared/ledger/fold';
import { err, ok, type Result } from '../shared/result';
import { readDeviceChain, readManifest, sameEventContent, type ChainDeps, type FolderManifest } from '../shared/sync/folderFormat';
import { diskFolder } from '../electron/teamFolder';

export interface TeamLedger {
  manifest: FolderManifest;
  /** The ledger's folder. */
  root: string;
  /** Every device's events that could be read, in clock order. */
  events: LotEvent[];
  snapshot: LedgerSnapshot;
  /** Each record's last `seq` (its events numbered in clock order, as read): what the next event of it continues. */
  lastSeqs: ReadonlyMap<string, number>;
  devices: { device: string; name: string | null; events: number; waitingFor: number[] }[];
  /** What could not be read, in words (device and segment). */
  problems: string[];
}

export const NODE_CHAIN_DEPS: ChainDeps = {
  gunzip: (b) => gunzipSync(b),
  sha256Bytes: (b) => Promise.resolve(createHash('sha256').update(b).digest('hex')),
  utf8: { encode: (t) => new TextEncoder().encode(t), decode: (b) => new TextDecoder('utf-8', { fatal: true }).decode(b) },
};

/** The ledger folder `dir` names: itself (it holds ledger.json), or the one `fleetledger-…` folder inside it. */
export async function ledgerRootOf(dir: string): Promise<Result<string>> {
  if ((await diskFolder(dir).readManifest().catch(() => null)) !== null) return ok(dir);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith('fleetledger-')).map((e) => e.name);
  } catch (error) {
    return err(`${dir} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (names.length === 0) return err(`${dir} holds no Fleetledger ledger (no folder named fleetledger-…)`);
  if (names.length > 1) return err(`${dir} holds ${names.length} ledgers (${names.sort().join(', ')}): give the one to read`);
  return ok(join(dir, names[0] as string));
}

export async function readTeamLedger(dir: string): Promise<Result<TeamLedger>> {
  const root = await ledgerRootOf(dir);
  if (!root.ok) return root;
  try {
    return await readLedgerFolder(root);
  } catch (error) {
    // The file system's own message may not name the file (EISDIR: "illegal operation on a directory, read").
    return err(`the team folder ${root.value} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function readLedgerFolder(root: { value: string }): Promise<Result<TeamLedger>> {
  const folder = diskFolder(root.value);
  const manifestText = await folder.readManifest();
  if (manifestText === null) return err(`${root.value} has no ledger.json: it is not a Fleetledger team folder`);
  const manifest = readManifest(manifestText);
  if (!manifest.ok) return manifest;
  const byId = new Map<string, LotEvent>();
  const problems: string[] = [];
  const devices: TeamLedger['devices'] = [];
  for (const { device, files } of await folder.listDevices()) {
    const read: { name: string; bytes: Uint8Array }[] = [];
    // A folder not named as a device is not read (the transport refuses its path); readDeviceChain reports it.
    for (const f of isDeviceId(device) ? files : []) {
      const bytes = await folder.readFile(device, f.name);
      if (bytes !== null) read.push({ name: f.name, bytes });
    }
    const chain = await readDeviceChain(device, read, NODE_CHAIN_DEPS);
    for (const p of chain.problems) problems.push(p.message);
    // As the app: only the chain's events are the device's; a sync tool's copies are checked against them, never read in their place.
    for (const e of chain.events) byId.set(e.id, e);
    const chained = new Map(chain.events.map((e) => [e.id, e]));
    for (const e of chain.extra) {
      const original = chained.get(e.id);
      if (original !== undefined && !sameEventContent(original, e)) problems.push(`Device ${device}: event ${e.id} is in the folder twice with different content (a sync tool’s copy differs from the segment). The segment’s is kept; another installation may be writing under this device’s id.`);
    }
    devices.push({ device, name: chain.name, events: chain.lastCounter, waitingFor: chain.waitingFor });
  }
  const events = [...byId.values()].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  // seq is each log's own numbering (the folder carries none): here, the clock order per entity.
  const seqs = new Map<string, number>();
  const numbered = events.map((e) => {
    const seq = (seqs.get(e.lotId) ?? 0) + 1;
    seqs.set(e.lotId, seq);
    return withSeq(e, seq);
  });
  return ok({ manifest: manifest.value, root: root.value, events: numbered, snapshot: foldLedger(numbered), lastSeqs: seqs, devices, problems });
}
