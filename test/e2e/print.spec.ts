import { expect, test, type Page } from '@playwright/test';
import { createR760Lot, openLots, printCalls, receive, recordSanitisation, stubPrint } from './helpers';

// The print path of the web build (issue 5): the certificate of sanitisation and the label sheet
// print through the browser's print (Electron saves a PDF through the bridge instead, tested in
// test/electron). What prints is decided by the print style sheet: only the document, no app
// chrome. Each test starts on a fresh IndexedDB with the demo fleet.

/** A draining lot of a storage-bearing model with two units, both sanitised with a verified record. */
async function sanitisedLot(page: Page, code: string) {
  await openLots(page);
  await createR760Lot(page, code, 2, { status: 'draining' });
  const units = await receive(page, ['PRN0001', 'PRN0002']);
  await recordSanitisation(page, units, ['PRN0001', 'PRN0002']);
  return units;
}

test('the certificate prints alone, with every unit and the signatures, and renders to a PDF', async ({ page }) => {
  const units = await sanitisedLot(page, 'PRINT-1');
  await units.getByRole('button', { name: 'Certificate' }).click();
  const certificate = page.getByRole('article', { name: 'Certificate of sanitisation' });
  await expect(certificate.locator('tbody tr')).toHaveCount(2);

  await stubPrint(page);
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  await expect.poll(() => printCalls(page)).toBe(1);

  // On paper: the certificate only, no navigation, toolbar or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(certificate).toBeVisible();
  await expect(certificate.locator('tr[data-serial="PRN0001"]')).toContainText('nvme-cli 2.8');
  await expect(certificate).toContainText(/signature/iu);
  await expect(page.getByRole('navigation').first()).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
  await expect(page.getByRole('button', { name: '← Back to units' })).toBeHidden();

  // Chromium's own print-to-PDF of the page (what "Save as PDF" in the print dialog produces).
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/gu) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);

  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeVisible();
});

test('the label sheet prints alone on the chosen layout: a QR code, tag and serial per unit', async ({ page }) => {
  const units = await sanitisedLot(page, 'PRINT-2');
  await units.getByRole('button', { name: 'Labels' }).click();
  const labels = page.locator('.label-sheet .label');
  await expect(labels).toHaveCount(2);
  await expect(labels.first()).toContainText('PRN0001');
  await expect(page.locator('.label-sheet')).toHaveAttribute('data-layout', 'avery-l7160');

  // A US Letter sheet: the sheet is Letter-sized (215.9 mm ≈ 816 CSS px wide), and the choice is kept.
  await page.getByLabel('Label sheet', { exact: true }).selectOption('avery-5160');
  await expect(page.getByText('Labels: 2 on 1 Letter sheet (3 × 10)')).toBeVisible();
  const width = await page.locator('.label-sheet').evaluate((el) => el.getBoundingClientRect().width);
  expect(Math.round(width)).toBe(816);
  await page.getByRole('button', { name: '← Back to units' }).click();
  await units.getByRole('button', { name: 'Labels' }).click();
  await expect(page.locator('.label-sheet')).toHaveAttribute('data-layout', 'avery-5160');

  await stubPrint(page);
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  await expect.poll(() => printCalls(page)).toBe(1);

  await page.emulateMedia({ media: 'print' });
  await expect(labels.first().locator('img')).toBeVisible();
  await expect(page.getByRole('navigation').first()).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The sheet's own page size (Letter: 612 × 792 pt), not the default A4.
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+612(?:\.0+)?\s+792(?:\.0+)?\s*\]/u);
});
