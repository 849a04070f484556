/**
 * A backup file is a gzip stream of several members (RFC 1952 §2.2: "a gzip file consists of a
 * series of members"; `zcat`, `gunzip` and node:zlib read them as one text). The first member
 * holds the header line *stored*, not compressed (deflate block type 0, RFC 1951 §3.2.4), so a
 * reader finds where it ends, and reads the header, without an inflater: the header's checksum
 * then covers the compressed bytes that follow it, which are checked before anything is
 * decompressed. `head -c 400 backup.fleetledger` shows the header as text.
 *
 * Pure: bytes in, bytes out.
 */

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, the one gzip uses) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The most bytes one stored deflate block holds. */
const STORED_BLOCK_MAX = 0xffff;
/** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown): no name, no time, so the bytes depend on the content alone. */
const MEMBER_HEADER = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff] as const;

function writeU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = (value >>> 24) & 0xff;
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

/** One gzip member holding `content` uncompressed, in stored deflate blocks. */
export function storedGzipMember(content: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(content.length / STORED_BLOCK_MAX));
  const out = new Uint8Array(MEMBER_HEADER.length + blocks * 5 + content.length + 8);
  out.set(MEMBER_HEADER, 0);
  let at = MEMBER_HEADER.length;
  for (let b = 0; b < blocks; b++) {
    const from = b * STORED_BLOCK_MAX;
    const len = Math.min(STORED_BLOCK_MAX, content.length - from);
    out[at] = b === blocks - 1 ? 0x01 : 0x00; // BFINAL on the last; BTYPE 00 (stored)
    out[at + 1] = len & 0xff;
    out[at + 2] = len >>> 8;
    out[at + 3] = ~len & 0xff;
    out[at + 4] = (~len >>> 8) & 0xff;
    out.set(content.subarray(from, from + len), at + 5);
    at += 5 + len;
  }
  writeU32(out, at, crc32(content));
  writeU32(out, at + 4, content.length >>> 0);
  return out;
}

/**
 * The content of a stored gzip member at the start of `bytes` and where the member ends, or
 * null when the bytes do not start with one (an older backup, compressed whole; not a backup;
 * cut short; its CRC does not match).
 */
export function readStoredGzipMember(bytes: Uint8Array): { content: Uint8Array; end: number } | null {
  // gzip, deflate, no optional fields (FLG 0): as storedGzipMember writes it. MTIME, XFL and OS may be anything.
  if (bytes.length < MEMBER_HEADER.length || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 0x08 || bytes[3] !== 0x00) return null;
  const parts: Uint8Array[] = [];
  let size = 0;
  let at = MEMBER_HEADER.length;
  for (;;) {
    if (at + 5 > bytes.length) return null;
    const head = bytes[at] as number;
    if ((head & 0x06) !== 0) return null; // not a stored block
    const len = (bytes[at + 1] as number) | ((bytes[at + 2] as number) << 8);
    const nlen = (bytes[at + 3] as number) | ((bytes[at + 4] as number) << 8);
    if ((len ^ 0xffff) !== nlen || at + 5 + len > bytes.length) return null;
    parts.push(bytes.subarray(at + 5, at + 5 + len));
    size += len;
    at += 5 + len;
    if ((head & 0x01) === 1) break;
  }
  if (at + 8 > bytes.length) return null;
  const content = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    content.set(p, o);
    o += p.length;
  }
  if (readU32(bytes, at) !== crc32(content) || readU32(bytes, at + 4) !== size >>> 0) return null;
  return { content, end: at + 8 };
}
