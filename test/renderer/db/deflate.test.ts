/**
 * Compressing many blocks off the page (renderer/db/deflate.ts) and the browser-zlib codecs
 * (renderer/db/gzip.ts): every text comes back compressed, in order, whether the codec worker
 * does it or the page does; the worker never starting, failing to load or dying half-way loses
 * nothing. The stand-in worker runs the real worker's code (answerGzipRequest) in later tasks.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { answerGzipRequest, GzipStreamAnswer, startCompression, startStreamedGzip, type GzipPing, type GzipReply, type GzipRequest, type GzipStreamRequest, type GzipTaken } from '../../../renderer/db/deflate';
import { gunzipMemberAsync, gzipTextOffTransaction } from '../../../renderer/db/gzip';
import { setCodecWorker } from '../../../renderer/db/inflate';

interface Behaviour {
  failToLoad?: boolean;
  dieAfter?: number;
  /** Milliseconds each compression takes besides its own work (a worker starved of a core). */
  slow?: number;
  /** Never runs: no answer to anything, no error either. */
  hang?: boolean;
}

const started: StandInWorker[] = [];

class StandInWorker {
  onmessage: ((e: MessageEvent<GzipReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  received = 0;
  answered = 0;
  readonly taken = new Set<number>();
  streamedPieces = 0;
  /** It has failed (an error event sent). */
  died = false;
  private streamAnswer: GzipStreamAnswer | null = null;
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly behaviour: Behaviour) {
    started.push(this);
  }
  private error(): void {
    this.died = true;
    if (!this.terminated) this.onerror?.({ preventDefault() {} } as ErrorEvent);
  }
  postMessage(request: GzipRequest | GzipTaken | GzipPing | GzipStreamRequest): void {
    if (this.behaviour.hang === true) return;
    if ('streamChunk' in request || 'streamEnd' in request) {
      this.streamAnswer ??= new GzipStreamAnswer((reply) => setTimeout(() => !this.terminated && this.onmessage?.({ data: reply } as MessageEvent<GzipReply>)));
      if ('streamChunk' in request) this.streamedPieces += 1;
      // Dies after taking this many pieces: an error instead of the member.
      if (this.behaviour.dieAfter !== undefined && this.streamedPieces > this.behaviour.dieAfter) return setTimeout(() => this.error()) as unknown as void;
      this.streamAnswer.take(request);
      return;
    }
    if ('ping' in request) {
      setTimeout(() => (this.behaviour.failToLoad === true ? this.error() : this.onmessage?.({ data: { ready: true } } as MessageEvent<GzipReply>)));
      return;
    }
    if ('taken' in request) {
      this.taken.add(request.taken);
      return;
    }
    this.received += 1;
    this.queue = this.queue.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            if (this.terminated) return resolve();
            if (this.behaviour.failToLoad === true) {
              this.error();
              return resolve();
            }
            void answerGzipRequest(request, (reply) => {
              setTimeout(() => {
                if (this.terminated) return;
                if (this.behaviour.dieAfter !== undefined && this.answered >= this.behaviour.dieAfter) return this.error();
                this.answered += 1;
                this.onmessage?.({ data: reply } as MessageEvent<GzipReply>);
              });
            }, this.taken).then(resolve);
          }, this.behaviour.slow ?? 0),
        ),
    );
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  setCodecWorker(null);
  started.splice(0);
});

const texts = Array.from({ length: 9 }, (_, i) => `{"event":{"n":${i},"note":"${'é'.repeat(i * 40)}"}}\n`.repeat(30 + i));

/**
 * `busyUntil`: the page is busy elsewhere (folding) until this holds, then asks for the result.
 * A condition on the worker, not a time: on a loaded machine a fixed wait let the page take
 * texts the test meant the worker to have done. Bounded: fails after 10 s.
 */
async function compressAll(busyUntil?: () => boolean): Promise<string[]> {
  const run = startCompression();
  await run.ready();
  for (const t of texts) run.add(t);
  if (busyUntil !== undefined) {
    const giveUp = Date.now() + 10_000;
    while (!busyUntil()) {
      if (Date.now() > giveUp) throw new Error('the stand-in worker did not get that far within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return (await run.done()).map((gz) => gunzipSync(gz).toString('utf8'));
}

const answered = (n: number) => () => (started.at(-1)?.answered ?? 0) >= n;

describe('startCompression', () => {
  it('gives every text back compressed, in order, with no worker', async () => {
    setCodecWorker(null);
    expect(await compressAll()).toEqual(texts);
  });

  it('gives the same texts from the worker, and the worker does the work', async () => {
    setCodecWorker(() => new StandInWorker({}) as unknown as Worker);
    expect(await compressAll(answered(texts.length))).toEqual(texts);
    expect(started).toHaveLength(1);
    expect(started[0]?.received).toBe(texts.length);
    expect(started[0]?.answered).toBe(texts.length);
    expect(started[0]?.terminated).toBe(true);
  });

  it('compresses on the page what the worker did not: it cannot start, fails to load, or dies half-way', async () => {
    setCodecWorker(() => {
      throw new Error('SecurityError: cannot be accessed from origin null');
    });
    expect(await compressAll()).toEqual(texts);
    setCodecWorker(() => new StandInWorker({ failToLoad: true }) as unknown as Worker);
    expect(await compressAll()).toEqual(texts);
    setCodecWorker(() => new StandInWorker({ dieAfter: 4 }) as unknown as Worker);
    expect(await compressAll(() => started.at(-1)?.died === true)).toEqual(texts);
    expect(started.at(-1)?.answered).toBe(4);
  });

  it('shares the work once the page is free: it compresses from the last text back, and the worker skips those', async () => {
    setCodecWorker(() => new StandInWorker({ slow: 25 }) as unknown as Worker);
    expect(await compressAll(answered(1))).toEqual(texts);
    const worker = started[0]!;
    expect(worker.taken.size).toBeGreaterThan(0);
    expect(worker.answered).toBeGreaterThan(0);
    expect(worker.answered + worker.taken.size).toBeGreaterThanOrEqual(texts.length);
    expect(Math.max(...worker.taken)).toBe(texts.length - 1);
  });

  it('gives up on a worker that does not run within a few seconds, and compresses everything on the page', async () => {
    setCodecWorker(() => new StandInWorker({ hang: true }) as unknown as Worker);
    expect(await compressAll()).toEqual(texts);
    expect(started[0]?.terminated).toBe(true);
    expect(started[0]?.received).toBe(0);
  });

  it('nothing added gives nothing', async () => {
    setCodecWorker(() => new StandInWorker({}) as unknown as Worker);
    expect(await startCompression().done()).toEqual([]);
  });
});

describe('the browser-zlib codecs', () => {
  it('round-trip text, and read what node:zlib and fflate-style writers wrote', async () => {
    const text = texts.join('');
    expect(gunzipSync(await gzipTextOffTransaction(text)).toString('utf8')).toBe(text);
    expect(new TextDecoder().decode(await gunzipMemberAsync(gzipSync(text)))).toBe(text);
  });

  it('refuse a damaged, truncated or trailing-junk member', async () => {
    const gz = gzipSync(texts.join(''));
    const flipped = gz.slice();
    const at = Math.floor(gz.length / 2);
    flipped[at] = (flipped[at] as number) ^ 0xff;
    await expect(gunzipMemberAsync(flipped)).rejects.toThrow();
    await expect(gunzipMemberAsync(gz.subarray(0, gz.length - 6))).rejects.toThrow();
    const junk = new Uint8Array(gz.length + 3);
    junk.set(gz);
    junk.set([1, 2, 3], gz.length);
    await expect(gunzipMemberAsync(junk)).rejects.toThrow();
  });
});

describe('startStreamedGzip', () => {
  const pieces = Array.from({ length: 12 }, (_, i) => `{"unit":{"serial":"S${i}","notes":"${'x'.repeat(i * 30)}"}}\n`.repeat(50));
  const whole = pieces.join('');

  async function streamAll(): Promise<Uint8Array> {
    const gz = startStreamedGzip();
    await gz.ready();
    for (const p of pieces) gz.write(p);
    return gz.end();
  }

  it('gives one member of the whole text, the same bytes from the worker as from the page', async () => {
    setCodecWorker(null);
    const onPage = await streamAll();
    expect(gunzipSync(onPage).toString('utf8')).toBe(whole);
    setCodecWorker(() => new StandInWorker({}) as unknown as Worker);
    const inWorker = await streamAll();
    expect(started[0]?.streamedPieces).toBe(pieces.length);
    expect(started[0]?.terminated).toBe(true);
    expect(Buffer.from(inWorker).equals(Buffer.from(onPage))).toBe(true);
  });

  it('uses nothing from the worker when a piece was written before it ran', async () => {
    setCodecWorker(() => new StandInWorker({}) as unknown as Worker);
    const gz = startStreamedGzip();
    gz.write(pieces[0]!);
    await gz.ready();
    for (const p of pieces.slice(1)) gz.write(p);
    expect(gunzipSync(await gz.end()).toString('utf8')).toBe(whole);
    expect(started[0]?.streamedPieces).toBe(0);
  });

  it('compresses the whole text on the page when the worker does not run or dies half-way', async () => {
    setCodecWorker(() => new StandInWorker({ failToLoad: true }) as unknown as Worker);
    expect(gunzipSync(await streamAll()).toString('utf8')).toBe(whole);
    setCodecWorker(() => new StandInWorker({ dieAfter: 5 }) as unknown as Worker);
    expect(gunzipSync(await streamAll()).toString('utf8')).toBe(whole);
    expect(started.at(-1)?.terminated).toBe(true);
  });
});
