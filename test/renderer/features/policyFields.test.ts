import { describe, expect, it } from 'vitest';
import { describeTemplate, parseUsage, policyWithMethod } from '../../../renderer/features/lots/PolicyFields';

describe('units-of-production usage entry', () => {
  it('reads month + units lines, sorted, blank lines ignored', () => {
    expect(parseUsage('2026-02 300\n\n2026-01, 1200\n')).toEqual({ usage: [{ month: '2026-01', units: 1200 }, { month: '2026-02', units: 300 }] });
  });
  it('names the line that is wrong, and a month given twice', () => {
    expect(parseUsage('2026-01 10\nJan 2026 5')).toEqual({ error: 'Line 2: write a month and the units used, e.g. 2026-01 1200.' });
    expect(parseUsage('2026-13 10')).toMatchObject({ error: expect.stringMatching(/^Line 1/u) });
    expect(parseUsage('2026-01 10\n2026-01 5')).toEqual({ error: 'Line 2: 2026-01 appears twice.' });
  });
  it('refuses a month outside 1900–2199 (0226-01 for 2026-01), whose units the schedule would drop unsaid', () => {
    expect(parseUsage('2026-01 10\n0226-02 5')).toEqual({ error: 'Line 2: 0226-02 is not a month from 1900 to 2199.' });
    expect(parseUsage('9999-01 5')).toEqual({ error: 'Line 1: 9999-01 is not a month from 1900 to 2199.' });
  });
});

describe('policy templates in words', () => {
  it('describes each method the way the settings table shows it', () => {
    expect(describeTemplate({ policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' }, salvage: { kind: 'percent-of-cost', basisPoints: 1000 } }))
      .toBe('5 y straight-line, full month, 10 % salvage');
    expect(describeTemplate({ policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' }, salvage: { kind: 'zero' } })).toBe('MACRS 5-year, half-year');
    expect(describeTemplate({ policy: { method: 'declining-balance', lifeMonths: 30, convention: 'mid-month', factor: 1.5, switchToStraightLine: false }, salvage: { kind: 'lot' } }))
      .toBe('2.5 y declining balance ×1.5, mid-month, lot salvage');
  });
  it('switching method keeps the life and convention where they carry over', () => {
    expect(policyWithMethod({ method: 'straight-line', lifeMonths: 48, convention: 'mid-month' }, 'sum-of-years-digits')).toEqual({ method: 'sum-of-years-digits', lifeMonths: 48, convention: 'mid-month' });
    expect(policyWithMethod({ method: 'straight-line', lifeMonths: 48, convention: 'mid-quarter' }, 'macrs')).toEqual({ method: 'macrs', recoveryYears: 5, convention: 'mid-quarter' });
  });
});
