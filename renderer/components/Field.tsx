import { createContext, useCallback, useContext, useId, useState, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';

/**
 * Whether the field messages inside are announced as they appear (role="alert"), and which save
 * attempt they answer.
 *
 * A form that sets its messages on save and clears them on change needs nothing: the default
 * announces them. A form that computes its messages as the person types provides
 * `announce: false` while they type, so that a message tied to its field (aria-invalid,
 * aria-describedby, read when the person reaches the field) does not interrupt them at each
 * keystroke that changes it; and `announce: true` with a new `attempt` when a save is refused,
 * which makes every message a new alert, said again even if its text did not change.
 */
export interface ErrorAnnouncement {
  announce: boolean;
  attempt: number;
}

export const FieldErrorAnnouncement = createContext<ErrorAnnouncement>({ announce: true, attempt: 0 });

/** What a form whose messages follow the typing provides, and the two moments that change it. */
export function useErrorAnnouncement(): { announcement: ErrorAnnouncement; attempted: () => void; typed: () => void } {
  const [announcement, setAnnouncement] = useState<ErrorAnnouncement>({ announce: false, attempt: 0 });
  const attempted = useCallback(() => setAnnouncement((a) => ({ announce: true, attempt: a.attempt + 1 })), []);
  const typed = useCallback(() => setAnnouncement((a) => (a.announce ? { ...a, announce: false } : a)), []);
  return { announcement, attempted, typed };
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  /** One input/select/textarea; it gets the id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled control with its inline validation message. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && <FieldError id={errorId}>{error}</FieldError>}
      {hint && !error && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
    </div>
  );
}

/** A field's message, announced or not as the form around it says (FieldErrorAnnouncement). */
export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  const { announce, attempt } = useContext(FieldErrorAnnouncement);
  return (
    <div key={attempt} className="field-error" id={id} role={announce ? 'alert' : undefined}>
      {children}
    </div>
  );
}
