// @vitest-environment jsdom
/**
 * Scan-to-move in the Move dialog, at the keyboard and with a wedge scanner: taking a named unit
 * back out leaves the focus in the scan box (the scanner types wherever the focus is), and what
 * each scan did is said in a live region that is there before the first scan (a region that
 * appears with its text already in it is not read out).
 */
import { act, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Unit } from '../../../shared/units';
import { MoveUnitsPicker } from '../../../renderer/features/units/MoveUnitsPicker';
import { render, scanInto, type Rendered } from './render';

const units = ['U001', 'U002', 'U003'].map((serial) => ({ serial, assetTag: '' }) as Unit);

function Picker() {
  const [named, setNamed] = useState<string[]>([]);
  return <MoveUnitsPicker lotCode="MOVE-1" units={units} named={named} quantity={2} onChange={setNamed} />;
}

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});


function scanBox(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[aria-label="Scan a unit that moves"]');
  if (!input) throw new Error('No scan box');
  return input;
}

describe('naming the units that move', () => {
  it('keeps the focus in the scan box when a named unit is taken back out', async () => {
    shown = await render(<Picker />);
    const input = scanBox(shown.container);
    await scanInto(input, 'U001');
    await scanInto(input, 'U002');
    const remove = shown.container.querySelector<HTMLButtonElement>('button[aria-label="Remove U002"]');
    if (!remove) throw new Error(`No Remove in: ${shown.text()}`);
    await act(async () => {
      remove.focus();
      remove.click();
    });
    expect(shown.text()).not.toContain('U002×');
    expect(document.activeElement).toBe(input);
  });

  it('says what a scan did in a live region present before the first scan', async () => {
    shown = await render(<Picker />);
    const region = shown.container.querySelector('[data-testid="move-unit-feedback"]');
    expect(region?.getAttribute('role')).toBe('status');
    await scanInto(scanBox(shown.container), 'U009');
    expect(shown.container.querySelector('[data-testid="move-unit-feedback"]')).toBe(region);
    expect(region?.textContent).toBe('U009 is not a unit of MOVE-1.');
  });

  it('says which pasted codes were not named, not only how the last one went', async () => {
    shown = await render(<Picker />);
    const input = scanBox(shown.container);
    await act(async () => {
      const paste = new Event('paste', { bubbles: true, cancelable: true });
      Object.defineProperty(paste, 'clipboardData', { value: { getData: () => 'U001\nNOPE99\nu001\nU003\n' } });
      input.dispatchEvent(paste);
    });
    expect(shown.text()).toContain('Units that move: 2 named');
    const region = shown.container.querySelector('[data-testid="move-unit-feedback"]');
    expect(region?.textContent).toBe('2 of 4 pasted codes named. Not named: NOPE99 is not a unit of MOVE-1. U001 is already named.');
    expect(region?.className).toBe('field-error');
  });
});
