/**
 * The page's gzip inflation (renderer/db/inflate.ts): members come back in order and byte for
 * byte whether a worker inflates them or the page does, whether the worker never starts, fails
 * to load, or dies half-way; a damaged member is reported at its own turn in every case. The
 * worker here is a stand-in that runs the real worker's code (answerInflateRequest) in later
 * tasks, as a browser would; the real one runs in the e2e restore test.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { answerInflateRequest, inflateMembers, setCodecWorker, type InflateReply, type InflateRequest } from '../../../renderer/db/inflate';

interface Behaviour {
  /** The script never loads: an error event instead of any answer. */
  failToLoad?: boolean;
  /** Dies (an error event) after this many answers. */
  dieAfter?: number;
}

const started: StandInWorker[] = [];

class StandInWorker {
  onmessage: ((e: MessageEvent<InflateReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  answered = 0;
  constructor(private readonly behaviour: Behaviour) {
    started.push(this);
  }
  private error(): void {
    if (!this.terminated) this.onerror?.({ preventDefault() {} } as ErrorEvent);
  }
  postMessage(request: InflateRequest, transfer: ArrayBuffer[]): void {
    expect(transfer).toEqual([request.buffer]);
    // A transferred buffer is the worker's: copy it as the browser hands it over.
    const own: InflateRequest = { buffer: request.buffer.slice(0), ranges: request.ranges };
    setTimeout(() => {
      if (this.behaviour.failToLoad === true) return this.error();
      answerInflateRequest(own, (reply) => {
        setTimeout(() => {
          if (this.terminated) return;
          if (this.behaviour.dieAfter !== undefined && this.answered >= this.behaviour.dieAfter) return this.error();
          this.answered += 1;
          this.onmessage?.({ data: reply } as MessageEvent<InflateReply>);
        });
      });
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

function useStandIn(behaviour: Behaviour = {}): void {
  setCodecWorker(() => new StandInWorker(behaviour) as unknown as Worker);
}

afterEach(() => {
  setCodecWorker(null);
  started.splice(0);
});

const texts = Array.from({ length: 7 }, (_, i) => `member ${i} ${'é'.repeat(i * 50)}\n`.repeat(40 + i));
const members = texts.map((t) => new Uint8Array(gzipSync(t)));

async function collect(given: readonly Uint8Array[]): Promise<{ texts: string[]; error: string | null }> {
  const out: string[] = [];
  try {
    for await (const bytes of inflateMembers(given)) out.push(new TextDecoder().decode(bytes));
  } catch (e) {
    return { texts: out, error: (e as Error).message };
  }
  return { texts: out, error: null };
}

describe('inflateMembers', () => {
  it('gives every member back in order, with no worker', async () => {
    setCodecWorker(null);
    expect(await collect(members)).toEqual({ texts, error: null });
  });

  it('gives the same bytes from a worker, and the worker does the work', async () => {
    useStandIn();
    expect(await collect(members)).toEqual({ texts, error: null });
    expect(started).toHaveLength(1);
    expect(started[0]?.answered).toBe(members.length);
    expect(started[0]?.terminated).toBe(true);
  });

  it('inflates on the page when the worker cannot start, fails to load, or dies half-way', async () => {
    setCodecWorker(() => {
      throw new Error('SecurityError: cannot be accessed from origin null');
    });
    expect(await collect(members)).toEqual({ texts, error: null });
    useStandIn({ failToLoad: true });
    expect(await collect(members)).toEqual({ texts, error: null });
    useStandIn({ dieAfter: 3 });
    expect(await collect(members)).toEqual({ texts, error: null });
    expect(started.at(-1)?.answered).toBe(3);
  });

  it('reports a damaged member at its turn, after the ones before it, on both paths', async () => {
    const damaged = members.map((m) => m.slice());
    const bad = damaged[4] as Uint8Array;
    const at = Math.floor(bad.length / 2);
    bad.set([(bad[at] as number) ^ 0xff, (bad[at + 1] as number) ^ 0xff], at);
    for (const path of ['page', 'worker'] as const) {
      if (path === 'worker') useStandIn();
      else setCodecWorker(null);
      const got = await collect(damaged);
      expect(got.texts).toEqual(texts.slice(0, 4));
      expect(got.error).not.toBeNull();
    }
  });

  it('stops the worker when the reader stops early', async () => {
    useStandIn();
    for await (const bytes of inflateMembers(members)) {
      expect(bytes.length).toBeGreaterThan(0);
      break;
    }
    expect(started[0]?.terminated).toBe(true);
  });

  it('gives nothing for no members, without starting a worker', async () => {
    useStandIn();
    expect(await collect([])).toEqual({ texts: [], error: null });
    expect(started).toHaveLength(0);
  });
});

