/** "1 lot", "2 lots", "1,024 units": a count with its noun, singular for one. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
