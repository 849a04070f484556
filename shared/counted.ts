/**
 * "1 unit", "6 units", "? units" (a count an event does not give): a count and its noun, singular
 * for one, in plain digits as messages and scripts read them (the app's screens group digits:
 * renderer/lib/counted.ts).
 */
export function counted(n: number | null, noun: string): string {
  return `${n ?? '?'} ${noun}${n === 1 ? '' : 's'}`;
}
