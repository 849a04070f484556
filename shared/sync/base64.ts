/**
 * Base64 (RFC 4648, with padding) for bytes, as JSON carries binary: a CouchDB document holds a
 * team folder segment's gzip bytes this way (shared/sync/couchSync.ts). Pure, the same in Node,
 * browsers and Electron (Node 20 has no `Uint8Array.toBase64`, and `btoa` works on strings).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list short.
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes: number[] = [];
    for (let i = start; i < end; i += 3) {
      const a = bytes[i] as number;
      const b = i + 1 < end ? (bytes[i + 1] as number) : 0;
      const c = i + 2 < end ? (bytes[i + 2] as number) : 0;
      codes.push(ALPHABET.charCodeAt(a >> 2), ALPHABET.charCodeAt(((a & 3) << 4) | (b >> 4)));
      codes.push(i + 1 < end ? ALPHABET.charCodeAt(((b & 15) << 2) | (c >> 6)) : 61, i + 2 < end ? ALPHABET.charCodeAt(c & 63) : 61);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The bytes of base64 text; null when it is not base64 (a wrong character, a wrong length). */
export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const value = (i: number): number => {
    const code = text.charCodeAt(i);
    return code < 128 ? (VALUES[code] as number) : -1;
  };
  let o = 0;
  const whole = text.length - (padding > 0 ? 4 : 0);
  for (let i = 0; i < whole; i += 4) {
    const a = value(i);
    const b = value(i + 1);
    const c = value(i + 2);
    const d = value(i + 3);
    if ((a | b | c | d) < 0) return null;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  if (padding > 0) {
    const i = whole;
    const a = value(i);
    const b = value(i + 1);
    const c = padding === 1 ? value(i + 2) : 0;
    if ((a | b | c) < 0) return null;
    out[o++] = (a << 2) | (b >> 4);
    if (padding === 1) out[o] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}
