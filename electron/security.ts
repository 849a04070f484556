/**
 * Everything that keeps the renderer in its box: web preferences, CSP, navigation, new
 * windows, permissions, and the sender check every IPC handler runs.
 */
import { shell, type IpcMainInvokeEvent, type Session, type WebContents, type WebFrameMain } from 'electron';
import { pathToFileURL } from 'node:url';
import { isAllowedExternalUrl } from '../shared/ipc';
import { APP_HOST, APP_SCHEME } from './appProtocol';

/**
 * Where the renderer is loaded from: the electron-vite dev server, or the built files under
 * `root` served as `app://fleetledger/` (electron/appProtocol.ts). `legacyIndexFile` is the
 * built index.html as a `file://` page, trusted only until the ledger has moved from that
 * page's origin to the app's (electron/originMove.ts); `null` once it has.
 */
export type RendererLocation = { kind: 'dev-server'; url: string } | { kind: 'app'; root: string; legacyIndexFile: string | null };

/**
 * The dev server is honoured only in an unpackaged app, so an environment variable can
 * never point a shipped build at a foreign page that would then be trusted with IPC.
 */
export function rendererLocation(options: {
  devServerUrl: string | undefined;
  isPackaged: boolean;
  root: string;
  legacyIndexFile: string | null;
}): RendererLocation {
  if (!options.isPackaged && options.devServerUrl) return { kind: 'dev-server', url: options.devServerUrl };
  return { kind: 'app', root: options.root, legacyIndexFile: options.legacyIndexFile };
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * The built index.html as a `file://` page: file: URLs have an opaque origin, so compare the
 * document path itself — on this machine (no host: file://evil.example/<same path> names a file
 * elsewhere, a UNC share on Windows).
 */
export function isLegacyPageUrl(location: RendererLocation, url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || location.kind !== 'app' || location.legacyIndexFile === null) return false;
  return parsed.protocol === 'file:' && parsed.host === '' && parsed.pathname === pathToFileURL(location.legacyIndexFile).pathname;
}

/** `app://fleetledger/…`, exactly: no other host, no port, no credentials. */
export function isAppOriginUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

/**
 * True only for the app's own page: the dev server's origin, or the `app://fleetledger` origin
 * (and, until the ledger has moved, exactly the built index.html as a `file://` page).
 */
export function isAppUrl(location: RendererLocation, url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  switch (location.kind) {
    case 'dev-server': {
      const dev = parseUrl(location.url);
      return dev !== null && parsed.origin === dev.origin;
    }
    case 'app':
      return isAppOriginUrl(url) || isLegacyPageUrl(location, url);
  }
}


/**
 * The app's CSP. Production is strict; with a dev server, Vite's inline React-refresh
 * preamble and its HMR WebSocket must be allowed too. The built app's pages get it as a header
 * from the app:// handler (electron/appProtocol.ts); index.html carries the same policy in a meta
 * tag too (the web build, and the old file:// page, which gets no headers).
 *
 * `connect-src` allows https and this machine, as the meta tag does: a policy is fixed when the
 * page loads, and the CouchDB server (issue 11) is chosen later. Which one the app may reach is
 * decided per request by {@link restrictConnections}: exactly the kept server's origin.
 */
export function contentSecurityPolicy(location: RendererLocation): string {
  const dev = location.kind === 'dev-server' ? parseUrl(location.url) : null;
  const devOrigin = dev?.origin;
  const devSocket = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : null;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    dev ? ['script-src', "'self'", "'unsafe-inline'", devOrigin ?? ''] : ['script-src', "'self'"],
    // Production styles come from the built CSS file only; React's style props go through the
    // CSSOM, which style-src does not govern. Vite's dev server injects <style> elements.
    dev ? ['style-src', "'self'", "'unsafe-inline'"] : ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(dev ? [devOrigin ?? '', devSocket ?? ''] : []), ...SYNC_SOURCES],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.filter((part) => part !== '').join(' ')).join('; ');
}

/** Where a sync server may be, for the CSP (the request filter narrows it to the one kept). The meta tag in renderer/index.html says the same. */
export const SYNC_SOURCES = ['https:', 'http://localhost:*', 'http://127.0.0.1:*'];

/** Sets our CSP on every response, replacing any the server sent (header names vary in case). */
export function installContentSecurityPolicy(session: Session, csp: string | (() => string)): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [typeof csp === 'string' ? csp : csp()];
    callback({ responseHeaders: headers });
  });
}

/**
 * Every network request the app makes goes to its own page (the dev server in development) or
 * to the CouchDB server the person connected, and nowhere else: the rest are cancelled. This
 * holds for the built app too: its app:// files never pass through here (they are not fetched
 * over the network), and neither does anything of the old file:// page.
 */
export function isAllowedRequest(location: RendererLocation, url: string, syncOrigin: string | null): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol === 'file:' || parsed.protocol === 'devtools:' || parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'chrome-extension:') return true;
  if (location.kind === 'dev-server') {
    const dev = parseUrl(location.url);
    if (dev !== null && parsed.host === dev.host) return true;
  }
  // The kept origin as a URL parser writes it, as the requests carry it: a server given as
  // https://[2001:0db8::1] is asked for at https://[2001:db8::1].
  return syncOrigin !== null && parsed.origin === parseUrl(syncOrigin)?.origin;
}

export function restrictConnections(session: Session, location: RendererLocation, syncOrigin: () => string | null): void {
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: !isAllowedRequest(location, details.url, syncOrigin()) });
  });
}

/**
 * The one browser permission the app uses: `navigator.storage.persist()`, so that Chromium
 * never evicts the ledger's IndexedDB under storage pressure. Electron routes it through the
 * permission check handler; it is allowed in the request handler too, in case a version asks there.
 */
export const GRANTED_PERMISSION = 'persistent-storage';

/**
 * Chromium's Local Network Access (enforced from Electron 43): a page whose origin Chromium does
 * not count as local (app://, file://) may reach a server on this machine or the local network
 * only with this permission, under the names Chromium's versions have given it. Denied, a team's
 * CouchDB server on 127.0.0.1 or on the office network would only ever read as "offline". The
 * app's own page gets it: its requests go to the one server the person connected and nowhere
 * else (restrictConnections), so the permission opens nothing more.
 */
export const LOCAL_NETWORK_PERMISSIONS: ReadonlySet<string> = new Set(['local-network-access', 'local-network', 'loopback-network']);

function isGranted(location: RendererLocation, permission: string, url: string | undefined): boolean {
  return (permission === GRANTED_PERMISSION || LOCAL_NETWORK_PERMISSIONS.has(permission)) && url !== undefined && isAppUrl(location, url);
}

/**
 * Persistent storage and the local network (a sync server) for the app's own page; every other
 * permission (camera, notifications, clipboard-read…), and every permission for any other page,
 * is denied.
 */
export function restrictPermissions(session: Session, location: RendererLocation): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(isGranted(location, permission, details.requestingUrl)),
  );
  // Electron sets requestingUrl whenever a frame asks; without one (a worker) only the origin is
  // known: app://fleetledger passes isAppUrl, an old file: page's opaque origin never does.
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isGranted(location, permission, details.requestingUrl ?? requestingOrigin),
  );
}

export function hardenSession(session: Session, location: RendererLocation, syncOrigin: () => string | null = () => null): void {
  installContentSecurityPolicy(session, contentSecurityPolicy(location));
  restrictConnections(session, location, syncOrigin);
  restrictPermissions(session, location);
}

/** Hands an allow-listed https link to the OS browser; anything else is dropped. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url).catch(() => undefined);
  return true;
}

/**
 * Navigation away from the app and every new window are refused. Allow-listed https links
 * (e.g. a help link with target=_blank) open in the user's browser instead.
 *
 * WebRTC: a peer connection needs no permission, and its traffic (ICE, STUN, the data channel)
 * never passes through the request filter ({@link restrictConnections}) nor the CSP. The app uses
 * none; this policy leaves it no UDP except through a proxy (none unless the system sets one), nor
 * this machine's local addresses to give away. (Electron offers no switch that turns WebRTC off.)
 */
export function hardenWebContents(contents: WebContents, location: RendererLocation): void {
  contents.setWebRTCIPHandlingPolicy('disable_non_proxied_udp');
  contents.on('will-navigate', (event) => {
    if (isAppUrl(location, event.url)) return;
    event.preventDefault();
    openExternalIfAllowed(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(location, event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
}

/** True only when the IPC came from the top frame of the app's own page. */
export function isTrustedFrame(location: RendererLocation, frame: WebFrameMain | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(location, frame.url);
}

export function isTrustedSender(location: RendererLocation, event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  return isTrustedFrame(location, event.senderFrame);
}
