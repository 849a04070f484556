/** fast-check generators of schedule inputs: every method, convention and fiscal year start. */
import fc from 'fast-check';
import { addMonths, daysInMonth, isoDate } from '../../../shared/dates';
import { CONVENTIONS, type DepreciationPolicy, type ScheduleAdjustment, type ScheduleInput } from '../../../shared/depreciation/types';

export const isoDateArb = fc
  .record({ y: fc.integer({ min: 2018, max: 2032 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => isoDate(y, m, Math.min(d, daysInMonth(y, m))));

const convention = fc.constantFrom(...CONVENTIONS);
const lifeMonths = fc.integer({ min: 1, max: 240 });

const usage = fc.array(
  fc.record({
    month: fc.record({ y: fc.integer({ min: 2018, max: 2040 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
    units: fc.integer({ min: 0, max: 5_000 }),
  }),
  { maxLength: 30 },
);

/** Every method except `none` (whose schedule never reaches salvage by design). */
export const depreciatingPolicy: fc.Arbitrary<DepreciationPolicy> = fc.oneof(
  fc.record({ method: fc.constant('straight-line' as const), lifeMonths, convention }),
  fc.record({ method: fc.constant('sum-of-years-digits' as const), lifeMonths, convention }),
  fc.record({
    method: fc.constant('declining-balance' as const),
    lifeMonths,
    convention,
    factor: fc.integer({ min: 10, max: 500 }).map((f) => f / 100),
    switchToStraightLine: fc.boolean(),
  }),
  fc.record({ method: fc.constant('fixed-declining' as const), lifeMonths, convention }),
  fc.record({
    method: fc.constant('macrs' as const),
    recoveryYears: fc.constantFrom(3 as const, 5 as const, 7 as const),
    convention: fc.constantFrom('half-year' as const, 'mid-quarter' as const),
  }),
  fc.record({ method: fc.constant('units-of-production' as const), lifeMonths, totalUnits: fc.integer({ min: 1, max: 20_000 }), usage }),
);

export const scheduleInputArb: fc.Arbitrary<ScheduleInput> = fc
  .record({
    cost: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 100_000_000_000 })),
    salvageShare: fc.double({ min: 0, max: 1, noNaN: true }),
    inServiceDate: isoDateArb,
    policy: depreciatingPolicy,
    fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
  })
  .map(({ cost, salvageShare, policy, ...rest }) => ({
    ...rest,
    cost,
    policy,
    salvage: policy.method === 'macrs' ? 0 : Math.floor(cost * salvageShare),
  }));

/** An adjustment some months after the in-service date (kinds MACRS allows only: disposal). */
const adjustmentSpec = fc.record({
  kind: fc.constantFrom('impairment', 'life', 'salvage', 'disposal'),
  monthsAfter: fc.integer({ min: 0, max: 200 }),
  day: fc.integer({ min: 1, max: 28 }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  lifeMonths,
});

function dateAfter(inService: string, monthsAfter: number, day: number): string {
  const d = addMonths(inService, monthsAfter);
  const candidate = `${d.slice(0, 8)}${String(day).padStart(2, '0')}`;
  return candidate < inService ? inService : candidate;
}

/** A schedule input with up to three adjustments (at most one disposal, last). Impairments may be too big: the engine then refuses. */
export const inputWithAdjustmentsArb: fc.Arbitrary<ScheduleInput> = fc
  .tuple(scheduleInputArb, fc.array(adjustmentSpec, { maxLength: 3 }))
  .map(([input, specs]) => {
    const adjustments: ScheduleAdjustment[] = [];
    const sorted = [...specs].sort((a, b) => a.monthsAfter - b.monthsAfter || a.day - b.day);
    for (const s of sorted) {
      const date = dateAfter(input.inServiceDate, s.monthsAfter, s.day);
      if (input.policy.method === 'macrs' && s.kind !== 'disposal') continue;
      if (s.kind === 'impairment') adjustments.push({ type: 'impairment', date, amount: Math.floor(input.cost * s.share * 0.5) });
      if (s.kind === 'life') adjustments.push({ type: 'revision', date, lifeMonths: s.lifeMonths });
      if (s.kind === 'salvage') adjustments.push({ type: 'revision', date, salvage: Math.floor(input.cost * s.share) });
      if (s.kind === 'disposal') {
        adjustments.push({ type: 'disposal', date, proceeds: Math.floor(input.cost * s.share) });
        break;
      }
    }
    return { ...input, adjustments };
  });
