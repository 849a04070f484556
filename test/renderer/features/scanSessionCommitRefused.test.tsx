// @vitest-environment jsdom
/**
 * A commit the database refuses (a serial received meanwhile by another window or device) leaves
 * the session open with the reason. The focus must go back to the scan box: left on Commit, the
 * next scan's code is typed into the button and lost, and its Enter presses Commit again.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Units from '../../../renderer/db/units';
import type { Fleet } from '../../../renderer/db/queries';
import { err } from '../../../shared/result';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, scanInto, settle, type Rendered } from './render';

vi.mock('../../../renderer/db/units', async (importOriginal) => {
  const actual = await importOriginal<typeof Units>();
  return {
    ...actual,
    unitHolders: () => Promise.resolve({ bySerial: new Map(), byAssetTag: new Map(), counts: new Map() }),
    importUnits: () => Promise.resolve(err('C002 is already in the fleet, in lot OTHER-1.')),
  };
});

const { ScanSessionDialog } = await import('../../../renderer/features/units/ScanSessionDialog');

const lot = makeLot({ id: 'lot-commit-refused', code: 'SCAN-REFUSED', quantity: 5 });
const fleet: Fleet = { lots: [lot], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

describe('a refused commit', () => {
  it('gives the focus back to the scan box', async () => {
    shown = await render(<ScanSessionDialog lots={[lot]} fleet={fleet} onClose={() => undefined} />);
    const input = shown.container.querySelector<HTMLInputElement>('input[aria-label="Scan serial"]');
    if (!input) throw new Error(`No scan box in: ${shown.text()}`);
    await scanInto(input, 'C001');
    await scanInto(input, 'C002');
    const commit = [...shown.container.querySelectorAll('button')].find((b) => (b.textContent ?? '').startsWith('Commit'));
    if (!commit) throw new Error('No Commit');
    await act(async () => {
      commit.focus();
      commit.click();
    });
    await settle();
    expect(shown.text()).toContain('Nothing was received: C002 is already in the fleet, in lot OTHER-1.');
    expect(document.activeElement).toBe(input);
  });
});
