import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../../shared/sync/base64';

describe('base64', () => {
  it('encodes as Node does and decodes back, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40_000 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(text)).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses text that is not base64', () => {
    for (const bad of ['abc', 'ab=c', 'a===', 'ab$d', 'é123', '====', 'QQ==QQ==']) expect(base64ToBytes(bad)).toBeNull();
    expect(base64ToBytes('')).toEqual(new Uint8Array());
  });
});
