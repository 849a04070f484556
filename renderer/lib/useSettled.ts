import { useEffect, useState } from 'react';

/** How long typing must pause before a live region says what it changed. */
export const SETTLE_MS = 700;

/**
 * `value` once it has stopped changing for `ms`: what a polite live region says after the person
 * stops typing, so that a screen reader is not handed a new count at every keystroke (each one
 * cutting off the last). A string, so an equal value is the same value.
 */
export function useSettled(value: string, ms = SETTLE_MS): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (value === settled) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}
