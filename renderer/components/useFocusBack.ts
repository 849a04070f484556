import { useCallback, useEffect, useRef } from 'react';

/**
 * A view drawn in place of a list or page (a certificate, a sheet of labels, a provenance record)
 * unmounts the button that opened it, and "← Back" unmounts itself: either way the focus was left
 * on the page body, where a screen reader loses its place and Tab starts from the top.
 *
 * Call the function returned with a key when a view opens; once `back` is true again, the element
 * marked data-focus-back={key} takes the focus (the opener, so the person is where they left off).
 */
export function useFocusBack(back: boolean): (key: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const key = pending.current;
    if (!back || key === null) return;
    pending.current = null;
    const at = document.activeElement;
    // Only if the focus was lost: never from under something the person already went to.
    if (at !== null && at !== document.body && at.tagName !== 'MAIN') return;
    document.querySelector<HTMLElement>(`[data-focus-back="${CSS.escape(key)}"]`)?.focus();
  }, [back]);
  return useCallback((key: string) => {
    pending.current = key;
  }, []);
}
