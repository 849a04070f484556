/**
 * US MACRS, General Depreciation System, 200 % declining balance property of 3, 5 and 7 years:
 * the percentages of basis published in IRS Publication 946, Appendix A — Table A-1
 * (half-year convention) and Tables A-2..A-5 (mid-quarter convention, placed in service in
 * quarter 1..4). They are the published figures, not recomputed: recomputing gives rounding
 * differences (8.92 vs 8.93). Stored in hundredths of a percent so arithmetic stays integer.
 */
import type { MacrsConvention, MacrsRecoveryYears } from './types';

/** Which table: the convention and, for mid-quarter, the quarter placed in service. */
export type MacrsTableKey = 'half-year' | 'mid-quarter-q1' | 'mid-quarter-q2' | 'mid-quarter-q3' | 'mid-quarter-q4';

/** Hundredths of a percent of basis, tax year by tax year (recovery years + 1 entries). */
export const MACRS_GDS_TABLES: Readonly<Record<MacrsRecoveryYears, Readonly<Record<MacrsTableKey, readonly number[]>>>> = {
  3: {
    'half-year': [3333, 4445, 1481, 741],
    'mid-quarter-q1': [5833, 2778, 1235, 154],
    'mid-quarter-q2': [4167, 3889, 1414, 530],
    'mid-quarter-q3': [2500, 5000, 1667, 833],
    'mid-quarter-q4': [833, 6111, 2037, 1019],
  },
  5: {
    'half-year': [2000, 3200, 1920, 1152, 1152, 576],
    'mid-quarter-q1': [3500, 2600, 1560, 1101, 1101, 138],
    'mid-quarter-q2': [2500, 3000, 1800, 1137, 1137, 426],
    'mid-quarter-q3': [1500, 3400, 2040, 1224, 1130, 706],
    'mid-quarter-q4': [500, 3800, 2280, 1368, 1094, 958],
  },
  7: {
    'half-year': [1429, 2449, 1749, 1249, 893, 892, 893, 446],
    'mid-quarter-q1': [2500, 2143, 1531, 1093, 875, 874, 875, 109],
    'mid-quarter-q2': [1785, 2347, 1676, 1197, 887, 887, 887, 334],
    'mid-quarter-q3': [1071, 2551, 1822, 1302, 930, 885, 886, 553],
    'mid-quarter-q4': [357, 2755, 1968, 1406, 1004, 873, 873, 764],
  },
};

export function macrsTableKey(convention: MacrsConvention, fiscalQuarter: number): MacrsTableKey {
  if (convention === 'half-year') return 'half-year';
  switch (fiscalQuarter) {
    case 1:
      return 'mid-quarter-q1';
    case 2:
      return 'mid-quarter-q2';
    case 3:
      return 'mid-quarter-q3';
    default:
      return 'mid-quarter-q4';
  }
}

/** The percentages (hundredths of a percent) for a recovery period, convention and in-service quarter. */
export function macrsPercentages(
  recoveryYears: MacrsRecoveryYears,
  convention: MacrsConvention,
  fiscalQuarter: number,
): readonly number[] {
  return MACRS_GDS_TABLES[recoveryYears][macrsTableKey(convention, fiscalQuarter)];
}

/**
 * Share of the full-year amount allowed in a tax year of disposal (Pub 946, "Property disposed of
 * before the end of the recovery period"): half for the half-year convention; for mid-quarter
 * 12.5 / 37.5 / 62.5 / 87.5 % by the quarter of disposal. Nothing in the first tax year.
 */
export function macrsDisposalYearShare(convention: MacrsConvention, disposalFiscalQuarter: number): number {
  if (convention === 'half-year') return 0.5;
  return (disposalFiscalQuarter * 3 - 1.5) / 12;
}
