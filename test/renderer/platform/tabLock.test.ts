import { describe, expect, it } from 'vitest';
import { onlyOnePageAtATime, type TabLocks } from '../../../renderer/platform/tabLock';

/** Web Locks as the browser keeps them for one profile: a held name is not available to a second request with ifAvailable. */
function profileLocks(): TabLocks {
  const held = new Set<string>();
  return {
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
}

describe('onlyOnePageAtATime', () => {
  it('lets a second page skip its turn while the first holds the lock, and take it once released', async () => {
    const locks = profileLocks();
    let release!: () => void;
    const first = onlyOnePageAtATime('fleetledger-team-folder:db', () => new Promise<string>((resolve) => (release = () => resolve('first'))), locks);
    let ranSecond = false;
    expect(await onlyOnePageAtATime('fleetledger-team-folder:db', async () => (ranSecond = true), locks)).toEqual({ ran: false });
    expect(ranSecond).toBe(false);
    // Another database's rounds are not held up.
    expect(await onlyOnePageAtATime('fleetledger-team-folder:other', async () => 'other', locks)).toEqual({ ran: true, value: 'other' });
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await onlyOnePageAtATime('fleetledger-team-folder:db', async () => 'again', locks)).toEqual({ ran: true, value: 'again' });
  });

  it('releases the lock when the work fails, and passes the failure on', async () => {
    const locks = profileLocks();
    await expect(onlyOnePageAtATime('x', () => Promise.reject(new Error('disk gone')), locks)).rejects.toThrow('disk gone');
    expect(await onlyOnePageAtATime('x', async () => 1, locks)).toEqual({ ran: true, value: 1 });
  });

  it('just runs the work where there are no Web Locks', async () => {
    expect(await onlyOnePageAtATime('x', async () => 2, null)).toEqual({ ran: true, value: 2 });
  });
});
