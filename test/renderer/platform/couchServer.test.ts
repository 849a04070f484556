// @vitest-environment jsdom
/**
 * Where a browser keeps the CouchDB server's password (renderer/platform/couchServer.ts, issue
 * 11): for this tab's session only, unless the person ticks Remember; never in the device store
 * otherwise. (The desktop's keychain is test/electron/couchCredentials.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { forgetServer, keepServer, keptServer } from '../../../renderer/platform/couchServer';

const SERVER = { url: 'https://sync.example.com/fleet', user: 'ada', password: 'right horse' };

/** Everything the browser's device store holds, as text. */
async function deviceStoreText(): Promise<string> {
  return new Promise((done, fail) => {
    const open = indexedDB.open('fleetledger-device');
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      if (names.length === 0) {
        db.close();
        done('');
        return;
      }
      const request = db.transaction(names[0] as string).objectStore(names[0] as string).getAll();
      request.onsuccess = () => {
        db.close();
        done(JSON.stringify(request.result));
      };
      request.onerror = () => fail(request.error);
    };
    open.onerror = () => fail(open.error);
  });
}

afterEach(async () => {
  await forgetServer();
  sessionStorage.clear();
});

describe('the CouchDB server in a browser', () => {
  it('asks for no password in a new session when the server is kept with no user name (PouchDB Server without users): the app sends none to it', async () => {
    const open = { url: 'http://127.0.0.1:5984/fleet', user: '', password: '' };
    await keepServer(open, false);
    sessionStorage.clear(); // a new session (the tab was closed)
    expect(await keptServer()).toEqual({ ...open, kept: 'session', remembered: false });
  });

  it('keeps the password for this session only by default: gone when the tab’s session ends, never in the device store', async () => {
    expect(await keptServer()).toBeNull();
    const kept = await keepServer(SERVER, false);
    expect(kept).toEqual({ ok: true, value: { ...SERVER, kept: 'session', remembered: false } });
    expect(await keptServer()).toEqual({ ...SERVER, kept: 'session', remembered: false });
    expect(await deviceStoreText()).not.toContain(SERVER.password);
    sessionStorage.clear(); // a new session (the tab was closed)
    expect(await keptServer()).toEqual({ ...SERVER, password: null, kept: 'session', remembered: false });
  });

  it('remembers it beyond the session when asked, and forgets everything on Disconnect', async () => {
    await keepServer(SERVER, true);
    sessionStorage.clear();
    expect(await keptServer()).toEqual({ ...SERVER, kept: 'session', remembered: true });
    await forgetServer();
    expect(await keptServer()).toBeNull();
    expect(await deviceStoreText()).not.toContain(SERVER.password);
  });
});
