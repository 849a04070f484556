import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pathToFileURL } from 'node:url';
import type { Session, WebContents, WebFrameMain } from 'electron';

vi.mock('electron', () => import('./fakeElectron'));

import { FakeSession, FakeWebContents, fakeEvent, resetFakeElectron, shell } from './fakeElectron';
import {
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  installContentSecurityPolicy,
  isAppUrl,
  isTrustedFrame,
  isTrustedSender,
  openExternalIfAllowed,
  rendererLocation,
  restrictPermissions,
  type RendererLocation,
} from '../../electron/security';

const ROOT = '/opt/Fleetledger/resources/app.asar/out/renderer';
/** The old file:// page, trusted only while the ledger moves from its origin. */
const INDEX = `${ROOT}/index.html`;
const INDEX_URL = pathToFileURL(INDEX).href;
const APP_URL = 'app://fleetledger/index.html';
const appLocation: RendererLocation = { kind: 'app', root: ROOT, legacyIndexFile: null };
const movingLocation: RendererLocation = { kind: 'app', root: ROOT, legacyIndexFile: INDEX };
const devLocation: RendererLocation = { kind: 'dev-server', url: 'http://localhost:5173/' };

const PROD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self' https: http://localhost:* http://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function frame(url: string, parent: WebFrameMain | null = null): WebFrameMain {
  return { url, parent } as unknown as WebFrameMain;
}

beforeEach(() => resetFakeElectron());

describe('rendererLocation', () => {
  it('uses the dev server only when unpackaged', () => {
    expect(rendererLocation({ devServerUrl: 'http://localhost:5173', isPackaged: false, root: ROOT, legacyIndexFile: null })).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173',
    });
    expect(rendererLocation({ devServerUrl: 'http://evil.example', isPackaged: true, root: ROOT, legacyIndexFile: null })).toEqual(appLocation);
    expect(rendererLocation({ devServerUrl: undefined, isPackaged: false, root: ROOT, legacyIndexFile: INDEX })).toEqual(movingLocation);
  });
});

describe('content security policy', () => {
  it('is strict in production', () => {
    expect(contentSecurityPolicy(appLocation)).toBe(PROD_CSP);
  });

  it('is the policy the built page carries in its meta tag (for the web build and the old file:// page, which get no header)', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/u.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag; every other directive must be the same.
    expect(meta).toBe(PROD_CSP.replace("; frame-ancestors 'none'", ''));
  });

  it('allows only the dev server and its HMR socket in development', () => {
    const csp = contentSecurityPolicy(devLocation);
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173;");
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173 https: http://localhost:* http://127.0.0.1:*;");
    expect(csp).toContain("default-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('replaces any CSP header on every response and keeps the others', () => {
    const ses = new FakeSession();
    installContentSecurityPolicy(ses as unknown as Session, PROD_CSP);
    expect(ses.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
    const callback = vi.fn();
    ses.headersListener?.(
      { url: 'http://localhost:5173/', responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [PROD_CSP] },
    });
  });

  it('hardenSession installs the CSP and the permission handlers', () => {
    const ses = new FakeSession();
    hardenSession(ses as unknown as Session, appLocation);
    const callback = vi.fn();
    ses.headersListener?.({ url: 'http://x/', responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [PROD_CSP] } });
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(ses.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(ses.permissionCheckHandler?.({}, 'persistent-storage', 'app://fleetledger', { requestingUrl: APP_URL, isMainFrame: true })).toBe(true);
    expect(ses.permissionCheckHandler?.({}, 'notifications', 'app://fleetledger', { requestingUrl: APP_URL, isMainFrame: true })).toBe(false);
  });
});

describe('permissions', () => {
  type RequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
  type CheckHandler = (webContents: unknown, permission: string, origin: string, details: object) => boolean;

  function handlers(location: RendererLocation): { request: RequestHandler; check: CheckHandler } {
    const ses = new FakeSession();
    restrictPermissions(ses as unknown as Session, location);
    return { request: ses.permissionRequestHandler as RequestHandler, check: ses.permissionCheckHandler as CheckHandler };
  }

  function requested(handler: RequestHandler, permission: string, requestingUrl: string): boolean {
    const callback = vi.fn();
    handler({}, permission, callback, { requestingUrl, isMainFrame: true });
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0]?.[0] as boolean;
  }

  it('grants persistent storage to the built app page (check and request), a worker of its origin too', () => {
    const { request, check } = handlers(appLocation);
    expect(check({}, 'persistent-storage', 'app://fleetledger', { requestingUrl: `${APP_URL}#/lots`, isMainFrame: true })).toBe(true);
    expect(check(null, 'persistent-storage', 'app://fleetledger', { isMainFrame: false })).toBe(true);
    expect(requested(request, 'persistent-storage', APP_URL)).toBe(true);
    // The old file:// page is not the app once the ledger has moved.
    expect(requested(request, 'persistent-storage', INDEX_URL)).toBe(false);
  });

  it('grants persistent storage to the dev server origin', () => {
    const { request, check } = handlers(devLocation);
    expect(check({}, 'persistent-storage', 'http://localhost:5173', { requestingUrl: 'http://localhost:5173/', isMainFrame: true })).toBe(true);
    expect(check(null, 'persistent-storage', 'http://localhost:5173', { isMainFrame: false })).toBe(true);
    expect(requested(request, 'persistent-storage', 'http://localhost:5173/#/pipeline')).toBe(true);
  });

  it('denies persistent storage to any other page or origin', () => {
    const { request, check } = handlers(appLocation);
    for (const url of ['https://evil.example/', pathToFileURL('/tmp/evil.html').href, 'http://localhost:5173/', 'app://evil/index.html', 'app://fleetledger:8080/index.html']) {
      expect(check({}, 'persistent-storage', 'null', { requestingUrl: url, isMainFrame: true })).toBe(false);
      expect(requested(request, 'persistent-storage', url)).toBe(false);
    }
    // A file: origin alone (no requesting page) is not enough to be the app.
    expect(check(null, 'persistent-storage', 'file:///', { isMainFrame: false })).toBe(false);
    const dev = handlers(devLocation);
    expect(dev.check({}, 'persistent-storage', 'http://localhost:5174', { requestingUrl: 'http://localhost:5174/', isMainFrame: true })).toBe(false);
    expect(dev.check(null, 'persistent-storage', 'http://127.0.0.1:5173', { isMainFrame: false })).toBe(false);
  });

  it('grants the local network (a CouchDB server on this machine or the LAN) to the app page only', () => {
    for (const permission of ['local-network-access', 'local-network', 'loopback-network']) {
      const app = handlers(appLocation);
      expect(app.check({}, permission, 'app://fleetledger', { requestingUrl: APP_URL, isMainFrame: true })).toBe(true);
      expect(requested(app.request, permission, `${APP_URL}#/settings`)).toBe(true);
      const dev = handlers(devLocation);
      expect(requested(dev.request, permission, 'http://localhost:5173/')).toBe(true);
      for (const url of ['https://evil.example/', pathToFileURL('/tmp/evil.html').href, 'app://evil/index.html', INDEX_URL]) {
        expect(app.check({}, permission, 'null', { requestingUrl: url, isMainFrame: true })).toBe(false);
        expect(requested(app.request, permission, url)).toBe(false);
      }
    }
  });

  it('still denies every other permission, even to the app page', () => {
    for (const location of [appLocation, devLocation]) {
      const { request, check } = handlers(location);
      const url = location.kind === 'app' ? APP_URL : location.url;
      for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'storage-access', 'fileSystem', 'unknown']) {
        expect(requested(request, permission, url)).toBe(false);
        expect(check({}, permission, url, { requestingUrl: url, isMainFrame: true })).toBe(false);
      }
    }
  });
});

describe('isAppUrl', () => {
  it('accepts the app://fleetledger origin exactly', () => {
    expect(isAppUrl(appLocation, APP_URL)).toBe(true);
    expect(isAppUrl(appLocation, `${APP_URL}#/lots`)).toBe(true);
    expect(isAppUrl(appLocation, 'app://fleetledger/assets/index.js')).toBe(true);
    expect(isAppUrl(appLocation, 'app://evil.example/index.html')).toBe(false);
    expect(isAppUrl(appLocation, 'app://fleetledger.evil.example/index.html')).toBe(false);
    expect(isAppUrl(appLocation, 'app://fleetledger:8080/index.html')).toBe(false);
    expect(isAppUrl(appLocation, 'app://user@fleetledger/index.html')).toBe(false);
    expect(isAppUrl(appLocation, 'https://fleetledger/index.html')).toBe(false);
    expect(isAppUrl(appLocation, 'not a url')).toBe(false);
    // The old file:// page is not the app once the ledger has moved.
    expect(isAppUrl(appLocation, INDEX_URL)).toBe(false);
  });

  it('while the ledger moves, also exactly the old index.html as a file:// page', () => {
    expect(isAppUrl(movingLocation, APP_URL)).toBe(true);
    expect(isAppUrl(movingLocation, INDEX_URL)).toBe(true);
    expect(isAppUrl(movingLocation, `${INDEX_URL}#origin-handover`)).toBe(true);
    expect(isAppUrl(movingLocation, pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(isAppUrl(movingLocation, pathToFileURL(`${ROOT}/other.html`).href)).toBe(false);
    expect(isAppUrl(movingLocation, 'https://localhost/out/renderer/index.html')).toBe(false);
    // The same path on another host (a UNC share on Windows) is not the app.
    expect(isAppUrl(movingLocation, INDEX_URL.replace('file:///', 'file://evil.example/'))).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    expect(isAppUrl(devLocation, 'http://localhost:5173/#/pipeline')).toBe(true);
    expect(isAppUrl(devLocation, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(devLocation, 'https://localhost:5173/')).toBe(false);
    expect(isAppUrl(devLocation, 'http://127.0.0.1:5173/')).toBe(false);
  });
});

describe('navigation and new windows', () => {
  function hardened(): FakeWebContents {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents, appLocation);
    return contents;
  }

  it('prevents navigation to a foreign URL', () => {
    const contents = hardened();
    const event = fakeEvent({ url: 'https://evil.example/phish' });
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('prevents navigation to another local file', () => {
    const contents = hardened();
    const event = fakeEvent({ url: pathToFileURL('/home/user/Downloads/evil.html').href });
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('lets the app reload itself', () => {
    const contents = hardened();
    const event = fakeEvent({ url: APP_URL });
    contents.emit('will-navigate', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents navigation to the old file:// page once the ledger has moved', () => {
    const contents = hardened();
    const event = fakeEvent({ url: INDEX_URL });
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('sends an allow-listed link to the OS browser instead of navigating', () => {
    const contents = hardened();
    const event = fakeEvent({ url: 'https://github.com/fleetledger' });
    contents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://github.com/fleetledger');
  });

  it('prevents redirects away from the app and webview attachment', () => {
    const contents = hardened();
    const redirect = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = fakeEvent({});
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('keeps WebRTC off the network the request filter does not see: no UDP except through a proxy', () => {
    // A peer connection's ICE traffic never passes through webRequest (restrictConnections), and
    // needs no permission; without a proxy this policy leaves it no UDP at all.
    const contents = hardened();
    expect(contents.setWebRTCIPHandlingPolicy).toHaveBeenCalledExactlyOnceWith('disable_non_proxied_udp');
  });

  it('denies every new window, opening only allow-listed links externally', () => {
    const contents = hardened();
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://www.irs.gov/publications/p946' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.irs.gov/publications/p946');
    expect(contents.windowOpenHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
  });
});

describe('openExternalIfAllowed', () => {
  it('opens an https URL on an allow-listed host', () => {
    expect(openExternalIfAllowed('https://fleetledger.app/docs/import')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://fleetledger.app/docs/import');
  });

  it.each([
    'http://fleetledger.app/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://evil.example/',
    'https://fleetledger.app.evil.example/',
    'https://evil.fleetledger.app/',
    'https://user:pass@fleetledger.app/',
    'https://fleetledger.app:8443/',
    'https://',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(openExternalIfAllowed(url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('sender check', () => {
  it('trusts only the top frame of the app page', () => {
    expect(isTrustedFrame(appLocation, frame(APP_URL))).toBe(true);
    expect(isTrustedSender(appLocation, { senderFrame: frame(APP_URL) })).toBe(true);
    expect(isTrustedSender(appLocation, { senderFrame: frame(INDEX_URL) })).toBe(false);
    expect(isTrustedSender(movingLocation, { senderFrame: frame(INDEX_URL) })).toBe(true);
  });

  it('rejects foreign, missing and child frames', () => {
    expect(isTrustedSender(appLocation, { senderFrame: frame('https://evil.example/') })).toBe(false);
    expect(isTrustedSender(appLocation, { senderFrame: frame('file:///tmp/evil.html') })).toBe(false);
    expect(isTrustedSender(appLocation, { senderFrame: null })).toBe(false);
    expect(isTrustedSender(appLocation, { senderFrame: frame(APP_URL, frame(APP_URL)) })).toBe(false);
    expect(isTrustedSender(devLocation, { senderFrame: frame('http://localhost:5173/') })).toBe(true);
    expect(isTrustedSender(devLocation, { senderFrame: frame('http://localhost:8080/') })).toBe(false);
  });
});
