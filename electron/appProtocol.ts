/**
 * The built renderer is served from `app://fleetledger/…`, a privileged, secure, standard scheme,
 * instead of `file://` (issue 14): a `file://` page shares its origin with every file on the disk
 * and gets no response headers, while this page has an origin of its own, receives its CSP as a
 * header, and can read exactly the files under `out/renderer` — nothing else. No Electron import
 * here: the handler is plain `Request → Response`, tested without the binary.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'fleetledger';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged` (before the app is ready). Standard and secure, so
 * the page has a real origin (its own IndexedDB, relative URLs, a secure context for workers and
 * `navigator.storage`); fetch for the page's own module workers; V8's code cache. Not
 * `corsEnabled`: no other origin may read these files. No service workers, no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/iu;

export type AppFile = { ok: true; path: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * The file under `root` that an `app://fleetledger/…` URL names, or why there is none. Refused:
 * another scheme or host, credentials or a port, a `.` or `..` segment (also percent-encoded, as
 * `%2e%2e`), an encoded separator (`%2f`, `%5c`), a backslash, a NUL, a drive letter, and anything
 * that still resolves outside `root`. `/` is the index page; the query and fragment are ignored.
 */
export function resolveAppFile(root: string, requestUrl: string): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403, reason: `only ${APP_SCHEME}://${APP_HOST}/ is served` };
  }
  // The path as requested, not as parsed: parsing folds `..` and `%2e%2e` away (into a path that
  // stays inside), and a request that tries to climb out is refused outright, not reinterpreted.
  const requested = /^[a-z]+:\/\/[^/?#]*([^?#]*)/iu.exec(requestUrl)?.[1] ?? '';
  const rawPath = requested === '' || requested === '/' ? '/index.html' : requested;
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    // Also what Windows would reinterpret: a trailing dot or space, an alternate data stream
    // (`name:stream`), a drive, a device name (CON, NUL, COM1…).
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/u.test(segment) || /[. ]$/u.test(segment) || WINDOWS_DEVICE.test(segment)) {
      return { ok: false, status: 403, reason: `path segment ${JSON.stringify(raw)} is not allowed` };
    }
    segments.push(segment);
  }
  const path = join(root, ...segments);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { ok: false, status: 403, reason: 'outside the app' };
  }
  return { ok: true, path };
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * The `protocol.handle` handler: GET (and HEAD) of a file under `root`, with its content type,
 * the app's CSP on every response, and `nosniff`. Everything else is an error response, never
 * a file from elsewhere.
 */
export async function serveAppFile(root: string, request: Pick<Request, 'url' | 'method'>, contentSecurityPolicy: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
  const file = resolveAppFile(root, request.url);
  if (!file.ok) return textResponse(file.status, `Refused: ${file.reason}`);
  // A link inside the folder must not lead out of it. (Where a path cannot be resolved — a
  // missing file, or a file inside app.asar where links do not exist — the checks above stand.)
  let target = file.path;
  try {
    const [real, realRoot] = await Promise.all([realpath(file.path), realpath(root)]);
    const inside = relative(realRoot, real);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return textResponse(403, 'Refused: outside the app');
    target = real;
  } catch {
    // fall through to the read, which answers 404 for a missing file
  }
  let body: Buffer;
  try {
    body = await readFile(target);
  } catch {
    return textResponse(404, 'Not found');
  }
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
