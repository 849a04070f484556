/**
 * A CouchDB replication-protocol server for the tests (issue 11, LEDGER.md's recipe): PouchDB
 * Server 4.2.0 (the pinned devDependency) on 127.0.0.1, storing in a temporary directory so it
 * can be stopped and started again with its data (the "server goes away" tests). It runs from
 * that directory, where it writes its log and config. Every wait is bounded; it is stopped by
 * process id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface PouchServer {
  /** The server's root, like http://127.0.0.1:5984 (no trailing slash). */
  origin: string;
  port: number;
  /** Stops the process (the data stays in its directory). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its directory. */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

const BIN = resolve(import.meta.dirname, '../../node_modules/pouchdb-server/bin/pouchdb-server');
const START_TIMEOUT_MS = 30_000;

async function answers(origin: string): Promise<boolean> {
  try {
    const r = await fetch(`${origin}/`, { signal: AbortSignal.timeout(2_000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

/**
 * With `secure`: the databases and users made, each database open to its members only, then an
 * admin set, so admin party is over and every request needs a valid user. (In that order:
 * PouchDB Server 4.2.0 crashes when a database is created once an admin is set — pouchdb-server
 * issue 374 — so the tests never create one then.)
 */
export interface SecureSetup {
  databases: Record<string, string[]>;
  users: Record<string, string>;
  admin: { name: string; password: string };
}

export async function startPouchServer(secure?: SecureSetup): Promise<PouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pouchdb-server-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  const start = async (): Promise<void> => {
    if (child !== null) return;
    output = '';
    child = spawn(process.execPath, [BIN, '--host', '127.0.0.1', '--port', String(port), '--dir', join(dir, 'data'), '--no-stdout-logs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = child;
    exited.once('exit', () => {
      if (child === exited) child = null;
    });
    const until = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < until) {
      if (child === null) throw new Error(`pouchdb-server exited at start: ${output}`);
      if (await answers(origin)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`pouchdb-server did not answer on ${origin} within ${START_TIMEOUT_MS / 1000} s: ${output}`);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    if (running === null) return;
    const gone = new Promise<void>((r) => running.once('exit', () => r()));
    running.kill('SIGTERM');
    const killed = await Promise.race([gone.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!killed) {
      running.kill('SIGKILL');
      await gone;
    }
    child = null;
  };

  await start();
  if (secure !== undefined) await secureServer(origin, secure);
  return {
    origin,
    port,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function call(url: string, method: string, body: unknown): Promise<void> {
  const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
}

async function secureServer(origin: string, setup: SecureSetup): Promise<void> {
  for (const [name, password] of Object.entries(setup.users)) {
    await call(`${origin}/_users/org.couchdb.user:${encodeURIComponent(name)}`, 'PUT', { name, password, roles: [], type: 'user' });
  }
  for (const [db, members] of Object.entries(setup.databases)) {
    await call(`${origin}/${db}`, 'PUT', undefined);
    await call(`${origin}/${db}/_security`, 'PUT', { admins: { names: [], roles: [] }, members: { names: members, roles: [] } });
  }
  await call(`${origin}/_config/admins/${encodeURIComponent(setup.admin.name)}`, 'PUT', setup.admin.password);
}
