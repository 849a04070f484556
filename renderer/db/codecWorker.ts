/**
 * The worker behind renderer/db/inflate.ts and renderer/db/deflate.ts, on the second core:
 * decompresses the gzip members it is sent, in order, posting each one back as soon as it is
 * done, so the page parses one member while the next is being inflated here; and compresses
 * the blocks a first team sync hands it, one after another in the order they came, while the
 * page goes on cutting and folding, skipping those the page has since taken for itself; and
 * compresses a backup's snapshot piece by piece while the page encodes the next piece. Buffers
 * are transferred, not copied.
 */
import { answerGzipRequest, GzipStreamAnswer, type GzipPing, type GzipReply, type GzipRequest, type GzipStreamRequest, type GzipTaken } from './deflate';
import { answerInflateRequest, type InflateReply, type InflateRequest } from './inflate';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<InflateRequest | GzipRequest | GzipTaken | GzipPing | GzipStreamRequest>) => void) | null;
  postMessage(message: InflateReply | GzipReply, transfer: Transferable[]): void;
};

/** Compressions in the order they came (each its own stream; one at a time keeps memory flat). */
let compressing: Promise<void> = Promise.resolve();
/** The texts the page has compressed itself (it works from the last backwards once it is free). */
const taken = new Set<number>();

const post = (reply: InflateReply | GzipReply, transfer: ArrayBuffer[]): void => scope.postMessage(reply, transfer);
/** A text compressed as it comes, piece by piece (a backup's snapshot). */
const streamed = new GzipStreamAnswer(post);

scope.onmessage = (e) => {
  const request = e.data;
  if ('ping' in request) post({ ready: true }, []);
  else if ('streamChunk' in request || 'streamEnd' in request) streamed.take(request);
  else if ('taken' in request) taken.add(request.taken);
  else if ('gzip' in request) compressing = compressing.then(() => answerGzipRequest(request, post, taken));
  else void answerInflateRequest(request, post);
};
