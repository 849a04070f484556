import { useEffect, useRef, type RefObject } from 'react';

/**
 * After a refused save, takes the keyboard to the first field of `form` marked invalid (Field sets
 * aria-invalid), whether the form's own check refused it or the database did after an await;
 * never from under typing: the next edit cancels it. Call `refused()` when a save is attempted
 * and `edited()` on every edit (and once a save went through).
 */
export function useRefusalFocus(form: RefObject<HTMLFormElement | null>): { refused: () => void; edited: () => void } {
  const pending = useRef(false);
  useEffect(() => {
    if (!pending.current) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) {
      pending.current = false;
      invalid.focus();
    }
  });
  return {
    refused: () => {
      pending.current = true;
    },
    edited: () => {
      pending.current = false;
    },
  };
}
