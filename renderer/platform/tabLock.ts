/**
 * Work that only one page of this browser profile (or of the desktop app) may do at a time,
 * through the Web Locks API: two tabs of one profile share one database and so one device id,
 * and two team-folder rounds of one device at once could each write its next segment, the later
 * replacing the earlier under teammates' feet (through CouchDB, the server refuses a second
 * version of a segment, but two rounds at once could still write an older head over a newer
 * one, or read the other's new segment as another installation's). A page that finds the lock held skips its turn:
 * the page holding it is doing the same work for the same database.
 */

/** The part of the Web Locks API used here (navigator.locks). */
export interface TabLocks {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

function browserLocks(): TabLocks | null {
  const nav = (globalThis as { navigator?: { locks?: TabLocks } }).navigator;
  return nav?.locks ?? null;
}

/**
 * Runs `work` holding the lock `name` unless another page holds it now (then `{ ran: false }`).
 * Where the browser has no Web Locks, `work` simply runs (one page is all there can be there).
 */
export async function onlyOnePageAtATime<T>(name: string, work: () => Promise<T>, locks: TabLocks | null = browserLocks()): Promise<{ ran: true; value: T } | { ran: false }> {
  if (locks === null) return { ran: true, value: await work() };
  return locks.request(name, { ifAvailable: true }, async (lock): Promise<{ ran: true; value: T } | { ran: false }> => (lock === null ? { ran: false } : { ran: true, value: await work() }));
}
