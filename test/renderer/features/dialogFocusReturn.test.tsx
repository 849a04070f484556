// @vitest-environment jsdom
/**
 * Closing a dialog gives the focus back to what opened it. When that is gone (the Pipeline's
 * Move… button of a lot that moved to another column, the Resume notice of a scan session) or
 * disabled (Receive / scan… once the commit filled the lot), the focus must still land in the
 * page's content, not on the document body where a screen reader loses its place.
 */
import { act, useEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from '../../../renderer/components/Dialog';
import { click, render, settle, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

type After = 'kept' | 'removed' | 'disabled';

/**
 * A page whose opener is removed or disabled when the dialog closes, or (`later`) a moment after,
 * as when the database's answer to the dialog's write re-renders the page.
 */
function Page({ after, later }: { after: After; later: boolean }) {
  const [open, setOpen] = useState(false);
  const [closed, setClosed] = useState(false);
  const [done, setDone] = useState(false);
  const close = () => {
    setOpen(false);
    if (later) setClosed(true);
    else setDone(true);
  };
  useEffect(() => {
    if (!closed) return;
    const t = setTimeout(() => setDone(true), 5);
    return () => clearTimeout(t);
  }, [closed]);
  return (
    <main id="main" tabIndex={-1}>
      <h1>Lot</h1>
      {!(done && after === 'removed') && (
        <button type="button" disabled={done && after === 'disabled'} onClick={() => setOpen(true)}>
          Open
        </button>
      )}
      {open && (
        <Dialog title="Something" onClose={close} footer={<button type="button" onClick={close}>Done</button>}>
          <p>Body</p>
        </Dialog>
      )}
    </main>
  );
}

async function openAndClose(after: After, later = false): Promise<void> {
  shown = await render(<Page after={after} later={later} />);
  const opener = [...shown.container.querySelectorAll('button')].find((b) => b.textContent === 'Open');
  await act(async () => opener?.focus());
  await click(shown.container, 'Open');
  await click(shown.container, 'Done');
  await settle();
}

describe('focus after a dialog closes', () => {
  it('goes back to the button that opened it', async () => {
    await openAndClose('kept');
    expect(document.activeElement?.textContent).toBe('Open');
  });

  it('goes to the page content when that button is gone', async () => {
    await openAndClose('removed');
    expect(document.activeElement).toBe(document.getElementById('main'));
  });

  it('goes to the page content when that button is now disabled', async () => {
    await openAndClose('disabled');
    expect(document.activeElement).toBe(document.getElementById('main'));
  });

  it('goes to the page content when that button goes a moment after the dialog closed', async () => {
    await openAndClose('removed', true);
    expect(document.activeElement).toBe(document.getElementById('main'));
  });

  it('goes to the page content when that button is disabled a moment after the dialog closed', async () => {
    await openAndClose('disabled', true);
    expect(document.activeElement).toBe(document.getElementById('main'));
  });
});
