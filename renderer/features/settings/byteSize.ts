/** Byte counts for people, in decimal units as disks and browsers report them. */
const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** "0 bytes", "512 bytes", "12.3 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  // Moves up while the rounded figure would read 1000 or more ("1000.0 kB" is "1.0 MB").
  while (value >= 999.95 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit] ?? 'PB'}`;
}

/** "12.3 MB used of 1.2 GB available". */
export function describeUsage(usage: number, quota: number): string {
  return `${formatBytes(usage)} used of ${formatBytes(quota)} available`;
}
