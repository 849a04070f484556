/**
 * The CouchDB server this device syncs through (issue 11), as the platform keeps it: where the
 * password lives, and `fetch`.
 *
 * - Desktop: the main process keeps the server and encrypts the password with the OS keychain
 *   (electron/couchCredentials.ts); it also lets the app connect to exactly that origin.
 * - Browser: the URL and user name in the browser's own small database (`fleetledger-device`,
 *   never in a backup or the ledger); the password only in this tab's session storage, gone
 *   when the tab closes, unless the person ticks *Remember the password on this browser*: then
 *   it is kept in that database too (a browser has no keychain; the card says so).
 */
import type { StoredCouchCredentials } from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';
import type { FetchLike } from '../../shared/sync/couchHttp';
import { desktopBridge } from './bridge';
import { deviceStore } from './folderBackups';

const KEY = 'couchServer';
const SESSION_KEY = 'fleetledger.couchPassword';

export interface KeptServer extends StoredCouchCredentials {
  /** The password is kept beyond this session (keychain on the desktop, browser storage when ticked). */
  remembered: boolean;
}

interface BrowserRecord {
  url: string;
  user: string;
  password?: string;
}

function sessionPassword(url: string, user: string): string | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as { url?: unknown; user?: unknown; password?: unknown } | null;
    return v !== null && v.url === url && v.user === user && typeof v.password === 'string' ? v.password : null;
  } catch {
    return null;
  }
}

/** The server kept on this device, or null. */
export async function keptServer(): Promise<KeptServer | null> {
  const bridge = desktopBridge();
  if (bridge) {
    const r = await bridge.couchCredentials();
    return r.ok && r.value !== null ? { ...r.value, remembered: r.value.kept === 'keychain' } : null;
  }
  if (typeof indexedDB === 'undefined') return null;
  const v = (await deviceStore<unknown>('readonly', (s) => s.get(KEY))) as Partial<BrowserRecord> | null;
  if (v === null || typeof v !== 'object' || typeof v.url !== 'string' || typeof v.user !== 'string') return null;
  const remembered = typeof v.password === 'string';
  // No user name: the app sends no credentials at all (shared/sync/couchHttp.ts), so there is no password to ask for in a new session.
  const password = remembered ? (v.password as string) : v.user === '' ? '' : sessionPassword(v.url, v.user);
  return { url: v.url, user: v.user, password, kept: 'session', remembered };
}

/** Keeps the server; `remember` (browser only) keeps the password beyond this session. */
export async function keepServer(server: { url: string; user: string; password: string }, remember: boolean): Promise<Result<KeptServer>> {
  const bridge = desktopBridge();
  if (bridge) {
    const r = await bridge.saveCouchCredentials(server);
    return r.ok ? ok({ ...r.value, remembered: r.value.kept === 'keychain' }) : err(r.error);
  }
  const record: BrowserRecord = remember ? { ...server } : { url: server.url, user: server.user };
  await deviceStore('readwrite', (s) => s.put(record, KEY));
  try {
    if (remember) sessionStorage.removeItem(SESSION_KEY);
    else sessionStorage.setItem(SESSION_KEY, JSON.stringify(server));
  } catch {
    // No session storage (a locked-down browser): the password is asked for at each connect.
  }
  return ok({ ...server, kept: 'session', remembered: remember });
}

export async function forgetServer(): Promise<void> {
  const bridge = desktopBridge();
  if (bridge) {
    await bridge.forgetCouchCredentials();
    return;
  }
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Nothing kept there.
  }
  if (typeof indexedDB !== 'undefined') await deviceStore('readwrite', (s) => s.delete(KEY));
}

/** Whether this desktop keeps passwords in the OS keychain (false in a browser). */
export function isDesktop(): boolean {
  return desktopBridge() !== undefined;
}

/** The platform's fetch, bounded (shared/sync/couchHttp.ts FetchLike). */
export const platformFetch: FetchLike = (url, { timeoutMs, ...init }) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), credentials: 'omit', cache: 'no-store' });
