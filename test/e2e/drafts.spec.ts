import { expect, test, type Page } from '@playwright/test';
import { createR760Lot, openLotId, openLots, openUnitsTab, receive, savedDraft } from './helpers';

// Work in progress survives a crash (issue 9): an uncommitted scan session and the shipment list
// are kept as drafts in IndexedDB and offered back after a reload. A reload stands in for the
// crash: nothing is committed or cleared before it. Every test starts on a fresh IndexedDB with
// the demo fleet.

/** "at 14:02", or "on 2026-03-12 at 14:02" should the test run across midnight. */
const SAVED_WHEN = String.raw`(on \d{4}-\d\d-\d\d )?at \d\d:\d\d`;

/** A draining lot of Dell PowerEdge R760s (default serial format), its Units tab open; returns its scan session's draft key. */
async function lotToReceive(page: Page, code: string, quantity: number): Promise<string> {
  await openLots(page);
  await createR760Lot(page, code, quantity, { status: 'draining' });
  return `scan-session:${openLotId(page)}`;
}

/** Types codes as a keyboard-wedge scanner does (each ends with Enter) into the focused scan box. */
async function scanCodes(page: Page, codes: readonly string[]): Promise<void> {
  await page.keyboard.type(codes.map((c) => `${c}\n`).join(''));
}

async function reloadLot(page: Page, code: string) {
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
  return openUnitsTab(page);
}

test('an uncommitted scan session survives a reload: offered back in the lot’s Units tab and in the session', async ({ page }) => {
  test.setTimeout(90_000);
  const key = await lotToReceive(page, 'DRAFT-10', 10);
  let units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  let session = page.getByRole('dialog', { name: 'Scan session' });
  const counts = session.getByTestId('scan-counts');
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await scanCodes(page, ['D0001', 'D0002', 'D0003', 'D0002']);
  await expect(counts).toHaveText('3 accepted · 1 rejected · 7 more expected');
  // On disk before the "crash": the accepted serials, in scan order.
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['D0001', 'D0002', 'D0003'] });

  units = await reloadLot(page, 'DRAFT-10');
  await expect(units.getByTestId('units-tracked')).toHaveText('Tracked by count only (10)');
  const notice = units.getByTestId('scan-draft-notice');
  await expect(notice).toContainText('A scan session with 3 serials was not committed.');
  await notice.getByRole('button', { name: 'Resume' }).click();
  session = page.getByRole('dialog', { name: 'Scan session' });
  await expect(counts).toHaveText('3 accepted · 0 rejected · 7 more expected');
  for (const s of ['D0001', 'D0002', 'D0003']) await expect(session.getByTestId('scan-accepted')).toContainText(s);
  // Scanning goes on in the resumed session, with its checks: D0003 is a duplicate of it.
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await scanCodes(page, ['D0003', 'D0004']);
  await expect(counts).toHaveText('4 accepted · 1 rejected · 6 more expected');
  await expect(session.getByTestId('scan-rejected')).toContainText('D0003 was already scanned in this session');
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['D0001', 'D0002', 'D0003', 'D0004'] });

  // Reloaded again, opening the session itself offers the serials back.
  units = await reloadLot(page, 'DRAFT-10');
  await expect(notice).toContainText('A scan session with 4 serials was not committed.');
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  session = page.getByRole('dialog', { name: 'Scan session' });
  const offer = session.getByTestId('scan-draft-offer');
  await expect(offer).toContainText(new RegExp(`^Resume the 4 serials scanned ${SAVED_WHEN}\\? They were not committed\\.`, 'u'));
  await expect(session.getByRole('button', { name: 'Commit 0 units' })).toBeDisabled();
  // A scanner going on meanwhile types into the scan box, not onto Resume (whose Enter would
  // press it and lose the code): the code waits for the answer.
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await scanCodes(page, ['D0005']);
  await expect(offer).toContainText('The code scanned since opening is kept and checked after your answer.');
  await expect(session.getByTestId('scan-feedback')).toHaveText('1 scan kept: checked after your answer above.');
  await offer.getByRole('button', { name: 'Resume' }).click();
  await expect(counts).toHaveText('5 accepted · 0 rejected · 5 more expected');
  await expect(session.getByLabel('Scan serial')).toBeFocused();

  // Committed: the units are received and the draft is gone.
  await session.getByRole('button', { name: 'Commit 5 units' }).click();
  await expect(session).toBeHidden();
  await expect(units.getByTestId('units-tracked')).toHaveText('5 of 10 tracked (5 by count only)');
  await expect.poll(() => savedDraft(page, key)).toBeNull();
  await expect(notice).toHaveCount(0);
});

test('a saved scan session can be discarded; Cancel discards the draft, Escape keeps it', async ({ page }) => {
  test.setTimeout(90_000);
  const key = await lotToReceive(page, 'DRAFT-5', 5);
  let units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  let session = page.getByRole('dialog', { name: 'Scan session' });
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await scanCodes(page, ['E0001', 'E0002']);
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['E0001', 'E0002'] });

  // Offered back on opening the session, and refused.
  units = await reloadLot(page, 'DRAFT-5');
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  session = page.getByRole('dialog', { name: 'Scan session' });
  await session.getByTestId('scan-draft-offer').getByRole('button', { name: 'Discard' }).click();
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await expect(session.getByTestId('scan-counts')).toHaveText('0 accepted · 0 rejected · 5 more expected');
  await expect.poll(() => savedDraft(page, key)).toBeNull();

  // Cancel throws the session away, draft and all.
  await scanCodes(page, ['E0003']);
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['E0003'] });
  await session.getByRole('button', { name: 'Cancel' }).click();
  await expect(session).toBeHidden();
  await expect.poll(() => savedDraft(page, key)).toBeNull();
  await expect(units.getByTestId('scan-draft-notice')).toHaveCount(0);

  // Escape only closes: the scans wait in the Units tab, which can discard them too.
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await scanCodes(page, ['E0004']);
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['E0004'] });
  await page.keyboard.press('Escape');
  await expect(session).toBeHidden();
  const notice = units.getByTestId('scan-draft-notice');
  await expect(notice).toContainText('A scan session with 1 serial was not committed.');
  await notice.getByRole('button', { name: 'Discard' }).click();
  await expect(notice).toHaveCount(0);
  await expect.poll(() => savedDraft(page, key)).toBeNull();
});

test('the shipment list survives a reload, restored from its draft; Clear deletes the draft', async ({ page }) => {
  test.setTimeout(90_000);
  await lotToReceive(page, 'DRAFT-SHIP', 3);
  await receive(page, ['DS0001', 'DS0002', 'DS0003']);
  await page.goto('/#/shipment');
  const scanBox = page.getByLabel('Scan serial or asset tag');
  const summary = page.getByTestId('shipment-summary');
  const scan = async (code: string) => {
    await scanBox.pressSequentially(code);
    await scanBox.press('Enter');
  };
  await expect(scanBox).toBeFocused();
  await scan('DS0001');
  await scan('ds0002');
  await expect(summary).toContainText('2 units from 1 lot');
  await page.getByLabel('Shipment reference').fill('BOL 42');
  await expect.poll(() => savedDraft(page, 'shipment')).toEqual({ serials: ['DS0001', 'DS0002'], reference: 'BOL 42' });
  // Nothing restored in the sitting that made the list.
  await expect(page.getByTestId('shipment-restored')).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Shipment certificate' })).toBeVisible();
  await expect(summary).toContainText('2 units from 1 lot');
  await expect(page.getByTestId('shipment-restored')).toHaveText(new RegExp(`^Restored from the draft saved ${SAVED_WHEN}\\.$`, 'u'));
  await expect(page.getByLabel('Shipment reference')).toHaveValue('BOL 42');
  await expect(page.getByRole('region', { name: 'Lot DRAFT-SHIP' }).locator('li[data-serial]')).toHaveCount(2);

  // Scanning goes on into the restored list, and the draft follows.
  await expect(scanBox).toBeFocused();
  await scan('DS0003');
  await expect(summary).toContainText('3 units from 1 lot');
  await expect.poll(() => savedDraft(page, 'shipment')).toEqual({ serials: ['DS0001', 'DS0002', 'DS0003'], reference: 'BOL 42' });

  await page.getByRole('button', { name: 'Clear…' }).click();
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(summary).toContainText('0 units from 0 lots');
  await expect(page.getByTestId('shipment-restored')).toHaveCount(0);
  await expect.poll(() => savedDraft(page, 'shipment')).toBeNull();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Shipment certificate' })).toBeVisible();
  await expect(summary).toContainText('0 units from 0 lots');
  await expect(page.getByLabel('Shipment reference')).toHaveValue('');
  await expect(page.getByTestId('shipment-restored')).toHaveCount(0);
});

test('units scanned into a move survive a reload: named again with their place; Escape keeps the draft, Cancel or the move removes it', async ({ page }) => {
  test.setTimeout(90_000);
  await lotToReceive(page, 'DRAFT-MOVE', 6);
  const key = `move-units:${openLotId(page)}`;
  await receive(page, ['DM0001', 'DM0002', 'DM0003', 'DM0004', 'DM0005', 'DM0006']);
  const openMove = async () => {
    await page.getByRole('button', { name: 'Move…' }).click();
    return page.getByRole('dialog', { name: 'Move DRAFT-MOVE' });
  };
  let move = await openMove();
  await move.getByLabel('Room they go to').fill('Cage 4');
  await move.getByLabel('Rack they go to').fill('R09');
  await move.getByLabel('Scan a unit that moves').focus();
  await scanCodes(page, ['DM0002', 'dm0005', 'DM0001']);
  await expect(move.getByRole('list', { name: 'Named units' }).locator('li')).toHaveCount(3);
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['DM0002', 'DM0005', 'DM0001'], room: 'Cage 4', rack: 'R09' });

  // The "crash": the dialog opens again with the units named, where they go, and the quantity they make.
  await reloadLot(page, 'DRAFT-MOVE');
  move = await openMove();
  const restored = move.getByTestId('move-draft-restored');
  await expect(restored).toContainText(new RegExp(`Named again: the 3 units scanned ${SAVED_WHEN} for a move that was not made\\.`, 'u'));
  await expect(move.getByRole('list', { name: 'Named units' }).locator('li')).toHaveText(['DM0002×', 'DM0005×', 'DM0001×']);
  await expect(move.getByLabel('Room they go to')).toHaveValue('Cage 4');
  await expect(move.getByLabel('Rack they go to')).toHaveValue('R09');
  await expect(move.getByLabel('Quantity')).toHaveValue('3');
  // Escape puts the dialog away and keeps the draft, as it does a scan session's.
  await page.keyboard.press('Escape');
  await expect(move).toBeHidden();
  move = await openMove();
  await expect(move.getByTestId('move-draft-restored')).toContainText('Named again: the 3 units scanned');
  await expect(move.getByRole('list', { name: 'Named units' }).locator('li')).toHaveCount(3);
  // Cancel is an answer: no move, no draft (asked first: the units named would go).
  await move.getByRole('button', { name: 'Cancel' }).click();
  const ask = page.getByRole('dialog', { name: 'Discard the move of DRAFT-MOVE?' });
  await expect(ask).toContainText('the units named are no longer kept');
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect.poll(() => savedDraft(page, key)).toBeNull();
  move = await openMove();
  await expect(move.getByTestId('move-draft-restored')).toHaveCount(0);
  await expect(move.getByRole('list', { name: 'Named units' })).toHaveCount(0);

  // Scanned again, and the move made: the draft goes with it.
  await move.getByLabel('Scan a unit that moves').focus();
  await scanCodes(page, ['DM0003', 'DM0004']);
  await expect.poll(() => savedDraft(page, key)).toEqual({ serials: ['DM0003', 'DM0004'], room: '', rack: '' });
  await move.getByRole('button', { name: 'Split and move 2' }).click();
  await expect(move).toBeHidden();
  await expect.poll(() => savedDraft(page, key)).toBeNull();
});
