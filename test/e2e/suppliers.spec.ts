import { expect, test, type Page } from '@playwright/test';

// Suppliers as catalogue records (issue 13): the Suppliers view and dialog, a lot's supplier
// typed by name (a known one found, a new one made on save), and the supplier with its channel
// on the lot and in its provenance record. Every test gets a fresh browser context and demo fleet.

async function openLot(page: Page, code: string) {
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill(code);
  await page.locator('.grid-row', { hasText: code }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(code);
}

async function setLotSupplier(page: Page, name: string, hint: string) {
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit lot' });
  await form.getByLabel('Supplier').fill(name);
  await expect(form.getByText(hint)).toBeVisible();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
}

test('the demo’s suppliers are listed with country and channel; a new one is made and edited in its dialog, each change in its history', async ({ page }) => {
  await page.goto('/#/suppliers');
  const table = page.getByRole('table', { name: 'Suppliers' });
  const broker = table.getByRole('row', { name: /Rackbroker/u });
  await expect(broker).toContainText('NL');
  await expect(broker).toContainText('Broker / secondary market');
  await expect(table.getByRole('row', { name: /^Supermicro/u })).toContainText('OEM direct');

  await page.getByRole('button', { name: 'New supplier' }).first().click();
  let dialog = page.getByRole('dialog', { name: 'New supplier' });
  await dialog.getByLabel('Name').fill('Arrow');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Arrow is already a supplier.');
  await dialog.getByLabel('Name').fill('Nordic Parts AB');
  await dialog.getByLabel('Country').fill('XX');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Country is a two-letter ISO 3166 code');
  await dialog.getByLabel('Country').fill('se');
  await dialog.getByLabel('Channel').selectOption({ label: 'Distributor' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const nordic = table.getByRole('row', { name: /Nordic Parts AB/u });
  await expect(nordic).toContainText('SE');
  await expect(nordic).toContainText('Distributor');

  await nordic.click();
  dialog = page.getByRole('dialog', { name: 'Edit supplier' });
  await dialog.getByLabel('Channel').selectOption({ label: 'Reseller' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await nordic.click();
  await dialog.locator('summary', { hasText: 'History' }).click();
  await expect(dialog.locator('.catalog-history')).toContainText('Channel');
  await expect(dialog.locator('.catalog-history')).toContainText('Distributor');
  await expect(dialog.locator('.catalog-history')).toContainText('Reseller');
});

test('a lot’s supplier is typed: a known one is found with its channel, a new name becomes a supplier, and the provenance record names it', async ({ page }) => {
  await openLot(page, 'GPU-H100-2024-02');
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Dell Technologies (OEM direct, US)');

  await setLotSupplier(page, 'rackbroker', 'Broker / secondary market, NL');
  await expect(details).toContainText('Rackbroker (Broker / secondary market, NL)');
  await expect(page.getByRole('list', { name: 'Events' })).toContainText('Rackbroker');

  await setLotSupplier(page, 'Fresh Hardware GmbH', 'Not among Suppliers yet: saving adds it');
  await expect(details).toContainText('Fresh Hardware GmbH');
  await page.getByRole('button', { name: 'Provenance record' }).click();
  await expect(page.getByRole('article', { name: 'Provenance record' }).getByTestId('record-supplier')).toHaveText('Fresh Hardware GmbH');
  await page.getByRole('button', { name: '← Back' }).click();

  await page.goto('/#/suppliers');
  const fresh = page.getByRole('table', { name: 'Suppliers' }).getByRole('row', { name: /Fresh Hardware GmbH/u });
  await expect(fresh).toContainText('unknown');
  await fresh.click();
  const dialog = page.getByRole('dialog', { name: 'Edit supplier' });
  await dialog.getByLabel('Country').fill('DE');
  await dialog.getByLabel('Channel').selectOption({ label: 'Distributor' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(fresh).toContainText('1'); // its lot

  // The lot follows the record: its channel and country show where the supplier is named.
  await openLot(page, 'GPU-H100-2024-02');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Fresh Hardware GmbH (Distributor, DE)');
  await page.getByRole('button', { name: 'Provenance record' }).click();
  await expect(page.getByRole('article', { name: 'Provenance record' }).getByTestId('record-supplier')).toHaveText('Fresh Hardware GmbH (Distributor, DE)');
});
