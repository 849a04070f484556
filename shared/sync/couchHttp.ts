/**
 * The CouchDB database a team syncs through (issue 11), over `fetch`: the one HTTP client of the
 * renderer (browser and desktop) and the CLI, given the platform's `fetch`. Credentials go in an
 * `Authorization: Basic` header, never in the URL, and never into a message.
 */
import { err, ok, type Result } from '../result';
import { bytesToBase64 } from './base64';
import { CouchUnreachable, type CouchHttp, type CouchResponse } from './couchSync';

export interface CouchConnection {
  /** The database's URL (https, or http on this machine), without credentials. */
  url: string;
  user: string;
  password: string;
}

/**
 * Where plain http is accepted: this machine, by the names the app's content security policy
 * also allows (so not [::1], which a CSP host source cannot name).
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);
/** scheme, authority, path, query, fragment (RFC 3986's reference parse; shared/ has no URL class). */
const URL_PARTS = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#\\]*)([^?#]*)(\?[^#]*)?(#.*)?$/u;
/**
 * A host as a browser's URL parser keeps it (ASCII letters, digits, dots and hyphens: a domain
 * name or an IPv4 address; or an IPv6 literal) and a port. Anything else — a backslash, spaces,
 * percent-escapes, `;` — could be read one way here and another by fetch or a CSP, so it is refused.
 */
const AUTHORITY = /^(?:([^@]*)@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$/u;
/** Path characters that need no escaping and mean the same to every parser (no backslash, space or control character). */
const PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/u;

/**
 * The database URL as it is kept: trimmed, without a trailing slash. Refused, with the reason:
 * not http(s), http to another machine (passwords would cross the network in clear), credentials
 * or a query in the URL, no database name.
 */
export function checkCouchUrl(text: string): Result<string> {
  const parts = URL_PARTS.exec(text.trim());
  if (parts === null) return err('The server URL is not a URL: it looks like https://sync.example.com/fleetledger.');
  const scheme = (parts[1] as string).toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') return err(`The server URL must start with https:// (it starts with ${scheme}://).`);
  const authority = AUTHORITY.exec(parts[2] as string);
  if (authority === null) return err('The server URL names no server: it looks like https://sync.example.com/fleetledger.');
  if (authority[1] !== undefined) return err('Put the user name and password in their own fields, not in the URL.');
  const host = (authority[2] as string).toLowerCase();
  const portNumber = authority[3] === undefined ? null : Number(authority[3]);
  if (host.startsWith('.') || host.endsWith('..') || host.includes('..') || (portNumber !== null && (portNumber < 1 || portNumber > 65_535))) {
    return err('The server URL names no valid server: it looks like https://sync.example.com/fleetledger.');
  }
  if (scheme === 'http' && !LOCAL_HOSTS.has(host)) {
    return err('The server URL must use https:// — with http:// the password and the ledger would cross the network unencrypted. (http:// is accepted only for a server on this machine: localhost or 127.0.0.1.)');
  }
  if (parts[4] !== undefined || parts[5] !== undefined) return err('The server URL names the database only: leave out anything after ? or #.');
  const path = (parts[3] as string).replace(/\/+$/u, '');
  if (!PATH.test(path)) return err('The server URL’s database name holds characters a URL cannot carry as they are (a space, a backslash): write the database’s URL as the server shows it.');
  if (path === '') return err('The server URL must name the database, like https://sync.example.com/fleetledger (the server’s address, then the database).');
  const port = portNumber === null || (scheme === 'https' && portNumber === 443) || (scheme === 'http' && portNumber === 80) ? '' : `:${portNumber}`;
  return ok(`${scheme}://${host}${port}${path}`);
}

/** The origin a database URL lives on (what the desktop CSP lets the app connect to). */
export function couchOrigin(url: string): string {
  const parts = URL_PARTS.exec(url);
  return parts === null ? url : `${(parts[1] as string).toLowerCase()}://${(parts[2] as string).toLowerCase()}`;
}

/** Text as UTF-8 bytes (for the Basic credentials; shared/ has no TextEncoder). */
function utf8Bytes(text: string): Uint8Array {
  const escaped = encodeURIComponent(text);
  const out: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      out.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(escaped.charCodeAt(i));
    }
  }
  return Uint8Array.from(out);
}

/**
 * The platform's `fetch`, bounded: it gives up after `timeoutMs` (AbortSignal.timeout) and
 * rejects when no answer came. The same one line over `fetch` in a browser, Electron and Node.
 */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }) => Promise<{ status: number; text(): Promise<string> }>;

/** How long a request may take before the server counts as unreachable (a longpoll waits its own timeout on top). */
export const REQUEST_TIMEOUT_MS = 60_000;

export function couchHttp(connection: CouchConnection, fetchImpl: FetchLike, timeoutMs = REQUEST_TIMEOUT_MS): CouchHttp {
  const base = connection.url.replace(/\/+$/u, '');
  const root = `${couchOrigin(base)}/`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (connection.user !== '') headers.Authorization = `Basic ${bytesToBase64(utf8Bytes(`${connection.user}:${connection.password}`))}`;
  return {
    async request(method, path, body, options): Promise<CouchResponse> {
      const url = options?.server === true ? `${root}${path}` : path === '' ? `${base}/` : `${base}/${path}`;
      const longpoll = /[?&]timeout=([0-9]+)/u.exec(path);
      const limit = timeoutMs + (longpoll !== null ? Number(longpoll[1]) : 0);
      let response: { status: number; text(): Promise<string> };
      let text: string;
      try {
        const init = body === undefined ? { method, headers, timeoutMs: limit } : { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body), timeoutMs: limit };
        response = await fetchImpl(url, init);
        text = await response.text();
      } catch (e) {
        const name = e instanceof Error ? e.name : '';
        throw new CouchUnreachable(name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${Math.round(limit / 1000)} s` : e instanceof Error ? e.message : String(e));
      }
      let parsed: unknown;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = null;
      }
      return { status: response.status, body: parsed };
    },
  };
}
