// @vitest-environment jsdom
/**
 * While a scan session reads the fleet's serials (a moment at fleet scale), the scan box is not
 * there yet. A modal dialog opens with the focus on its first focusable element: that was the
 * footer's Cancel, so a technician who scanned straight away had the scanner's Enter press
 * Cancel and close the session. The first focusable element while loading must be one that
 * Enter does nothing to.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Units from '../../../renderer/db/units';
import type { Fleet } from '../../../renderer/db/queries';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, type Rendered } from './render';

vi.mock('../../../renderer/db/units', async (importOriginal) => {
  const actual = await importOriginal<typeof Units>();
  // The fleet's serials are still being read.
  return { ...actual, unitHolders: () => new Promise<never>(() => undefined) };
});

const { ScanSessionDialog } = await import('../../../renderer/features/units/ScanSessionDialog');

const lot = makeLot({ id: 'lot-loading', code: 'SCAN-LOAD', quantity: 5 });
const fleet: Fleet = { lots: [lot], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

/** What the dialog focusing steps pick without an autofocus: the first focusable element, tabindex -1 included. */
const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], summary, [tabindex]';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

describe('a scan session still reading the fleet', () => {
  it('does not open with the focus on a button a scanner’s Enter would press', async () => {
    shown = await render(<ScanSessionDialog lots={[lot]} fleet={fleet} onClose={() => undefined} />);
    expect(shown.text()).toContain('Reading the fleet’s serials');
    const first = shown.container.querySelector('dialog')?.querySelector(FOCUSABLE);
    expect(first?.tagName).not.toBe('BUTTON');
    expect(first?.textContent).toContain('Reading the fleet’s serials');
  });
});
