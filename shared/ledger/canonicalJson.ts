/**
 * One text form for every value of the ledger, so that the same data always gives the same
 * bytes (backups must be byte-identical after a round trip; sync segments are hashed).
 *
 * - Object keys in code-unit order, recursively; no whitespace; `undefined` members left out
 *   (as JSON.stringify does).
 * - Typed arrays (the packed unit columns of `units-received` events) as `{"$u8":"<base64>"}`
 *   and `{"$u16":"<base64>"}` (little-endian), read back as the same typed array.
 *
 * Pure, no platform: base64 is done here, not with btoa/Buffer.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map<string, number>([...B64].map((c, i) => [c, i]));

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64.charAt(n >>> 18) + B64.charAt((n >>> 12) & 63) + B64.charAt((n >>> 6) & 63) + B64.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${B64.charAt(n >>> 18)}${B64.charAt((n >>> 12) & 63)}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${B64.charAt(n >>> 18)}${B64.charAt((n >>> 12) & 63)}${B64.charAt((n >>> 6) & 63)}=`;
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text[i + k] as string;
      const v = c === '=' && i + k >= text.length - pad ? 0 : B64_INDEX.get(c);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >>> 16) & 255;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function u16ToBytes(a: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(a.length * 2);
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    bytes[2 * i] = v & 255;
    bytes[2 * i + 1] = v >>> 8;
  }
  return bytes;
}

function bytesToU16(bytes: Uint8Array): Uint16Array | null {
  if (bytes.length % 2 !== 0) return null;
  const a = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < a.length; i++) a[i] = (bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8);
  return a;
}

/**
 * Whether JSON.stringify already writes `value` canonically: plain objects whose keys are in
 * sorted order, at every depth, holding only strings, finite numbers, booleans, null and such
 * objects and arrays. Checking is much cheaper than building the text key by key, and the
 * records the app writes most (units, whose keys are made in sorted order) pass it.
 */
function stringifiesCanonically(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (const x of v) if (x !== undefined && !stringifiesCanonically(x)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      let previous = '';
      let first = true;
      for (const k in v) {
        if (!first && k <= previous) return false;
        first = false;
        previous = k;
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined && !stringifiesCanonically(x)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** The canonical text of a JSON-like value (with typed arrays). Throws on what JSON cannot hold (a bug). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && stringifiesCanonically(value)) return JSON.stringify(value);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value instanceof Uint8Array) return `{"$u8":"${bytesToBase64(value)}"}`;
      if (value instanceof Uint16Array) return `{"$u16":"${bytesToBase64(u16ToBytes(value))}"}`;
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      if (ArrayBuffer.isView(value)) throw new Error('canonicalJson: only Uint8Array and Uint16Array are supported');
      const o = value as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: a ${typeof value} is not JSON`);
  }
}

/** Whether two JSON-like values are the same (absent and null alike); text is made only for objects and arrays. */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return canonicalJson(x) === canonicalJson(y);
}

/** Parses canonical (or any) JSON, turning `{"$u8":…}` / `{"$u16":…}` back into typed arrays. Throws SyntaxError on bad JSON. */
export function parseCanonicalJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1) {
        const o = v as Record<string, unknown>;
        if (typeof o.$u8 === 'string') {
          const bytes = base64ToBytes(o.$u8);
          if (bytes === null) throw new SyntaxError('a $u8 value is not base64');
          return bytes;
        }
        if (typeof o.$u16 === 'string') {
          const bytes = base64ToBytes(o.$u16);
          const a = bytes === null ? null : bytesToU16(bytes);
          if (a === null) throw new SyntaxError('a $u16 value is not base64 of 16-bit numbers');
          return a;
        }
      }
    }
    return v;
  });
}
