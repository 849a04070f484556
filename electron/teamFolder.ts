/**
 * The team folder on disk (issue 10): shared/sync/folderSync.ts's FolderTransport over Node's
 * `fs`, for the desktop main process and the CLI. It never imports Electron, so the CLI and the
 * tests (and the e2e rig that stands in for the main process) use exactly this code.
 *
 * Only the ledger's own files are written, and only into `devices/<deviceId>/`: a file is written
 * under a temporary name beginning with a dot (which every reader here, and sync tools' users,
 * ignore) and renamed into place, so no reader ever sees half a segment.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_TEAM_FILE_BYTES } from '../shared/ipc';
import { isDeviceId, type DeviceId } from '../shared/ledger/clock';
import { classifyDeviceFile, ledgerFolderName, MANIFEST_FILE } from '../shared/sync/folderFormat';
import type { FolderFile, FolderTransport } from '../shared/sync/folderSync';
import { writeFileAtomically, writeFileOnce } from './fileIo';

const MB = 1024 * 1024;

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && ((error as { code: unknown }).code === 'ENOENT' || (error as { code: unknown }).code === 'ENOTDIR');
}

/** Writes `bytes` to `path` whole (a hidden temporary file beside it, then a rename), making its folder first. */
async function writeWhole(path: string, dir: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomically(path, bytes);
}

function code(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
}

/**
 * Whether `path`, a folder of the ledger's own (`devices/`, `devices/<id>/`), is there — made
 * first when `create`. Anything put there that is not a plain folder is refused, a link above
 * all (a symbolic link, a Windows junction): it leads out of the ledger folder, and the ledger's
 * files are read and written only inside it.
 */
async function ownFolder(path: string, label: string, create: boolean): Promise<boolean> {
  // mkdir of a name that is a link makes nothing through it (EEXIST); the look below refuses it.
  if (create) await mkdir(path).catch((error: unknown) => {
    if (code(error) !== 'EEXIST') throw error;
  });
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  if (info.isSymbolicLink()) throw new Error(`${label} in the team folder is a link to another place, not a folder: Fleetledger reads and writes only inside the ledger's folder. Remove the link.`);
  if (!info.isDirectory()) throw new Error(`${label} in the team folder is a file, not a folder.`);
  return true;
}

/** Never follows a link at the last step where the system can say so (not on Windows, where the lstat before stands). */
const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * The file at `path` whole, or null when it is not there. A link under a ledger file's name is
 * refused, not followed: it could lead to any file on this computer. One handle for the size and the read:
 * any file can lie in a shared folder under a ledger file's name, and one of gigabytes, read
 * whole, would take the memory of the process; a file larger than the ledger ever writes is
 * refused, named as `label`.
 */
async function readBounded(path: string, label: string): Promise<Uint8Array | null> {
  const refused = new Error(`${label} is a link to another place, not a file of the ledger: it was not read. Remove the link.`);
  let handle;
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) throw refused;
    // A pipe or a device under a ledger file's name would block the read (or read forever): only a plain file is read.
    if (!info.isFile()) throw new Error(`${label} is not a plain file (a folder, a pipe or a device): it was not read.`);
    handle = await open(path, READ_NO_FOLLOW);
  } catch (error) {
    if (isMissing(error)) return null;
    // ELOOP: made a link between the look and the open.
    throw code(error) === 'ELOOP' ? refused : error;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_TEAM_FILE_BYTES) {
      throw new Error(`${label} is ${(size / MB).toFixed(1)} MB, larger than any file of a team folder (at most ${MAX_TEAM_FILE_BYTES / MB} MB): it was not read.`);
    }
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** The ledger folder `fleetledger-<ledgerId>` inside the folder the team shares. */
export function ledgerFolderPath(sharedFolder: string, ledgerId: string): string {
  return join(sharedFolder, ledgerFolderName(ledgerId));
}

/** A {@link FolderTransport} over the ledger folder at `root` (`…/fleetledger-<ledgerId>`). */
export function diskFolder(root: string): FolderTransport {
  const devicesDir = join(root, 'devices');
  const deviceDir = (device: DeviceId): string => {
    if (!isDeviceId(device)) throw new Error(`Not a device id: ${device}`);
    return join(devicesDir, device);
  };
  /** The device's folder, checked (see ownFolder); null when it is not there and not to be made. */
  const checkedDeviceDir = async (device: DeviceId, create: boolean): Promise<string | null> => {
    const dir = deviceDir(device);
    if (create) await mkdir(root, { recursive: true });
    if (!(await ownFolder(devicesDir, 'devices', create))) return null;
    return (await ownFolder(dir, `devices/${device}`, create)) ? dir : null;
  };
  return {
    async readManifest() {
      const bytes = await readBounded(join(root, MANIFEST_FILE), MANIFEST_FILE);
      return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    },
    async writeManifest(text) {
      await writeWhole(join(root, MANIFEST_FILE), root, new TextEncoder().encode(text));
    },
    async listDevices() {
      if (!(await ownFolder(devicesDir, 'devices', false))) return [];
      let names: string[];
      try {
        // A device's folder is a plain folder: a link there (to anywhere) is passed over, like a stray file.
        names = (await readdir(devicesDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const out: { device: string; files: FolderFile[] }[] = [];
      for (const device of names.sort()) {
        if (device.startsWith('.')) continue;
        let entries;
        try {
          entries = await readdir(join(devicesDir, device), { withFileTypes: true });
        } catch (error) {
          // Not a folder (a stray file), or gone meanwhile.
          if (isMissing(error)) continue;
          throw error;
        }
        const files: FolderFile[] = [];
        for (const entry of entries) {
          if (!entry.isFile()) continue;
          try {
            files.push({ name: entry.name, size: (await stat(join(devicesDir, device, entry.name))).size });
          } catch (error) {
            if (!isMissing(error)) throw error;
          }
        }
        out.push({ device, files: files.sort((a, b) => a.name.localeCompare(b.name)) });
      }
      return out;
    },
    async readFile(device, name) {
      const dir = await checkedDeviceDir(device, false);
      return dir === null ? null : readBounded(join(dir, name), `${name} of device ${device}`);
    },
    async writeFile(device, name, bytes) {
      const kind = classifyDeviceFile(name).kind;
      if (kind !== 'segment' && kind !== 'head') throw new Error(`The team folder takes only segments and head files, not ${name}`);
      const dir = await checkedDeviceDir(device, true);
      if (dir === null) throw new Error(`devices/${device} in the team folder went away while it was written.`);
      // A segment is written once and never changed: two writers of one device at once (two runs
      // of the command line as one device) cannot both put theirs under the same number.
      if (kind === 'segment') await writeFileOnce(join(dir, name), bytes);
      else await writeFileAtomically(join(dir, name), bytes);
    },
  };
}
