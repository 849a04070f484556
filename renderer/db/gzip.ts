/**
 * gzip for the log's blocks, the backup file and team segments. Two codecs:
 * - fflate (pure JavaScript, synchronous) where nothing may wait: a block is sealed inside the
 *   transaction that fills it, and IndexedDB ends a transaction that waits on anything but its
 *   own requests. Its bytes depend on the text alone (no time, no name in the header), the same
 *   in every browser and in Node.
 * - the browser's own zlib (CompressionStream and DecompressionStream, through the stream's own
 *   writer) everywhere else: blocks compressed outside a transaction, a backup's snapshot,
 *   inflating blocks and segments. Much faster in Chromium (figures below); its compressed bytes
 *   may differ between browser versions, the text never does.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { concatBytes } from '../../shared/ledger/backupFormat';

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Bytes as UTF-8 text; throws when they are not UTF-8. Decoded leniently first (Chromium: 0.07 s
 * for the fleet-scale log's 309 MB, against 0.9 s for the strict decoder), then strictly only
 * when the text holds U+FFFD, the mark the lenient decoder leaves for bytes that are not UTF-8
 * (or a U+FFFD the text really holds, which the strict decoder then confirms).
 */
export function utf8Text(bytes: Uint8Array): string {
  const text = lenient.decode(bytes);
  return text.includes('\uFFFD') ? strict.decode(bytes) : text;
}

/** A block's text, compressed at once (level 6): sealed inside the transaction that fills it, which cannot wait. */
export function gzipText(text: string): Uint8Array {
  return gzipSync(encoder.encode(text), { level: 6, mtime: 0 });
}

/** Whether this runtime has the Compression Streams API (Chromium and Electron; Node 18 and later). */
function hasCompressionStreams(): boolean {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

/**
 * Bytes through a (de)compression stream, written whole and read back in its chunks. Written
 * through the stream's own writer: wrapping the bytes in a Blob and reading a Response, as
 * examples often do, took 6.5 s instead of 2.4 s for 280 MB in Chromium (the Blob copies the
 * bytes out of the page and back).
 */
async function throughStream(stream: CompressionStream | DecompressionStream, bytes: Uint8Array): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // A damaged input fails the reading side too, where it is reported; these would go unheard.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return readAllBytes(stream.readable);
}

/** `bytes`' buffer to transfer to another thread: its own when the bytes fill it, else a copy's. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  return own.buffer as ArrayBuffer;
}

/** Every chunk a stream gives, in one array (rejects when the stream fails). */
export async function readAllBytes(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = readable.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
}

/**
 * A block's text compressed outside any transaction (a first team sync's or an older backup's
 * blocks, hundreds of megabytes at fleet scale), with the browser's own zlib where it has one:
 * in Chromium 2.4 s for 280 MB against 9 s with fflate at level 6, and smaller. Its bytes may
 * differ from fflate's and between browser versions, which does not matter for a sealed block:
 * it is compressed once and from then on copied, never compressed again. (A block sealed inside
 * the transaction that fills it still takes {@link gzipText}: a transaction cannot wait.)
 */
export async function gzipTextOffTransaction(text: string): Promise<Uint8Array> {
  return hasCompressionStreams() ? throughStream(new CompressionStream('gzip'), encoder.encode(text)) : gzipText(text);
}

/**
 * One gzip member, decompressed asynchronously, with the browser's own zlib where it has one
 * (Chromium: 0.76 s for 280 MB against about 2 s with fflate); rejects when it is damaged,
 * truncated or followed by anything.
 */
export async function gunzipMemberAsync(gz: Uint8Array): Promise<Uint8Array> {
  if (!hasCompressionStreams()) return gunzipMember(gz);
  try {
    return await throughStream(new DecompressionStream('gzip'), gz);
  } catch (e) {
    throw new Error(e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** One gzip member, decompressed; throws when it is damaged. */
export function gunzipMember(gz: Uint8Array): Uint8Array {
  return gunzipSync(gz);
}

/** One gzip member's UTF-8 text; throws when it is damaged or not UTF-8. */
export function gunzipText(gz: Uint8Array): string {
  return utf8Text(gunzipSync(gz));
}
