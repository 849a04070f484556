import { expect, test, type Page } from '@playwright/test';

// Every test gets a fresh browser context, so a fresh IndexedDB with the demo fleet.

const MODEL = 'Dell PowerEdge R760';
const HEADER = 'manufacturer,model,date,unit_price,currency,condition,quantity,source';

async function openModels(page: Page) {
  await page.goto('/#/models');
  await expect(page.getByRole('heading', { level: 1, name: 'Hardware models' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Hardware models' })).toBeVisible();
}

async function openMarket(page: Page, model = MODEL) {
  await openModels(page);
  await page.getByRole('link', { name: `Market prices of ${model}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Market prices: ${model}` })).toBeVisible();
}

async function importCsv(page: Page, name: string, csv: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import market prices…' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('record a market price by hand: it is listed and charted', async ({ page }) => {
  await openMarket(page);
  await expect(page.getByRole('heading', { name: 'Prices seen (0)' })).toBeVisible();
  // With no prices of its own the curve still shows, from the category prior.
  await expect(page.getByRole('list', { name: 'Curve facts' })).toContainText('No prices seen for this model');

  await page.getByRole('button', { name: 'Record a price' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a market price' });
  await dialog.getByLabel('Date seen').fill('2025-04-15');
  await dialog.getByLabel('Unit price').fill('0');
  await dialog.getByLabel('Source').fill('');
  await dialog.getByRole('button', { name: 'Record price' }).click();
  await expect(dialog.getByText('Unit price must be an amount above 0.')).toBeVisible();
  await expect(dialog.getByText('Say where the price was seen')).toBeVisible();

  await dialog.getByLabel('Unit price').fill('14250.00');
  await dialog.getByLabel('Condition').selectOption('refurbished');
  await dialog.getByLabel('Source').fill('ServerMonkey listing');
  await dialog.getByRole('button', { name: 'Record price' }).click();
  await expect(dialog).toBeHidden();

  const rows = page.getByTestId('observation-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('2025-04-15');
  await expect(rows.first()).toContainText('14,250.00');
  await expect(rows.first()).toContainText('Certified refurbished');
  await expect(page.locator('.chart-dot')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Curve facts' })).toContainText('Fitted to 1 observation of this model');
  await expect(page.getByRole('list', { name: 'Curve facts' })).toContainText(/loses ~\d+ % a year/u);
});

test('a market CSV with one bad row imports nothing and names the row', async ({ page }) => {
  await openModels(page);
  const csv = [
    HEADER,
    'Dell,PowerEdge R760,2025-01-10,16000.00,USD,used,4,Broker A',
    'Dell,PowerEdge R9999,2025-02-10,15000.00,USD,used,1,Broker B',
    'Dell,PowerEdge R760,2025-03-10,15500.00,USD,used,,Broker C',
  ].join('\r\n');
  const dialog = await importCsv(page, 'bad-prices.csv', csv);
  await expect(dialog.getByTestId('import-errors-summary')).toContainText('One problem in bad-prices.csv. Nothing has been imported');
  const problem = dialog.getByTestId('import-error');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('3');
  await expect(problem.locator('td').nth(1)).toHaveText('model');
  await expect(problem.locator('td').nth(2)).toContainText('Dell PowerEdge R9999');
  await expect(dialog.getByRole('button', { name: /^Import/u })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('link', { name: `Market prices of ${MODEL}` }).click();
  await expect(page.getByRole('heading', { name: 'Prices seen (0)' })).toBeVisible();
  await expect(page.locator('.chart-dot')).toHaveCount(0);
});

test('a clean market CSV imports every row, and the model chart shows the points', async ({ page }) => {
  await openModels(page);
  const csv = [
    HEADER,
    'Dell,PowerEdge R760,2024-06-10,19000.00,USD,refurbished,2,Broker A',
    'dell,poweredge r760,2025-01-10,16000.00,usd,Used working,4,Broker B',
    'Dell,PowerEdge R760,2025-09-10,13500.00,USD,as is,,Auction',
    'HPE,ProLiant DL380 Gen11,2025-05-01,15000.00,USD,used,1,Broker A',
  ].join('\r\n');
  const dialog = await importCsv(page, 'prices.csv', csv);
  await expect(dialog.getByRole('status')).toContainText('4 market prices for 2 models, ready to import');
  await dialog.getByRole('button', { name: 'Import 4 prices' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Imported 4 market prices for 2 models from prices.csv')).toBeVisible();

  await page.getByRole('link', { name: `Market prices of ${MODEL}` }).click();
  await expect(page.getByRole('heading', { name: 'Prices seen (3)' })).toBeVisible();
  await expect(page.getByTestId('observation-row')).toHaveCount(3);
  const chart = page.getByRole('img', { name: `Market prices of ${MODEL} over time, with the fitted curve` });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.chart-dot')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Curve facts' })).toContainText('Fitted to 3 observations of this model');

  // Reload keeps the place and the data.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: `Market prices: ${MODEL}` })).toBeVisible();
  await expect(page.locator('.chart-dot')).toHaveCount(3);
});

test('a price left out of the fit is charted hollow, with why, not as a price that counts', async ({ page }) => {
  await openModels(page);
  const csv = [
    HEADER,
    'Dell,PowerEdge R760,2024-06-10,19000.00,USD,refurbished,2,Broker A',
    'Dell,PowerEdge R760,2025-01-10,16000.00,USD,used,4,Broker B',
    'Dell,PowerEdge R760,2025-09-10,13500.00,USD,as-is,1,Auction',
    'Dell,PowerEdge R760,2025-10-10,1350000.00,USD,used,1,Typo',
  ].join('\r\n');
  const dialog = await importCsv(page, 'prices.csv', csv);
  await dialog.getByRole('button', { name: 'Import 4 prices' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('link', { name: `Market prices of ${MODEL}` }).click();
  await expect(page.getByRole('heading', { name: 'Prices seen (4)' })).toBeVisible();
  const chart = page.getByRole('img', { name: `Market prices of ${MODEL} over time, with the fitted curve` });
  await expect(chart.locator('.chart-dot')).toHaveCount(3);
  await expect(chart.locator('.chart-dot-excluded')).toHaveCount(1);
  await expect(chart.locator('.chart-dot-excluded title')).toHaveText(
    "2025-10-10: USD 1,350,000.00 (Used, working, ×1) at Typo; left out of the fit: far outside this model's other prices (check its amount and currency) (above the chart's scale)",
  );
  await expect(page.locator('figcaption')).toContainText('Price left out of the fit');
  await expect(page.getByRole('list', { name: 'Curve facts' })).toContainText('was left out of the fit: 2025-10-10, USD 1,350,000.00');
});

test('a model’s rental price book: add a price, refused with the reason when incomplete, kept and in the history when whole', async ({ page }) => {
  await openModels(page);
  await page.getByTitle('Edit HPE ProLiant DL380 Gen11').click();
  let dialog = page.getByRole('dialog', { name: 'Edit model' });
  await dialog.getByRole('button', { name: 'Add a rental price' }).click();
  await dialog.getByLabel('Price an hour of rental price 1').fill('3.40');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Rental price 1' }).first()).toContainText('say where the price was seen');
  await dialog.getByLabel('Source of rental price 1').fill('Cloud price list');
  await dialog.getByLabel('Term of rental price 1').selectOption('1-year');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  await page.getByTitle('Edit HPE ProLiant DL380 Gen11').click();
  dialog = page.getByRole('dialog', { name: 'Edit model' });
  await expect(dialog.getByLabel('Price an hour of rental price 1')).toHaveValue('3.40');
  await expect(dialog.getByLabel('Term of rental price 1')).toHaveValue('1-year');
  await expect(dialog).toContainText('1-year USD 3.40/h');
});
