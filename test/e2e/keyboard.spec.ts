import { expect, test } from '@playwright/test';
import { createR760Lot, openLots, openUnitsTab, pasteSerials } from './helpers';

// What a person at the keyboard (or a keyboard-wedge scanner) meets. Every test starts on a
// fresh IndexedDB with the demo fleet.

test('the scan box keeps the focus after a scan is removed or a column is pasted', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'SCAN-FOCUS', 6, { status: 'draining' });
  const units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  const session = page.getByRole('dialog', { name: 'Scan session' });
  const input = session.getByLabel('Scan serial');
  await expect(input).toBeFocused();
  await page.keyboard.type('U001\nU002\n');
  await expect(session.getByTestId('scan-counts')).toContainText('2 accepted');

  // A wrong scan taken back out with the mouse: the scanner's next code must not go nowhere.
  await session.getByRole('button', { name: 'Remove U002' }).click();
  await expect(session.getByTestId('scan-counts')).toContainText('1 accepted');
  await expect(input).toBeFocused();
  await page.keyboard.type('U003\n');
  await expect(session.getByTestId('scan-counts')).toContainText('2 accepted');

  // A pasted column, then the scanner again.
  await pasteSerials(page, ['U004', 'U005']);
  await expect(session.getByTestId('scan-counts')).toContainText('4 accepted');
  await expect(input).toBeFocused();
  await page.keyboard.type('U006\n');
  await expect(session.getByTestId('scan-counts')).toContainText('5 accepted');
});
