import { expect, test, type Page } from '@playwright/test';

// Coming from Snipe-IT and NetBox, and leaving (issue 15), in the app: each import previews
// first — problems with row and column, the mapping tables, what is filled in or left out — and
// writes all or nothing; each export downloads the other tool's import file.

async function openLots(page: Page) {
  await page.goto('/#/lots');
  await expect(page.getByRole('grid', { name: 'Lots' })).toBeVisible();
}

async function chooseFrom(page: Page, menu: string, item: string) {
  await page.getByRole('button', { name: menu, exact: true }).click();
  await page.getByRole('menu', { name: menu }).getByRole('menuitem', { name: item }).click();
}

const SNIPE_IT = [
  'Asset Tag,Asset Name,Model Name,Model No.,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Status,Warranty,Notes,Company',
  'A-1,,PowerEdge R650,R650,Servers,Dell,MIG-0001,2024-01-15,9500.00,PO-MIG-1,CDW,AMS1,Deployed,36,rack 4,Acme',
  'A-2,,PowerEdge R650,R650,Servers,Dell,MIG-0002,2024-01-15,9500.00,PO-MIG-1,CDW,AMS1,Deployed,36,,Acme',
  'A-3,,PowerEdge R650,R650,Servers,Dell,MIG-0003,2024-01-15,9500.00,PO-MIG-1,CDW,AMS1,Quarantine,36,,Acme',
  'A-4,,PowerEdge R650,R650,Servers,Dell,MIG-0004,2024-01-15,9500.00,PO-MIG-1,CDW,AMS1,Archived,36,,Acme',
  '',
].join('\r\n');

test('Snipe-IT assets: an unknown status blocks the import until mapped; the preview lists fills and left-out assets; the lots and units arrive', async ({ page }) => {
  await openLots(page);
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Snipe-IT assets (CSV)…');
  await (await chooser).setFiles({ name: 'snipeit.csv', mimeType: 'text/csv', buffer: Buffer.from(SNIPE_IT) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('snipeit-unmapped')).toContainText('"Quarantine" (rows 4) is not a status Fleetledger knows');
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await expect(dialog.getByTestId('snipeit-columns')).toContainText('Not kept (Fleetledger has no place for them): Company');

  await dialog.getByLabel('Status Quarantine becomes').selectOption('rma');
  await expect(dialog.getByTestId('import-summary')).toContainText('2 lots, 3 units (3 with serials), ready to import');
  await expect(dialog.getByTestId('import-fills')).toContainText('in_service_date taken from Purchase Date in 2 rows (rows 2, 3)');
  await expect(dialog.getByTestId('import-left-out')).toContainText('1 Archived asset (row 5)');
  // Archived assets may come in as sanitised instead.
  await dialog.getByLabel('Status Archived becomes').selectOption('sanitised');
  await expect(dialog.getByTestId('import-summary')).toContainText('3 lots, 4 units');
  await expect(dialog.getByRole('table', { name: 'Category mapping' })).toContainText('Servers');
  await dialog.getByRole('button', { name: 'Import 3 lots' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Imported 3 lots \(4 units, 4 with serials\) from snipeit\.csv/u)).toBeVisible();
  await page.getByLabel('Search lots').fill('PO-MIG-1');
  await expect(page.locator('.grid-row')).toHaveCount(3);
  await page.locator('.grid-row').filter({ hasText: 'In service' }).first().click();
  await page.getByRole('tab', { name: /Units/u }).click();
  await expect(page.getByText('MIG-0001')).toBeVisible();
});

test('Snipe-IT assets: a model the catalogue has under another category is named in the preview, with the Snipe-IT row, not after Import', async ({ page }) => {
  await openLots(page);
  const file = [
    'Asset Tag,Model Name,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Location,Status',
    'B-1,PowerEdge R740,GPU Servers,Dell,CAT-0001,2024-01-15,9500.00,PO-CAT-1,AMS1,Deployed',
    '',
  ].join('\r\n');
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Snipe-IT assets (CSV)…');
  await (await chooser).setFiles({ name: 'snipeit-cat.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('import-errors-summary')).toContainText('One problem in snipeit-cat.csv. Nothing has been imported');
  const problem = dialog.getByTestId('import-error');
  await expect(problem.locator('td').nth(0)).toHaveText('2');
  await expect(problem.locator('td').nth(1)).toHaveText('Category');
  await expect(problem).toContainText('Dell PowerEdge R740 is cpu-server in the catalogue, not gpu-server');
  await expect(dialog.getByTestId('import-summary')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /^Import/u })).toBeDisabled();
  // Mapping the category as the catalogue has it makes the file ready.
  await dialog.getByLabel('Category GPU Servers becomes').selectOption('cpu-server');
  await expect(dialog.getByTestId('import-summary')).toContainText('1 lots, 1 units (1 with serials), ready to import');
});

test('Snipe-IT assets: a serial the catalogue model’s serial format refuses is named in the preview, with the Snipe-IT row', async ({ page }) => {
  await openLots(page);
  // The demo's Samsung PM9A3 serials are S + 13 letters and digits.
  const file = [
    'Asset Tag,Model Name,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Location,Status',
    'D-1,PM9A3 7.68 TB U.2 NVMe,Drives,Samsung,S4YPNA0R123456,2024-01-15,900.00,PO-FMT-1,AMS1,Deployed',
    'D-2,PM9A3 7.68 TB U.2 NVMe,Drives,Samsung,XY-12345,2024-01-15,900.00,PO-FMT-1,AMS1,Deployed',
    '',
  ].join('\r\n');
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'Snipe-IT assets (CSV)…');
  await (await chooser).setFiles({ name: 'snipeit-fmt.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  const dialog = page.getByRole('dialog');
  const problem = dialog.getByTestId('import-error');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('3');
  await expect(problem.locator('td').nth(1)).toHaveText('Serial Number');
  await expect(problem).toContainText('“XY-12345” is not a valid serial');
  await expect(dialog.getByRole('button', { name: /^Import/u })).toBeDisabled();
});

const R650 = `manufacturer: Dell
model: PowerEdge R650 NetBox
part_number: R650
u_height: 1.0
power-ports:
  - name: PSU1
    maximum_draw: 1100
    allocated_draw: 600
  - name: PSU2
    maximum_draw: 1100
    allocated_draw: 600
`;
const R750 = `manufacturer: Dell
model: PowerEdge R750
u_height: 2
power-ports:
  - name: PSU1
    maximum_draw: 1400
  - name: PSU2
    maximum_draw: 1400
`;

test('NetBox device types: new models created with a category, an existing model changed only where ticked, a broken file named by file and line', async ({ page }) => {
  await openLots(page);
  const chooser = page.waitForEvent('filechooser');
  await chooseFrom(page, 'Import', 'NetBox device types (YAML files)…');
  await (await chooser).setFiles([
    { name: 'PowerEdge-R650.yaml', mimeType: 'application/yaml', buffer: Buffer.from(R650) },
    { name: 'PowerEdge-R750.yaml', mimeType: 'application/yaml', buffer: Buffer.from(R750) },
    { name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from('manufacturer: Acme\nmodel: "Box\n') },
  ]);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('import-summary')).toContainText('2 device types read: 1 new, 1 with changes to confirm');
  await expect(dialog.getByTestId('netbox-problems')).toContainText('broken.yaml:3 is not valid YAML');
  await expect(dialog.getByRole('table', { name: 'New models' })).toContainText('600 W');
  await dialog.getByLabel('Category of Dell PowerEdge R650 NetBox').selectOption('cpu-server');
  const changes = dialog.getByRole('table', { name: 'Changes to models in the catalogue' });
  await expect(changes).toContainText('Power per unit (W)');
  await expect(changes).toContainText('1400');
  await expect(dialog.getByRole('button', { name: 'Create 1, update 0' })).toBeEnabled();
  await dialog.getByLabel('Change Power per unit (W) of Dell PowerEdge R750').check();
  await dialog.getByRole('button', { name: 'Create 1, update 1' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('NetBox device types: 1 models created, 1 updated')).toBeVisible();
  await page.goto('/#/models');
  await expect(page.getByText('PowerEdge R650 NetBox')).toBeVisible();
});

test('exports: units, Snipe-IT assets and NetBox devices download in their formats', async ({ page }) => {
  await openLots(page);
  const read = async (menuItem: string) => {
    const download = page.waitForEvent('download');
    await chooseFrom(page, 'Export', menuItem);
    const file = await download;
    const text = await (await import('node:fs/promises')).readFile((await file.path()) ?? '', 'utf8');
    return { name: file.suggestedFilename(), lines: text.trim().split('\r\n') };
  };
  const snipe = await read('Snipe-IT assets, every item (CSV)');
  expect(snipe.name).toMatch(/^fleetledger-snipeit-assets-\d{4}-\d{2}-\d{2}\.csv$/u);
  expect(snipe.lines[0]).toBe('Asset Tag,Asset Name,Model Name,Model No.,Category,Manufacturer,Serial Number,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Status,Warranty,Asset Notes');
  expect(snipe.lines.length).toBeGreaterThan(10);
  const units = await read('Units (CSV)');
  expect(units.name).toMatch(/^fleetledger-units-\d{4}-\d{2}-\d{2}\.csv$/u);
  expect(units.lines[0]).toBe('lot_code,serial,asset_tag,site,room,rack,u,status,notes');
  await expect(page.getByText(new RegExp(`Exported ${units.lines.length - 1} units to fleetledger-units-`, 'u'))).toBeVisible();
  const netbox = await read('NetBox devices (CSV)');
  expect(netbox.name).toMatch(/^fleetledger-netbox-devices-\d{4}-\d{2}-\d{2}\.csv$/u);
  expect(netbox.lines[0]).toBe('name,role,manufacturer,device_type,status,site,location,rack,position,face,serial,asset_tag,comments');
  expect(netbox.lines.length).toBeGreaterThan(10);
  const netbox3 = await read('NetBox 3 devices (CSV)');
  expect(netbox3.name).toMatch(/^fleetledger-netbox3-devices-\d{4}-\d{2}-\d{2}\.csv$/u);
  expect(netbox3.lines[0]).toBe('name,device_role,manufacturer,device_type,status,site,location,rack,position,face,serial,asset_tag,comments');
  expect(netbox3.lines.slice(1)).toEqual(netbox.lines.slice(1));
});
