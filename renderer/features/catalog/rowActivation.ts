import type { KeyboardEvent } from 'react';

/**
 * Makes a focusable table row act like a button: Enter or Space runs `activate`. Keys typed in
 * a control inside the row are left alone.
 */
export function onRowKey(activate: () => void) {
  return (e: KeyboardEvent<HTMLTableRowElement>): void => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    }
  };
}
