/**
 * Disk I/O shared by the IPC handlers: error messages a person can act on, and writes that
 * never leave a half-written file under the final name.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The reason of a failed file operation, in words (the caller names the file). */
export function ioMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'ENOSPC') return 'the disk is full';
    if (code === 'EDQUOT') return 'the disk quota is used up';
    if (code === 'EROFS') return 'the disk is read-only';
    if (code === 'EBUSY') return 'the file is in use by another program';
    if (code === 'ENOENT') return 'the file or folder no longer exists';
    if (code === 'ENOTDIR') return 'part of the path is a file, not a folder';
    if (code === 'EISDIR') return 'it is a folder, not a file';
    if (code === 'EEXIST') return 'a file of that name is in the way';
    return error.message;
  }
  return String(error);
}

/**
 * The writes under way. A process that ends (the app quitting) drops a write half-way: the file
 * is not there, and its temporary file stays behind, for good (in the team folder, copied to every
 * teammate by the sync tool). So the app waits for these before it quits (electron/main.ts).
 */
const writing = new Set<Promise<void>>();

function underWay(write: Promise<void>): Promise<void> {
  writing.add(write);
  const done = (): void => {
    writing.delete(write);
  };
  write.then(done, done);
  return write;
}

/** How many writes are under way. */
export function writesUnderWay(): number {
  return writing.size;
}

/** Settles when no write is under way any more (those begun meanwhile included); at once when none is. Never rejects. */
export async function writesSettled(): Promise<void> {
  while (writing.size > 0) await Promise.allSettled([...writing]);
}

/**
 * Writes `data` to a temporary file beside `path`, flushes it to the disk, then renames it
 * over `path`: a crash or a full disk leaves the previous file (or none), never a torn one.
 * The temporary name starts with a dot, so readers of the folder (a teammate's device reading
 * the team folder through a sync tool, a backup listing) pass it over as hidden.
 * Throws the file system's error; the temporary file is removed on failure.
 */
export function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  return underWay(writeAtomically(path, data));
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    await writeFlushed(temporary, data);
    await rename(temporary, path);
    await syncFolder(dirname(path));
  } catch (error) {
    // The write's own error is the one to report; if even removing the temporary file fails,
    // the folder is unusable in a way that error already describes.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
}

async function writeFlushed(temporary: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's entries to the disk after a rename or link put a file under its name: the
 * file's bytes were flushed before, but until its folder is, a power cut can still lose the new
 * name (a backup that was reported written, a segment the head file already counts). Windows
 * cannot open a folder this way, and some file systems do not flush one (EINVAL): there the
 * write stands as it is, as it did before.
 */
async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (FOLDER_NOT_FLUSHABLE.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!FOLDER_NOT_FLUSHABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

const FOLDER_NOT_FLUSHABLE = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EBADF']);

/** File systems where a hard link cannot be made (some network shares, FAT): a plain rename there. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * {@link writeFileAtomically} for a file written once and never changed (a team segment): the
 * whole file appears under `path` only if nothing is there yet — a hard link from the temporary
 * file, which the file system refuses when the name exists, so two writers at once cannot both
 * win. The same bytes already there are fine (a write repeated); other bytes throw, and the file
 * there stays. Where hard links cannot be made, it falls back to a rename, but only after looking
 * at what is there: a rename replaces whatever has the name, so without that look a write
 * repeated with other bytes would change the segment. (Two writers at the very same moment can
 * still race there: such file systems offer no atomic "create if absent" of a whole file.)
 */
export function writeFileOnce(path: string, data: Uint8Array): Promise<void> {
  return underWay(writeOnce(path, data));
}

async function writeOnce(path: string, data: Uint8Array): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    await writeFlushed(temporary, data);
    try {
      await link(temporary, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') {
        requireSameContent(path, data, await readFile(path), error);
      } else if (NO_HARD_LINKS.has(code)) {
        const there = await readFile(path).catch((readError: unknown) => {
          if ((readError as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw readError;
        });
        if (there === null) {
          await rename(temporary, path);
          await syncFolder(dirname(path));
          return;
        }
        requireSameContent(path, data, there);
      } else {
        throw error;
      }
    }
    await rm(temporary, { force: true });
    await syncFolder(dirname(path));
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

function requireSameContent(path: string, data: Uint8Array, there: Uint8Array, cause?: unknown): void {
  if (!Buffer.from(data).equals(there)) throw new Error(`${basename(path)} is already there with other content; it is written once and never replaced`, { cause });
}
