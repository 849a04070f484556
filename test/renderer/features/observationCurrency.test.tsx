// @vitest-environment jsdom
/**
 * A market price recorded by hand for no model yet starts in the team's base currency (Settings),
 * not in the USD of the built-in defaults that stand in while the settings are read: a EUR team
 * would record a EUR price as dollars unless they noticed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { db } from '../../../renderer/db/db';
import { ObservationDialog } from '../../../renderer/features/market/ObservationDialog';
import { render, type Rendered } from './render';

const fleet: Fleet = { lots: [], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  await db.setSetting('baseCurrency', 'USD');
});

describe('Record a market price', () => {
  it('starts in the team’s base currency', async () => {
    await db.setSetting('baseCurrency', 'EUR');
    shown = await render(<ObservationDialog modelId={null} fleet={fleet} />);
    const label = [...shown.container.querySelectorAll('label')].find((l) => l.textContent === 'Currency');
    const input = label ? document.getElementById(label.htmlFor) : null;
    expect(input).toBeInstanceOf(HTMLInputElement);
    expect((input as HTMLInputElement).value).toBe('EUR');
  });
});
