/**
 * Compression of many blocks off the page: a first team sync cuts a whole ledger into blocks
 * (at fleet scale 1,450 blocks, 419 MB of text) and must compress them all. The page hands each
 * block to the codec worker (./codecWorker.ts) as soon as it is cut, and goes on cutting and then
 * folding the events on its own core while the worker compresses on the other; once it has
 * nothing else to do, it compresses too, from the last block backwards, until the two meet.
 *
 * Where no worker starts (Node and the unit tests, a page whose origin may not start one) or one
 * fails while running, what it has not answered is compressed on the page: the same blocks, only
 * later.
 */
import { gzipTextOffTransaction, ownBuffer, readAllBytes } from './gzip';
import { startCodecWorker } from './inflate';
import { yieldToTasks } from '../lib/tasks';

/** What the page sends: one text to compress, the i-th of the run. */
export interface GzipRequest {
  gzip: string;
  i: number;
}
/** What the page sends when it has compressed the i-th text itself: the worker need not. */
export interface GzipTaken {
  taken: number;
}
/** Asks the worker to answer once it runs ({@link Compression.ready}); it answers `{ ready: true }`. */
export interface GzipPing {
  ping: true;
}
/** One piece of a text compressed as one member while it is still being made ({@link startStreamedGzip}); `end` after the last. */
export type GzipStreamRequest = { streamChunk: string } | { streamEnd: true };
/** What the worker answers per text: its gzip bytes, or why it could not compress it; for a streamed text, the member. */
export type GzipReply = { i: number; gz: ArrayBuffer } | { i: number; gzipError: string } | { ready: true } | { streamed: ArrayBuffer } | { streamError: string };

/** Texts handed over one by one, compressed in the order given. */
export interface Compression {
  /**
   * Resolves once the worker runs (or none will: it compresses nothing then, the page does it
   * all). To be awaited before the page works for seconds without yielding: a worker starts
   * only when its page's thread is free, and one started just before the cut and the fold
   * began compressing only after them.
   */
  ready(): Promise<void>;
  add(text: string): void;
  /** Every text added, compressed, in order; rejects when one cannot be compressed. */
  done(): Promise<Uint8Array[]>;
}

/** How long {@link Compression.ready} waits for the worker to run. */
const WORKER_START_WAIT_MS = 3_000;

/**
 * The page's end of one codec worker for a run of compressions: started at once, asked whether
 * it runs ({@link WorkerLink.ready}), stopped at the end or on any failure. Where no worker can
 * start, `worker` is null from the first and the caller compresses on the page.
 */
class WorkerLink {
  worker: Worker | null = startCodecWorker();
  running = false;
  private wake: (() => void) | null = null;

  /** `onReply` hears every answer but the ready one; the link then wakes whoever waits. */
  constructor(onReply: (reply: Exclude<GzipReply, { ready: true }>) => void) {
    const worker = this.worker;
    if (worker === null) return;
    worker.onmessage = (e: MessageEvent<GzipReply>) => {
      const reply = e.data;
      if ('ready' in reply) this.running = true;
      else onReply(reply);
      this.poke();
    };
    // The script did not load or run: what it has not answered is compressed on the page.
    worker.onerror = (e) => {
      e.preventDefault();
      this.stop();
    };
    worker.onmessageerror = () => this.stop();
  }

  /** Resolves once the worker runs; one that does not within {@link WORKER_START_WAIT_MS} is stopped. */
  async ready(): Promise<void> {
    if (this.worker === null) return;
    this.worker.postMessage({ ping: true } satisfies GzipPing);
    const givenUpAt = Date.now() + WORKER_START_WAIT_MS;
    while (this.worker !== null && !this.running && Date.now() < givenUpAt) {
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 50));
      await Promise.race([this.news(), timer]);
    }
    if (!this.running) this.stop();
  }

  /** Resolves at the next answer, or when the worker stops. */
  news(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Starts a run of compressions: in the codec worker where one starts, else on the page when {@link Compression.done} is called. */
export function startCompression(): Compression {
  const texts: string[] = [];
  const out: (Uint8Array | undefined)[] = [];
  let answered = 0;
  let failure: string | null = null;
  const link = new WorkerLink((reply) => {
    if ('gzipError' in reply) failure = `block ${reply.i + 1} could not be compressed: ${reply.gzipError}`;
    else if ('gz' in reply && out[reply.i] === undefined) {
      out[reply.i] = new Uint8Array(reply.gz);
      answered += 1;
    }
  });
  return {
    ready: () => link.ready(),
    add(text) {
      const i = texts.length;
      texts.push(text);
      link.worker?.postMessage({ gzip: text, i } satisfies GzipRequest);
    },
    async done() {
      // The page is free now: it compresses from the last text backwards while the worker goes on
      // from the first (on a 2-core machine the worker gets only part of a core while the page
      // works, its collector taking the rest), telling the worker each one it takes.
      try {
        for (let i = texts.length - 1; i >= 0 && failure === null; i--) {
          // The worker's answers are tasks; compressing here resolves only promises, which
          // never lets them in: without this the page compressed every block a second time.
          await yieldToTasks();
          if (out[i] !== undefined) continue;
          link.worker?.postMessage({ taken: i } satisfies GzipTaken);
          const gz = await gzipTextOffTransaction(texts[i] as string);
          if (out[i] === undefined) {
            out[i] = gz;
            answered += 1;
          }
        }
        while (link.worker !== null && failure === null && answered < texts.length) await link.news();
        if (failure !== null) throw new Error(failure);
        return out as Uint8Array[];
      } finally {
        link.stop();
      }
    },
  };
}

/** A text compressed as one gzip member while it is still being made. */
export interface StreamedGzip {
  /** Resolves once the worker runs, or none will (then the page compresses the text at the end). */
  ready(): Promise<void>;
  write(piece: string): void;
  /** The member: the pieces laid end to end, compressed (the same bytes however the text was cut). */
  end(): Promise<Uint8Array>;
  /** Stops the worker without a member (the text will not be finished). */
  abandon(): void;
}

/**
 * Starts compressing a text that is still being made (a backup's snapshot: 38 MB of lines at
 * fleet scale), in the codec worker where one starts: each piece goes to it as soon as it is
 * encoded, so it compresses while the page encodes the next. Where no worker runs, or it fails,
 * the page compresses the whole text at the end.
 */
export function startStreamedGzip(): StreamedGzip {
  const pieces: string[] = [];
  let allSent = true;
  /** The worker's member; null until it answers, or when it could not make one. */
  let member: Uint8Array | null = null;
  let answered = false;
  const link = new WorkerLink((reply) => {
    if ('streamed' in reply) member = new Uint8Array(reply.streamed);
    if ('streamed' in reply || 'streamError' in reply) answered = true;
  });
  return {
    ready: () => link.ready(),
    write(piece) {
      pieces.push(piece);
      // Every piece goes to the worker, or none is used from it: one written before it ran
      // would be missing from its member.
      if (link.running && allSent) link.worker?.postMessage({ streamChunk: piece } satisfies GzipStreamRequest);
      else allSent = false;
    },
    async end() {
      try {
        if (link.running && allSent && link.worker !== null) {
          link.worker.postMessage({ streamEnd: true } satisfies GzipStreamRequest);
          while (link.worker !== null && !answered) await link.news();
          if (member !== null) return member;
        }
        // No worker, or it failed: the whole text, here.
        return await gzipTextOffTransaction(pieces.join(''));
      } finally {
        link.stop();
      }
    },
    abandon() {
      link.stop();
    },
  };
}

/** The worker's side of a streamed text: one CompressionStream, fed piece by piece. */
export class GzipStreamAnswer {
  private stream: { writer: WritableStreamDefaultWriter<BufferSource>; output: Promise<Uint8Array> } | null = null;
  private readonly encoder = new TextEncoder();

  constructor(private readonly post: (reply: GzipReply, transfer: ArrayBuffer[]) => void) {}

  take(request: GzipStreamRequest): void {
    let stream = this.stream;
    if (stream === null) {
      const cs = new CompressionStream('gzip');
      stream = this.stream = { writer: cs.writable.getWriter(), output: readAllBytes(cs.readable) };
    }
    const { writer, output } = stream;
    if ('streamChunk' in request) {
      writer.write(this.encoder.encode(request.streamChunk)).catch(() => undefined);
      return;
    }
    this.stream = null;
    writer.close().catch(() => undefined);
    output.then(
      (gz: Uint8Array) => {
        const own = ownBuffer(gz);
        this.post({ streamed: own }, [own]);
      },
      (error: unknown) => this.post({ streamError: error instanceof Error ? error.message : String(error) }, []),
    );
  }
}

/** The worker's side: compresses one text and posts it (its buffer to be transferred), or why it could not; nothing for a text the page has taken. */
export async function answerGzipRequest(request: GzipRequest, post: (reply: GzipReply, transfer: ArrayBuffer[]) => void, taken: ReadonlySet<number> = new Set()): Promise<void> {
  if (taken.has(request.i)) return;
  let gz: Uint8Array;
  try {
    gz = await gzipTextOffTransaction(request.gzip);
  } catch (error) {
    post({ i: request.i, gzipError: error instanceof Error ? error.message : String(error) }, []);
    return;
  }
  const own = ownBuffer(gz);
  post({ i: request.i, gz: own }, [own]);
}
