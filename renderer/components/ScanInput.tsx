/** The scan box of a keyboard-wedge scanner, and the paste panel beside it: shared by every scanning view. */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

/**
 * Uncontrolled on purpose: a scanner types a code in a few milliseconds, so keystrokes render
 * nothing; only Enter (the end of a scan) does. Enter is stopped here, so a scan can never submit
 * a form or press another button. It takes the focus when it appears.
 */
export function ScanInput({ label, placeholder, onScan, inputRef }: { label: string; placeholder: string; onScan: (raw: string) => void; inputRef?: RefObject<HTMLInputElement | null> }) {
  const own = useRef<HTMLInputElement>(null);
  const ref = inputRef ?? own;
  useEffect(() => ref.current?.focus(), [ref]);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    const raw = e.currentTarget.value;
    e.currentTarget.value = '';
    onScan(raw);
  };
  return <input ref={ref} className="input mono scan-input" aria-label={label} placeholder={placeholder} autoComplete="off" spellCheck={false} defaultValue="" onKeyDown={onKeyDown} />;
}

/** "Paste a column": a spreadsheet selection or a list from an email, handed over as text in one go. */
export function PastePanel({ summary, label, placeholder, button, onPaste }: { summary: string; label: string; placeholder: string; button: string; onPaste: (text: string) => void }) {
  const [text, setText] = useState('');
  return (
    <details>
      <summary>{summary}</summary>
      <div className="field" style={{ marginTop: 'var(--sp-2)' }}>
        <textarea className="textarea mono" aria-label={label} rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} />
        <div>
          <button
            type="button"
            className="btn btn-sm"
            disabled={text.trim() === ''}
            onClick={() => {
              onPaste(text);
              setText('');
            }}
          >
            {button}
          </button>
        </div>
      </div>
    </details>
  );
}
