/**
 * The backup's header member (shared/ledger/gzipMembers.ts): stored, not compressed, so a reader
 * finds its end and its text without an inflater; any gzip reader (node:zlib here, zcat) reads
 * it, alone or followed by other members, as one stream.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, readStoredGzipMember, storedGzipMember } from '../../../shared/ledger/gzipMembers';

describe('storedGzipMember', () => {
  it('is gzip that node:zlib reads back, for any content, also past one stored block (65,535 bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200_000 }), (content) => {
        const member = storedGzipMember(content);
        expect(new Uint8Array(gunzipSync(member))).toEqual(content);
        const read = readStoredGzipMember(member);
        expect(read?.content).toEqual(content);
        expect(read?.end).toBe(member.length);
      }),
      { numRuns: 30 },
    );
  });

  it('is read as the first of several members, and tells where the next begins', () => {
    const header = new TextEncoder().encode('{"format":"fleetledger-backup"}\n');
    const rest = gzipSync(Buffer.from('{"event":{}}\n'));
    const file = new Uint8Array([...storedGzipMember(header), ...rest]);
    expect(gunzipSync(file).toString('utf8')).toBe('{"format":"fleetledger-backup"}\n{"event":{}}\n');
    const read = readStoredGzipMember(file);
    expect(read?.content).toEqual(header);
    expect(file.subarray(read?.end)).toEqual(new Uint8Array(rest));
  });

  it('is not found in a compressed member, a cut one, or one whose CRC does not match', () => {
    expect(readStoredGzipMember(new Uint8Array(gzipSync(Buffer.from('hello hello hello hello'))))).toBeNull();
    const member = storedGzipMember(new TextEncoder().encode('a header line\n'));
    for (let cut = 0; cut < member.length; cut++) expect(readStoredGzipMember(member.subarray(0, cut))).toBeNull();
    for (let at = 0; at < member.length; at++) {
      if (at >= 4 && at <= 9) continue; // MTIME, XFL, OS: any value is allowed
      const flipped = member.slice();
      flipped[at] = (flipped[at] as number) ^ 0x04;
      expect(readStoredGzipMember(flipped), `byte ${at}`).toBeNull();
    }
  });

  it('CRC-32 matches the published check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});
