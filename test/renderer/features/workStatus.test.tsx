// @vitest-environment jsdom
/**
 * Long ledger work (reading a backup, restoring, verifying) says what it is doing and how far it
 * has got, where it was started, and only when it takes long enough to be noticed.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WORK_SHOWN_AFTER_MS, WorkStatus } from '../../../renderer/components/WorkStatus';
import type { WorkReport } from '../../../shared/work';
import { useWork, withWork } from '../../../renderer/state/work';
import { render, settle, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  useWork.setState({ shown: {} });
});

function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

async function wait(ms: number): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

function Places() {
  return (
    <>
      <section data-place="backups">
        <WorkStatus place="backups" />
      </section>
      <section data-place="ledger-check">
        <WorkStatus place="ledger-check" />
      </section>
    </>
  );
}

const at = (place: string): Element => shown!.container.querySelector(`[data-place="${place}"]`)!;

describe('long work shown as it goes', () => {
  it('shows the step and the count where the work was started, after a moment, and nothing once it ends', async () => {
    shown = await render(<Places />);
    const held = gate();
    let report: WorkReport | null = null;
    let work: Promise<void> = Promise.resolve();
    await act(async () => {
      work = withWork('backups', async (r) => {
        report = r;
        await r.step('Checking the backup');
        await held.opened;
      });
    });
    // Not at once: quick work on a small ledger shows nothing.
    expect(shown.text()).toBe('');
    await wait(WORK_SHOWN_AFTER_MS + 50);
    expect(at('backups').querySelector('[role="status"]')?.textContent).toBe('Checking the backup…');
    expect(at('backups').querySelector('progress')?.hasAttribute('value')).toBe(false);
    expect(at('ledger-check').textContent).toBe('');

    // The page's clock, held: the count is shown at most every 100 ms, the last one always.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(1_000_000);
    await act(async () => {
      await report!.progress(3, 12);
    });
    const bar = at('backups').querySelector('progress')!;
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['3', '12']);
    expect(bar.getAttribute('aria-label')).toBe('Checking the backup');
    expect(at('backups').textContent).toContain('25%');
    clock.mockReturnValue(1_000_050);
    await act(async () => {
      await report!.progress(4, 12);
    });
    expect(bar.getAttribute('value')).toBe('3');
    await act(async () => {
      await report!.progress(12, 12);
    });
    expect(bar.getAttribute('value')).toBe('12');
    clock.mockReturnValue(1_000_200);
    await act(async () => {
      await report!.progress(5, 12);
    });
    expect(bar.getAttribute('value')).toBe('5');
    clock.mockRestore();

    held.open();
    await act(async () => {
      await work;
    });
    await settle();
    expect(shown.text()).toBe('');
  });

  it('goes away when the work fails, and work at another place meanwhile shows there and ends there', async () => {
    shown = await render(<Places />);
    const held = gate();
    const other = gate();
    let work: Promise<unknown> = Promise.resolve();
    let backUp: Promise<unknown> = Promise.resolve();
    await act(async () => {
      work = withWork('ledger-check', async (r) => {
        await r.step('Reading the ledger’s log');
        await held.opened;
        throw new Error('the disk is full');
      }).catch((e: unknown) => e);
      backUp = withWork('backups', async (r) => {
        await r.step('Backing up the ledger');
        await other.opened;
      });
    });
    await wait(WORK_SHOWN_AFTER_MS + 50);
    expect(at('ledger-check').querySelector('[role="status"]')?.textContent).toBe('Reading the ledger’s log…');
    expect(at('backups').querySelector('[role="status"]')?.textContent).toBe('Backing up the ledger…');
    held.open();
    await act(async () => {
      expect(await work).toEqual(new Error('the disk is full'));
    });
    await settle();
    expect(at('ledger-check').textContent).toBe('');
    expect(at('backups').querySelector('[role="status"]')?.textContent).toBe('Backing up the ledger…');
    other.open();
    await act(async () => {
      await backUp;
    });
    await settle();
    expect(shown.text()).toBe('');
    expect(useWork.getState().shown).toEqual({});
  });
});
