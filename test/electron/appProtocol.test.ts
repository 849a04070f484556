import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, resolveAppFile, serveAppFile } from '../../electron/appProtocol';

const CSP = "default-src 'self'";
let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fleetledger-app-protocol-'));
  root = join(base, 'out', 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Fleetledger</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'with space.js'), '1');
  // Beside the renderer folder: what a traversal would be after.
  writeFileSync(join(base, 'out', 'secret.txt'), 'TOP-SECRET-CONTENT');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET-CONTENT');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveAppFile(root, { url, method }, CSP);

describe('the app:// scheme', () => {
  it('is privileged as a standard, secure scheme, and not readable by other origins', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
    expect(APP_INDEX_URL).toBe('app://fleetledger/index.html');
  });
});

describe('resolveAppFile', () => {
  it('maps app://fleetledger/… to the file under the renderer folder; / is the index', () => {
    expect(resolveAppFile(root, 'app://fleetledger/index.html')).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://fleetledger/')).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://fleetledger')).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://fleetledger/assets/index-abc.js?v=1#x')).toEqual({ ok: true, path: join(root, 'assets', 'index-abc.js') });
    expect(resolveAppFile(root, 'app://fleetledger/assets/with%20space.js')).toEqual({ ok: true, path: join(root, 'assets', 'with space.js') });
  });

  it.each([
    ['a literal ..', 'app://fleetledger/../secret.txt'],
    ['.. deeper', 'app://fleetledger/assets/../../secret.txt'],
    ['encoded ..', 'app://fleetledger/%2e%2e/secret.txt'],
    ['encoded .. in upper case', 'app://fleetledger/%2E%2E/%2E%2E/secret.txt'],
    ['half-encoded ..', 'app://fleetledger/.%2e/secret.txt'],
    ['an encoded slash', 'app://fleetledger/..%2fsecret.txt'],
    ['an encoded slash inside a name', 'app://fleetledger/assets%2f..%2f..%2fsecret.txt'],
    ['an encoded backslash', 'app://fleetledger/..%5csecret.txt'],
    ['a backslash', 'app://fleetledger/..\\secret.txt'],
    ['an absolute path', 'app://fleetledger//etc/passwd'],
    ['an encoded absolute path', 'app://fleetledger/%2fetc%2fpasswd'],
    ['a drive letter', 'app://fleetledger/C:%5cWindows%5cwin.ini'],
    ['an alternate data stream', 'app://fleetledger/index.html:stream'],
    ['a trailing dot (Windows drops it)', 'app://fleetledger/index.html.'],
    ['a trailing space', 'app://fleetledger/index.html%20'],
    ['.. with a trailing space', 'app://fleetledger/..%20/secret.txt'],
    ['a Windows device name', 'app://fleetledger/assets/CON'],
    ['a Windows device name with an extension', 'app://fleetledger/nul.js'],
    ['a NUL', 'app://fleetledger/index.html%00.js'],
    ['another host', 'app://evil/index.html'],
    ['a port', 'app://fleetledger:8080/index.html'],
    ['credentials', 'app://user:pw@fleetledger/index.html'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_label, url) => {
    const file = resolveAppFile(root, url);
    expect(file.ok).toBe(false);
  });

  it('refuses malformed percent-encoding as a bad request', () => {
    expect(resolveAppFile(root, 'app://fleetledger/%E0%A4%A.js')).toMatchObject({ ok: false, status: 400 });
  });

  it('never resolves outside the folder, whatever the path (property over hostile segments)', () => {
    const segments = ['..', '.', '%2e%2e', '%2E.', 'assets', 'index.html', '%2f', '%5c', '', 'x', '..%2f..', '%00'];
    for (let i = 0; i < 2000; i += 1) {
      const parts = Array.from({ length: 1 + (i % 5) }, (_, k) => segments[(i * 7 + k * 13 + Math.floor(i / 3)) % segments.length]);
      const file = resolveAppFile(root, `app://fleetledger/${parts.join('/')}`);
      if (file.ok) expect(file.path.startsWith(`${root}/`)).toBe(true);
    }
  });
});

describe('serveAppFile', () => {
  it('serves a file with its type, the CSP and nosniff', async () => {
    const page = await get('app://fleetledger/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Fleetledger</title>');
    expect((await get('app://fleetledger/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://fleetledger/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 403 to a traversal and 404 to a missing file, never with the file beside the folder', async () => {
    for (const url of ['app://fleetledger/%2e%2e/secret.txt', 'app://fleetledger/..%2f..%2fsecret.txt', 'app://evil/secret.txt']) {
      const response = await get(url);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('TOP-SECRET');
    }
    expect((await get('app://fleetledger/missing.js')).status).toBe(404);
    expect((await get('app://fleetledger/assets')).status).toBe(404); // a folder is not a file
  });

  it('refuses a link inside the folder that leads out of it', async () => {
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'));
    const response = await get('app://fleetledger/assets/leak.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('TOP-SECRET');
  });

  it('allows only GET and HEAD', async () => {
    expect((await get('app://fleetledger/index.html', 'POST')).status).toBe(405);
    const head = await get('app://fleetledger/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
