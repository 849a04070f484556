import { expect, test, type Page } from '@playwright/test';
import { createR760Lot, openLots, openUnitsTab, pasteSerials, receive } from './helpers';

// Issue 5, the rest of it: editing units' place and condition (with their history), a
// scan-to-move that racks the units it moves, and one scan session for every lot of a PO.
// Every test starts on a fresh IndexedDB (demo fleet) and creates the lots it needs.

const openApp = openLots;
const createLot = (page: Page, code: string, quantity: number, poNumber = '') => createR760Lot(page, code, quantity, { status: 'in-service', poNumber });

async function goToLot(page: Page, code: string) {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill(code);
  await expect(palette.getByRole('option', { name: new RegExp(`^lot ${code.replace('.', '\\.')} `, 'u') })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
}

test('rack units by editing one or many; each edit is in the unit’s history', async ({ page }) => {
  await openApp(page);
  await createLot(page, 'EDIT-4', 4);
  const units = await receive(page, ['E0001', 'E0002', 'E0003', 'E0004']);
  await expect(units.getByTestId('units-tracked')).toHaveText('4 of 4 tracked');

  // Tick E0001, then Shift+click E0003: the run E0001–E0003 is selected.
  await units.getByLabel('Select E0001').check();
  await units.getByLabel('Select E0003').click({ modifiers: ['Shift'] });
  await expect(units.getByLabel('Select E0002')).toBeChecked();
  await expect(units.getByLabel('Select E0004')).not.toBeChecked();
  await units.getByRole('button', { name: 'Edit (3)…' }).click();
  let edit = page.getByRole('dialog', { name: 'Edit units' });
  await edit.getByLabel('Room').fill('Hall 1');
  await edit.getByLabel('Rack', { exact: true }).fill('B07');
  // One U for three units is refused, and nothing is written.
  await edit.getByLabel('U (rack position)').fill('12');
  await edit.getByRole('button', { name: 'Save 3 units' }).click();
  await expect(edit.getByTestId('edit-units-error')).toContainText('U12 of rack B07 is given to E0001, E0002, E0003');
  await edit.getByLabel('U (rack position)').fill('');
  await edit.getByRole('button', { name: 'Save 3 units' }).click();
  await expect(edit).toBeHidden();
  for (const s of ['E0001', 'E0002', 'E0003']) await expect(units.locator(`.grid-row[data-serial="${s}"]`)).toContainText('Room Hall 1 · Rack B07');
  await expect(units.locator('.grid-row[data-serial="E0004"]')).not.toContainText('B07');

  // One unit, by keyboard: its history, then "Edit this unit…": rack position and condition.
  await units.getByRole('button', { name: 'Show history of E0002' }).focus();
  await page.keyboard.press('Enter');
  const history = page.getByRole('region', { name: 'Unit history' });
  await expect(history.getByRole('heading', { name: 'History of E0002' })).toBeVisible();
  await history.getByRole('button', { name: 'Edit this unit…' }).click();
  edit = page.getByRole('dialog', { name: 'Edit units' });
  await expect(edit.getByLabel('Rack', { exact: true })).toHaveValue('B07');
  await edit.getByLabel('U (rack position)').fill('12');
  await edit.getByLabel('Condition').selectOption('faulty');
  await edit.getByLabel('Note for the history').fill('Failed burn-in, RMA 4411');
  await edit.getByRole('button', { name: 'Save 1 unit' }).click();
  await expect(edit).toBeHidden();
  await expect(units.locator('.grid-row[data-serial="E0002"]')).toContainText('Rack B07 · U12');
  await expect(units.locator('.grid-row[data-serial="E0002"]')).toContainText('Faulty');

  const updates = history.locator('li[data-event-type="units-updated"]');
  await expect(updates).toHaveCount(2);
  await expect(updates.nth(0)).toContainText('U: — → 12 · Condition: OK → Faulty');
  await expect(updates.nth(0)).toContainText('Failed burn-in, RMA 4411');
  await expect(updates.nth(1)).toContainText('Room: — → Hall 1 · Rack: — → B07');
  await expect(history.getByTestId('unit-place')).toContainText('Rack B07 · U12 · Faulty');
});

test('scan-to-move: the units that move get the room and rack in the same move', async ({ page }) => {
  await openApp(page);
  await createLot(page, 'RACK-4', 4);
  await receive(page, ['R0001', 'R0002', 'R0003', 'R0004']);

  await page.getByRole('button', { name: 'Move…' }).click();
  const move = page.getByRole('dialog');
  await move.getByRole('radiogroup', { name: 'Target status' }).getByText('Spare').click();
  await move.getByLabel('Quantity').fill('2');
  // A scanned rack label ends with Enter: it moves on to the scan box, never submits the move.
  await move.getByLabel('Room they go to').fill('Store 2');
  await move.getByLabel('Rack they go to').focus();
  await page.keyboard.type('SHELF-3\n');
  await expect(move.getByLabel('Scan a unit that moves')).toBeFocused();
  await page.keyboard.type('R0001\nr0003\n');
  await expect(move).toBeVisible();
  await expect(move.getByRole('list', { name: 'Named units' }).locator('li')).toHaveCount(2);
  await move.getByRole('button', { name: 'Split and move 2' }).click();
  await expect(move).toBeHidden();

  await expect(page.getByRole('heading', { level: 1, name: 'RACK-4.1' })).toBeVisible();
  const units = await openUnitsTab(page);
  await expect(units.locator('.grid-row')).toHaveCount(2);
  for (const s of ['R0001', 'R0003']) await expect(units.locator(`.grid-row[data-serial="${s}"]`)).toContainText('Room Store 2 · Rack SHELF-3');
  await units.getByRole('button', { name: 'Show history of R0003' }).click();
  const history = page.getByRole('region', { name: 'Unit history' });
  await expect(history.locator('li[data-event-type="split"]')).toHaveCount(1);
  await expect(history.locator('li[data-event-type="units-updated"]')).toContainText('Room: — → Store 2 · Rack: — → SHELF-3');

  // The units that stayed keep their place.
  await goToLot(page, 'RACK-4');
  const stayed = await openUnitsTab(page);
  await expect(stayed.locator('.grid-row')).toHaveCount(2);
  await expect(stayed.locator('.grid-row', { hasText: 'SHELF-3' })).toHaveCount(0);
});

test('scan-to-move without typing a quantity: the serials scanned are what moves', async ({ page }) => {
  await openApp(page);
  await createLot(page, 'FOLLOW-4', 4);
  await receive(page, ['F0001', 'F0002', 'F0003', 'F0004']);

  await page.getByRole('button', { name: 'Move…' }).click();
  const move = page.getByRole('dialog');
  await move.getByRole('radiogroup', { name: 'Target status' }).getByText('Spare').click();
  await move.getByLabel('Scan a unit that moves').focus();
  await page.keyboard.type('F0002\nf0004\n');
  // The quantity follows the scans (it was the whole lot): two keystrokes fewer, and never all four by mistake.
  await expect(move.getByLabel('Quantity')).toHaveValue('2');
  await move.getByRole('button', { name: 'Split and move 2' }).click();
  await expect(move).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'FOLLOW-4.1' })).toBeVisible();
  const units = await openUnitsTab(page);
  expect(await units.locator('.grid-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-serial')).sort())).toEqual(['F0002', 'F0004']);
});

test('one pallet for a PO: a session from the Units tab and one from the palette receive into both lots', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await createLot(page, 'PO-LOT-B', 2, 'PO-E2E-77');
  await openApp(page);
  await createLot(page, 'PO-LOT-A', 3, 'PO-E2E-77');

  // From PO-LOT-A's Units tab: this lot is filled first.
  let units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Scan for the whole PO PO-E2E-77…' }).click();
  let session = page.getByRole('dialog', { name: 'Scan session' });
  await expect(session.getByRole('heading', { name: 'Receive PO PO-E2E-77 into 2 lots' })).toBeVisible();
  await expect(session.getByTestId('scan-target')).toHaveText([/^PO-LOT-A: 0 of 3/u, /^PO-LOT-B: 0 of 2/u]);
  await pasteSerials(page, ['P0001', 'P0002']);
  await expect(session.getByTestId('scan-target')).toHaveText([/^PO-LOT-A: 2 of 3/u, /^PO-LOT-B: 0 of 2/u]);
  await expect(session.getByTestId('scan-counts')).toHaveText('2 accepted · 0 rejected · 3 more expected');
  await session.getByRole('button', { name: 'Commit 2 units' }).click();
  await expect(session).toBeHidden();
  await expect(units.getByTestId('units-tracked')).toHaveText('2 of 3 tracked (1 by count only)');

  // The rest from the command palette: Receive by PO…, pick the PO, scan; one more than expected.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill('receive by po');
  await page.keyboard.press('Enter');
  await palette.getByRole('combobox', { name: 'Search PO numbers' }).fill('e2e-77');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  session = page.getByRole('dialog', { name: 'Scan session' });
  await expect(session.getByTestId('scan-target')).toHaveText([/^PO-LOT-A: 0 of 1/u, /^PO-LOT-B: 0 of 2/u]);
  const scanBox = session.getByLabel('Scan serial');
  await expect(scanBox).toBeFocused();
  await page.keyboard.type('P0003\nP0004\nP0001\nP0005\nP0006\n');
  await expect(session.getByTestId('scan-target')).toHaveText([/^PO-LOT-A: 1 of 1/u, /^PO-LOT-B: 2 of 2/u]);
  await expect(session.getByTestId('scan-counts')).toHaveText('3 accepted · 2 rejected · 0 more expected');
  await expect(session.getByTestId('scan-rejected').nth(0)).toContainText('P0001 is already in the fleet, in lot PO-LOT-A.');
  await expect(session.getByTestId('scan-rejected').nth(1)).toContainText('the lots are full');
  await session.getByRole('button', { name: 'Commit 3 units' }).click();
  await expect(session).toBeHidden();

  units = page.getByRole('region', { name: 'Units' });
  await expect(units.getByTestId('units-tracked')).toHaveText('3 of 3 tracked');
  await expect(units.getByRole('button', { name: 'Receive / scan…' })).toBeDisabled();
  await goToLot(page, 'PO-LOT-B');
  units = await openUnitsTab(page);
  await expect(units.getByTestId('units-tracked')).toHaveText('2 of 2 tracked');
  expect(await units.locator('.grid-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-serial')))).toEqual(['P0004', 'P0005']);
});

test('a unit’s notes with line breaks (from a units CSV) keep them when edited', async ({ page }) => {
  await openApp(page);
  await createLot(page, 'NOTES-2', 2);
  const units = await openUnitsTab(page);
  const chooser = page.waitForEvent('filechooser');
  await units.getByRole('button', { name: 'Import CSV…' }).click();
  const csv = ['lot_code,serial,notes', 'NOTES-2,N0001,"Ticket 4411\nPSU B replaced"', ''].join('\r\n');
  await (await chooser).setFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog', { name: 'Import units' });
  await expect(dialog.getByRole('status')).toHaveText('1 unit for NOTES-2 (1), ready to import.');
  await dialog.getByRole('button', { name: 'Import 1 unit', exact: true }).click();
  await expect(dialog).toBeHidden();

  await units.getByRole('button', { name: 'Show history of N0001' }).click();
  const history = page.getByRole('region', { name: 'Unit history' });
  await history.getByRole('button', { name: 'Edit this unit…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit units' });
  const notes = edit.getByLabel('Unit notes');
  // The field shows both lines, and adding a third keeps the first two apart.
  await expect(notes).toHaveValue('Ticket 4411\nPSU B replaced');
  await notes.press('Control+End');
  await page.keyboard.type('\nFan 2 replaced');
  await edit.getByRole('button', { name: 'Save 1 unit' }).click();
  await expect(edit).toBeHidden();
  await expect(history.getByTestId('unit-change')).toContainText('Notes: Ticket 4411 PSU B replaced → Ticket 4411 PSU B replaced Fan 2 replaced');
  await history.getByRole('button', { name: 'Edit this unit…' }).click();
  await expect(edit.getByLabel('Unit notes')).toHaveValue('Ticket 4411\nPSU B replaced\nFan 2 replaced');
});
