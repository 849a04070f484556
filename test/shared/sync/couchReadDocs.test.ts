/**
 * Reading documents by id from a CouchDB server (shared/sync/couchSync.ts readDocs): a new
 * device's first sync reads a whole ledger's segments in batches, a few in flight at once.
 */
import { describe, expect, it } from 'vitest';
import { readDocs, type CouchHttp, type CouchResponse } from '../../../shared/sync/couchSync';

const ids = Array.from({ length: 70 }, (_, i) => `seg:${i + 1}`);

/** A server that answers each read by keys after `delay(batch)` ms, through `answer` (default: every key found). */
function server(delay: (batch: number) => number, answer?: (batch: number, keys: string[]) => CouchResponse | 'throw' | undefined) {
  let inFlight = 0;
  let most = 0;
  let batch = 0;
  const http: CouchHttp = {
    async request(_method, _path, body) {
      const n = batch++;
      const keys = (body as { keys: string[] }).keys;
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delay(n)));
      inFlight--;
      const r = answer?.(n, keys);
      if (r === 'throw') throw new TypeError('Failed to fetch');
      return r ?? { status: 200, body: { rows: keys.map((key) => ({ key, id: key, value: { rev: '1-a' }, doc: { _id: key, n } })) } };
    },
  };
  return { http, most: () => most };
}

describe('readDocs', () => {
  it('reads every document, with several batches in flight at once, whatever order the answers come in', async () => {
    // Later batches answer first.
    const s = server((b) => 40 - b * 8);
    const read = await readDocs(s.http, ids);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect([...read.value.keys()].sort()).toEqual([...ids].sort());
    expect(s.most()).toBeGreaterThan(1);
    expect(s.most()).toBeLessThanOrEqual(3);
  });

  it('stops at the first batch the server refuses, and a later one that fails meanwhile is no unhandled rejection', async () => {
    const s = server(
      (b) => (b === 1 ? 30 : 1),
      (b) => (b === 1 ? { status: 500, body: { error: 'internal', reason: 'disk full' } } : b === 2 ? 'throw' : undefined),
    );
    const read = await readDocs(s.http, ids);
    expect(read.ok).toBe(false);
    // Give the batch that threw time to settle: vitest fails the run on an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('rethrows a request that failed (the network), at its turn', async () => {
    const s = server(() => 1, (b) => (b === 0 ? 'throw' : undefined));
    await expect(readDocs(s.http, ids)).rejects.toThrow('Failed to fetch');
  });
});
