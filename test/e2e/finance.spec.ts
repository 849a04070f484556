import { expect, test, type Page } from '@playwright/test';

async function openInServiceLot(page: Page, search: string) {
  await page.goto('/#/lots');
  await page.getByLabel('Status').selectOption('in-service');
  await page.getByLabel('Search lots').fill(search);
  await page.locator('.grid-row').first().click();
  await expect(page.locator('.page-header .badge')).toHaveText('In service');
}

test('a lot’s Finance tab shows both books by period, and an impairment lowers the book value for good', async ({ page }) => {
  await openInServiceLot(page, 'GPU-H100');
  const keyFigures = page.getByLabel('Key figures');
  await expect(keyFigures).toContainText('Net book value');
  await page.getByRole('tab', { name: 'Finance' }).click();

  const table = page.getByRole('table', { name: 'Book depreciation schedule' });
  await expect(table.locator('tbody tr').first()).toContainText(/^FY\d{4}/u);
  await page.getByRole('button', { name: 'Quarter' }).click();
  await expect(table.locator('tbody tr').first()).toContainText(/FY\d{4} Q\d/u);
  await page.getByRole('button', { name: 'Tax', exact: true }).click();
  await expect(page.getByText('MACRS 5-year, half-year')).toBeVisible();
  await page.getByRole('button', { name: 'Book', exact: true }).click();

  const nbv = page.getByTestId('nbv-today');
  const before = (await nbv.textContent()) ?? '';
  await page.getByRole('button', { name: 'Record impairment…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount (USD)').fill('10000.00');
  await dialog.getByLabel('Note').fill('Rack fire');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog).toBeHidden();
  const toNumber = (t: string) => Number(t.replace(/[^\d.]/gu, ''));
  await expect.poll(async () => toNumber((await nbv.textContent()) ?? '')).toBeCloseTo(toNumber(before) - 10000, 2);

  await page.reload();
  await page.getByRole('tab', { name: 'Finance' }).click();
  await expect(page.getByTestId('nbv-today')).toHaveText((await nbv.textContent()) ?? '');
  await expect(page.getByText('Rack fire')).toBeVisible();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('list', { name: 'Events' }).locator('li[data-event-type="adjusted"]')).toContainText('Depreciation adjusted');
});

test('an impairment larger than the book value is refused and changes nothing', async ({ page }) => {
  await openInServiceLot(page, 'CPU');
  await page.getByRole('tab', { name: 'Finance' }).click();
  const before = await page.getByTestId('nbv-today').textContent();
  await page.getByRole('button', { name: 'Record impairment…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount (USD)').fill('999999999.00');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Not recorded');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // An amount was typed: Cancel asks before throwing it away.
  await page.getByRole('dialog', { name: 'Discard the impairment?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('nbv-today')).toHaveText(before ?? '');
});

test('the depreciation report reconciles its roll-forward and exports CSV', async ({ page }) => {
  await page.goto('/#/report');
  await expect(page.getByRole('heading', { level: 1, name: 'Depreciation report' })).toBeVisible();
  await expect(page.getByTestId('roll-check')).toHaveText(/^Reconciles/u);
  const expense = page.getByRole('table', { name: 'Expense by period' });
  await expect(expense.locator('tbody tr').first()).toBeVisible();
  await page.getByLabel('Group by').selectOption('site');
  await expect(expense.locator('tbody tr', { hasText: 'FRA1' })).toBeVisible();
  // A past range reconciles too.
  await page.getByLabel('From').fill('2023-01-01');
  await page.getByLabel('To').fill('2024-12-31');
  await expect(page.getByTestId('roll-check')).toHaveText(/^Reconciles/u);
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Depreciation expense' }).getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const text = await (await import('node:fs/promises')).readFile((await file.path()) ?? '', 'utf8');
  expect(text.split('\r\n')[0]).toMatch(/^Site,FY2023 Q1,FY2023 Q2,/u);
});

test('a category template in Settings is what a new lot of that category starts with', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Edit GPU server templates' }).click();
  const form = page.getByRole('form', { name: 'GPU server templates' });
  await form.getByRole('group', { name: 'Book' }).getByLabel('Useful life (years)').fill('4');
  await form.getByRole('button', { name: 'Save templates' }).click();
  await expect(page.getByRole('row', { name: /GPU server/u })).toContainText('4 y straight-line');

  await page.goto('/#/lots');
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  const modelSelect = create.getByLabel('Hardware model');
  const gpuOption = modelSelect.locator('option', { hasText: 'GPU server' }).first();
  await modelSelect.selectOption((await gpuOption.getAttribute('value')) ?? '');
  await expect(create.getByRole('group', { name: 'Book depreciation' }).getByLabel('Useful life (years)')).toHaveValue('4');
});

test('a lot’s Value tab sets its book value against the expected market value, with refresh advice', async ({ page }) => {
  await openInServiceLot(page, 'GPU-H100');
  await page.getByRole('tab', { name: 'Value' }).click();
  const figures = page.getByLabel('Value figures');
  await expect(figures).toContainText('Book value');
  await expect(page.getByTestId('market-p50')).toHaveText(/^USD [\d,]+\.\d{2}$/u);
  await expect(page.getByRole('img', { name: /Book value and expected market value/u })).toBeVisible();
  await expect(page.getByTestId('refresh-advice')).not.toBeEmpty();
});

test('the forecast view charts the fleet’s book against market value and recomputes on a scenario change', async ({ page }) => {
  await page.goto('/#/forecast');
  await expect(page.getByRole('heading', { level: 1, name: 'Forecast & refresh' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Fleet book value and expected market value over time' })).toBeVisible();
  const byCategory = page.getByRole('table', { name: 'Value by category today' });
  await expect(byCategory.locator('tbody tr', { hasText: 'GPU server' })).toContainText(/USD [\d,]+\.\d{2}/u);
  await expect(page.getByRole('region', { name: 'Refresh calendar' })).toBeVisible();
  await page.getByLabel('Interest rate (% a year)').fill('abc');
  await expect(page.getByTestId('typing-problems')).toContainText('Interest rate: a percentage');
  await page.getByLabel('Interest rate (% a year)').fill('12');
  await expect(page.getByTestId('typing-problems')).toBeHidden();
  await page.getByLabel('Horizon').selectOption('60');
  await expect(byCategory.locator('tbody tr').first()).toBeVisible();
});

test('the refresh calendar prices each quarter: proceeds, replacement capex and energy saved; a hold-until age adds lots', async ({ page }) => {
  await page.goto('/#/forecast');
  const calendar = page.getByRole('region', { name: 'Refresh calendar' });
  // The demo's H100 lots are compared with the B200 by performance per unit: some are due.
  const firstQuarter = calendar.locator('.refresh-quarter').first();
  await expect(firstQuarter).toBeVisible();
  const sums = firstQuarter.locator('.quarter-sums');
  await expect(sums).toContainText(/Expected proceeds\s*USD [\d,]+\.\d{2}/u);
  await expect(sums).toContainText(/Replacement capex\s*USD [\d,]+\.\d{2}/u);
  await expect(sums).toContainText(/Energy saved a year\s*-?USD [\d,-]+\.\d{2} · -?[\d,]+\.\d MWh/u);
  const economics = calendar.locator('tr.refresh-lot', { hasText: 'Economics' }).first();
  await expect(economics).toContainText(/\d+ × Supermicro SYS-A21GE-NBRT/u);
  await expect(calendar.locator('tr.refresh-lot', { hasText: 'Age' })).toHaveCount(0);

  // Hold everything until 5 years: the 2021 R740 lots are due now, by age, replaced by R750s.
  await page.getByLabel('Hold until age (years)').fill('5');
  const r740 = calendar.locator('tr.refresh-lot', { hasText: 'CPU-R740-2021-01' });
  await expect(r740).toContainText('Age');
  await expect(r740).toContainText(/\d+ × Dell PowerEdge R750/u);
  await expect(calendar.locator('tr.refresh-why', { hasText: 'Reaches the hold-until age of 5 years' }).first()).toBeVisible();
  // Lots due by age with no successor have no energy figure: said so, not summed as saving 0.0 MWh.
  await page.getByLabel('Hold until age (years)').fill('3');
  await expect(calendar.locator('.quarter-sums', { hasText: /Energy saved a year.*\(\+\d+ not known\)/u }).first()).toBeVisible();
  await page.getByLabel('Hold until age (years)').fill('five');
  await expect(page.getByTestId('typing-problems')).toContainText('Hold until age: a number of years');
});

test('fleet value is one figure: the lots list, the depreciation report and the forecast show the same book value today, commitments apart', async ({ page }) => {
  await page.goto('/#/lots');
  const listTotal = page.getByTestId('total-nbv');
  await expect(listTotal).toContainText('USD');
  const fromList = ((await listTotal.innerText()).replace(/^Book value\s*/u, '')).trim();
  await expect(page.getByTestId('total-committed')).toContainText('Committed');

  await page.goto('/#/report');
  await expect(page.getByTestId('nbv-as-of')).toHaveText(fromList);

  await page.goto('/#/forecast');
  await expect(page.getByTestId('forecast-book-today')).toHaveText(fromList);
  await expect(page.getByTestId('forecast-commitments')).toContainText(/Committed, not owned yet: \d+ planned or ordered lots?/u);
});

test('the forecast shows the value of lots in every currency, whatever the base currency', async ({ page }) => {
  await page.goto('/#/lots');
  const fromList = ((await page.getByTestId('total-nbv').innerText()).replace(/^Book value\s*/u, '')).trim();
  // The demo's lots are all in USD; with EUR as the base currency, their value must not vanish.
  await page.goto('/#/settings');
  const base = page.getByLabel('Base currency');
  await base.fill('EUR');
  await base.press('Enter');
  await expect(page.getByText('Base currency set to EUR')).toBeVisible();
  await page.goto('/#/forecast');
  await expect(page.getByRole('heading', { name: 'Fleet value, USD' })).toBeVisible();
  await expect(page.getByTestId('forecast-book-today')).toHaveText(fromList);
  // Own vs rent too: the USD lots' owned and rented cost is summed and charted, not left out.
  await page.goto('/#/own-vs-rent');
  await expect(page.getByRole('heading', { name: 'Owned against rented, USD' })).toBeVisible();
  await expect(page.getByTestId('ovr-summary')).toContainText(/lots? with a rental price: owning has cost USD [\d,]+\.\d{2}/u);
  await expect(page.getByRole('img', { name: 'Cumulative owned and rental cost over time' })).toBeVisible();
});

test('an own sale is set against what the forecast said 6 and 12 months before it', async ({ page }) => {
  await page.goto('/#/forecast');
  await expect(page.getByTestId('accuracy-empty')).toBeVisible();

  // Sell the sanitised A100 lot the demo keeps for a broker.
  await page.goto('/#/lots');
  await page.getByLabel('Status').selectOption('sanitised');
  await page.locator('.grid-row').first().click();
  const code = ((await page.getByRole('heading', { level: 1 }).innerText()) ?? '').trim();
  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Disposition').selectOption('sold');
  await dialog.getByLabel(/^Proceeds/u).fill('33600.00');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.page-header .badge')).toHaveText('Disposed');

  await page.goto('/#/forecast');
  const table = page.getByRole('table', { name: 'Own sales against the forecast' });
  await expect(table).toContainText(code);
  await expect(page.getByTestId('accuracy-summary')).toContainText('6 months before: 1 sale, median error of the p50');
});

test('own vs rent: the demo’s rental prices compare owned and rented work, a category prices its other models, and the scenario recomputes at once', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByRole('link', { name: 'Own vs rent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Own vs rent' })).toBeVisible();
  await expect(page.getByTestId('ovr-no-prices')).toHaveCount(0);
  await expect(page.getByTestId('ovr-summary')).toContainText('since they went into service');
  const table = page.getByRole('table', { name: 'Own vs rent by lot' });
  // The Supermicro H100 carries prices; the Dell H100 borrows them from its category; switches have none.
  await expect(table).toContainText('/h (from its category)');
  await expect(table).toContainText('none in the book');
  await expect(page.getByRole('img', { name: 'Cumulative owned and rental cost over time' }).or(page.getByLabel('Cumulative owned and rental cost over time')).first()).toBeVisible();
  // At 100 % utilisation on demand, renting the same work costs more than at 70 %: the summary changes.
  const before = await page.getByTestId('ovr-summary').innerText();
  await page.getByLabel('Assumed utilisation (%)').fill('100');
  await expect(page.getByTestId('ovr-summary')).not.toHaveText(before);
  await expect(page.getByTestId('ovr-summary')).toContainText('Utilisation 100 % is assumed');
  await page.getByLabel('Assumed utilisation (%)').fill('130');
  await expect(page.getByTestId('typing-problems')).toContainText('Assumed utilisation: a percentage from 0 to 100');

  // A priced lot's Value tab shows the same for that lot.
  await page.getByLabel('Assumed utilisation (%)').fill('70');
  await table.getByRole('row').filter({ hasText: '/h' }).filter({ hasNotText: 'none in the book' }).first().getByRole('link').click();
  await page.getByRole('tab', { name: 'Value' }).click();
  await expect(page.getByTestId('lot-own-vs-rent')).toContainText('Break-even utilisation');
});

async function importFile(page: Page, button: string, name: string, csv: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('utilisation: a bad file imports nothing; a good one is previewed, recorded on its lots and used instead of the assumption', async ({ page }) => {
  await page.goto('/#/own-vs-rent');
  const byLot = page.getByRole('table', { name: 'Own vs rent by lot' });
  const h100 = byLot.getByRole('row').filter({ has: page.getByRole('link', { name: 'GPU-H100-2024-01', exact: true }) });
  await expect(h100).toContainText('70 % assumed');

  let dialog = await importFile(page, 'Import utilisation…', 'bad.csv', 'lot_code,month,utilisation_percent\nGPU-H100-2024-01,2026-12,120\nNOPE,2026-11,50\n');
  await expect(dialog.getByTestId('import-errors-summary')).toContainText('2 problems in bad.csv. Nothing has been imported');
  await expect(dialog.getByTestId('import-error').first()).toContainText('"120" is not a percentage from 0 to 100');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(h100).toContainText('70 % assumed');

  const month = new Date().toISOString().slice(0, 7);
  dialog = await importFile(page, 'Import utilisation…', 'dcim.csv', `lot_code,month,utilisation_percent\nGPU-H100-2024-01,${month},92.5\nGPU-H100-2024-01,2025-01,60\nGPU-A100-2022-01,${month},40\n`);
  await expect(dialog.getByTestId('import-summary')).toHaveText('2 lots: 3 months added, 0 months replaced.');
  await dialog.getByRole('button', { name: 'Import 3 months' }).click();
  await expect(dialog).toBeHidden();
  await expect(h100).toContainText('92.5 % recorded');
  await expect(page.getByTestId('ovr-summary')).toContainText('Utilisation is recorded for some months of 2 lots; 70 % is assumed for every other month.');

  // The same file again changes nothing; the lot's history and Value tab show the record.
  dialog = await importFile(page, 'Import utilisation…', 'dcim.csv', `lot_code,month,utilisation_percent\nGPU-H100-2024-01,${month},92.5\n`);
  await expect(dialog.getByTestId('import-summary')).toContainText('changes nothing');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await h100.getByRole('link').click();
  await page.getByRole('tab', { name: 'Value' }).click();
  const recorded = page.getByRole('table', { name: 'Recorded utilisation' });
  await expect(recorded).toContainText('92.5 %');
  await expect(recorded).toContainText('2025-01');
  await expect(page.getByTestId('lot-own-vs-rent').locator('..')).toContainText('recorded; 2 of its months recorded');
});

test('utilisation entered on a lot, changed and removed; the team’s assumption set in Settings', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByLabel('Assumed utilisation (%)').fill('55');
  await page.getByLabel('Assumed utilisation (%)').press('Enter');
  await expect(page.getByText('Own vs rent now assumes 55 % utilisation where none is recorded')).toBeVisible();

  await page.goto('/#/own-vs-rent');
  await expect(page.getByLabel('Assumed utilisation (%)')).toHaveValue('55');
  const byLot = page.getByRole('table', { name: 'Own vs rent by lot' });
  await byLot.getByRole('link', { name: 'CPU-R760-2025-01', exact: true }).click();
  await page.getByRole('tab', { name: 'Value' }).click();
  await expect(page.getByTestId('utilisation-none')).toBeVisible();
  const form = page.getByRole('form', { name: 'Record utilisation' });
  await form.getByLabel('Month').fill('2026-10');
  await form.getByLabel('Utilisation (%)').fill('101');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('alert')).toContainText('a percentage from 0 to 100');
  await form.getByLabel('Utilisation (%)').fill('64');
  await form.getByRole('button', { name: 'Record' }).click();
  const recorded = page.getByRole('table', { name: 'Recorded utilisation' });
  await expect(recorded).toContainText('64 %');
  await form.getByLabel('Month').fill('2026-10');
  await form.getByLabel('Utilisation (%)').fill('66.5');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(recorded).toContainText('66.5 %');
  await expect(recorded.getByRole('row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Remove 2026-10' }).click();
  await expect(page.getByTestId('utilisation-none')).toBeVisible();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('list', { name: 'Events' })).toContainText('Utilisation2026-10: 64 %→2026-10: 66.5 %');
});

test('a utilisation that cannot be recorded is marked on its field, described by the message, and said again when tried again', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill('CPU-R760-2025-01');
  await page.locator('.grid-row', { hasText: 'CPU-R760-2025-01' }).first().click();
  await page.getByRole('tab', { name: 'Value' }).click();
  const form = page.getByRole('form', { name: 'Record utilisation' });
  const percent = form.getByLabel('Utilisation (%)');
  await percent.fill('101');
  await form.getByRole('button', { name: 'Record' }).click();
  const message = 'Utilisation is a percentage from 0 to 100, at most two decimals.';
  await expect(page.getByRole('alert')).toHaveText(message);
  await expect(percent).toHaveAttribute('aria-invalid', 'true');
  await expect(percent).toHaveAccessibleDescription(message);
  // The keyboard is taken to the field to correct.
  await expect(percent).toBeFocused();
  await expect(form.getByLabel('Month')).not.toHaveAttribute('aria-invalid', 'true');
  // The same refusal again is new content in the alert (read out again), not silence.
  const alertNode = await page.getByRole('alert').elementHandle();
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('alert')).toHaveText(message);
  expect(await alertNode?.evaluate((n) => n.isConnected)).toBe(false);
  await percent.fill('64');
  await percent.press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(percent).not.toHaveAttribute('aria-invalid', 'true');
});

test('rental prices imported from CSV into the models’ books; a planned purchase shows buy against rent with its assumptions', async ({ page }) => {
  await page.goto('/#/models');
  const header = 'manufacturer,model,term,performance_per_instance,price_per_hour,currency,date,source';
  const dialog = await importFile(page, 'Import rental prices…', 'cloud.csv', `${header}\nSupermicro,SYS-A21GE-NBRT (HGX B200 8-GPU),on-demand,4.5,140.00,USD,2026-11-01,Cloud list price\nNVIDIA,Quantum-2 QM9700,1-year,1,3.10,USD,2026-11-01,Colo quote\n`);
  await expect(dialog.getByTestId('import-summary')).toHaveText('2 rental prices for 2 models.');
  await dialog.getByRole('button', { name: 'Import 2 rental prices' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Imported 2 rental prices for 2 models from cloud.csv')).toBeVisible();

  await page.goto('/#/own-vs-rent');
  const planned = page.getByRole('table', { name: 'Planned purchases: buy or rent' });
  const b200 = planned.getByRole('row').filter({ has: page.getByRole('link', { name: 'GPU-B200-2027-01', exact: true }) });
  await expect(b200).toContainText(/buying costs less|renting costs less/u);
  await expect(planned.getByRole('row').filter({ hasText: 'IB-QM9700-2027-01' })).toContainText('Not compared: no on demand rental price');
  await page.getByLabel('Rental term').selectOption('1-year');
  await expect(planned.getByRole('row').filter({ hasText: 'IB-QM9700-2027-01' })).toContainText(/costs less/u);
  await page.getByLabel('Hold for (months)').fill('24');
  await expect(planned.getByRole('row').filter({ hasText: 'IB-QM9700-2027-01' })).toContainText('(24 months)');
  await page.getByLabel('Rental term').selectOption('on-demand');

  await b200.getByRole('link').click();
  await page.getByRole('tab', { name: 'Value' }).click();
  await expect(page.getByTestId('lot-buy-or-rent')).toContainText('Net present value of buying');
  const assumptions = page.getByTestId('lot-buy-or-rent-assumptions');
  await expect(assumptions).toContainText('market curve’s p50 for a used unit');
  await expect(assumptions).toContainText('Cloud list price');
  await expect(assumptions).toContainText('assumed for every month');
});

test('category rental prices: kept for a whole category, they price its models without their own', async ({ page }) => {
  await page.goto('/#/own-vs-rent');
  const byLot = page.getByRole('table', { name: 'Own vs rent by lot' });
  const storage = byLot.getByRole('row').filter({ has: page.getByRole('link', { name: 'STO-SSG640-2025-01', exact: true }) });
  await expect(storage).toContainText('none in the book');

  await page.goto('/#/models');
  await page.getByRole('button', { name: 'Category rental prices…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Category rental prices' });
  await dialog.getByLabel('Category').selectOption('storage-server');
  await dialog.getByRole('button', { name: 'Add a rental price' }).click();
  await dialog.getByLabel('Price an hour of rental price 1').fill('abc');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Storage server: Rental price 1');
  await dialog.getByLabel('Price an hour of rental price 1').fill('1.50');
  await dialog.getByLabel('Work of one instance of rental price 1').fill('10');
  await dialog.getByLabel('Source of rental price 1').fill('Object storage list price');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Category rental prices saved')).toBeVisible();

  await page.goto('/#/own-vs-rent');
  await expect(storage).toContainText('USD 1.50/h (from its category)');
  await expect(page.getByRole('table', { name: 'Own vs rent by category' })).toContainText('Storage server');
});

test('a percentage field refuses what no one types as a percentage: blank, 0x10, 1e1 (JavaScript reads them as 0, 16 and 10)', async ({ page }) => {
  await page.goto('/#/settings');
  const assumed = page.getByLabel('Assumed utilisation (%)');
  await assumed.fill('0x10');
  await assumed.press('Enter');
  await expect(page.getByText('A percentage from 0 to 100, at most two decimals.')).toBeVisible();
  await expect(page.getByText(/Own vs rent now assumes/u)).toHaveCount(0);

  await page.goto('/#/forecast');
  await expect(page.getByRole('region', { name: 'Refresh calendar' })).toBeVisible();
  await page.getByLabel('Interest rate (% a year)').fill('');
  await expect(page.getByTestId('typing-problems')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Refresh calendar' })).toBeHidden();

  await page.goto('/#/own-vs-rent');
  await expect(page.getByTestId('ovr-summary')).toBeVisible();
  await page.getByLabel('Assumed utilisation (%)').fill('0x10');
  await expect(page.getByTestId('typing-problems')).toBeVisible();
  // A decimal comma is a percentage, and the summary writes it as one.
  await page.getByLabel('Assumed utilisation (%)').fill('72,5');
  await expect(page.getByTestId('ovr-summary')).toContainText('72.5 % is assumed');
  await page.getByLabel('Assumed utilisation (%)').fill('70');
  await page.getByLabel('Interest rate (% a year)').fill(' ');
  await expect(page.getByTestId('typing-problems')).toBeVisible();
  await page.getByLabel('Interest rate (% a year)').fill('8');
  await expect(page.getByTestId('typing-problems')).toBeHidden();

  await page.getByRole('table', { name: 'Own vs rent by lot' }).getByRole('link', { name: 'CPU-R760-2025-01', exact: true }).click();
  await page.getByRole('tab', { name: 'Value' }).click();
  const form = page.getByRole('form', { name: 'Record utilisation' });
  await form.getByLabel('Month').fill('2026-10');
  await form.getByLabel('Utilisation (%)').fill('1e1');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('alert')).toContainText('a percentage from 0 to 100');
  await expect(page.getByRole('table', { name: 'Recorded utilisation' })).toHaveCount(0);
});

test('a depreciation field the form marks wrong stops the save: it never saves the value it had before', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('POL-001');
  const modelSelect = create.getByLabel('Hardware model');
  await modelSelect.selectOption((await modelSelect.locator('option').nth(1).getAttribute('value')) ?? '');
  await create.getByLabel('Unit cost').fill('1000.00');
  const book = create.getByRole('group', { name: 'Book depreciation' });
  await book.getByLabel('Useful life (years)').fill('abc');
  await expect(book).toContainText('Life in years, in whole months');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeVisible();
  await expect(book.getByLabel('Useful life (years)')).toBeFocused();
  await book.getByLabel('Useful life (years)').fill('4');
  await book.getByLabel('Method').selectOption('declining-balance');
  await book.getByLabel('Factor').fill('');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(book.getByLabel('Factor')).toHaveAttribute('aria-invalid', 'true');
  await expect(create).toBeVisible();
  await book.getByLabel('Factor').fill('1.5');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await page.getByRole('tab', { name: 'Finance' }).click();
  await expect(page.getByText('4 y declining balance ×1.5')).toBeVisible();

  // The same in Edit lot: the life shown wrong is not saved as the one it had.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit lot' });
  await edit.getByRole('group', { name: 'Book depreciation' }).getByLabel('Useful life (years)').fill('4.1');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('group', { name: 'Book depreciation' }).getByLabel('Useful life (years)')).toBeFocused();
  await expect(edit).toBeVisible();

  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Edit GPU server templates' }).click();
  const form = page.getByRole('form', { name: 'GPU server templates' });
  await form.getByRole('group', { name: 'Book' }).getByLabel('Salvage (% of cost)').fill('150');
  await form.getByRole('button', { name: 'Save templates' }).click();
  await expect(form).toBeVisible();
  await expect(page.getByRole('row', { name: /GPU server/u })).toContainText('10 % salvage');
});

test('a revised life must be a number of years in whole months: 0x10, 1e1 and 4.1 are refused, not read as 16, 10 and 49 months', async ({ page }) => {
  await openInServiceLot(page, 'CPU');
  await page.getByRole('tab', { name: 'Finance' }).click();
  await page.getByRole('button', { name: 'Revise life or salvage…' }).click();
  const dialog = page.getByRole('dialog');
  for (const typed of ['0x10', '1e1', '4.1']) {
    await dialog.getByLabel('New useful life (years)').fill(typed);
    await dialog.getByRole('button', { name: 'Record' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Useful life: a number of years in whole months');
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: 'Discard the revision?' }).getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('list', { name: 'Events' }).locator('li[data-event-type="adjusted"]')).toHaveCount(0);
});

test('a scenario input that cannot be read is the one the message names and marks', async ({ page }) => {
  await page.goto('/#/forecast');
  await expect(page.getByRole('region', { name: 'Refresh calendar' })).toBeVisible();
  await page.getByLabel('Hold until age (years)').fill('abc');
  const alert = page.getByTestId('typing-problems');
  await expect(alert).toContainText('Hold until age');
  await expect(alert).not.toContainText('Interest');
  await expect(page.getByLabel('Hold until age (years)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Interest rate (% a year)')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Hold until age (years)').fill('');
  // 100 % is refused (a rate below 100 % is what the planner takes), and the message says so.
  await page.getByLabel('Interest rate (% a year)').fill('100');
  await expect(alert).toContainText('Interest rate: a percentage from 0 to below 100');
  await expect(page.getByLabel('Interest rate (% a year)')).toHaveAttribute('aria-invalid', 'true');

  await page.goto('/#/own-vs-rent');
  await expect(page.getByTestId('ovr-summary')).toBeVisible();
  await page.getByLabel('Energy (USD/kWh)').fill('0,14');
  await expect(alert).toContainText('Energy price: "0,14" uses a comma');
  await expect(alert).not.toContainText('utilisation');
  await expect(page.getByLabel('Energy (USD/kWh)')).toHaveAttribute('aria-invalid', 'true');
});

test('the depreciation report says which end of its range is missing, rather than that the start is after the end', async ({ page }) => {
  await page.goto('/#/report');
  await page.getByLabel('From').fill('');
  await expect(page.getByTestId('typing-problems')).toHaveText('Choose the start of the range (From).');
  await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('From').fill('2026-01-01');
  await page.getByLabel('To').fill('');
  await expect(page.getByTestId('typing-problems')).toHaveText('Choose the end of the range (To).');
  await page.getByLabel('To').fill('2025-01-01');
  await expect(page.getByTestId('typing-problems')).toHaveText('Choose a range whose start is on or before its end.');
});

test('a scenario or report input marked wrong is described by its own message: a screen reader says why when the person gets back to it', async ({ page }) => {
  await page.goto('/#/forecast');
  await expect(page.getByRole('region', { name: 'Refresh calendar' })).toBeVisible();
  const hold = page.getByLabel('Hold until age (years)');
  const interest = page.getByLabel('Interest rate (% a year)');
  await hold.fill('abc');
  await expect(hold).toHaveAccessibleDescription('Hold until age: a number of years from 0 to 50, or empty for no limit.');
  await interest.fill('100');
  await expect(interest).toHaveAccessibleDescription('Interest rate: a percentage from 0 to below 100, e.g. 8.');
  await expect(hold).toHaveAccessibleDescription('Hold until age: a number of years from 0 to 50, or empty for no limit.');
  await interest.fill('8');
  await expect(interest).toHaveAccessibleDescription('');

  await page.goto('/#/own-vs-rent');
  await expect(page.getByTestId('ovr-summary')).toBeVisible();
  const energy = page.getByLabel('Energy (USD/kWh)');
  await energy.fill('0,14');
  await expect(energy).toHaveAccessibleDescription(/^Energy price: "0,14" uses a comma/u);
  await expect(page.getByLabel('Interest rate (% a year)')).toHaveAccessibleDescription('');

  await page.goto('/#/report');
  const from = page.getByLabel('From');
  const to = page.getByLabel('To');
  await from.fill('2026-01-01');
  await to.fill('');
  await expect(to).toHaveAccessibleDescription('Choose the end of the range (To).');
  // From is right: not marked, not described by a message about To.
  await expect(from).not.toHaveAttribute('aria-invalid', 'true');
  await expect(from).toHaveAccessibleDescription('');
  await to.fill('2025-01-01');
  await expect(from).toHaveAccessibleDescription('Choose a range whose start is on or before its end.');
});

test('the depreciation report heads a period its range cuts with the dates it covers, as its CSV does', async ({ page }) => {
  await page.goto('/#/report');
  await page.getByLabel('Periods').selectOption('quarter');
  await page.getByLabel('From').fill('2026-02-15');
  await page.getByLabel('To').fill('2026-12-31');
  const headings = page.getByRole('table', { name: 'Expense by period' }).locator('thead th');
  // February and March only: not the whole first quarter its label names.
  await expect(headings.nth(1)).toHaveText('FY2026 Q1 (2026-02-01 to 2026-03-31)');
  await expect(headings.nth(2)).toHaveText('FY2026 Q2');
});

test('the depreciation report opens on the team’s fiscal year, not on the calendar year', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByLabel('Fiscal year starts in').selectOption('4');
  await expect(page.getByText('The fiscal year now starts in April')).toBeVisible();
  // The fiscal year (April to March) that holds today, where the browser is.
  const today = await page.evaluate(() => ({ year: new Date().getFullYear(), month: new Date().getMonth() + 1 }));
  const start = today.month >= 4 ? today.year : today.year - 1;
  await page.goto('/#/report');
  await expect(page.getByLabel('From')).toHaveValue(`${start}-04-01`);
  await expect(page.getByLabel('To')).toHaveValue(`${start + 1}-03-31`);
  // By fiscal years, that is one whole year, not the ends of two.
  await page.getByLabel('Periods').selectOption('year');
  await expect(page.getByRole('table', { name: 'Expense by period' }).locator('thead th')).toHaveText(['Category', `FY${start + 1}`, 'Total']);
});

test('the roll-forward closes on the fleet’s net book value at its end: lots received and not yet in service count at cost', async ({ page }) => {
  await page.goto('/#/report');
  const closing = page.getByTestId('roll-closing');
  await expect(closing).toContainText('USD');
  const asOf = page.getByRole('region', { name: 'Net book value at a date' }).getByLabel('As of');
  for (const [from, to] of [[await page.getByLabel('From').inputValue(), await page.getByLabel('To').inputValue()], ['2024-01-01', '2025-06-30']] as const) {
    await page.getByLabel('From').fill(from);
    await page.getByLabel('To').fill(to);
    await asOf.fill(to);
    await expect(page.getByTestId('roll-check')).toHaveText(/^Reconciles/u);
    await expect(closing).toHaveText((await page.getByTestId('nbv-as-of').innerText()).trim());
  }
});

test('the depreciation report’s net book value without a date asks for one, rather than showing a total of 0', async ({ page }) => {
  await page.goto('/#/report');
  const section = page.getByRole('region', { name: 'Net book value at a date' });
  await expect(section.getByTestId('nbv-as-of')).not.toHaveText(/ 0\.00$/u);
  await section.getByLabel('As of').fill('');
  await expect(section.locator('.field-error')).toHaveText('Choose the date to value the fleet at.');
  await expect(section.getByLabel('As of')).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByTestId('nbv-as-of')).toHaveCount(0);
});

test('a planned lot entered with its in-service date books no depreciation: not in the report, not in its header', async ({ page }) => {
  await page.goto('/#/report');
  const from = await page.getByLabel('From').inputValue();
  const closing = page.getByTestId('roll-closing');
  await expect(closing).toContainText('USD');
  const before = await closing.innerText();
  const expense = page.getByRole('table', { name: 'Expense by period' }).locator('tfoot th').last();
  const expenseBefore = await expense.innerText();

  await page.goto('/#/lots');
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('PLAN-AHEAD-1');
  const modelSelect = create.getByLabel('Hardware model');
  await modelSelect.selectOption((await modelSelect.locator('option', { hasText: 'PowerEdge R760 ' }).first().getAttribute('value')) ?? '');
  await create.getByLabel('Status').selectOption('planned');
  await create.getByLabel('Quantity').fill('10');
  await create.getByLabel('Unit cost').fill('10000.00');
  await create.getByLabel('Purchase date').fill(from);
  await create.getByLabel('In-service date').fill(from);
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'PLAN-AHEAD-1' })).toBeVisible();
  const figures = page.locator('[aria-label="Key figures"]');
  await expect(figures).toContainText('committed, not owned yet');
  await expect(figures.locator('.stat', { hasText: 'Accumulated depreciation' }).locator('.value')).toHaveText('—');

  await page.goto('/#/report');
  await expect(page.getByTestId('roll-check')).toHaveText(/^Reconciles/u);
  await expect(closing).toHaveText(before);
  await expect(expense).toHaveText(expenseBefore);
});

test('the depreciation report’s CSV files say their currency, so a USD and a EUR export are told apart', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('EUR-R760-1');
  const modelSelect = create.getByLabel('Hardware model');
  await modelSelect.selectOption((await modelSelect.locator('option', { hasText: 'PowerEdge R760 ' }).first().getAttribute('value')) ?? '');
  await create.getByLabel('Status').selectOption('in-service');
  await create.getByLabel('Quantity').fill('4');
  await create.getByLabel('Unit cost').fill('9000.00');
  await create.getByLabel('Currency').fill('EUR');
  await create.getByLabel('Purchase date').fill('2024-01-10');
  await create.getByLabel('Received date').fill('2024-01-20');
  await create.getByLabel('In-service date').fill('2024-02-01');
  await create.getByLabel('Site').selectOption({ index: 1 });
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();

  await page.goto('/#/report');
  const names: string[] = [];
  for (const currency of ['USD', 'EUR']) {
    await page.getByLabel('Currency').selectOption(currency);
    for (const region of ['Depreciation expense', 'Net book value roll-forward']) {
      const download = page.waitForEvent('download');
      await page.getByRole('region', { name: region }).getByRole('button', { name: 'Export CSV' }).click();
      const name = (await download).suggestedFilename();
      expect(name).toContain(`-${currency}-`);
      names.push(name);
    }
  }
  expect(new Set(names).size).toBe(4);
});

test('with nothing owned yet, the forecast still says what is committed: the planned purchases are not lost from view', async ({ page }) => {
  await page.goto('/#/lots');
  await expect(page.getByRole('grid', { name: 'Lots' })).toBeVisible();
  // A planned purchase of the team's own, then the demo cleared: the ledger owns nothing.
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('PLAN-R760-1');
  const modelSelect = create.getByLabel('Hardware model');
  const model = await modelSelect.locator('option', { hasText: 'PowerEdge R760 ' }).first().getAttribute('value');
  await modelSelect.selectOption(model ?? '');
  await create.getByLabel('Status').selectOption('planned');
  await create.getByLabel('Quantity').fill('4');
  await create.getByLabel('Unit cost').fill('1000.00');
  await create.getByLabel('Purchase date').fill('2027-01-10');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await page.goto('/#/lots');
  await page.getByRole('button', { name: 'Clear demo data…' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Clear demo data' }).click();
  await expect(page.getByText('You are looking at a demo fleet')).toBeHidden();

  await page.goto('/#/forecast');
  await expect(page.getByTestId('forecast-commitments')).toHaveText(
    'No hardware is owned yet. Fleet value counts what is owned, from receipt until disposal. Committed, not owned yet: 1 planned or ordered lot, USD 4,000.00 at cost (the capex pipeline).',
  );
});
