/**
 * `repackUnits` cuts pages from per-lot packs instead of packing units again; it must give
 * exactly what `packUnits` gives over the same units, whatever the cuts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repackUnits, type PackRange } from '../../../renderer/db/units';
import { packUnits, UNIT_CONDITIONS, type SanitisationRecord, type Unit } from '../../../shared/units';

const RECORD: SanitisationRecord = {
  method: 'purge', technique: 'cryptographic erase', tool: 'nvme-cli', toolVersion: '2.8', verificationMethod: 'full',
  verificationResult: 'passed', performedBy: 'Ada', verifiedBy: '', performedAt: '2026-05-02', mediaSerial: '', note: '',
};

const unitArb = (lotId: string, k: number): fc.Arbitrary<Unit> =>
  fc.record({
    serial: fc.constant(`${lotId}-SN${k}`),
    lotId: fc.constant(lotId),
    assetTag: fc.oneof(fc.constant(''), fc.constant(`AT-${lotId}-${k}`)),
    siteId: fc.constantFrom(null, 'site-a', 'site-b'),
    room: fc.constantFrom('', 'Hall 1', 'Hall 2'),
    rack: fc.constantFrom('', 'R01', 'R02'),
    u: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 48 })),
    status: fc.constantFrom(...UNIT_CONDITIONS),
    notes: fc.constantFrom('', 'dented'),
    sanitisation: fc.constantFrom(null, RECORD),
  });

const lotsArb = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 })
  .chain((sizes) => fc.tuple(...sizes.map((size, l) => fc.tuple(...Array.from({ length: size }, (_, k) => unitArb(`lot-${l}`, k))))));

describe('repackUnits', () => {
  it('equals packUnits over the same units, for any lots and any cuts', () => {
    fc.assert(
      fc.property(lotsArb, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), (lots, cuts) => {
        const packs = lots.map((units) => ({ units: units as Unit[], pack: packUnits(units, () => (units[0] as Unit).lotId) }));
        const all = packs.flatMap((p) => p.units);
        // Cut the concatenation into pages of the given sizes (the last cut repeats), as an import does.
        let lotAt = 0;
        let unitAt = 0;
        let page = 0;
        let start = 0;
        while (start < all.length) {
          const size = cuts[Math.min(page, cuts.length - 1)] as number;
          const ranges: PackRange[] = [];
          let left = size;
          while (left > 0 && lotAt < packs.length) {
            const { pack } = packs[lotAt] as { pack: PackRange['pack'] };
            const to = Math.min(pack.serials.length, unitAt + left);
            if (to > unitAt) ranges.push({ pack, from: unitAt, to });
            left -= to - unitAt;
            unitAt = to;
            if (unitAt === pack.serials.length) {
              lotAt += 1;
              unitAt = 0;
            }
          }
          const slice = all.slice(start, start + size);
          expect(repackUnits(ranges)).toEqual(packUnits(slice, (i) => (slice[i] as Unit).lotId));
          start += size;
          page += 1;
        }
      }),
    );
  });
});
