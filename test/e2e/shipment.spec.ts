import { expect, test, type Page } from '@playwright/test';
import { createR760Lot, openLots, printCalls, receive, recordSanitisation, stubPrint } from './helpers';

// The certificate of sanitisation for a shipment (issue 5): units of several lots scanned onto
// one pallet, one certificate with a Lot column, printed through the browser's print in the web
// build. Every test starts on a fresh IndexedDB with the demo fleet.

/**
 * A draining lot of a storage-bearing model (Dell PowerEdge R760) with the given units, received
 * by paste; the units in `sanitised` get a verified sanitisation record.
 */
async function lotWithUnits(page: Page, code: string, serials: readonly string[], sanitised: readonly string[]) {
  await openLots(page);
  await createR760Lot(page, code, serials.length, { status: 'draining' });
  const units = await receive(page, serials);
  await recordSanitisation(page, units, sanitised);
  return units;
}

test('a shipment from two lots: scans with feedback, one certificate with a Lot column, printed', async ({ page }) => {
  test.setTimeout(120_000);
  await lotWithUnits(page, 'SHIP-A', ['SHA0001', 'SHA0002'], ['SHA0001', 'SHA0002']);
  const units = await lotWithUnits(page, 'SHIP-B', ['SHB0001', 'SHB0002'], ['SHB0001']);

  // From a lot's Units tab to the shipment view.
  await units.getByRole('link', { name: 'Certificate for a shipment…' }).click();
  await expect(page).toHaveURL(/#\/shipment$/u);
  await expect(page.getByRole('heading', { level: 1, name: 'Shipment certificate' })).toBeVisible();
  const scanBox = page.getByLabel('Scan serial or asset tag');
  await expect(scanBox).toBeFocused();
  const feedback = page.getByTestId('shipment-feedback');

  const scan = async (code: string) => {
    await scanBox.pressSequentially(code);
    await scanBox.press('Enter');
  };
  await scan('SHA0001');
  await expect(feedback).toHaveAttribute('data-kind', 'added');
  await expect(feedback).toContainText('SHA0001 of SHIP-A');
  // Lower case, as with Caps Lock on: the same unit.
  await scan('shb0002');
  await expect(feedback).toHaveAttribute('data-kind', 'added');
  await expect(feedback).toContainText('SHB0002 of SHIP-B');
  await scan('SHA0001');
  await expect(feedback).toHaveAttribute('data-kind', 'duplicate');
  await expect(feedback).toContainText('Duplicate in this shipment');
  await scan('NOSUCH-999');
  await expect(feedback).toHaveAttribute('data-kind', 'unknown');
  await expect(feedback).toContainText('Unknown in the fleet');
  await expect(feedback).toContainText('NOSUCH-999');
  await expect(scanBox).toBeFocused();

  // A pasted column: one new from each lot, and one already on the pallet.
  await page.getByText('Paste a column of serials or asset tags').click();
  await page.getByLabel('Pasted serials or asset tags').fill('SHA0002\nSHB0001\nSHB0002\n');
  await page.getByRole('button', { name: 'Add pasted codes' }).click();
  await expect(page.getByTestId('shipment-scan')).toHaveCount(7);
  await expect(page.getByTestId('shipment-scan').filter({ hasText: 'Duplicate in this shipment' })).toHaveCount(2);

  // Grouped by lot, with the one unit lacking a record named.
  const summary = page.getByTestId('shipment-summary');
  await expect(summary).toContainText('4 units from 2 lots');
  await expect(page.getByTestId('shipment-unverified')).toHaveText('1 without a verified sanitisation record: SHB0002');
  const lotA = page.getByRole('region', { name: 'Lot SHIP-A' });
  const lotB = page.getByRole('region', { name: 'Lot SHIP-B' });
  await expect(lotA.locator('li[data-serial]')).toHaveCount(2);
  await expect(lotB.locator('li[data-serial]')).toHaveCount(2);

  // Remove one and scan it back; the scan box keeps the focus.
  await lotA.getByRole('button', { name: 'Remove SHA0002' }).click();
  await expect(summary).toContainText('3 units from 2 lots');
  await expect(scanBox).toBeFocused();
  await scan('SHA0002');
  await expect(summary).toContainText('4 units from 2 lots');

  // The list is kept while going elsewhere and coming back through the palette.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Lots', exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Lots' })).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByLabel('Search commands').fill('shipment cert');
  await palette.getByRole('option', { name: /Shipment certificate…/u }).click();
  await expect(summary).toContainText('4 units from 2 lots');

  await page.getByLabel('Shipment reference').fill('BOL 778/2');
  await page.getByRole('button', { name: 'Certificate (4 units)' }).click();
  const certificate = page.getByRole('article', { name: 'Certificate of sanitisation' });
  await expect(certificate.locator('tbody tr')).toHaveCount(4);
  await expect(certificate.getByRole('columnheader', { name: 'Lot', exact: true })).toBeVisible();
  await expect(certificate.locator('tr[data-serial="SHA0001"] td').first()).toHaveText('SHIP-A');
  await expect(certificate.locator('tr[data-serial="SHA0001"]')).toContainText('nvme-cli 2.8');
  await expect(certificate.locator('tr[data-serial="SHB0001"] td').first()).toHaveText('SHIP-B');
  await expect(certificate.locator('tr[data-serial="SHB0002"]')).toContainText('No sanitisation recorded');
  await expect(certificate.getByTestId('certificate-units')).toHaveText('4 (1 without a record)');
  await expect(certificate.getByTestId('certificate-shipment')).toHaveText('BOL 778/2');
  await expect(certificate).toContainText('SHIP-A, SHIP-B');
  await expect(certificate).toContainText(/signature/iu);

  await stubPrint(page);
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  await expect.poll(() => printCalls(page)).toBe(1);
  // On paper: the certificate only.
  await page.emulateMedia({ media: 'print' });
  await expect(certificate).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeHidden();
  await expect(page.getByRole('button', { name: '← Back to shipment' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: '← Back to shipment' }).click();
  await expect(summary).toContainText('4 units from 2 lots');

  // Clear asks first, then empties the shipment.
  await page.getByRole('button', { name: 'Clear…' }).click();
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(summary).toContainText('0 units from 0 lots');
  await expect(page.getByRole('button', { name: 'Certificate (0 units)' })).toBeDisabled();
});

test('a shipment from one lot has no Lot column and is named by the date without a reference', async ({ page }) => {
  await lotWithUnits(page, 'SHIP-C', ['SHC0001', 'SHC0002'], ['SHC0001', 'SHC0002']);
  await page.goto('/#/shipment');
  const scanBox = page.getByLabel('Scan serial or asset tag');
  await expect(scanBox).toBeFocused();
  for (const code of ['SHC0001', 'SHC0002']) {
    await scanBox.pressSequentially(code);
    await scanBox.press('Enter');
  }
  await expect(page.getByTestId('shipment-summary')).toContainText('2 units from 1 lot');
  await expect(page.getByTestId('shipment-unverified')).toHaveText('Every unit has a verified sanitisation record.');
  await page.getByRole('button', { name: 'Certificate (2 units)' }).click();
  const certificate = page.getByRole('article', { name: 'Certificate of sanitisation' });
  await expect(certificate.locator('tbody tr')).toHaveCount(2);
  await expect(certificate.getByRole('columnheader', { name: 'Lot', exact: true })).toHaveCount(0);
  await expect(certificate.getByTestId('certificate-units')).toHaveText('2');
  await expect(certificate.getByTestId('certificate-shipment')).toHaveText('No reference');
});
