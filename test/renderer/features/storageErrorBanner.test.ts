import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { storageErrors } from '../../../renderer/db/storage';
import { useStorageErrorLog } from '../../../renderer/features/settings/StorageErrorBanner';

afterEach(() => {
  useStorageErrorLog.getState().dismiss();
  vi.restoreAllMocks();
});

describe('the storage error log behind the banner', () => {
  it('keeps failures reported before any banner is on screen, the latest with a count', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    storageErrors.report(new Dexie.OpenFailedError('cannot open'));
    storageErrors.report(new Dexie.QuotaExceededError('disk full'));
    const { latest, count } = useStorageErrorLog.getState();
    expect(latest?.kind).toBe('quota');
    expect(latest?.title).toBe('Out of storage space');
    expect(count).toBe(2);
    // The original error is kept for a bug report.
    expect(console.error).toHaveBeenCalledTimes(2);
  });

  it('forgets what was dismissed', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    storageErrors.report(new Error('boom'));
    useStorageErrorLog.getState().dismiss();
    expect(useStorageErrorLog.getState()).toMatchObject({ latest: null, count: 0 });
  });
});
