/**
 * The browser storage around the database: persistence, usage, and turning storage failures
 * into something a person can act on. No React here, so any module (query, import, seeding)
 * can report a failure and the one banner in the UI shows it.
 */
import { assertNever } from '../../shared/result';

export interface PersistenceResult {
  /** True when the browser promises not to evict our data under storage pressure. */
  persisted: boolean;
  /** False when this browser has no Storage API at all (nothing to ask). */
  supported: boolean;
}

/**
 * Asks the browser to keep our data even when the disk runs low. Asks only if not already
 * granted (`persist()` may show a prompt in some browsers). Never rejects: a refusal or a
 * failure just means "not persisted".
 */
export async function requestPersistentStorage(): Promise<PersistenceResult> {
  const storage = storageManager();
  if (!storage || typeof storage.persisted !== 'function' || typeof storage.persist !== 'function') {
    return { persisted: false, supported: false };
  }
  try {
    if (await storage.persisted()) return { persisted: true, supported: true };
    return { persisted: await storage.persist(), supported: true };
  } catch {
    return { persisted: false, supported: true };
  }
}

/** Bytes used and available to this origin, or null when the browser cannot say. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  const storage = storageManager();
  if (!storage || typeof storage.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return { usage, quota };
  } catch {
    return null;
  }
}

function storageManager(): StorageManager | undefined {
  // `navigator.storage` is absent in insecure contexts and in old engines, despite the DOM types.
  return typeof navigator === 'undefined' ? undefined : (navigator.storage as StorageManager | undefined);
}

export type StorageErrorKind = 'quota' | 'open-failed' | 'version' | 'blocked' | 'unknown';

export interface StorageErrorDescription {
  kind: StorageErrorKind;
  title: string;
  message: string;
}

/**
 * Error names that say what went wrong, looked for anywhere among the causes first, then in the
 * text of the messages; the generic names come last (`DatabaseClosedError`, `OpenFailedError`
 * only say that something failed, and usually wrap the reason).
 */
const CAUSES: readonly (readonly [string, StorageErrorKind])[] = [
  ['QuotaExceededError', 'quota'],
  ['VersionError', 'version'],
  ['UpgradeError', 'version'],
];
const GENERAL: readonly (readonly [string, StorageErrorKind])[] = [
  ['VersionChangeError', 'blocked'],
  ['MissingAPIError', 'open-failed'],
  ['InvalidStateError', 'open-failed'],
  ['SecurityError', 'open-failed'],
  ['UnknownError', 'open-failed'],
  ['OpenFailedError', 'open-failed'],
  ['DatabaseClosedError', 'blocked'],
];

/** Enough for any real nesting; also what stops a cyclic chain. */
const MAX_CAUSES = 16;

/**
 * The error and every error behind it: `inner` (Dexie), `cause` (standard errors) and
 * `failures` (Dexie's BulkError / ModifyError), breadth first.
 */
function errorChain(e: unknown): { name: string; message: string }[] {
  const chain: { name: string; message: string }[] = [];
  const queue: unknown[] = [e];
  const seen = new Set<unknown>();
  while (queue.length > 0 && chain.length < MAX_CAUSES) {
    const current = queue.shift();
    if (current === null || current === undefined || seen.has(current)) continue;
    seen.add(current);
    if (typeof current !== 'object') {
      chain.push({ name: '', message: String(current) });
      continue;
    }
    const o = current as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
    chain.push({
      name: typeof o.name === 'string' ? o.name : '',
      message: typeof o.message === 'string' ? o.message : '',
    });
    queue.push(o.inner, o.cause);
    if (Array.isArray(o.failures)) queue.push(...(o.failures as unknown[]).slice(0, MAX_CAUSES));
  }
  return chain;
}

function kindOf(chain: readonly { name: string; message: string }[]): { kind: StorageErrorKind; name: string } {
  for (const [name, kind] of CAUSES) {
    if (chain.some((c) => c.name === name)) return { kind, name };
  }
  // Dexie sometimes keeps only the text of the cause ("DatabaseClosedError: VersionError …").
  const text = chain.map((c) => c.message).join(' ');
  if (/QuotaExceeded|quota exceeded/iu.test(text)) return { kind: 'quota', name: 'QuotaExceededError' };
  if (/VersionError/u.test(text)) return { kind: 'version', name: 'VersionError' };
  for (const [name, kind] of GENERAL) {
    if (chain.some((c) => c.name === name)) return { kind, name };
  }
  return { kind: 'unknown', name: chain[0]?.name ?? '' };
}

/**
 * Maps any storage failure (Dexie or raw IndexedDB errors, wrapped or not) to what happened and
 * what the person can do about it. A failed read-write transaction is rolled back as a whole,
 * which is why the messages can say nothing was saved.
 */
export function describeStorageError(e: unknown): StorageErrorDescription {
  const chain = errorChain(e);
  const { kind, name } = kindOf(chain);
  switch (kind) {
    case 'quota':
      return {
        kind,
        title: 'Out of storage space',
        message:
          "Your disk is full or the browser's storage quota is reached. Nothing was saved. " +
          'Free space or export a backup, then try again.',
      };
    case 'version':
      return name === 'UpgradeError'
        ? {
            kind,
            title: 'Could not upgrade your data',
            message:
              'Fleetledger could not convert your data to the format of this version, so it left it as it was. ' +
              'Restore the previous version of the app or a backup, and report the problem.',
          }
        : {
            kind,
            title: 'Data from a newer version',
            message:
              'Your data was saved by a newer version of Fleetledger than this one. ' +
              'Update Fleetledger to open it; nothing was changed.',
          };
    case 'blocked':
      return {
        kind,
        title: 'Database in use elsewhere',
        message:
          'Another Fleetledger window is upgrading or holding the database, so this one was closed. ' +
          'Close the other Fleetledger windows, then reload this one.',
      };
    case 'open-failed':
      return name === 'MissingAPIError'
        ? {
            kind,
            title: 'No local database available',
            message:
              'This browser does not give Fleetledger a local database (IndexedDB is missing or disabled, ' +
              'e.g. in a private window). Use the desktop app or a normal browser window.',
          }
        : {
            kind,
            title: 'Could not open your data',
            message:
              'The local database could not be opened. Close other Fleetledger windows and restart the app; ' +
              'if it keeps failing, check free disk space and restore from a backup.',
          };
    case 'unknown': {
      const detail = chain.find((c) => c.message !== '')?.message;
      return {
        kind,
        title: 'Storage error',
        message:
          'Saving or reading your data failed and the change was not saved. Try again; if it keeps failing, ' +
          `export a backup and restart the app.${detail ? ` (Details: ${detail})` : ''}`,
      };
    }
    default:
      return assertNever(kind, 'storage error kind');
  }
}

export type StorageErrorListener = (error: StorageErrorDescription, cause: unknown) => void;

/** Failures reported anywhere, shown by whoever listens (the app's one storage banner). */
export interface StorageErrorChannel {
  /** Returns the function that unsubscribes. */
  subscribe(listener: StorageErrorListener): () => void;
  /**
   * Tells every listener about a failure and returns its description. Takes the error itself
   * (preferred: listeners also get the cause) or a description already made from it.
   */
  report(e: unknown): StorageErrorDescription;
}

const KINDS: readonly string[] = ['quota', 'open-failed', 'version', 'blocked', 'unknown'] satisfies StorageErrorKind[];

function isStorageErrorDescription(e: unknown): e is StorageErrorDescription {
  if (typeof e !== 'object' || e === null || e instanceof Error) return false;
  const d = e as Partial<Record<keyof StorageErrorDescription, unknown>>;
  return typeof d.kind === 'string' && KINDS.includes(d.kind) && typeof d.title === 'string' && typeof d.message === 'string';
}

export function createStorageErrorChannel(): StorageErrorChannel {
  const listeners = new Set<StorageErrorListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    report(e) {
      const description = isStorageErrorDescription(e) ? e : describeStorageError(e);
      for (const listener of [...listeners]) {
        try {
          listener(description, e);
        } catch (listenerError) {
          // One broken listener must not hide the failure from the others.
          console.error('storage error listener failed', listenerError);
        }
      }
      return description;
    },
  };
}

/** The app-wide channel. */
export const storageErrors: StorageErrorChannel = createStorageErrorChannel();
