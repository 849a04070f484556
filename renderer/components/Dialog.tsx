import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useRefusalFocus } from './useRefusalFocus';

/**
 * How long after a dialog closes the button that opened it may still go or be disabled: the page
 * re-renders from the database's answer to what the dialog wrote (a Pipeline lot that moved to
 * another column, Receive / scan… once a commit filled the lot).
 */
const OPENER_WATCH_MS = 2000;

/**
 * Gives the focus back to the dialog's opener, or to the page's content (<main>) when the opener
 * is gone or disabled, then or a moment later: never to the document body, where a screen reader
 * loses its place and the next Tab starts from the top of the window.
 */
function returnFocus(opener: Element | null): void {
  if (!(opener instanceof HTMLElement)) return;
  const lost = () => !opener.isConnected || opener.matches(':disabled');
  const toContent = () => document.querySelector<HTMLElement>('main')?.focus();
  if (lost()) {
    // Unless the focus is already somewhere live: a dialog closed with the one over it (Discard
    // in the question over a form) gives it to the form's opener first.
    const active = document.activeElement;
    if (active === null || active === document.body || active === opener) toContent();
    return;
  }
  opener.focus();
  if (document.activeElement !== opener) return;
  const stop = () => {
    watch.disconnect();
    clearTimeout(timer);
    document.removeEventListener('focusin', stop);
  };
  const watch = new MutationObserver(() => {
    if (!lost()) return;
    stop();
    const active = document.activeElement;
    if (active === null || active === document.body || active === opener) toContent();
  });
  watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  // The person moved on (or another dialog opened): where the focus goes is theirs again.
  document.addEventListener('focusin', stop);
  const timer = setTimeout(stop, OPENER_WATCH_MS);
}

/** What the keyboard may start on in a dialog: a control, never a container. */
const CONTROLS = 'input:not([type="hidden"]), select, textarea, button, summary, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * The browser opens a modal on its first focusable area, and the scrolling region of a form
 * taller than the window (the dialog's body) comes before the fields in it: the keyboard would
 * start on the body, where a typed or scanned code goes nowhere. Takes it to the first control.
 */
function focusFirstControl(dialog: HTMLDialogElement): void {
  const active = document.activeElement;
  if (active instanceof HTMLElement && dialog.contains(active) && active !== dialog && active.matches(CONTROLS)) return;
  const first = [...dialog.querySelectorAll<HTMLElement>(CONTROLS)].find((c) => !c.matches(':disabled') && c.getClientRects().length > 0);
  first?.focus();
}

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
  /**
   * What the form holds that is not saved, e.g. "the new lot", given only while it differs from
   * how it opened (useChanged): Escape, and the footer's CancelButton, then ask "Discard the new
   * lot?" instead of closing. An unchanged form closes at once.
   */
  unsaved?: Unsaved | undefined;
}

/**
 * The work a form would throw away: "the new lot" (asked as "Discard the new lot?"), or the whole
 * question where a form words it its own way.
 */
export type Unsaved = string | { question: string; text: string; discard?: string };

/** The question before typed input is thrown away: Keep editing first, so Escape or Enter keeps it. */
function DiscardQuestion({ work, onKeep, onDiscard }: { work: Unsaved; onKeep: () => void; onDiscard: () => void }) {
  const asked = typeof work === 'string' ? { question: `Discard ${work}?`, text: 'What you entered is not saved.', discard: 'Discard' } : work;
  return (
    <Dialog title={asked.question} onClose={onKeep}
      footer={
        <>
          {/* First, so the question opens on it: a second Escape, or Enter, keeps the work. */}
          <button type="button" className="btn" onClick={onKeep}>Keep editing</button>
          <button type="button" className="btn btn-danger" onClick={onDiscard}>{asked.discard ?? 'Discard'}</button>
        </>
      }>
      <p style={{ margin: 0 }}>{asked.text}</p>
    </Dialog>
  );
}

/**
 * Leaving a form (Escape, Cancel): `leave(unsaved, close)` closes at once when nothing is at
 * stake, and otherwise asks first; `question` is to be drawn beside the form (not inside it, so
 * the question's own Escape is never taken for the form's).
 */
export function useLeave(): { leave: (unsaved: Unsaved | undefined, close: () => void) => void; question: ReactNode } {
  const [asking, setAsking] = useState<{ work: Unsaved; close: () => void } | null>(null);
  const leave = (unsaved: Unsaved | undefined, close: () => void) => {
    if (unsaved) setAsking({ work: unsaved, close });
    else close();
  };
  const question = asking && (
    <DiscardQuestion work={asking.work} onKeep={() => setAsking(null)} onDiscard={() => { setAsking(null); asking.close(); }} />
  );
  return { leave, question };
}

/** What a CancelButton in a Dialog's footer does: leaves as Escape does, or as it is told. */
const DialogLeave = createContext<(close?: () => void, unsaved?: Unsaved) => void>(() => undefined);

/**
 * A form dialog's Cancel: closes an unchanged form, asks before throwing typed input away, as
 * Escape does. `discard`: where Cancel does more than Escape (the Move dialog's also drops the
 * units scanned), what it closes with and what is then at stake.
 */
export function CancelButton({ discard, children = 'Cancel' }: { discard?: { close: () => void; unsaved: Unsaved | undefined }; children?: ReactNode }) {
  const leave = useContext(DialogLeave);
  return (
    <button type="button" className="btn" onClick={() => (discard ? leave(discard.close, discard.unsaved) : leave())}>
      {children}
    </button>
  );
}

/** Whether `value` (a form's plain-data state) differs from what it was when the form opened. */
export function useChanged(value: unknown): boolean {
  const [opened] = useState(() => JSON.stringify(value));
  return JSON.stringify(value) !== opened;
}

/**
 * A modal on the native <dialog>: it traps focus, closes on Escape and restores focus to
 * whatever opened it (returnFocus), with no extra library. A refused form takes the focus to its first field
 * marked invalid (Field sets aria-invalid), whether the form's own check refused it or the
 * database did after an await.
 */
export function Dialog({ title, onClose, onSubmit, children, footer, wide, label, unsaved }: DialogProps) {
  // Escape or Cancel on a form with unsaved input: the question (it names the work at stake).
  const { leave, question } = useLeave();
  const leaveDialog = (close: () => void = onClose, work: Unsaved | undefined = unsaved) => leave(work, close);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // A refused submit takes the focus to the first field to fix; an edit cancels that.
  const refusal = useRefusalFocus(form);
  useEffect(() => {
    opener.current = document.activeElement;
    const el = ref.current;
    if (el && !el.open) {
      el.showModal();
      focusFirstControl(el);
    }
    return () => returnFocus(opener.current);
  }, []);
  const body = (
    <>
      <div className="dialog-head">
        <h2>{title}</h2>
      </div>
      <DialogLeave.Provider value={leaveDialog}>
        <div className="dialog-body">{children}</div>
        {footer && <div className="dialog-foot">{footer}</div>}
      </DialogLeave.Provider>
    </>
  );
  return (
    <>
      <dialog
        ref={ref}
        className={`dialog${wide ? ' wide' : ''}`}
        aria-label={label ?? title}
        onCancel={(e) => {
          e.preventDefault();
          leaveDialog();
        }}
      >
        {onSubmit ? (
          <form
            ref={form}
            className="dialog-form"
            noValidate
            onInput={refusal.edited}
            onChange={refusal.edited}
            onSubmit={(e) => {
              e.preventDefault();
              refusal.refused();
              onSubmit(e);
            }}
          >
            {body}
          </form>
        ) : (
          <div className="dialog-form">{body}</div>
        )}
      </dialog>
      {/* A sibling, not a child: its own Escape (keep editing) is never taken for the form's. */}
      {question}
    </>
  );
}
