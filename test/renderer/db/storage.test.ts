import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import {
  createStorageErrorChannel,
  describeStorageError,
  requestPersistentStorage,
  storageErrors,
  storageEstimate,
} from '../../../renderer/db/storage';
import { dropDb, uniqueDbName } from './migrationHarness';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('describeStorageError', () => {
  it('recognises a full disk, however it is wrapped', () => {
    const direct = describeStorageError(new Dexie.QuotaExceededError('quota'));
    expect(direct.kind).toBe('quota');
    expect(direct.message).toMatch(/Nothing was saved/u);
    expect(direct.message).toMatch(/export a backup/u);

    // Some browsers abort the transaction and keep the real reason in `inner`.
    const aborted = new Dexie.AbortError('Transaction aborted', new Dexie.QuotaExceededError('disk full'));
    expect(describeStorageError(aborted).kind).toBe('quota');
    expect(describeStorageError(new Dexie.OpenFailedError(new Dexie.QuotaExceededError())).kind).toBe('quota');
    expect(describeStorageError(new DOMException('The quota has been exceeded.', 'QuotaExceededError')).kind).toBe('quota');
    expect(describeStorageError(new Error('write failed', { cause: new DOMException('x', 'QuotaExceededError') })).kind).toBe(
      'quota',
    );
    const bulk = new Dexie.BulkError('bulkAdd failed', { 3: new Dexie.QuotaExceededError('full') });
    expect(describeStorageError(bulk).kind).toBe('quota');
  });

  it('recognises data from a newer build and a failed upgrade', () => {
    const newer = describeStorageError(new Dexie.VersionError('requested version is less than the existing version'));
    expect(newer.kind).toBe('version');
    expect(newer.message).toMatch(/newer version/u);
    expect(describeStorageError(new Dexie.DatabaseClosedError(new DOMException('lower', 'VersionError'))).kind).toBe('version');
    // Dexie sometimes keeps only the cause's text.
    expect(describeStorageError(new Dexie.DatabaseClosedError('VersionError The requested version is less…')).kind).toBe(
      'version',
    );

    const upgrade = describeStorageError(new Dexie.UpgradeError('Not yet support for changing primary key'));
    expect(upgrade.kind).toBe('version');
    expect(upgrade.title).toMatch(/upgrade/u);
  });

  it('recognises another window holding or upgrading the database', () => {
    expect(describeStorageError(new Dexie.DatabaseClosedError()).kind).toBe('blocked');
    const changed = describeStorageError(new Dexie.VersionChangeError('Database version changed by other database connection'));
    expect(changed.kind).toBe('blocked');
    expect(changed.message).toMatch(/Close the other Fleetledger windows/u);
  });

  it('recognises a database that cannot be opened', () => {
    const missing = describeStorageError(new Dexie.MissingAPIError());
    expect(missing.kind).toBe('open-failed');
    expect(missing.message).toMatch(/IndexedDB/u);
    expect(describeStorageError(new Dexie.OpenFailedError('open failed')).kind).toBe('open-failed');
    expect(describeStorageError(new Dexie.InvalidStateError('mutation not allowed')).kind).toBe('open-failed');
    expect(describeStorageError(new DOMException('Internal error opening backing store', 'UnknownError')).kind).toBe(
      'open-failed',
    );
  });

  it('falls back to a generic message that keeps the details', () => {
    const plain = describeStorageError(new Error('something odd'));
    expect(plain.kind).toBe('unknown');
    expect(plain.message).toMatch(/something odd/u);
    for (const value of ['a string', null, undefined, 42, {}]) {
      const d = describeStorageError(value);
      expect(d.kind).toBe('unknown');
      expect(d.title).not.toBe('');
    }
  });

  it('stops on a cyclic error chain', () => {
    const a: { name: string; message: string; inner?: unknown } = { name: 'AbortError', message: 'a' };
    a.inner = a;
    expect(describeStorageError(a).kind).toBe('unknown');
  });

  it('describes a real Dexie failure (a duplicate key)', async () => {
    const name = uniqueDbName('storage-real');
    const db = new FleetDb(name);
    try {
      const site = {
        id: 's1', code: 'FRA1', name: 'Frankfurt', energyPricePerMwh: null, currency: 'USD', pue: null, notes: '',
        demo: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
      };
      await db.sites.add(site);
      const failure: unknown = await db.sites.add({ ...site, name: 'Frankfurt again' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).not.toBeNull();
      const d = describeStorageError(failure);
      expect(d.kind).toBe('unknown');
      expect(d.message).toMatch(/not saved/u);
    } finally {
      await dropDb(name, db);
    }
  });
});

describe('storageErrors', () => {
  it('tells every subscriber until it unsubscribes', () => {
    const channel = createStorageErrorChannel();
    const seen: string[] = [];
    const stop = channel.subscribe((d, cause) => seen.push(`${d.kind}:${String((cause as Error).message)}`));
    const returned = channel.report(new Dexie.QuotaExceededError('full'));
    expect(returned.kind).toBe('quota');
    expect(seen).toEqual(['quota:full']);
    stop();
    channel.report(new Error('later'));
    expect(seen).toEqual(['quota:full']);
  });

  it('accepts a description already made', () => {
    const channel = createStorageErrorChannel();
    const listener = vi.fn();
    channel.subscribe(listener);
    const described = describeStorageError(new Dexie.QuotaExceededError());
    expect(channel.report(described)).toBe(described);
    expect(listener).toHaveBeenCalledWith(described, described);
  });

  it('keeps notifying when one listener throws', () => {
    const channel = createStorageErrorChannel();
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    channel.subscribe(() => {
      throw new Error('banner broke');
    });
    channel.subscribe(good);
    channel.report(new Dexie.DatabaseClosedError());
    expect(good).toHaveBeenCalledOnce();
    expect(errorLog).toHaveBeenCalled();
  });

  it('has one app-wide channel', () => {
    const listener = vi.fn();
    const stop = storageErrors.subscribe(listener);
    storageErrors.report(new Dexie.MissingAPIError());
    stop();
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ kind: 'open-failed' }), expect.anything());
  });
});

function stubStorage(storage: Partial<StorageManager> | undefined): void {
  vi.stubGlobal('navigator', storage === undefined ? {} : { storage });
}

describe('requestPersistentStorage', () => {
  it('does not ask again when already persisted', async () => {
    const persist = vi.fn(() => Promise.resolve(true));
    stubStorage({ persisted: () => Promise.resolve(true), persist });
    expect(await requestPersistentStorage()).toEqual({ persisted: true, supported: true });
    expect(persist).not.toHaveBeenCalled();
  });

  it('asks when not yet persisted and reports the answer', async () => {
    stubStorage({ persisted: () => Promise.resolve(false), persist: () => Promise.resolve(true) });
    expect(await requestPersistentStorage()).toEqual({ persisted: true, supported: true });
    stubStorage({ persisted: () => Promise.resolve(false), persist: () => Promise.resolve(false) });
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: true });
  });

  it('treats a failing request as not persisted', async () => {
    stubStorage({ persisted: () => Promise.resolve(false), persist: () => Promise.reject(new Error('denied')) });
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: true });
  });

  it('reports unsupported when there is no Storage API', async () => {
    stubStorage(undefined);
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: false });
    stubStorage({ estimate: () => Promise.resolve({ usage: 1, quota: 2 }) });
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: false });
    vi.stubGlobal('navigator', undefined);
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: false });
  });
});

describe('storageEstimate', () => {
  it('returns usage and quota', async () => {
    stubStorage({ estimate: () => Promise.resolve({ usage: 1_000, quota: 50_000 }) });
    expect(await storageEstimate()).toEqual({ usage: 1_000, quota: 50_000 });
  });

  it('returns null when the browser cannot say', async () => {
    stubStorage(undefined);
    expect(await storageEstimate()).toBeNull();
    stubStorage({ estimate: () => Promise.resolve({}) });
    expect(await storageEstimate()).toBeNull();
    stubStorage({ estimate: () => Promise.reject(new Error('nope')) });
    expect(await storageEstimate()).toBeNull();
  });
});
