/**
 * Rounds an unrounded amount of minor units to a whole number, half away from zero, as a
 * spreadsheet's ROUND does. Floating-point arithmetic lands a true half a hair below it
 * (12345.499999999998): a nudge of 2^-44 of the amount puts such values back on the half before
 * rounding. It is hundreds of times the noise of the few operations behind a cell, and under a
 * thousandth of a minor unit for any amount up to 10^10 minor units.
 */
const NUDGE = 2 ** -44;

export function roundToMinor(value: number): number {
  if (value === 0) return 0;
  const magnitude = Math.abs(value);
  const rounded = Math.floor(magnitude + magnitude * NUDGE + 0.5);
  return value < 0 ? -rounded : rounded;
}
