import { expect, test, type Page } from '@playwright/test';
import { createR760Lot, openLots, openUnitsTab, receive } from './helpers';

// Serial-numbered units (issue 5): a scan session, scan-to-find, moves that name units, and the
// disposal guard with sanitisation records. Every test starts on a fresh IndexedDB (demo fleet).

const openApp = openLots;
/** A draining lot of a storage-bearing model (Dell PowerEdge R760, a CPU server). */
const createLot = (page: Page, code: string, quantity: number) => createR760Lot(page, code, quantity, { status: 'draining' });

const serial = (i: number) => `U${String(i).padStart(3, '0')}`;

test('a scan session of 512 serials: rejections with reasons, one commit, then scan-to-find', async ({ page }) => {
  test.setTimeout(150_000);
  await openApp(page);
  await createLot(page, 'SCAN-512', 512);
  let units = await openUnitsTab(page);
  await expect(units.getByTestId('units-tracked')).toHaveText('Tracked by count only (512)');

  // A first, partial delivery: one serial, pasted.
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  let session = page.getByRole('dialog', { name: 'Scan session' });
  await session.getByText('Paste a column of serials').click();
  await session.getByLabel('Pasted serials').fill(`${serial(0)}\n`);
  await session.getByRole('button', { name: 'Scan pasted serials' }).click();
  await session.getByRole('button', { name: 'Commit 1 unit' }).click();
  await expect(session).toBeHidden();
  await expect(units.getByTestId('units-tracked')).toHaveText('1 of 512 tracked (511 by count only)');

  // The rest, typed by the "scanner": each code + Enter, with two duplicates, one serial already
  // in the fleet, one unreadable code, and one too many.
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  session = page.getByRole('dialog', { name: 'Scan session' });
  const input = session.getByLabel('Scan serial');
  await expect(input).toBeFocused();
  const codes: string[] = [];
  for (let i = 1; i <= 511; i++) {
    codes.push(serial(i));
    if (i === 5) codes.push(serial(3)); // duplicate
    if (i === 100) codes.push(serial(0)); // already in the fleet
    if (i === 200) codes.push('X!'); // unknown format
    if (i === 300) codes.push(serial(250)); // duplicate
  }
  codes.push('U999'); // over the lot's quantity
  // Typed key by key, as a wedge scanner does ('\n' is the Enter key), a few dozen scans per call.
  const started = Date.now();
  for (let i = 0; i < codes.length; i += 32) await page.keyboard.type(codes.slice(i, i + 32).map((c) => `${c}\n`).join(''));
  console.log(`${codes.length} scans typed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await expect(session).toBeVisible(); // Enter never submitted anything
  await expect(session.getByTestId('scan-counts')).toHaveText('511 accepted · 5 rejected · 0 more expected');
  const rejected = session.getByTestId('scan-rejected');
  await expect(rejected).toHaveCount(5);
  await expect(rejected.nth(0)).toContainText('U003 was already scanned in this session (scan #3).');
  await expect(rejected.nth(1)).toContainText('U000 is already in the fleet, in lot SCAN-512.');
  await expect(rejected.nth(2)).toContainText('Unknown format');
  await expect(rejected.nth(3)).toContainText('U250 was already scanned in this session');
  await expect(rejected.nth(4)).toContainText('Over the lot’s quantity');
  await expect(session.getByTestId('scan-feedback')).toContainText('U999 was not added: the lot is full');

  // Review: take one back out, scan it again, commit.
  await session.getByRole('button', { name: 'Remove U511' }).click();
  await expect(session.getByTestId('scan-counts')).toContainText('510 accepted');
  await input.focus();
  await page.keyboard.type('u511'); // any case: serials are canonical upper-case
  await page.keyboard.press('Enter');
  await expect(session.getByTestId('scan-feedback')).toContainText('U511 → SCAN-512 (0 more expected).');
  await session.getByRole('button', { name: 'Commit 511 units' }).click();
  await expect(session).toBeHidden();
  units = page.getByRole('region', { name: 'Units' });
  await expect(units.getByTestId('units-tracked')).toHaveText('512 of 512 tracked');
  await expect(units.getByRole('button', { name: 'Receive / scan…' })).toBeDisabled();
  // The filter says what it matches, all of it (serial, asset tag, room, rack), with no "…" promising more.
  await expect(units.getByLabel('Filter units')).toHaveAttribute('placeholder', 'Filter by serial, asset tag, room or rack');
  await units.getByLabel('Filter units').fill('U51');
  await expect(units.locator('.grid-row')).toHaveCount(2);

  // Scan-to-find from the command palette lands on the unit, with its history.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').focus();
  await page.keyboard.type('u300');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('tab', { name: 'Units' })).toHaveAttribute('aria-selected', 'true');
  const history = page.getByRole('region', { name: 'Unit history' });
  await expect(history.getByRole('heading', { name: 'History of U300' })).toBeVisible();
  await expect(history.locator('li[data-event-type="units-received"]')).toHaveCount(1);
});

test('a partial move names its units; disposal is refused until they have sanitisation records', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await createLot(page, 'MOVE-10', 10);
  let units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  const session = page.getByRole('dialog', { name: 'Scan session' });
  await session.getByText('Paste a column of serials').click();
  await session.getByLabel('Pasted serials').fill(Array.from({ length: 10 }, (_, i) => `M${String(i).padStart(4, '0')}\tsome other column`).join('\r\n'));
  await session.getByRole('button', { name: 'Scan pasted serials' }).click();
  await session.getByRole('button', { name: 'Commit 10 units' }).click();
  await expect(session).toBeHidden();
  await expect(units.getByTestId('units-tracked')).toHaveText('10 of 10 tracked');

  // Move 3 named units (scanned into the dialog) to Sanitised: a split that they follow.
  await page.getByRole('button', { name: 'Move…' }).click();
  let move = page.getByRole('dialog');
  await move.getByLabel('Quantity').fill('3');
  await expect(move.getByTestId('move-blocked')).toContainText('name 3 more units that move');
  const scanBox = move.getByLabel('Scan a unit that moves');
  for (const code of ['M0002', 'm0005', 'M0007', 'NOPE01']) {
    await scanBox.focus();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  }
  await expect(move).toBeVisible();
  await expect(move.getByTestId('move-unit-feedback')).toHaveText('NOPE01 is not a unit of MOVE-10.');
  await expect(move.getByRole('list', { name: 'Named units' }).locator('li')).toHaveCount(3);
  await move.getByRole('button', { name: 'Split and move 3' }).click();
  await expect(move).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'MOVE-10.1' })).toBeVisible();
  units = await openUnitsTab(page);
  await expect(units.getByTestId('units-tracked')).toHaveText('3 of 3 tracked');
  await expect(units.locator('.grid-row')).toHaveCount(3);
  expect(await units.locator('.grid-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-serial')).sort())).toEqual(['M0002', 'M0005', 'M0007']);

  // Disposal is refused while the units lack a verified sanitisation record, naming them.
  await page.getByRole('button', { name: 'Move…' }).click();
  move = page.getByRole('dialog');
  await move.getByLabel('Disposition').selectOption('recycled');
  await move.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(move.getByTestId('move-refusal')).toHaveText(
    'Not moved: Disposal needs every storage-bearing unit sanitised with a verified record; missing for M0002, M0005, M0007.',
  );
  await move.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: /^Discard the move/u }).getByRole('button', { name: 'Discard' }).click();

  // Record the sanitisation of the three.
  await units.getByLabel('Select all shown units').check();
  await units.getByRole('button', { name: 'Record sanitisation (3)…' }).click();
  const form = page.getByRole('dialog', { name: 'Record sanitisation' });
  await form.getByLabel('Tool', { exact: true }).fill('nvme-cli');
  await form.getByRole('button', { name: 'Record for 3 units' }).click();
  await expect(form.getByTestId('sanitisation-error')).toContainText('the tool version is missing');
  await form.getByLabel('Tool version').fill('2.8');
  await form.getByLabel('Performed by').fill('A. Technician');
  await form.getByLabel('Media serial').fill('S6CKNE0T123456');
  await form.getByRole('button', { name: 'Record for 3 units' }).click();
  await expect(form).toBeHidden();
  await expect(units.locator('.grid-row .sanitisation-verified')).toHaveCount(3);
  await units.locator('.grid-row', { hasText: 'M0005' }).click();
  const history = page.getByRole('region', { name: 'Unit history' });
  await expect(history.locator('li[data-event-type="sanitised"]')).toHaveCount(1);
  await expect(history.locator('li[data-event-type="split"]')).toHaveCount(1);
  await expect(history.locator('li[data-event-type="units-received"]')).toHaveCount(1);

  // The certificate and the labels are printable views of the same units.
  await units.getByRole('button', { name: 'Certificate' }).click();
  const certificate = page.getByRole('article', { name: 'Certificate of sanitisation' });
  await expect(certificate.locator('tbody tr')).toHaveCount(3);
  await expect(certificate.locator('tr[data-serial="M0002"]')).toContainText('nvme-cli 2.8');
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeVisible();
  await page.getByRole('button', { name: '← Back to units' }).click();
  await units.getByRole('button', { name: 'Labels' }).click();
  const labels = page.locator('.label img');
  await expect(labels).toHaveCount(3);
  expect(await labels.first().getAttribute('src')).toMatch(/^data:image\/png;base64,/u);
  await page.getByRole('button', { name: '← Back to units' }).click();

  // A disposal dated too early is refused before it is tried.
  await page.getByRole('button', { name: 'Move…' }).click();
  move = page.getByRole('dialog');
  await move.getByLabel('Date').fill(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
  // Dated before the move to Sanitised (today) it is refused, as moves are dated in the order they happened;
  // a disposal dated before the sanitisation records themselves is refused too (test/shared/units.test.ts).
  await expect(move.getByTestId('move-blocked')).toContainText('is before MOVE-10.1’s last move (to Sanitised)');
  await move.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: /^Discard the move/u }).getByRole('button', { name: 'Discard' }).click();

  // Now the disposal goes through.
  await page.getByRole('button', { name: 'Move…' }).click();
  move = page.getByRole('dialog');
  await move.getByLabel('Disposition').selectOption('recycled');
  await move.getByLabel(/^Proceeds/u).fill('0');
  await move.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(move).toBeHidden();
  await expect(page.locator('.page-header .badge')).toHaveText('Disposed');
});

test('a units CSV with one bad row imports nothing and names the row; a clean one imports', async ({ page }) => {
  await openApp(page);
  await createLot(page, 'CSV-U', 5);
  const units = await openUnitsTab(page);
  const importFile = async (name: string, csv: string) => {
    const chooser = page.waitForEvent('filechooser');
    await units.getByRole('button', { name: 'Import CSV…' }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    return page.getByRole('dialog', { name: 'Import units' });
  };
  const header = 'lot_code,serial,asset_tag,room,rack,u,status';
  let dialog = await importFile('bad-units.csv', [header, 'CSV-U,C0001,IT-1,H1,R01,10,ok', 'CSV-U,C0002,IT-1,H1,R01,12,ok'].join('\r\n'));
  await expect(dialog.getByTestId('import-errors-summary')).toContainText('One problem in bad-units.csv. Nothing has been imported');
  await expect(dialog.getByTestId('import-error')).toHaveCount(1);
  await expect(dialog.getByTestId('import-error').locator('td').nth(0)).toHaveText('3');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(units.getByTestId('units-tracked')).toHaveText('Tracked by count only (5)');

  dialog = await importFile('units.csv', [header, 'CSV-U,c0001,it-1,H1,R01,10,ok', 'CSV-U,C0002,42,H1,R01,12,faulty', ''].join('\r\n'));
  await expect(dialog.getByRole('status')).toContainText('2 units for CSV-U (2), ready to import.');
  await dialog.getByRole('button', { name: 'Import 2 units' }).click();
  await expect(dialog).toBeHidden();
  await expect(units.getByTestId('units-tracked')).toHaveText('2 of 5 tracked (3 by count only)');
  await expect(units.locator('.grid-row[data-serial="C0002"]')).toContainText('Rack R01');
  await expect(units.locator('.grid-row[data-serial="C0002"]')).toContainText('Faulty');

  // A two-character asset tag (tags may be one character long) is found from the command palette too.
  await page.goto('/#/lots');
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill('42');
  await expect(palette.getByRole('option').first()).toContainText('asset tag 42');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'CSV-U' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unit history' }).getByRole('heading', { name: 'History of C0002' })).toBeVisible();
});

test('"Select all shown" adds and takes out the units shown only; the hidden ones selected are counted', async ({ page }) => {
  await openApp(page);
  await createLot(page, 'SEL-4', 4);
  const units = await receive(page, ['A001', 'A002', 'B001', 'B002']);
  const filter = units.getByLabel('Filter units');
  const all = units.getByLabel('Select all shown units');
  const count = units.getByTestId('units-selected');

  await filter.fill('A0');
  await all.check();
  await expect(count).toHaveText('2 selected');
  // Another filter: its units are added to those ticked before, not put in their place.
  await filter.fill('B0');
  await expect(all).not.toBeChecked();
  await all.check();
  await expect(count).toHaveText('4 selected, 2 of them not shown by the filter');
  await expect(units.getByRole('button', { name: 'Edit (4)…' })).toBeVisible();
  await expect(units.getByRole('button', { name: 'Certificate (4)' })).toBeVisible();
  // Unticked: the shown units leave the selection, the hidden ones stay (and are still said).
  await all.uncheck();
  await expect(count).toHaveText('2 selected, 2 of them not shown by the filter');
  await expect(units.getByRole('button', { name: 'Record sanitisation (2)…' })).toBeVisible();
  await filter.fill('');
  await expect(count).toHaveText('2 selected');
  for (const s of ['A001', 'A002']) await expect(units.getByLabel(`Select ${s}`)).toBeChecked();
  for (const s of ['B001', 'B002']) await expect(units.getByLabel(`Select ${s}`)).not.toBeChecked();
});
