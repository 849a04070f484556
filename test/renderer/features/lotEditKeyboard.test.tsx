// @vitest-environment jsdom
/**
 * The inline Edit lot form at the keyboard and with a screen reader.
 *
 * Escape cancels an edit, as everywhere, but never throws away what the person typed without
 * asking: with unsaved changes it asks (keeping them is the default); with none it just closes.
 *
 * Its messages follow the typing (they are computed on every keystroke). A live region there
 * would interrupt the person at each keystroke that changes a message, so while they type a
 * message is only tied to its field (aria-invalid, aria-describedby: read when they reach it);
 * it is announced (role="alert") when a save attempt is refused, and again at each attempt.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { EditLot } from '../../../renderer/features/lots/LotDetail';
import { NewLotDialog } from '../../../renderer/features/lots/NewLotDialog';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { click, render, typeInto, type Rendered } from './render';

// Received, not yet in service: valid as it is, with no site to set up.
const lot = makeLot({ id: 'lot-edit', code: 'EDIT-1', quantity: 4, status: 'received', inServiceDate: null });
const fleet: Fleet = { lots: [lot], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

function labelled(container: HTMLElement, label: string): HTMLInputElement {
  const l = [...container.querySelectorAll('label')].find((x) => x.textContent === label);
  const control = l?.htmlFor ? document.getElementById(l.htmlFor) : null;
  if (!control) throw new Error(`No field "${label}"`);
  return control as HTMLInputElement;
}

async function press(target: HTMLElement, key: string, init: KeyboardEventInit = {}): Promise<void> {
  await act(async () => {
    target.focus();
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
}

const alerts = (container: HTMLElement) => [...container.querySelectorAll('[role="alert"]')];
const form = () => document.querySelector('form[aria-label="Edit lot"]');

describe('Escape in the Edit lot form', () => {
  it('closes the form at once when nothing was changed', async () => {
    const onDone = vi.fn();
    shown = await render(<EditLot lot={lot} fleet={fleet} onDone={onDone} />);
    await press(labelled(shown.container, 'Lot code'), 'Escape');
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('keeps typed changes and asks before discarding them', async () => {
    const onDone = vi.fn();
    shown = await render(<EditLot lot={lot} fleet={fleet} onDone={onDone} />);
    const code = labelled(shown.container, 'Lot code');
    await typeInto(code, 'EDIT-1-RENAMED');
    await press(code, 'Escape');
    expect(onDone).not.toHaveBeenCalled();
    expect(labelled(shown.container, 'Lot code').value).toBe('EDIT-1-RENAMED');
    const ask = document.querySelector('dialog[aria-label="Discard changes?"]');
    expect(ask?.textContent).toContain('not saved');

    // Keeping them is the safe answer, and the first one (a modal dialog opens on it: keyboard.spec.ts).
    const answers = [...(ask?.querySelectorAll('button') ?? [])].map((b) => b.textContent);
    expect(answers).toEqual(['Keep editing', 'Discard changes']);
    await click(document.body, 'Keep editing');
    expect(document.querySelector('dialog[aria-label="Discard changes?"]')).toBeNull();
    expect(onDone).not.toHaveBeenCalled();
    expect(labelled(shown.container, 'Lot code').value).toBe('EDIT-1-RENAMED');

    // Asked again at the next Escape; this time the person means it.
    await press(labelled(shown.container, 'Lot code'), 'Escape');
    await click(document.body, 'Discard changes');
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('leaves an Escape that ends an input method composition to the input method', async () => {
    const onDone = vi.fn();
    shown = await render(<EditLot lot={lot} fleet={fleet} onDone={onDone} />);
    await press(labelled(shown.container, 'Lot code'), 'Escape', { isComposing: true });
    expect(onDone).not.toHaveBeenCalled();
    expect(document.querySelector('dialog[aria-label="Discard changes?"]')).toBeNull();
  });
});

describe('messages computed while typing', () => {
  it('Edit lot: tied to the field while typing, announced when a save is refused, at each attempt', async () => {
    shown = await render(<EditLot lot={lot} fleet={fleet} onDone={() => undefined} />);
    const quantity = labelled(shown.container, 'Quantity');
    await typeInto(quantity, '0');
    const message = 'Quantity must be a whole number of at least 1.';
    expect(shown.text()).toContain(message);
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (quantity.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(describedBy).toContain(message);
    expect(alerts(shown.container)).toEqual([]);

    // A save attempt is refused: now it is said, and the keyboard goes to the field to fix.
    await click(shown.container, 'Save changes');
    expect(form()).not.toBeNull();
    const first = alerts(shown.container);
    expect(first.map((a) => a.textContent)).toEqual([message]);
    expect(document.activeElement).toBe(labelled(shown.container, 'Quantity'));

    // Typing again: still shown, no longer a live region.
    await typeInto(labelled(shown.container, 'Quantity'), '00');
    expect(shown.text()).toContain(message);
    expect(alerts(shown.container)).toEqual([]);

    // The next refused attempt says it again: a new alert, not the old one left in place.
    await click(shown.container, 'Save changes');
    const second = alerts(shown.container);
    expect(second.map((a) => a.textContent)).toEqual([message]);
    expect(second[0]).not.toBe(first[0]);
  });

  it('New lot: announced when Register lot is refused, silent while the person then types', async () => {
    shown = await render(<NewLotDialog fleet={fleet} />);
    await click(shown.container, 'Register lot');
    expect(alerts(shown.container).map((a) => a.textContent)).toContain('Choose the hardware model.');
    await typeInto(labelled(shown.container, 'Lot code'), 'N');
    await typeInto(labelled(shown.container, 'Lot code'), 'NE');
    expect(shown.text()).toContain('Choose the hardware model.');
    expect(alerts(shown.container)).toEqual([]);
    // The count of fields to fix is a live region too: it waits for the next attempt as well.
    expect(shown.container.querySelector('.dialog-foot [role]')).toBeNull();
  });
});
