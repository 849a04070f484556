// @vitest-environment jsdom
/**
 * The Move dialog and a unit's history count units as a person reads them: "All 1 unit.",
 * "Split 1 unit into …", "Moved with a split of 1 unit" — they said "1 units".
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import type { Fleet } from '../../../renderer/db/queries';
import { MoveDialog } from '../../../renderer/features/lots/MoveDialog';
import { describeUnitEvent } from '../../../renderer/features/units/unitView';
import { useUi } from '../../../renderer/state/ui';
import type { LotEvent } from '../../../shared/events';
import type { Lot } from '../../../shared/lot';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, settle, typeInto, type Rendered } from './render';

const fleetOf = (lot: Lot): Fleet => ({ lots: [lot], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() });

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  await db.lots.clear();
});

function quantityField(r: Rendered): HTMLInputElement {
  const l = [...r.container.querySelectorAll('label')].find((x) => x.textContent === 'Quantity');
  const input = l ? document.getElementById(l.htmlFor) : null;
  if (!(input instanceof HTMLInputElement)) throw new Error(`No Quantity field in: ${r.text()}`);
  return input;
}

describe('the Move dialog counts one unit in the singular', () => {
  it('a lot of one unit: "All 1 unit."', async () => {
    const lot = makeLot({ id: 'one-unit', code: 'ONE-1', quantity: 1, siteId: 'site-1' });
    shown = await render(<MoveDialog lotId={lot.id} initialTarget="spare" fleet={fleetOf(lot)} />);
    expect(shown.text()).toContain('All 1 unit.');
    expect(shown.text()).not.toContain('1 units');
  });

  it('splitting one unit off: "Split 1 unit into …"', async () => {
    const lot = makeLot({ id: 'two-units', code: 'TWO-1', quantity: 2, siteId: 'site-1' });
    await db.lots.put(lot);
    shown = await render(<MoveDialog lotId={lot.id} initialTarget="spare" fleet={fleetOf(lot)} />);
    await typeInto(quantityField(shown), '1');
    await act(async () => {
      document.querySelector('form')?.requestSubmit();
    });
    await settle();
    expect(useUi.getState().toasts.map((t) => t.text)).toContain('Split 1 unit into TWO-1.1, now Spare');
  });
});

describe("a unit's history", () => {
  it('says a split of one unit in the singular', () => {
    const split = { type: 'split', quantity: 1 } as LotEvent;
    expect(describeUnitEvent(split)).toBe('Moved with a split of 1 unit');
    expect(describeUnitEvent({ ...split, quantity: 3 })).toBe('Moved with a split of 3 units');
  });
});
