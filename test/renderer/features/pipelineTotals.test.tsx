// @vitest-environment jsdom
/**
 * The Pipeline's stage totals tell commitments (planned and ordered lots, not the fleet's yet),
 * owned lots and disposed lots apart (PRODUCT.md "Fleet value"): the procure stage holds the
 * first two, the decommission stage the last two, and one sum of them is no figure anyone can use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../../renderer/features/pipeline/Pipeline';
import type { Fleet } from '../../../renderer/db/queries';
import type { Lot } from '../../../shared/lot';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

function fleetOf(lots: Lot[]): Fleet {
  return { lots, models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };
}

const stageText = (r: Rendered, stage: string): string =>
  r.container.querySelector(`[aria-label="${stage} stage"] .stage-summary`)?.textContent ?? '';

describe('Pipeline stage totals', () => {
  it('say which cost is committed, which owned and which disposed of, in each currency', async () => {
    shown = await render(
      <Pipeline
        fleet={fleetOf([
          makeLot({ id: 'p', code: 'P', status: 'planned', receivedDate: null, inServiceDate: null, quantity: 2, unitCost: 1_000_00 }),
          makeLot({ id: 'o', code: 'O', status: 'ordered', receivedDate: null, inServiceDate: null, quantity: 1, unitCost: 500_25, currency: 'EUR' }),
          makeLot({ id: 'r', code: 'R', status: 'received', inServiceDate: null, quantity: 3, unitCost: 700_10 }),
          makeLot({ id: 'd', code: 'D', status: 'draining', quantity: 1, unitCost: 90_00 }),
          makeLot({ id: 'x', code: 'X', status: 'disposed', disposition: 'sold', disposedDate: '2026-05-01', proceeds: 10_00, quantity: 1, unitCost: 40_00 }),
        ])}
      />,
    );
    expect(stageText(shown, 'Procure')).toBe('3 lots · 6 units · committed EUR 500.25 + USD 2,000.00 · owned USD 2,100.30');
    expect(stageText(shown, 'Decommission')).toBe('2 lots · 2 units · owned USD 90.00 · disposed USD 40.00');
    expect(stageText(shown, 'Deploy')).toBe('Nothing here');
  });
});
