/**
 * Decompression off the page, on the second core. Decompressing the log's blocks and a backup's members at fleet scale (500,000 events: 1,270
 * members, 372 MB of text) is the largest single cost of a restore or a rebuild, and it is
 * independent of the parsing that follows. So it runs in a worker, on the second core, ahead
 * of the page: while the page parses and checks member i, the worker inflates i + 1, i + 2, ….
 *
 * Where no worker can start (Node and the unit tests, or a page whose origin may not start
 * one), or one fails while running, the members not yet delivered are inflated here, on the
 * calling thread, one by one: the same bytes, only slower. A damaged member is reported at its
 * turn, after every member before it, exactly as the inline path reports it.
 *
 * Measured at fleet scale on a 2-core machine (npm run bench -- --ledger-only, and with
 * --ledger-no-worker for the comparison): reading and verifying a backup took 8.3–9.4 s with the
 * worker against 9.6 s without. Compressing a backup's snapshot in the worker while IndexedDB
 * read the blocks was also tried and made the backup slower (3.8 s against 3.4 s): IndexedDB's
 * own process needs the second core then. Compressing half of a first team sync's blocks in the
 * worker while the page did the other half was tried too, and was slower (19.3 s against 16.0–16.6 s
 * for 372 MB: the text is cloned to the worker, and the cores are shared with IndexedDB and the
 * browser). Those measurements were made with fflate. With the browser's own zlib, a first sync's
 * blocks and a backup's snapshot are now compressed in the same worker (./deflate.ts), which
 * this module starts ({@link startCodecWorker}).
 */
import type { InflateMembers } from '../../shared/ledger/backupFormat';
import { gunzipMemberAsync, ownBuffer } from './gzip';

/** What the page sends: the members' bytes in one buffer (transferred), and where each lies in it. */
export interface InflateRequest {
  buffer: ArrayBuffer;
  ranges: [number, number][];
}
/** What the worker answers, once per member, in order: its bytes, or why it cannot be inflated (then it stops). */
export type InflateReply = { i: number; bytes: ArrayBuffer } | { i: number; error: string };
type WorkerFactory = () => Worker;

/** The app's worker (Vite bundles renderer/db/codecWorker.ts from this expression). */
const appWorker: WorkerFactory = () => new Worker(new URL('./codecWorker.ts', import.meta.url), { type: 'module' });
let factory: WorkerFactory | null = appWorker;

/** Replaces how the worker is started (the benchmark serves its own bundle), or turns it off (`null`). */
export function setCodecWorker(make: WorkerFactory | null): void {
  factory = make;
}

/** A codec worker (./codecWorker.ts), or null where none can start. */
export function startCodecWorker(): Worker | null {
  if (factory === null || (factory === appWorker && typeof Worker === 'undefined')) return null;
  try {
    return factory();
  } catch {
    return null;
  }
}

class Inflation implements AsyncIterator<Uint8Array> {
  private next_ = 0;
  private readonly ready = new Map<number, InflateReply>();
  private worker: Worker | null;
  private wake: (() => void) | null = null;

  constructor(private readonly members: readonly Uint8Array[]) {
    this.worker = members.length > 0 ? startCodecWorker() : null;
    if (this.worker === null) return;
    const total = members.reduce((sum, m) => sum + m.length, 0);
    const buffer = new ArrayBuffer(total);
    const view = new Uint8Array(buffer);
    const ranges: [number, number][] = [];
    let at = 0;
    for (const m of members) {
      view.set(m, at);
      ranges.push([at, at + m.length]);
      at += m.length;
    }
    this.worker.onmessage = (e: MessageEvent<InflateReply>) => {
      this.ready.set(e.data.i, e.data);
      this.poke();
    };
    // The script did not load or run (e.g. a worker refused by the page's origin): inflate here instead.
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.stop();
    };
    this.worker.onmessageerror = () => this.stop();
    this.worker.postMessage({ buffer, ranges } satisfies InflateRequest, [buffer]);
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.poke();
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    const i = this.next_;
    if (i >= this.members.length) {
      this.stop();
      return { done: true, value: undefined };
    }
    for (;;) {
      const reply = this.ready.get(i);
      if (reply !== undefined) {
        this.ready.delete(i);
        this.next_ = i + 1;
        if ('error' in reply) {
          this.stop();
          throw new Error(`gzip member ${i + 1} cannot be decompressed: ${reply.error}`);
        }
        return { done: false, value: new Uint8Array(reply.bytes) };
      }
      if (this.worker === null) {
        this.next_ = i + 1;
        return { done: false, value: await gunzipMemberAsync(this.members[i] as Uint8Array) };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    this.stop();
    this.ready.clear();
    this.next_ = this.members.length;
    return { done: true, value: undefined };
  }
}

/**
 * The worker's side (renderer/db/codecWorker.ts): inflates each member of `request` in order and
 * posts it (its buffer to be transferred); stops at the first that cannot be inflated, posting why.
 */
export async function answerInflateRequest(request: InflateRequest, post: (reply: InflateReply, transfer: ArrayBuffer[]) => void): Promise<void> {
  const { buffer, ranges } = request;
  for (let i = 0; i < ranges.length; i++) {
    const [from, to] = ranges[i] as [number, number];
    let bytes: Uint8Array;
    try {
      bytes = await gunzipMemberAsync(new Uint8Array(buffer, from, to - from));
    } catch (error) {
      post({ i, error: error instanceof Error ? error.message : String(error) }, []);
      return;
    }
    const own = ownBuffer(bytes);
    post({ i, bytes: own }, [own]);
  }
}

/** {@link InflateMembers} for the page: in a worker where one starts, else here. */
export const inflateMembers: InflateMembers = (members) => ({ [Symbol.asyncIterator]: () => new Inflation(members) });
