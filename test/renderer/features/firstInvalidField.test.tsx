// @vitest-environment jsdom
/**
 * A refused form takes the keyboard to the first field that needs fixing: a person at the
 * keyboard, or listening to a screen reader, is otherwise left on the submit button of a long
 * dialog with the message somewhere above, out of view. Whether the form's own check refused it
 * (New lot) or the database's did, after an await (Record a market price).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { NewLotDialog } from '../../../renderer/features/lots/NewLotDialog';
import { ObservationDialog } from '../../../renderer/features/market/ObservationDialog';
import { click, render, settle, typeInto, type Rendered } from './render';

const fleet: Fleet = { lots: [], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

function labelled(container: HTMLElement, label: string): HTMLElement {
  const l = [...container.querySelectorAll('label')].find((x) => x.textContent === label);
  const control = l?.htmlFor ? document.getElementById(l.htmlFor) : null;
  if (!control) throw new Error(`No field "${label}"`);
  return control;
}

describe('the first invalid field gets the focus', () => {
  it('New lot, refused by its own check', async () => {
    shown = await render(<NewLotDialog fleet={fleet} />);
    await typeInto(labelled(shown.container, 'Lot code'), 'GPU-NEW');
    await click(shown.container, 'Register lot');
    const model = labelled(shown.container, 'Hardware model');
    expect(model.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(model);
  });

  it('Record a market price, refused by the database after an await', async () => {
    shown = await render(<ObservationDialog modelId={null} fleet={fleet} />);
    await typeInto(labelled(shown.container, 'Unit price'), '18500.00');
    await click(shown.container, 'Record price');
    await settle();
    const model = labelled(shown.container, 'Hardware model');
    expect(model.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(model);
  });
});
