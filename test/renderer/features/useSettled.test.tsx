// @vitest-environment jsdom
/**
 * A live region fed by useSettled says the last value once the typing pauses, not each value
 * typed through on the way (a screen reader cut off at every keystroke of a lot search).
 * Fake timers: the test steps the clock, it does not measure it.
 */
import { act, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS, useSettled } from '../../../renderer/lib/useSettled';
import { render, typeInto, type Rendered } from './render';

function Search() {
  const [text, setText] = useState('');
  const said = useSettled(text === '' ? '46 lots' : `${text.length} of 46 lots`);
  return (
    <>
      <input aria-label="Search" value={text} onChange={(e) => setText(e.target.value)} />
      <p role="status">{said}</p>
    </>
  );
}

let shown: Rendered | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await shown?.unmount();
  shown = null;
});

describe('useSettled', () => {
  it('says only the value the typing settled on', async () => {
    shown = await render(<Search />);
    const input = shown.container.querySelector('input');
    const region = shown.container.querySelector('[role="status"]');
    if (!input || !region) throw new Error('not rendered');
    expect(region.textContent).toBe('46 lots');
    vi.useFakeTimers();
    const said: string[] = [];
    const watch = new MutationObserver(() => said.push(region.textContent ?? ''));
    watch.observe(region, { subtree: true, childList: true, characterData: true });
    for (const typed of ['H', 'H1', 'H10', 'H100']) {
      await typeInto(input, typed);
      await act(async () => {
        vi.advanceTimersByTime(SETTLE_MS / 2);
      });
    }
    expect(region.textContent).toBe('46 lots');
    await act(async () => {
      vi.advanceTimersByTime(SETTLE_MS);
    });
    await act(async () => undefined);
    watch.disconnect();
    expect(region.textContent).toBe('4 of 46 lots');
    expect(new Set(said)).toEqual(new Set(['4 of 46 lots']));
  });
});
