import type { ReactNode } from 'react';
import { useSettled } from '../lib/useSettled';

/**
 * A polite live region that says `text` once it has stopped changing (useSettled): what a
 * screen reader is told of a message that follows the typing. Always in the page, so that the
 * text it takes is announced; empty says nothing.
 */
export function SettledStatus({ text }: { text: string }) {
  const said = useSettled(text);
  return (
    <p className="visually-hidden" role="status">
      {said}
    </p>
  );
}

/**
 * What is wrong with the values typed into a toolbar's fields (a scenario, a report's range),
 * computed at each keystroke. Shown at once, where each field points to it (aria-invalid,
 * aria-describedby: read again when the person gets back to the field), and said once the typing
 * settles: as role="alert" it was read out over everything at every keystroke that changed it
 * ("0,1" uses a comma… "0,14" uses a comma…), each cutting off the last.
 *
 * `said`: the messages as one sentence, empty when there is none; `children`: how they are shown,
 * when the fields' ids are on parts of it.
 */
export function TypingProblems({ said, id, children }: { said: string; id?: string; children?: ReactNode }) {
  return (
    <>
      {said !== '' && (
        <div className="alert alert-error" id={id} data-testid="typing-problems">
          {children ?? said}
        </div>
      )}
      <SettledStatus text={said} />
    </>
  );
}
