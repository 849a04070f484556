/**
 * The desktop app's CouchDB server channels (electron/couchCredentials.ts) and the connection
 * rules they drive (electron/security.ts), with `electron` faked: the password is kept through
 * the keychain and never in clear, or for the session only when there is no keychain; the app
 * may connect to exactly the kept server's origin and nothing else.
 */
import type { IpcMainInvokeEvent, Session } from 'electron';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakeElectron'));

import { app, BrowserWindow, callHandler, FakeSession, handlerValue, resetFakeElectron, safeStorage } from './fakeElectron';
import { loadSyncOrigin, syncOrigin } from '../../electron/couchCredentials';
import { registerIpcHandlers } from '../../electron/ipcHandlers';
import { contentSecurityPolicy, hardenSession, isAllowedRequest, type RendererLocation } from '../../electron/security';
import type { StoredCouchCredentials } from '../../shared/ipc';

let root: string;
let event: IpcMainInvokeEvent;

beforeEach(() => {
  resetFakeElectron();
  root = mkdtempSync(join(tmpdir(), 'fleetledger-couch-ipc-'));
  app.paths = { userData: root };
  event = { sender: new BrowserWindow().webContents, senderFrame: null } as unknown as IpcMainInvokeEvent;
  registerIpcHandlers(() => true);
});

afterEach(async () => {
  await handlerValue(event, 'couch:forget-credentials');
  rmSync(root, { recursive: true, force: true });
});

const SERVER = { url: 'https://sync.example.com/fleet/', user: 'ada', password: 'right horse battery' };

describe('the CouchDB server channels', () => {
  it('keep the server with the password encrypted by the keychain, never in clear, and give it back', async () => {
    expect(await handlerValue(event, 'couch:credentials')).toBeNull();
    const saved = await handlerValue<StoredCouchCredentials>(event, 'couch:save-credentials', SERVER);
    expect(saved).toEqual({ url: 'https://sync.example.com/fleet', user: 'ada', password: SERVER.password, kept: 'keychain' });
    const file = readFileSync(join(root, 'couchdb.json'), 'utf8');
    expect(file).not.toContain(SERVER.password);
    expect(file).toContain('https://sync.example.com/fleet');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith(SERVER.password);
    expect(await handlerValue(event, 'couch:credentials')).toEqual(saved);
    // Electron 45 deprecates the synchronous API (encryptString, decryptString, isEncryptionAvailable).
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(safeStorage.decryptString).not.toHaveBeenCalled();
    expect(safeStorage.isEncryptionAvailable).not.toHaveBeenCalled();
    expect(syncOrigin()).toBe('https://sync.example.com');
    // After a restart, the origin is known before the first request.
    await handlerValue(event, 'couch:save-credentials', SERVER);
    await loadSyncOrigin();
    expect(syncOrigin()).toBe('https://sync.example.com');
  });

  it('read a password an earlier version kept with the synchronous API, and encrypt it again when the keychain asks', async () => {
    const old = safeStorage.encryptString(SERVER.password).toString('base64');
    writeFileSync(join(root, 'couchdb.json'), `${JSON.stringify({ url: 'https://sync.example.com/fleet', user: 'ada', encryptedPassword: old })}\n`);
    expect(await handlerValue(event, 'couch:credentials')).toEqual({ url: 'https://sync.example.com/fleet', user: 'ada', password: SERVER.password, kept: 'keychain' });
    // Re-encrypted (the keychain said so) and kept: still the server, still not in clear.
    const file = JSON.parse(readFileSync(join(root, 'couchdb.json'), 'utf8')) as { url: string; user: string; encryptedPassword: string };
    expect(file.url).toBe('https://sync.example.com/fleet');
    expect(file.user).toBe('ada');
    expect(file.encryptedPassword).not.toBe(old);
    expect(JSON.stringify(file)).not.toContain(SERVER.password);
    expect(await handlerValue(event, 'couch:credentials')).toEqual({ url: 'https://sync.example.com/fleet', user: 'ada', password: SERVER.password, kept: 'keychain' });
    expect(JSON.parse(readFileSync(join(root, 'couchdb.json'), 'utf8'))).toEqual(file);
  });

  it('ask for the password again when the keychain no longer opens it, as a value, not a throw', async () => {
    writeFileSync(join(root, 'couchdb.json'), `${JSON.stringify({ url: 'https://sync.example.com/fleet', user: 'ada', encryptedPassword: Buffer.from('garbage').toString('base64') })}\n`);
    expect(await callHandler(event, 'couch:credentials')).toEqual({ ok: true, value: { url: 'https://sync.example.com/fleet', user: 'ada', password: null, kept: 'keychain' } });
  });

  it('keep an empty password (a server on this machine without users) as an answer, not as “none”', async () => {
    await handlerValue(event, 'couch:save-credentials', { ...SERVER, url: 'http://127.0.0.1:5984/fleet', user: '', password: '' });
    expect(await handlerValue(event, 'couch:credentials')).toEqual({ url: 'http://127.0.0.1:5984/fleet', user: '', password: '', kept: 'keychain' });
  });

  it('after a restart without a keychain, a server kept with no user name needs no password: none is asked for', async () => {
    // What a session without a keychain left behind: the server, no password (the session's is gone with the process).
    writeFileSync(join(root, 'couchdb.json'), `${JSON.stringify({ url: 'http://127.0.0.1:5984/fleet', user: '' })}\n`);
    expect(await handlerValue(event, 'couch:credentials')).toEqual({ url: 'http://127.0.0.1:5984/fleet', user: '', password: '', kept: 'session' });
  });

  it('count Linux’s basic_text fallback as no keychain: the password is kept for the session only', async () => {
    safeStorage.backend = 'basic_text';
    const saved = await handlerValue<StoredCouchCredentials>(event, 'couch:save-credentials', SERVER);
    expect(saved.kept).toBe('session');
    expect(readFileSync(join(root, 'couchdb.json'), 'utf8')).not.toContain('encryptedPassword');
  });

  it('without a keychain, keep the password for this session only, and write none', async () => {
    safeStorage.available = false;
    const saved = await handlerValue<StoredCouchCredentials>(event, 'couch:save-credentials', SERVER);
    expect(saved.kept).toBe('session');
    expect(readFileSync(join(root, 'couchdb.json'), 'utf8')).not.toContain(SERVER.password);
    expect((await handlerValue<StoredCouchCredentials>(event, 'couch:credentials')).password).toBe(SERVER.password);
  });

  it('when the keychain refuses to encrypt (access denied, locked), keep the password for this session only, as a value, not a throw', async () => {
    safeStorage.encryptStringAsync.mockImplementationOnce(async () => {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptStringAsync.');
    });
    const saved = await callHandler<StoredCouchCredentials>(event, 'couch:save-credentials', SERVER);
    expect(saved).toEqual({ ok: true, value: { url: 'https://sync.example.com/fleet', user: 'ada', password: SERVER.password, kept: 'session' } });
    expect(readFileSync(join(root, 'couchdb.json'), 'utf8')).not.toContain(SERVER.password);
    expect((await handlerValue<StoredCouchCredentials>(event, 'couch:credentials')).password).toBe(SERVER.password);
    expect(syncOrigin()).toBe('https://sync.example.com');
  });

  it('refuse an http URL to another machine and a URL with credentials in it, keeping nothing', async () => {
    const plain = await callHandler(event, 'couch:save-credentials', { ...SERVER, url: 'http://sync.example.com/fleet' });
    expect(plain).toEqual({ ok: false, error: expect.stringMatching(/must use https/) });
    const withPassword = await callHandler(event, 'couch:save-credentials', { ...SERVER, url: 'https://ada:pw@sync.example.com/fleet' });
    expect(withPassword.ok).toBe(false);
    const extra = await callHandler(event, 'couch:save-credentials', { ...SERVER, token: 'x' });
    expect(extra.ok).toBe(false);
    expect(existsSync(join(root, 'couchdb.json'))).toBe(false);
    expect(syncOrigin()).toBeNull();
  });

  it('forget the server and its origin', async () => {
    await handlerValue(event, 'couch:save-credentials', SERVER);
    await handlerValue(event, 'couch:forget-credentials');
    expect(await handlerValue(event, 'couch:credentials')).toBeNull();
    expect(syncOrigin()).toBeNull();
    expect(existsSync(join(root, 'couchdb.json'))).toBe(false);
  });
});

describe('connections', () => {
  const file: RendererLocation = { kind: 'app', root: '/app/out/renderer', legacyIndexFile: null };
  const dev: RendererLocation = { kind: 'dev-server', url: 'http://localhost:5173' };

  it('the CSP header says what the page’s meta policy says (https and this machine), which the filter narrows', () => {
    const meta = /connect-src [^;]+/u.exec(readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8'))?.[0];
    expect(/connect-src [^;]+/u.exec(contentSecurityPolicy(file))?.[0]).toBe(meta);
  });

  it('every other request is cancelled, the built app’s included', () => {
    expect(isAllowedRequest(file, 'https://sync.example.com/fleet/_changes', 'https://sync.example.com')).toBe(true);
    expect(isAllowedRequest(file, 'https://sync.example.com:8443/fleet', 'https://sync.example.com')).toBe(false);
    expect(isAllowedRequest(file, 'https://evil.example/steal', 'https://sync.example.com')).toBe(false);
    expect(isAllowedRequest(file, 'https://sync.example.com/fleet', null)).toBe(false);
    expect(isAllowedRequest(file, 'file:///app/out/renderer/assets/index.js', null)).toBe(true);
    expect(isAllowedRequest(dev, 'ws://localhost:5173/', null)).toBe(true);
    expect(isAllowedRequest(dev, 'http://localhost:5984/fleet', null)).toBe(false);
  });

  it('lets through the requests to a kept server written the way a URL parser does not write it (an IPv6 address with leading zeros)', async () => {
    const kept = await handlerValue<StoredCouchCredentials>(event, 'couch:save-credentials', { ...SERVER, url: 'https://[2001:0db8:0:0::1]:6984/fleet' });
    // What fetch asks for: the URL as the browser's parser writes it.
    const requested = `${new URL(kept.url).href}/_changes`;
    expect(requested).toBe('https://[2001:db8::1]:6984/fleet/_changes');
    expect(isAllowedRequest(file, requested, syncOrigin())).toBe(true);
    expect(isAllowedRequest(file, 'https://[2001:db8::2]:6984/fleet', syncOrigin())).toBe(false);
  });

  it('hardenSession installs the filter with the server as it stands at each request', () => {
    const ses = new FakeSession();
    let origin: string | null = null;
    hardenSession(ses as unknown as Session, file, () => origin);
    const ask = (url: string): unknown => {
      const callback = vi.fn();
      ses.beforeRequestListener?.({ url }, callback);
      return callback.mock.calls[0]?.[0];
    };
    expect(ask('https://sync.example.com/fleet')).toEqual({ cancel: true });
    origin = 'https://sync.example.com';
    expect(ask('https://sync.example.com/fleet')).toEqual({ cancel: false });
    expect(ask('https://other.example.com/fleet')).toEqual({ cancel: true });
  });
});
