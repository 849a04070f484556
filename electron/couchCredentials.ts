/**
 * The CouchDB server this desktop installation syncs through (issue 11): its URL and user in
 * `<userData>/couchdb.json`, the password encrypted with the operating system's keychain
 * (Electron `safeStorage`: Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on
 * Linux). Where the system offers no keychain (Linux's `basic_text` fallback counts as none) the password is kept in this process's memory
 * only, for the session, and the person types it again after a restart; it is never written in
 * clear. The password never leaves this module except to the app's own window, and is never
 * logged.
 *
 * The kept server's origin is also the one origin the app may connect to (electron/security.ts:
 * the request filter). Connect keeps a server while it checks it, and puts back the one kept
 * before when the check fails (renderer/couchSync.ts).
 */
import { app, safeStorage } from 'electron';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CouchCredentials, StoredCouchCredentials } from '../shared/ipc';
import { err, ok, type Result } from '../shared/result';
import { checkCouchUrl, couchOrigin } from '../shared/sync/couchHttp';
import { ioMessage, writeFileAtomically } from './fileIo';

const FILE = 'couchdb.json';

interface KeptFile {
  url: string;
  user: string;
  /**
   * base64 of safeStorage.encryptStringAsync(password) (safeStorage.encryptString's before
   * Electron 45 deprecated it: the asynchronous API reads those too); absent when the password is
   * kept for the session only.
   */
  encryptedPassword?: string;
}

let sessionPassword: { url: string; user: string; password: string } | null = null;

/**
 * Whether the system offers a real keychain. On Linux without a secret service (no GNOME
 * Keyring, no KWallet) Electron falls back to `basic_text`, a key written in its own code:
 * encrypted in name only, so it counts as none and the password is kept for the session.
 */
async function keychainAvailable(): Promise<boolean> {
  try {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  } catch {
    return false;
  }
  const backend = (safeStorage as { getSelectedStorageBackend?: () => string }).getSelectedStorageBackend?.();
  return backend === undefined || (backend !== 'basic_text' && backend !== 'unknown');
}
let allowedOrigin: string | null = null;

function filePath(): string {
  return join(app.getPath('userData'), FILE);
}

async function readKept(): Promise<KeptFile | null> {
  try {
    const v = JSON.parse(await readFile(filePath(), 'utf8')) as Partial<KeptFile>;
    if (typeof v.url !== 'string' || typeof v.user !== 'string' || !checkCouchUrl(v.url).ok) return null;
    return { url: v.url, user: v.user, ...(typeof v.encryptedPassword === 'string' ? { encryptedPassword: v.encryptedPassword } : {}) };
  } catch {
    return null;
  }
}

/** The origin the app may connect to (the kept server's), or null: read at start, then kept in step. */
export function syncOrigin(): string | null {
  return allowedOrigin;
}

/** Reads the kept server at start, so the request filter allows its origin from the first request. */
export async function loadSyncOrigin(): Promise<void> {
  const kept = await readKept();
  allowedOrigin = kept === null ? null : couchOrigin(kept.url);
}

export async function couchCredentials(): Promise<Result<StoredCouchCredentials | null>> {
  const kept = await readKept();
  allowedOrigin = kept === null ? null : couchOrigin(kept.url);
  if (kept === null) return ok(null);
  if (kept.encryptedPassword !== undefined && (await keychainAvailable())) {
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await safeStorage.decryptStringAsync(Buffer.from(kept.encryptedPassword, 'base64'));
    } catch {
      // The keychain no longer opens it (another user account, a reset keychain): asked for again.
      return ok({ url: kept.url, user: kept.user, password: null, kept: 'keychain' });
    }
    if (decrypted.shouldReEncrypt) await encryptAgain(kept, decrypted.result);
    return ok({ url: kept.url, user: kept.user, password: decrypted.result, kept: 'keychain' });
  }
  // No user name: the app sends no credentials at all (shared/sync/couchHttp.ts), so there is no password to ask for again.
  const session = kept.user === '' ? '' : sessionPassword !== null && sessionPassword.url === kept.url && sessionPassword.user === kept.user ? sessionPassword.password : null;
  return ok({ url: kept.url, user: kept.user, password: session, kept: 'session' });
}

/**
 * base64 of the keychain-encrypted password, or null when the keychain refuses (macOS when the
 * person denies access or the keychain is locked; a Secret Service that fails): the password is
 * then kept for the session, as on a system with no keychain, never written in clear.
 */
async function encryptedPassword(password: string): Promise<string | null> {
  try {
    return (await safeStorage.encryptStringAsync(password)).toString('base64');
  } catch {
    return null;
  }
}

/**
 * The keychain's key was rotated (or a stronger one is there): the password is kept encrypted
 * anew. When that fails the old value stays, which still opens: nothing to say.
 */
async function encryptAgain(kept: KeptFile, password: string): Promise<void> {
  const encrypted = await encryptedPassword(password);
  if (encrypted === null) return;
  try {
    await writeFileAtomically(filePath(), `${JSON.stringify({ ...kept, encryptedPassword: encrypted }, null, 2)}\n`);
  } catch {
    // kept as it was
  }
}

export async function saveCouchCredentials(_event: unknown, request: CouchCredentials): Promise<Result<StoredCouchCredentials>> {
  const url = checkCouchUrl(request.url);
  if (!url.ok) return url;
  const file: KeptFile = { url: url.value, user: request.user };
  // An empty password (a server on this machine without users) is kept too: "none" is an answer.
  const encrypted = (await keychainAvailable()) ? await encryptedPassword(request.password) : null;
  if (encrypted !== null) file.encryptedPassword = encrypted;
  const keychain = encrypted !== null;
  try {
    await writeFileAtomically(filePath(), `${JSON.stringify(file, null, 2)}\n`);
  } catch (e) {
    return err(`The server could not be kept on this computer: ${ioMessage(e)}`);
  }
  sessionPassword = keychain ? null : { url: url.value, user: request.user, password: request.password };
  allowedOrigin = couchOrigin(url.value);
  return ok({ url: url.value, user: request.user, password: request.password, kept: keychain ? 'keychain' : 'session' });
}

export async function forgetCouchCredentials(): Promise<Result<true>> {
  sessionPassword = null;
  allowedOrigin = null;
  try {
    await rm(filePath(), { force: true });
  } catch (e) {
    return err(`The kept server could not be forgotten: ${ioMessage(e)}`);
  }
  return ok(true);
}
