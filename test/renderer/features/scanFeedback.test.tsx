// @vitest-environment jsdom
/**
 * The scan session's result line is a live region: a screen reader says what changed in it. The
 * same rejection twice in a row (a code scanned again because the technician was not sure it
 * went in) changed nothing in it, so the second scan was met with silence, and on screen the line
 * looked as if the scan had not happened. Each scan's result must be new content: in a receiving
 * session, and on the shipment certificate's scan page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { ScanSessionDialog } from '../../../renderer/features/units/ScanSessionDialog';
import { ShipmentView } from '../../../renderer/features/units/ShipmentView';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, scanInto, settle, type Rendered } from './render';

const lot = makeLot({ id: 'lot-scan-feedback', code: 'SCAN-FB', quantity: 5 });
const fleet: Fleet = { lots: [lot], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});


describe('the scan result line', () => {
  it('is new content for every scan, also the same rejection twice', async () => {
    shown = await render(<ScanSessionDialog lots={[lot]} fleet={fleet} onClose={() => undefined} />);
    await settle();
    const input = shown.container.querySelector<HTMLInputElement>('input[aria-label="Scan serial"]');
    const feedback = shown.container.querySelector('[data-testid="scan-feedback"]');
    if (!input || !feedback) throw new Error(`No scan box in: ${shown.text()}`);
    expect(feedback.getAttribute('aria-live')).toBe('polite');

    await scanInto(input, 'U001');
    await scanInto(input, 'U001');
    const first = feedback.textContent;
    expect(first).toContain('already scanned');

    const added: Node[] = [];
    const watch = new MutationObserver((records) => records.forEach((r) => added.push(...r.addedNodes)));
    watch.observe(feedback, { childList: true, subtree: true, characterData: true });
    await scanInto(input, 'U001');
    await Promise.resolve();
    watch.disconnect();
    expect(feedback.textContent).toBe(first);
    expect(added.length).toBeGreaterThan(0);
  });
});

describe('the shipment scan result line', () => {
  it('is new content for every scan, also the same rejection twice', async () => {
    shown = await render(<ShipmentView fleet={fleet} />);
    await settle();
    const input = shown.container.querySelector<HTMLInputElement>('input[aria-label="Scan serial or asset tag"]');
    const feedback = shown.container.querySelector('[data-testid="shipment-feedback"]');
    if (!input || !feedback) throw new Error(`No scan box in: ${shown.text()}`);
    expect(feedback.getAttribute('aria-live')).toBe('polite');

    await scanInto(input, 'NOT-IN-FLEET-1');
    await settle();
    const first = feedback.textContent;
    expect(first).toContain('NOT-IN-FLEET-1');

    const added: Node[] = [];
    const watch = new MutationObserver((records) => records.forEach((r) => added.push(...r.addedNodes)));
    watch.observe(feedback, { childList: true, subtree: true, characterData: true });
    await scanInto(input, 'NOT-IN-FLEET-1');
    await settle();
    watch.disconnect();
    expect(feedback.textContent).toBe(first);
    expect(added.length).toBeGreaterThan(0);
  });
});
