/**
 * Canonical JSON (shared/ledger/canonicalJson.ts): keys sorted at every depth, no spaces, typed
 * arrays as base64 — whether a value takes the JSON.stringify path (already sorted, plain) or is
 * written key by key, the text is the same, and it parses back to the value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseCanonicalJson } from '../../../shared/ledger/canonicalJson';

/** The definition, written the slow, obvious way. */
function reference(v: unknown): string {
  if (v instanceof Uint8Array || v instanceof Uint16Array) return canonicalJson(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('a', 'b', '10', '9', 'z')), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
  ),
})).value;

describe('canonicalJson', () => {
  it('equals the sorted-keys definition for any value, in either key order', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
        expect(canonicalJson(parseCanonicalJson(canonicalJson(v)))).toBe(canonicalJson(v));
      }),
      { numRuns: 400 },
    );
  });

  it('writes sorted, plain records with JSON.stringify and the rest key by key, the same text', () => {
    expect(canonicalJson({ a: 1, b: { c: [1, 'x', null], d: true } })).toBe('{"a":1,"b":{"c":[1,"x",null],"d":true}}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ '9': 1, '10': 2 })).toBe('{"10":2,"9":1}');
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(canonicalJson({ a: new Uint8Array([1, 2]) })).toBe('{"a":{"$u8":"AQI="}}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/not a JSON number/u);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/not JSON/u);
  });
});
