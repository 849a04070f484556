import { describe, expect, it } from 'vitest';
import { describeUsage, formatBytes } from '../../../renderer/features/settings/byteSize';

describe('formatBytes', () => {
  it('uses decimal units with one decimal', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
    expect(formatBytes(2.5e12)).toBe('2.5 TB');
  });

  it('never shows a rounded 1000.0', () => {
    expect(formatBytes(999_960)).toBe('1.0 MB');
    expect(formatBytes(999_940)).toBe('999.9 kB');
  });

  it('shows a dash for nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('describes usage against the quota', () => {
    expect(describeUsage(12_300_000, 1_200_000_000)).toBe('12.3 MB used of 1.2 GB available');
  });
});
