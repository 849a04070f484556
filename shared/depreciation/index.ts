/** The depreciation engine's public surface. */
export * from './types';
export * from './fiscal-calendar';
export { depreciationSchedule, validateScheduleInput, fixedDecliningRate, totalDepreciation, MAX_LIFE_MONTHS } from './schedule';
export { continueSchedule } from './continue';
export * from './periods';
export * from './split';
export * from './policies';
export { MACRS_GDS_TABLES, macrsPercentages, macrsTableKey, macrsDisposalYearShare, type MacrsTableKey } from './macrs';
export { roundToMinor } from './rounding';
