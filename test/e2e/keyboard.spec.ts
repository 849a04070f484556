import { inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { createR760Lot, openLots, openUnitsTab, pasteSerials, receive } from './helpers';

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

test('a scan typed after a click elsewhere in the session still lands in the scan box', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'SCAN-CLICK', 6, { status: 'draining' });
  const units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  const session = page.getByRole('dialog', { name: 'Scan session' });
  const input = session.getByLabel('Scan serial');
  await expect(input).toBeFocused();
  await page.keyboard.type('V001\n');
  await expect(session.getByTestId('scan-counts')).toContainText('1 accepted');

  // A click on the result line (or any text of the dialog) takes the focus off the scan box:
  // the scanner's next code was typed into nothing, with no word on screen.
  await session.getByTestId('scan-feedback').click();
  await page.keyboard.type('V002\n');
  await expect(session.getByTestId('scan-counts')).toHaveText('2 accepted · 0 rejected · 4 more expected');
  await expect(session.getByRole('button', { name: 'Remove V002' })).toBeVisible(); // its first character too
  await expect(input).toBeFocused();

  // The paste panel opened and closed with the mouse: its Enter must not swallow the scan either.
  await session.getByText('Paste a column of serials').click();
  await page.keyboard.type('V003\n');
  await expect(session.getByTestId('scan-counts')).toHaveText('3 accepted · 0 rejected · 3 more expected');
  await expect(session.getByText('Paste a column of serials')).toBeVisible();

  // Typing in the paste panel is still typing there; Space on a button still presses it.
  await session.getByLabel('Pasted serials').fill('');
  await session.getByLabel('Pasted serials').focus();
  await page.keyboard.type('V004');
  await expect(session.getByLabel('Pasted serials')).toHaveValue('V004');
  await session.getByRole('button', { name: 'Remove V003' }).focus();
  await page.keyboard.press('Space');
  await expect(session.getByTestId('scan-counts')).toContainText('2 accepted');
});

test('a scan typed after a click elsewhere in the Shipment view still lands in its scan box', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'SHIP-CLICK', 4, { status: 'draining' });
  await receive(page, ['W001', 'W002', 'W003', 'W004']);
  await page.goto('/#/shipment');
  const scanBox = page.getByLabel('Scan serial or asset tag');
  await expect(scanBox).toBeFocused();
  const summary = page.getByTestId('shipment-summary');
  await page.keyboard.type('W001\n');
  await expect(summary).toContainText('1 unit');

  // A click on the view's heading (or any of its text) takes the focus off the scan box: the
  // scanner's next code was typed into nothing, and its Enter too.
  await page.getByRole('heading', { level: 1, name: 'Shipment certificate' }).click();
  await page.keyboard.type('W002\n');
  await expect(page.locator('li[data-serial="W002"]')).toBeVisible(); // its first character too
  await expect(scanBox).toBeFocused();

  // The paste panel opened with the mouse (its toggle has the focus), then a button: the codes
  // still land, and their Enter neither folds the panel nor presses the button.
  await page.getByText('Paste a column of serials or asset tags').click();
  await page.keyboard.type('W003\n');
  await expect(page.locator('li[data-serial="W003"]')).toBeVisible();
  await expect(page.getByLabel('Pasted serials or asset tags')).toBeVisible();
  await page.getByRole('button', { name: 'Clear…' }).focus();
  await page.keyboard.type('W004\n');
  await expect(page.locator('li[data-serial="W004"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear', exact: true })).toHaveCount(0);

  // The reference field still takes typing, and the sidebar's links are left alone.
  await page.getByLabel('Shipment reference').fill('');
  await page.keyboard.type('BOL 1');
  await expect(page.getByLabel('Shipment reference')).toHaveValue('BOL 1');
  await page.getByRole('link', { name: 'Lots', exact: true }).focus();
  await page.keyboard.type('x');
  await expect(page.getByRole('link', { name: 'Lots', exact: true })).toBeFocused();
});

test('a scan typed after a click elsewhere in the Move dialog still names its unit', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'MOVE-CLICK', 4, { status: 'in-service' });
  await receive(page, ['X001', 'X002', 'X003', 'X004']);
  await page.getByRole('button', { name: 'Move…' }).click();
  const move = page.getByRole('dialog', { name: 'Move MOVE-CLICK' });
  const scanBox = move.getByLabel('Scan a unit that moves');
  const named = move.getByRole('list', { name: 'Named units' }).locator('li');
  await scanBox.focus();
  await page.keyboard.type('X001\n');
  await expect(named).toHaveCount(1);

  // A click on the dialog's text, then the scanner: the code was typed into nothing.
  await move.getByText(/^Units that move:/u).click();
  await page.keyboard.type('X002\n');
  await expect(named).toHaveCount(2);
  await expect(move.getByTestId('move-unit-feedback')).toHaveText('X002 moves.'); // its first character too
  await expect(scanBox).toBeFocused();

  // A target chosen with the mouse (a radio has the focus): the code lands, its Enter moves nothing.
  await move.getByRole('radiogroup', { name: 'Target status' }).getByText('Spare').click();
  await page.keyboard.type('X003\n');
  await expect(move).toBeVisible();
  await expect(named).toHaveCount(3);

  // The dialog's text fields still take typing.
  await move.getByLabel('Note').fill('');
  await page.keyboard.type('RMA 7');
  await expect(move.getByLabel('Note')).toHaveValue('RMA 7');
  await expect(named).toHaveCount(3);
});

test('a certificate, labels or a provenance record and back: the focus is on a control, never the page body', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'VIEW-FOCUS', 2, { status: 'draining' });
  const units = await receive(page, ['Y001', 'Y002']);
  const onBody = () => page.evaluate(() => document.activeElement === document.body);

  await units.getByRole('button', { name: 'Certificate' }).click();
  await expect(page.getByRole('button', { name: '← Back to units' })).toBeFocused();
  await expect(page.getByRole('button', { name: '← Back to units' })).toHaveAccessibleDescription('Certificate of sanitisation');
  await page.getByRole('button', { name: '← Back to units' }).click();
  await expect(units.getByRole('button', { name: 'Certificate' })).toBeFocused();

  await units.getByRole('button', { name: 'Labels' }).click();
  await expect(page.getByRole('button', { name: '← Back to units' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(units.getByRole('button', { name: 'Labels' })).toBeFocused();

  await units.getByRole('button', { name: 'Show history of Y002' }).click();
  await page.getByRole('region', { name: 'Unit history' }).getByRole('button', { name: 'Provenance record' }).click();
  await expect(page.getByRole('button', { name: '← Back' })).toBeFocused();
  await page.getByRole('button', { name: '← Back' }).click();
  await expect(page.getByRole('region', { name: 'Unit history' }).getByRole('button', { name: 'Provenance record' })).toBeFocused();

  // The lot's own provenance record, from its header.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Provenance record' }).click();
  await expect(page.getByRole('button', { name: '← Back' })).toBeFocused();
  await page.getByRole('button', { name: '← Back' }).click();
  await expect(page.getByRole('button', { name: 'Provenance record' })).toBeFocused();

  // A shipment's certificate, and back to its scan box.
  await page.goto('/#/shipment');
  await expect(page.getByLabel('Scan serial or asset tag')).toBeFocused();
  await page.keyboard.type('Y001\n');
  await page.getByRole('button', { name: 'Certificate (1 unit)' }).click();
  await expect(page.getByRole('button', { name: '← Back to shipment' })).toBeFocused();
  await page.getByRole('button', { name: '← Back to shipment' }).click();
  await expect(page.getByLabel('Scan serial or asset tag')).toBeFocused();
  expect(await onBody()).toBe(false);
});

test('Alt+0…9 go by the key pressed, not the character it types, and never from under an open dialog', async ({ page }) => {
  await openLots(page);
  await page.keyboard.press('Alt+2');
  await expect(page).toHaveURL(/#\/pipeline$/u);
  await page.keyboard.press('Alt+1');
  await expect(page).toHaveURL(/#\/lots$/u);

  // Every view in the navigation goes by the key its hint shows (the desktop View menu shows the same).
  const links = page.getByRole('navigation', { name: 'Views' }).locator('a[title^="Alt+"]');
  await expect(links).toHaveCount(10);
  for (const link of await links.all()) {
    const [hint, href] = [await link.getAttribute('title'), await link.getAttribute('href')];
    await page.keyboard.press(hint ?? '');
    await expect(page).toHaveURL(new RegExp(`${(href ?? '').replace('/', '\\/')}$`, 'u'));
  }
  await page.keyboard.press('Alt+1');
  await expect(page).toHaveURL(/#\/lots$/u);

  // macOS: Option+2 types "™", so the event's key is not "2"; the key pressed is still Digit2.
  await page.evaluate(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '™', code: 'Digit2', altKey: true, bubbles: true })));
  await expect(page).toHaveURL(/#\/pipeline$/u);
  await page.keyboard.press('Alt+1');
  await expect(page).toHaveURL(/#\/lots$/u);

  // Windows: Alt + keypad digits type a character (Alt+0176 is "°"); that is typing, not a view key.
  const search = page.getByLabel('Search lots');
  await search.focus();
  await page.evaluate(() => {
    for (const d of ['0', '1', '7', '6']) document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: d, code: `Numpad${d}`, altKey: true, bubbles: true }));
  });
  await expect(page).toHaveURL(/#\/lots$/u);

  // An open dialog is modal: the view keys and Ctrl+K do not act behind it or replace it.
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('HALF-TYPED');
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toHaveCount(0);
  await expect(create.getByLabel('Lot code')).toHaveValue('HALF-TYPED');
  await expect(page).toHaveURL(/#\/lots$/u);
});

test('the Move dialog shows which target has the keyboard focus', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'MOVE-FOCUS', 2, { status: 'in-service' });
  await page.getByRole('button', { name: 'Move…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Move MOVE-FOCUS' });
  const radios = dialog.getByRole('radio');
  await expect(radios.first()).toBeChecked();
  // To the target group by Tab, as a keyboard user gets there, then along it with the arrows.
  for (let i = 0; i < 10 && !(await radios.first().evaluate((r) => r === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
  await expect(radios.first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const second = radios.nth(1);
  await expect(second).toBeFocused();
  await expect(second).toBeChecked();
  const ring = (radio: typeof second) => radio.evaluate((r) => getComputedStyle(r.closest('label') as HTMLElement).boxShadow);
  expect(await ring(second)).not.toBe('none');
  expect(await ring(radios.first())).toBe('none');
});

test('a commit that fills the lot leaves the focus in the page, not on the body', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'SCAN-FULL', 2, { status: 'draining' });
  const units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).focus();
  await page.keyboard.press('Enter');
  const session = page.getByRole('dialog', { name: 'Scan session' });
  await expect(session.getByLabel('Scan serial')).toBeFocused();
  await page.keyboard.type('U001\nU002\n');
  await session.getByRole('button', { name: 'Commit 2 units' }).focus();
  await page.keyboard.press('Enter');
  await expect(session).toBeHidden();
  // Receive / scan… opened it, and is disabled now that every unit is tracked.
  await expect(units.getByRole('button', { name: 'Receive / scan…' })).toBeDisabled();
  await expect(page.getByRole('main')).toBeFocused();
});

test('the segmented buttons (Book / Tax) show the keyboard focus', async ({ page }) => {
  await page.goto('/#/report');
  const books = page.getByRole('group', { name: 'Books' });
  const book = books.getByRole('button', { name: 'Book' });
  await expect(book).toHaveAttribute('aria-pressed', 'true');
  // Pixels of the focus ring's colour (--focus: #5b8cff in the light theme) on and around the button.
  const box = await book.boundingBox();
  if (!box) throw new Error('Book is not on screen');
  const blue = async () => countPixels(await page.screenshot({ clip: { x: box.x - 6, y: box.y - 6, width: box.width + 12, height: box.height + 12 } }),
    (r, g, b) => Math.abs(r - 0x5b) < 40 && Math.abs(g - 0x8c) < 40 && Math.abs(b - 0xff) < 40);
  const unfocused = await blue();
  await page.keyboard.press('Tab'); // keyboard use: focus moved by script now counts as :focus-visible
  await book.focus();
  expect(await book.evaluate((b) => b.matches(':focus-visible'))).toBe(true);
  // A ring 2 px wide round a button this size is well over a hundred pixels more.
  expect((await blue()) - unfocused).toBeGreaterThan(100);
});

test('the controls in a row of the units grid show the keyboard focus', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'GRID-FOCUS', 3, { status: 'draining' });
  const units = await receive(page, ['U001', 'U002']);
  await page.keyboard.press('Tab'); // keyboard use: focus moved by script now counts as :focus-visible
  for (const control of [units.getByRole('button', { name: 'Show history of U001' }), units.getByLabel('Select U001', { exact: true })]) {
    const box = await control.boundingBox();
    if (!box) throw new Error('not on screen');
    const blue = async () => countPixels(await page.screenshot({ clip: { x: box.x - 6, y: box.y - 6, width: box.width + 12, height: box.height + 12 } }),
      (r, g, b) => Math.abs(r - 0x5b) < 40 && Math.abs(g - 0x8c) < 40 && Math.abs(b - 0xff) < 40);
    await units.getByLabel('Filter units').focus();
    const unfocused = await blue();
    await control.focus();
    expect(await control.evaluate((c) => c.matches(':focus-visible'))).toBe(true);
    // The ring all round the control (2 px of the colour), not a sliver of it.
    expect((await blue()) - unfocused).toBeGreaterThan(2 * (box.width + box.height));
  }
});

test('the lot page tabs work as tabs: arrow keys move between them, Tab goes on to the panel', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'TABS-1', 2, { status: 'in-service' });
  const tabs = page.getByRole('tablist', { name: 'Lot views' });
  const overview = tabs.getByRole('tab', { name: 'Overview' });
  await overview.focus();
  await page.keyboard.press('ArrowRight');
  const finance = tabs.getByRole('tab', { name: 'Finance' });
  await expect(finance).toBeFocused();
  await expect(finance).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Finance' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(tabs.getByRole('tab', { name: 'Units' })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Units' })).toBeVisible();
  await page.keyboard.press('ArrowRight'); // wraps round
  await expect(overview).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.getByRole('tab', { name: 'Units' })).toBeFocused();
  // One Tab stop for the whole tab list: the next Tab leaves it.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('tab');
});

test('the lots grid is one Tab stop: arrow keys along the rows and up to the column headings, Enter opens or sorts', async ({ page }) => {
  await openLots(page);
  const grid = page.getByRole('grid', { name: 'Lots' });
  const count = Number(/\d+/u.exec((await page.locator('.page-header .muted').first().textContent()) ?? '')?.[0]);
  // Only the rows in view are in the page: each says where it is, counted as the grid counts, the heading row first.
  await expect(grid).toHaveAttribute('aria-rowcount', String(count + 1));
  await expect(grid.getByRole('row').first()).toHaveAttribute('aria-rowindex', '1');
  expect(await grid.getByRole('row').evaluateAll((rows) => rows.filter((r) => !r.hasAttribute('aria-rowindex')).length)).toBe(0);
  // The sort is on the sorted column's heading only (aria-sort="none" on the others is read out as noise).
  await expect(grid.locator('[aria-sort]')).toHaveCount(1);
  await expect(grid.getByRole('columnheader', { name: 'Code' })).toHaveAttribute('aria-sort', 'ascending');
  // A grid holds rows only: the totals are beside it.
  await expect(page.getByTestId('total-nbv')).toBeVisible();
  await expect(grid.getByTestId('total-nbv')).toHaveCount(0);

  // One Tab from the last control before it reaches the grid, not eleven sort buttons first.
  await page.getByRole('button', { name: 'Columns' }).focus();
  await page.keyboard.press('Tab');
  await expect(grid).toBeFocused();
  const active = async () => page.locator(`[id="${(await grid.getAttribute('aria-activedescendant')) ?? ''}"]`);
  await expect(await active()).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('ArrowDown');
  await expect(await active()).toHaveAttribute('aria-rowindex', '3');

  // Up past the first row to the headings; along them; Enter sorts by the one there.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(await active()).toHaveAttribute('role', 'columnheader');
  await expect(await active()).toHaveAccessibleName('Code');
  await page.keyboard.press('ArrowRight');
  await expect(await active()).toHaveAccessibleName('Model');
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('columnheader', { name: 'Model' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid).toBeFocused();

  // Back down, to the last lot of the fleet (rendered now, wherever the list was), and Enter opens it.
  await page.keyboard.press('ArrowDown');
  await expect(await active()).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('End');
  await expect(await active()).toHaveAttribute('aria-rowindex', String(count + 1));
  const code = (await (await active()).getAttribute('data-lot-code')) ?? '';
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
});

test('the units of a lot are a table whose rows say where they are', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'UNITS-TABLE', 3, { status: 'draining' });
  const units = await receive(page, ['U001', 'U002', 'U003']);
  // Its rows are reached with Tab through their controls, not with arrow keys: a table, not a grid.
  const table = units.getByRole('table', { name: 'Units of the lot' });
  await expect(table).toHaveAttribute('aria-rowcount', '4');
  await expect(table.getByRole('row').first()).toHaveAttribute('aria-rowindex', '1');
  await expect(table.getByRole('row', { name: /U003/u })).toHaveAttribute('aria-rowindex', '4');
  await expect(table.getByText('3 shown')).toHaveCount(0);
  await expect(units.getByText('3 shown')).toBeVisible();
});

test('Escape in the Edit lot form: closes it when nothing changed, asks before throwing changes away', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'EDIT-ESC', 2, { status: 'in-service' });
  const edit = page.getByRole('button', { name: 'Edit', exact: true });
  const form = page.getByRole('form', { name: 'Edit lot' });
  await edit.click();
  await form.getByLabel('Notes').focus();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  // The keyboard is back where the edit started, not at the top of the page.
  await expect(edit).toBeFocused();

  await page.keyboard.press('Enter');
  await form.getByLabel('Notes').fill('Rack B07 needs a second PDU');
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  // A second Escape keeps the work, and the keyboard goes back into the field.
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(form.getByLabel('Notes')).toHaveValue('Rack B07 needs a second PDU');
  await expect(form.getByLabel('Notes')).toBeFocused();

  await page.keyboard.press('Escape');
  await ask.getByRole('button', { name: 'Discard changes' }).click();
  await expect(form).toBeHidden();
  await expect(edit).toBeFocused();
  await expect(page.getByRole('region', { name: 'Details' })).not.toContainText('Rack B07 needs a second PDU');
});

/** How many pixels of a Chromium screenshot (8-bit RGB or RGBA PNG) match `test`. */
function countPixels(png: Buffer, test: (r: number, g: number, b: number) => boolean): number {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const channels = png[25] === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const rows: Uint8Array[] = [];
  let count = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const prev = rows[y - 1] ?? new Uint8Array(stride);
    const out = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (out[i - channels] ?? 0) : 0;
      const b = prev[i] ?? 0;
      const c = i >= channels ? (prev[i - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] ?? 0;
      out[i] = ((line[i] ?? 0) + predictor) & 0xff;
    }
    rows.push(out);
    for (let x = 0; x < width; x++) if (test(out[x * channels] ?? 0, out[x * channels + 1] ?? 0, out[x * channels + 2] ?? 0)) count++;
  }
  return count;
}

test('Enter in a Settings field saves it and leaves the keyboard in the field', async ({ page }) => {
  await openLots(page);
  await page.goto('/#/settings');
  const name = page.getByLabel('Ledger name');
  await name.fill('Acme GPU fleet');
  await name.press('Enter');
  await expect(page.getByText('The ledger is now called Acme GPU fleet')).toBeVisible();
  // Not dropped onto the page: Tab goes on from here, to the next field.
  await expect(name).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Base currency')).toBeFocused();

  // A value that cannot be saved: the message, and the keyboard stays to correct it.
  const currency = page.getByLabel('Base currency');
  await currency.fill('EU');
  await currency.press('Enter');
  await expect(page.getByText('Use a three-letter ISO 4217 code')).toBeVisible();
  await expect(currency).toBeFocused();
  await currency.fill('EUR');
  await currency.press('Enter');
  await expect(page.getByText('Base currency set to EUR')).toBeVisible();
  await expect(currency).toBeFocused();
});

test('a long form opens with the keyboard in its first field, not on its scrolling body', async ({ page }) => {
  // A laptop's window: the New lot form is taller than the dialog, so the dialog's body scrolls.
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLots(page);
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await expect(create.getByLabel('Lot code')).toBeFocused();
  // A code typed (or scanned) at once lands in it.
  await page.keyboard.type('TYPED-AT-ONCE');
  await expect(create.getByLabel('Lot code')).toHaveValue('TYPED-AT-ONCE');
  // Escape on typed input asks first (forms.spec.ts).
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Discard the new lot?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(create).toBeHidden();

  await page.goto('/#/models');
  await page.getByRole('button', { name: 'New model' }).click();
  await expect(page.getByRole('dialog', { name: 'New model' }).getByLabel('Manufacturer')).toBeFocused();
});

test('the command palette brings the option the arrow keys reach into view', async ({ page }) => {
  await openLots(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const search = palette.getByLabel('Search commands');
  await expect(search).toBeFocused();
  // Every lot: more options than the list shows at once.
  await search.fill('lot');
  const options = palette.getByRole('option');
  await expect(options.nth(20)).toBeAttached();
  // Up from the first goes round to the last, far below the fold of the list.
  await page.keyboard.press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await expect(options.last()).toBeInViewport();
  // And round again to the first, then down the list one by one.
  await page.keyboard.press('ArrowDown');
  await expect(options.first()).toBeInViewport();
  for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowDown');
  await expect(options.nth(16)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(16)).toBeInViewport();
  await expect(search).toBeFocused();
});

test('Enter in a Compliance list saves it and leaves the keyboard in the field', async ({ page }) => {
  await openLots(page);
  await page.goto('/#/settings');
  const card = page.getByRole('region', { name: 'Compliance' });
  const trusted = card.getByLabel('Trusted countries of origin');
  await trusted.fill('us tw');
  await trusted.press('Enter');
  await expect(page.getByText('Trusted countries of origin: US, TW')).toBeVisible();
  await expect(trusted).toHaveValue('US TW');
  // Not dropped onto the page: Tab goes on from here, to the next list.
  await expect(trusted).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(card.getByLabel('Classifications that need a licence to move abroad')).toBeFocused();

  // A list that cannot be saved: the message, and the keyboard stays to correct it.
  const free = card.getByLabel('Countries a transfer to needs no licence');
  await free.fill('NL Holland');
  await free.press('Enter');
  await expect(free).toHaveAccessibleDescription('“Holland” is not an ISO 3166 country code.');
  await expect(free).toBeFocused();
  await free.fill('NL');
  await free.press('Enter');
  await expect(page.getByText('Countries a transfer to needs no licence: NL')).toBeVisible();
  await expect(free).toBeFocused();
});

test('the accepted scans of a session are a list whose items say where they are in all of it', async ({ page }) => {
  await openLots(page);
  await createR760Lot(page, 'SCAN-LIST', 60, { status: 'draining' });
  const units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  const serials = Array.from({ length: 60 }, (_, i) => `L${String(i + 1).padStart(3, '0')}`);
  const session = await pasteSerials(page, serials);
  await expect(session.getByTestId('scan-counts')).toContainText('60 accepted');
  const items = session.getByRole('region', { name: 'Accepted scans' }).getByRole('listitem');
  // Only those in view are rendered; each counts all 60, newest first.
  await expect(items.first()).toContainText('L060');
  await expect(items.first()).toHaveAttribute('aria-setsize', '60');
  await expect(items.first()).toHaveAttribute('aria-posinset', '1');
  await expect(items.nth(1)).toHaveAttribute('aria-posinset', '2');
  expect(await items.count()).toBeLessThan(60);
});
