import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  /** When given, the body is a form and Enter submits it. */
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** Accessible name for tests and screen readers when the title is not enough. */
  label?: string;
}

/**
 * A modal on the native <dialog>: it traps focus, closes on Escape and restores focus to
 * whatever opened it, with no extra library. A refused form takes the focus to its first field
 * marked invalid (Field sets aria-invalid), whether the form's own check refused it or the
 * database did after an await.
 */
export function Dialog({ title, onClose, onSubmit, children, footer, wide, label }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // Set by a submit, cleared by the first field marked invalid after it or by the next edit: a
  // message that appears while the person types must not take the focus from under them.
  const refusalPending = useRef(false);
  useEffect(() => {
    if (!refusalPending.current) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) {
      refusalPending.current = false;
      invalid.focus();
    }
  });
  useEffect(() => {
    opener.current = document.activeElement;
    const el = ref.current;
    if (el && !el.open) el.showModal();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);
  const body = (
    <>
      <div className="dialog-head">
        <h2>{title}</h2>
      </div>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-foot">{footer}</div>}
    </>
  );
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' wide' : ''}`}
      aria-label={label ?? title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {onSubmit ? (
        <form
          ref={form}
          className="dialog-form"
          noValidate
          onInput={() => {
            refusalPending.current = false;
          }}
          onChange={() => {
            refusalPending.current = false;
          }}
          onSubmit={(e) => {
            e.preventDefault();
            refusalPending.current = true;
            onSubmit(e);
          }}
        >
          {body}
        </form>
      ) : (
        <div className="dialog-form">{body}</div>
      )}
    </dialog>
  );
}
