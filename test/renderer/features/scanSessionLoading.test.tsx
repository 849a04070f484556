// @vitest-environment jsdom
/**
 * While a scan session reads the fleet's serials (a moment at fleet scale), the session cannot
 * check a scan yet. A technician who scans straight away (Receive by PO from the palette, then
 * the first carton) must neither have the scanner's Enter press a button (Cancel closed the
 * session) nor lose the code: the scan box is there from the start, and what is scanned into it
 * meanwhile is kept, then checked, in order, as soon as the session is ready.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Units from '../../../renderer/db/units';
import type { Fleet } from '../../../renderer/db/queries';
import { db } from '../../../renderer/db/db';
import { saveDraft, scanSessionDraft } from '../../../renderer/db/drafts';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { click, render, scanInto, settle, type Rendered } from './render';

// The fleet's serials are read when the test says so; one serial is in the fleet already.
let release: (() => void) | null = null;
vi.mock('../../../renderer/db/units', async (importOriginal) => {
  const actual = await importOriginal<typeof Units>();
  return {
    ...actual,
    unitHolders: () =>
      new Promise<Units.UnitHolders>((resolve) => {
        release = () => resolve({ bySerial: new Map([['U900', { serial: 'U900', lotId: 'other', lotCode: 'OTHER-1' }]]), byAssetTag: new Map(), counts: new Map() });
      }),
  };
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
  release = null;
  await db.drafts.clear();
});

const scanBox = (r: Rendered) => {
  const input = r.container.querySelector<HTMLInputElement>('input[aria-label="Scan serial"]');
  if (!input) throw new Error(`No scan box in: ${r.text()}`);
  return input;
};
const counts = (r: Rendered) => r.container.querySelector('[data-testid="scan-counts"]')?.textContent ?? '';

describe('a scan session still reading the fleet', () => {
  it('does not open with the focus on a button a scanner’s Enter would press', async () => {
    shown = await render(<ScanSessionDialog lots={[lot]} fleet={fleet} onClose={() => undefined} />);
    expect(shown.text()).toContain('Reading the fleet’s serials');
    const first = shown.container.querySelector('dialog')?.querySelector(FOCUSABLE);
    expect(first?.tagName).not.toBe('BUTTON');
  });

  it('keeps the codes scanned meanwhile and checks them, in order, once the serials are read', async () => {
    shown = await render(<ScanSessionDialog lots={[lot]} fleet={fleet} onClose={() => undefined} />);
    const input = scanBox(shown);
    await scanInto(input, 'u001');
    await scanInto(input, 'U900');
    await scanInto(input, 'U001');
    await scanInto(input, 'U002');
    expect(shown.text()).toContain('4 scans kept');
    release?.();
    await settle();
    expect(counts(shown)).toBe('2 accepted · 2 rejected · 3 more expected');
    expect(shown.text()).toContain('U900 is already in the fleet, in lot OTHER-1.');
    expect(shown.text()).toContain('U001 was already scanned in this session (scan #1).');
    // The same box, still there for the next scan.
    expect(scanBox(shown)).toBe(input);
  });

  it('keeps them while a saved draft is offered, and adds them after it is resumed', async () => {
    await saveDraft(db, scanSessionDraft({ lotId: lot.id }), { serials: ['U010', 'U011'] });
    shown = await render(<ScanSessionDialog lots={[lot]} fleet={fleet} onClose={() => undefined} />);
    await scanInto(scanBox(shown), 'U012');
    release?.();
    await settle();
    expect(shown.text()).toContain('Resume the 2 serials');
    await click(shown.container, 'Resume');
    expect(counts(shown)).toBe('3 accepted · 0 rejected · 2 more expected');
  });
});
