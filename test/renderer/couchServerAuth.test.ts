/**
 * A server that starts asking for users after a device connected without one (PouchDB Server run
 * first without authentication, as the README's quick start has it, then given users and an
 * admin): the device's rounds are refused, and the card's password form must let the person give
 * a user name, not only a password that is never sent without one (renderer/couchSync.ts over a
 * real PouchDB Server on 127.0.0.1).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, disconnectServer, enterServerPassword, syncCouchNow, useCouchSync } from '../../renderer/couchSync';
import { saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { startPouchServer, type PouchServer } from '../sync/pouchRig';
import { uniqueDbName } from './db/migrationHarness';
import { ok, SITE } from './db/teamFixture';

let server: PouchServer;
beforeAll(async () => {
  server = await startPouchServer();
}, 60_000);
afterAll(async () => {
  await server?.dispose();
});

async function put(url: string, body: unknown): Promise<void> {
  const r = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  if (r.status >= 300) throw new Error(`PUT ${url}: ${r.status} ${await r.text()}`);
}

describe('a server that asks for users after this device connected without one', () => {
  it('is refused until a user name and password are given in the card, then syncs with them', async () => {
    const db = new FleetDb(uniqueDbName('ada'));
    await db.open();
    try {
      ok(await saveSiteCommand(db, SITE, null, 'ada'));
      const url = `${server.origin}/fleet-${randomUUID().slice(0, 8)}`;
      expect(await connectServer(db, { url, user: '', password: '', remember: false, deviceName: 'Ada' })).toEqual({ ok: true, value: 'connected' });

      // Whoever runs the server adds users, opens the database to them only, and sets an admin.
      await put(`${server.origin}/_users/org.couchdb.user:ada`, { name: 'ada', password: 'right horse', roles: [], type: 'user' });
      await put(`${url}/_security`, { admins: { names: [], roles: [] }, members: { names: ['ada'], roles: [] } });
      await put(`${server.origin}/_config/admins/admin`, 'admin secret');
      await syncCouchNow(db, true);
      expect(useCouchSync.getState()).toMatchObject({ status: 'error', failure: 'auth' });

      // The right password alone is not enough: with no user name the app sends no credentials.
      expect((await enterServerPassword(db, 'right horse', false)).ok).toBe(false);
      // Remembered: Node has no session storage to keep it for the session in.
      expect(await enterServerPassword(db, 'right horse', true, 'ada')).toEqual({ ok: true, value: undefined });
      expect(useCouchSync.getState()).toMatchObject({ status: 'connected', message: null, server: { user: 'ada' } });
      await disconnectServer(db);
    } finally {
      db.close();
      await db.delete();
    }
  }, 60_000);
});
