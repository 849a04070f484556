/**
 * The team folder on disk (issue 10): shared/sync/folderSync.ts's FolderTransport over Node's
 * `fs`, for the desktop main process and the CLI. It never imports Electron, so the CLI and the
 * tests (and the e2e rig that stands in for the main process) use exactly this code.
 *
 * Only the ledger's own files are written, and only into `devices/<deviceId>/`: a file is written
 * under a temporary name beginning with a dot (which every reader here, and sync tools' users,
 * ignore) and renamed into place, so no reader ever sees half a segment.
 */
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
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
  return {
    async readManifest() {
      try {
        return await readFile(join(root, MANIFEST_FILE), 'utf8');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async writeManifest(text) {
      await writeWhole(join(root, MANIFEST_FILE), root, new TextEncoder().encode(text));
    },
    async listDevices() {
      let names: string[];
      try {
        names = await readdir(devicesDir);
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
      let handle;
      try {
        handle = await open(join(deviceDir(device), name), 'r');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        // One handle for the size and the read. Any file can lie in a shared folder under a
        // segment's name; read whole, one of gigabytes would take the memory of the process.
        const { size } = await handle.stat();
        if (size > MAX_TEAM_FILE_BYTES) {
          throw new Error(`${name} of device ${device} is ${(size / MB).toFixed(1)} MB, larger than any file of a team folder (at most ${MAX_TEAM_FILE_BYTES / MB} MB): it was not read.`);
        }
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    },
    async writeFile(device, name, bytes) {
      const kind = classifyDeviceFile(name).kind;
      if (kind !== 'segment' && kind !== 'head') throw new Error(`The team folder takes only segments and head files, not ${name}`);
      const dir = deviceDir(device);
      await mkdir(dir, { recursive: true });
      // A segment is written once and never changed: two writers of one device at once (two runs
      // of the command line as one device) cannot both put theirs under the same number.
      if (kind === 'segment') await writeFileOnce(join(dir, name), bytes);
      else await writeFileAtomically(join(dir, name), bytes);
    },
  };
}
