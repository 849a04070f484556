import { useEffect, type RefObject } from 'react';

/** Where a key is typing, not just pressing: a printable key there is the person's, not the scanner's. */
const TYPING = 'textarea, select, [contenteditable]:not([contenteditable="false"]), input:not([type="checkbox"], [type="radio"], [type="button"], [type="submit"], [type="reset"], [type="range"], [type="color"], [type="file"], [type="image"])';

/**
 * A keyboard-wedge scanner types wherever the focus is. After a click on a view's text, a list,
 * a button, a checkbox or a <summary>, the scanner's next code (typed fast, then Enter) was typed
 * into nothing, or its Enter pressed what had the focus: no scan, and no word on screen.
 *
 * With this hook, a printable key pressed anywhere in the scan box's dialog (or, for a scan box on
 * a page, anywhere in the page's content while no dialog is open) but a text field takes the focus
 * to the scan box, and the key is typed there: the whole code lands. Space is left alone (it
 * presses the button or ticks the box that has the focus; no serial has one), and so are keys with
 * Ctrl, Cmd or Alt (shortcuts).
 */
export function useScanKeys(scanBox: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const box = scanBox.current;
      if (!box || !box.isConnected || box.disabled || e.target === box) return;
      if (e.key.length !== 1 || e.key === ' ' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(TYPING)) return;
      const dialog = box.closest('dialog');
      if (dialog) {
        // Keys in the box's own dialog only (never from a question it asked, or another dialog).
        if (!dialog.open) return;
        if (target !== null && target !== document.body) {
          if (!dialog.contains(target)) return;
        } else if ([...document.querySelectorAll('dialog[open]')].some((d) => d !== dialog && !d.contains(dialog) && !dialog.contains(d))) return;
      } else {
        // A page's scan box: not from under a dialog, and not from the sidebar (its links are the person's).
        if (document.querySelector('dialog[open]')) return;
        const content = box.closest('main') ?? document.body;
        if (target !== null && target !== document.body && !content.contains(target)) return;
      }
      box.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [scanBox]);
}
