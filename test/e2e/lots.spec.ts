import { expect, test, type Page } from '@playwright/test';

// Every test gets a fresh browser context, so a fresh IndexedDB: the app starts as on a first run.

async function openApp(page: Page, hash = '#/lots') {
  await page.goto(`/${hash}`);
  await expect(page.getByRole('grid', { name: 'Lots' }).or(page.getByRole('heading', { level: 1 })).first()).toBeVisible();
}

/** Opens a toolbar menu (Import ▾, Export ▾) and chooses an item. */
async function chooseFrom(page: Page, menu: string, item: string) {
  await page.getByRole('button', { name: menu, exact: true }).click();
  await page.getByRole('menu', { name: menu }).getByRole('menuitem', { name: item }).click();
}

async function moveDialog(page: Page) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('first run opens on a demo fleet, marked as such', async ({ page }) => {
  await openApp(page);
  await expect(page.getByText('You are looking at a demo fleet')).toBeVisible();
  const rows = page.locator('.grid-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByText(/^\d+ lots$/u).first()).toBeVisible();
  const count = Number((await page.locator('.page-header .muted').first().textContent())?.match(/\d+/u)?.[0]);
  expect(count).toBeGreaterThanOrEqual(30);
});

test('create a lot, move part of it to in-service, edit it, and find it all after a reload', async ({ page }) => {
  await openApp(page);

  // Create
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('E2E-001');
  const modelSelect = create.getByLabel('Hardware model');
  const firstModel = await modelSelect.locator('option').nth(1).getAttribute('value');
  await modelSelect.selectOption(firstModel ?? '');
  await create.getByLabel('Quantity').fill('10');
  await create.getByLabel('Unit cost').fill('25000.00');
  await create.getByLabel('Extra costs (freight, tax, install)').fill('1000.01');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'E2E-001' })).toBeVisible();

  // planned → ordered → received (whole lot)
  await page.getByRole('button', { name: 'Move…' }).click();
  let dialog = await moveDialog(page);
  await dialog.getByLabel('PO number').fill('PO-E2E-1');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.page-header .badge')).toHaveText('Ordered');

  await page.getByRole('button', { name: 'Move…' }).click();
  dialog = await moveDialog(page);
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(page.locator('.page-header .badge')).toHaveText('Received');

  // Move 4 of 10 to in-service: a split
  await page.getByRole('button', { name: 'Move…' }).click();
  dialog = await moveDialog(page);
  await dialog.getByText('In service', { exact: true }).click();
  await dialog.getByLabel('Quantity').fill('4');
  const siteSelect = dialog.getByLabel('Site');
  await siteSelect.selectOption({ index: 1 });
  await dialog.getByRole('button', { name: 'Split and move 4' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'E2E-001.1' })).toBeVisible();
  await expect(page.locator('.page-header .badge')).toHaveText('In service');
  const family = page.getByRole('region', { name: 'Split family' });
  await expect(family.getByRole('link', { name: 'E2E-001', exact: true })).toBeVisible();

  // Edit a field with inline validation
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit lot' });
  await form.getByLabel('Quantity').fill('0');
  await expect(form.getByText('Quantity must be a whole number of at least 1.')).toBeVisible();
  // Save is refused, saying why (a disabled Save did not), and the keyboard goes to the field to fix.
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByRole('alert')).toHaveText('Quantity must be a whole number of at least 1.');
  await expect(form.getByLabel('Quantity')).toBeFocused();
  await form.getByLabel('Quantity').fill('4');
  await form.getByLabel('Supplier').fill('Edited Supplier GmbH');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('region', { name: 'Details' }).getByText('Edited Supplier GmbH')).toBeVisible();

  // Reload: everything persisted, with its events
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'E2E-001.1' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Details' }).getByText('Edited Supplier GmbH')).toBeVisible();
  const history = page.getByRole('list', { name: 'Events' });
  await expect(history.locator('li[data-event-type="edited"]')).toHaveCount(1);
  await expect(history.locator('li[data-event-type="edited"]')).toContainText('Edited Supplier GmbH');
  await expect(history.locator('li[data-event-type="transitioned"]')).toContainText('Received → In service');
  await expect(history.locator('li[data-event-type="created"]')).toContainText('Created by a split');

  // The parent kept the rest, and its cost basis + the child's = the original
  await family.getByRole('link', { name: 'E2E-001', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'E2E-001' })).toBeVisible();
  const stats = page.getByLabel('Key figures');
  await expect(stats).toContainText('Quantity6');
  await expect(stats).toContainText('USD 150,600.01'); // 6 × 25,000 + 600.01 of the 1,000.01 extras
  await expect(page.getByRole('list', { name: 'Events' }).locator('li[data-event-type="split"]')).toContainText('Split off 4 units');
});

test('an illegal move is refused with its reason and changes nothing', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Status').selectOption('planned');
  await page.locator('.grid-row').first().click();
  await expect(page.locator('.page-header .badge')).toHaveText('Planned');
  const code = await page.getByRole('heading', { level: 1 }).textContent();

  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = await moveDialog(page);
  // Only legal targets are offered: from Planned, only Ordered.
  await expect(dialog.getByRole('radiogroup', { name: 'Target status' }).getByRole('radio')).toHaveCount(1);
  await dialog.getByLabel('PO number').fill('');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog.getByTestId('move-refusal')).toHaveText('Not moved: Moving to Ordered needs a PO number.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(code ?? '');
  await expect(page.locator('.page-header .badge')).toHaveText('Planned');
  await expect(page.getByRole('list', { name: 'Events' }).locator('li')).toHaveCount(1);
});

const HEADER = 'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number';

test('a CSV with one bad row imports nothing and names the row', async ({ page }) => {
  await openApp(page);
  const before = await page.locator('.page-header .muted').first().textContent();
  const csv = [
    HEADER,
    'IMP-001,Dell,PowerEdge R760,cpu-server,10,12000.00,USD,2025-01-10,in-service,FRA1,2025-02-01,PO-9',
    'IMP-002,Dell,PowerEdge R760,cpu-server,ten,12000.00,USD,2025-01-10,in-service,FRA1,2025-02-01,PO-9',
    'IMP-003,Dell,PowerEdge R760,cpu-server,5,12000.00,USD,2025-01-10,planned,FRA1,,',
  ].join('\r\n');
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Lots (CSV)…');
  await (await chooser).setFiles({ name: 'bad-lots.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('import-errors-summary')).toContainText('One problem in bad-lots.csv. Nothing has been imported');
  const problem = dialog.getByTestId('import-error');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('3');
  await expect(problem.locator('td').nth(1)).toHaveText('quantity');
  await expect(dialog.getByRole('button', { name: /^Import/u })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.page-header .muted').first()).toHaveText(before ?? '');
  await page.getByLabel('Search lots').fill('IMP-00');
  await expect(page.getByText('No lots match')).toBeVisible();
});

test('a row the ledger would refuse (a model in the catalogue under another category) is named in the preview, not after Import', async ({ page }) => {
  await openApp(page);
  const csv = [
    HEADER,
    'CAT-001,Dell,PowerEdge R740,gpu-server,2,9000.00,USD,2025-01-10,planned,,,',
    'CAT-002,Acme,Widget,other,1,10.00,USD,2025-01-10,planned,,,',
  ].join('\r\n');
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Lots (CSV)…');
  await (await chooser).setFiles({ name: 'cat.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('import-errors-summary')).toContainText('One problem in cat.csv. Nothing has been imported');
  const problem = dialog.getByTestId('import-error');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('2');
  await expect(problem.locator('td').nth(1)).toHaveText('category');
  await expect(problem).toContainText('Dell PowerEdge R740 is cpu-server in the catalogue, not gpu-server');
  await expect(dialog.getByRole('status')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /^Import/u })).toBeDisabled();
});

test('a clean CSV imports every row, with BOM, semicolons and quoted fields', async ({ page }) => {
  await openApp(page);
  const csv = '\uFEFF' + [
    HEADER.replaceAll(',', ';'),
    'CSV-007;Acme;"Widget; Mk II";other;3;99.50;USD;2025-03-01;planned;NEWSITE;;',
    'CSV-008;Acme;"Widget; Mk II";other;2;99.50;USD;2025-03-01;ordered;NEWSITE;;"PO-""8"""',
    '',
  ].join('\r\n');
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Lots (CSV)…');
  await (await chooser).setFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status')).toContainText('2 lots, 5 units, ready to import');
  await dialog.getByRole('button', { name: 'Import 2 lots' }).click();
  await expect(dialog).toBeHidden();
  await page.getByLabel('Search lots').fill('CSV-00');
  await expect(page.locator('.grid-row')).toHaveCount(2);
  await page.locator('.grid-row', { hasText: 'CSV-008' }).click();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('PO-"8"');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Acme Widget; Mk II');
});

test('a real fleet spreadsheet imports as a person would: empty in-service dates filled, a missing PO flagged, every fill listed first', async ({ page }) => {
  await openApp(page);
  const csv = [
    HEADER,
    'LEN-001,Acme,Rack Server R1,cpu-server,2,1500.00,USD,2024-02-01,in-service,AMS1,,PO-1',
    'LEN-002,Acme,Rack Server R1,cpu-server,3,1500.00,USD,2024-02-01,in-service,AMS1,,PO-2',
    'LEN-003,Acme,Rack Server R1,cpu-server,1,1500.00,USD,2024-05-01,ordered,,,',
    '',
  ].join('\n');
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Lots (CSV)…');
  await (await chooser).setFiles({ name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status')).toContainText('3 lots, 6 units, ready to import');
  const fills = dialog.getByTestId('import-fills');
  await expect(fills).toContainText('in_service_date taken from purchase_date in 2 rows (rows 2, 3)');
  await expect(fills).toContainText('po_number empty: the lots are imported flagged “PO missing” in 1 row (row 4)');
  await dialog.getByRole('button', { name: 'Import 3 lots' }).click();
  await expect(dialog).toBeHidden();
  await page.getByLabel('Search lots').fill('LEN-00');
  await expect(page.locator('.grid-row')).toHaveCount(3);
  await expect(page.locator('.grid-row', { hasText: 'LEN-003' }).getByTestId('po-missing')).toBeVisible();
  await expect(page.locator('.grid-row', { hasText: 'LEN-001' }).getByTestId('po-missing')).toHaveCount(0);
  // The lots still missing their PO are one filter away.
  await page.getByLabel('PO', { exact: true }).selectOption('missing');
  await expect(page.locator('.grid-row')).toHaveCount(1);
  await page.getByLabel('PO', { exact: true }).selectOption('');
  await page.locator('.grid-row', { hasText: 'LEN-001' }).click();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('2024-02-01');
});

test('export writes the filtered list as CSV, neutralising formulas', async ({ page }) => {
  await openApp(page);
  // A note that a spreadsheet would run as a formula.
  await page.getByLabel('Status').selectOption('in-service');
  const code = (await page.locator('.grid-row').first().getAttribute('data-lot-code')) ?? '';
  await page.locator('.grid-row').first().click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit lot' });
  await form.getByLabel('Notes').fill('=HYPERLINK("http://evil.example","x")');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('=HYPERLINK');
  await page.getByRole('link', { name: 'Lots' }).first().click();

  const shown = await page.locator('.grid-row').count();
  expect(shown).toBeGreaterThan(1);
  const download = page.waitForEvent('download');
  await chooseFrom(page, 'Export', 'Lots in this list (CSV)');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^fleetledger-lots-filtered-\d{4}-\d{2}-\d{2}\.csv$/u);
  const text = await (await import('node:fs/promises')).readFile((await file.path()) ?? '', 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toMatch(/^lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site/u);
  expect(lines).toHaveLength(shown + 1);
  expect(lines.slice(1).every((l) => l.includes(',in-service,'))).toBe(true);
  const row = lines.find((l) => l.startsWith(`${code},`)) ?? '';
  expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
});

test('clearing the demo fleet leaves an empty ledger', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Clear demo data…' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Clear demo data' }).click();
  await expect(page.getByRole('heading', { name: 'No lots yet' })).toBeVisible();
  await expect(page.getByText('You are looking at a demo fleet')).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'No lots yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.locator('table tbody tr')).toHaveCount(0);
});

test('the command palette jumps to a lot by keyboard', async ({ page }) => {
  await openApp(page);
  const code = (await page.locator('.grid-row').first().getAttribute('data-lot-code')) ?? '';
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
  // Every view the sidebar links to is there too, Conflicts included.
  await page.keyboard.press('Control+k');
  await palette.getByRole('combobox').fill('conflicts');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/conflicts$/u);
});

test('the pipeline shows every stage and starts a move', async ({ page }) => {
  await openApp(page, '#/pipeline');
  for (const stage of ['Procure', 'Deploy', 'Refresh', 'Decommission']) {
    await expect(page.getByRole('region', { name: `${stage} stage` })).toBeVisible();
  }
  await page.getByRole('region', { name: 'Procure stage' }).getByRole('button', { name: /^Move / }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Target status' })).toBeVisible();
});

test('the About/Storage panel shows the persistence answer and usage', async ({ page }) => {
  await openApp(page, '#/settings');
  await expect(page.getByRole('heading', { name: 'Storage', exact: true })).toBeVisible();
  await expect(page.getByText(/used of/u)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'About Fleetledger' })).toBeVisible();
});

test('a lots, units or market prices file with a header and no rows says there is nothing to import, not “ready to import”', async ({ page }) => {
  await openApp(page);
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Lots (CSV)…');
  await (await chooser).setFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\r\n`) });
  let dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status')).toHaveText('The file has a header but no rows: nothing to import.');
  await expect(dialog.getByRole('button', { name: /^Import/u })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.locator('.grid-row').first().click();
  await page.getByRole('tab', { name: 'Units' }).click();
  const unitsChooser = page.waitForEvent('filechooser');
  await page.getByRole('region', { name: 'Units' }).getByRole('button', { name: 'Import CSV…' }).click();
  await (await unitsChooser).setFiles({ name: 'empty-units.csv', mimeType: 'text/csv', buffer: Buffer.from('lot_code,serial\n') });
  dialog = page.getByRole('dialog', { name: 'Import units' });
  await expect(dialog.getByRole('status')).toHaveText('The file has a header but no rows: nothing to import.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.goto('/#/models');
  const marketChooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import market prices…' }).click();
  await (await marketChooser).setFiles({ name: 'empty-prices.csv', mimeType: 'text/csv', buffer: Buffer.from('manufacturer,model,date,unit_price,currency,condition,source\n') });
  dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status')).toHaveText('The file has a header but no rows: nothing to import.');
});

test('a new lot starts in the team’s base currency, not the built-in one', async ({ page }) => {
  await page.goto('/#/settings');
  const base = page.getByLabel('Base currency');
  await base.fill('EUR');
  await base.press('Enter');
  await expect(page.getByText('Base currency set to EUR')).toBeVisible();
  await openApp(page);
  await page.getByRole('button', { name: 'New lot' }).first().click();
  await expect(page.getByRole('dialog', { name: 'New lot' }).getByLabel('Currency')).toHaveValue('EUR');
});

test('a list of one lot says “1 lot”, not “1 lots”', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Search lots').fill('CPU-R750-2023-01');
  await expect(page.locator('.page-header .muted').first()).toHaveText(/^1 of \d+ lots$/u);
  await expect(page.locator('.grid-foot > span').first()).toHaveText('1 lot');
});

test('the footer’s cost basis counts the lots owned, as its book value does: not planned, ordered or disposed lots', async ({ page }) => {
  await openApp(page);
  const status = page.getByRole('search', { name: 'Filter lots' }).getByLabel('Status');
  await status.selectOption({ label: 'Disposed' });
  await expect(page.getByTestId('total-cost')).toHaveText(/^Cost basis owned\s*—$/u);
  await expect(page.getByTestId('total-nbv')).toHaveText(/^Book value\s*—$/u);
  await status.selectOption({ label: 'Ordered' });
  await expect(page.getByTestId('total-cost')).toHaveText(/^Cost basis owned\s*—$/u);
  await expect(page.getByTestId('total-committed')).toContainText('USD');
  await status.selectOption({ label: 'In service' });
  await expect(page.getByTestId('total-cost')).toContainText('USD');
});
