import { expect, test, type Page } from '@playwright/test';
import { openLots } from './helpers';

// What a person entering data in a dialog meets: a form with typed input is never thrown away by
// one stray key. Every test starts on a fresh IndexedDB with the demo fleet.

/**
 * Escape (or Cancel) on a form with changes asks first; Keep editing keeps every value; Discard
 * closes.
 */
async function escapeAsksBeforeDiscarding(page: Page, dialogName: string, question: string, field: string, typed: string, by: 'Escape' | 'Cancel' = 'Escape') {
  const dialog = page.getByRole('dialog', { name: dialogName });
  const leave = () => (by === 'Escape' ? page.keyboard.press('Escape') : dialog.getByRole('button', { name: 'Cancel' }).click());
  await dialog.getByLabel(field, { exact: true }).fill(typed);
  await leave();
  const ask = page.getByRole('dialog', { name: question });
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  // A second Escape (or Keep editing) keeps the work, and the keyboard goes back where it was.
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(field, { exact: true })).toHaveValue(typed);
  if (by === 'Escape') await expect(dialog.getByLabel(field, { exact: true })).toBeFocused();
  else await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // Again, and again: the question comes each time the work is at stake.
  await leave();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(ask).toBeHidden();
  await expect(dialog.getByLabel(field, { exact: true })).toHaveValue(typed);
  await leave();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(ask).toBeHidden();
  await expect(dialog).toBeHidden();
}

test('Escape on the New lot dialog closes it at once when nothing was typed, and asks before throwing typed input away', async ({ page }) => {
  await openLots(page);
  const opener = page.getByRole('button', { name: 'New lot' }).first();
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'New lot' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  await opener.click();
  await dialog.getByLabel('Lot code').fill('LONG-FORM-1');
  await escapeAsksBeforeDiscarding(page, 'New lot', 'Discard the new lot?', 'Notes', 'Rack B07, second PDU, Ålesund');
  await expect(opener).toBeFocused();
  // Discarded means discarded: the next New lot starts empty.
  await opener.click();
  await expect(dialog.getByLabel('Lot code')).toHaveValue('');
});

test('the New model, New site and New supplier dialogs ask before throwing typed input away; an edit dialog asks too', async ({ page }) => {
  await page.goto('/#/models');
  await page.getByRole('button', { name: 'New model' }).first().click();
  await escapeAsksBeforeDiscarding(page, 'New model', 'Discard the new model?', 'Model name', 'PowerEdge R770');

  await page.goto('/#/sites');
  await page.getByRole('button', { name: 'New site' }).first().click();
  await escapeAsksBeforeDiscarding(page, 'New site', 'Discard the new site?', 'Name', 'Tromsø store room');

  await page.goto('/#/suppliers');
  await page.getByRole('button', { name: 'New supplier' }).first().click();
  await escapeAsksBeforeDiscarding(page, 'New supplier', 'Discard the new supplier?', 'Name', 'Nordic Parts AB');

  // An edit opened and closed unchanged goes at once; a changed one asks.
  await page.getByRole('table', { name: 'Suppliers' }).getByRole('row', { name: /Rackbroker/u }).click();
  const edit = page.getByRole('dialog', { name: 'Edit supplier' });
  await expect(edit).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
  await page.getByRole('table', { name: 'Suppliers' }).getByRole('row', { name: /Rackbroker/u }).click();
  await escapeAsksBeforeDiscarding(page, 'Edit supplier', 'Discard the changes to the supplier?', 'Notes', 'Ask for Pieter');
});

test('a click on the backdrop does not close a form dialog', async ({ page }) => {
  await openLots(page);
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New lot' });
  await dialog.getByLabel('Lot code').fill('BACKDROP-1');
  await page.mouse.click(3, 3);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Lot code')).toHaveValue('BACKDROP-1');
});

test('the lots filter says how many lots it shows, politely, once typing settles; the command palette says how many results it has', async ({ page }) => {
  await openLots(page);
  const toolbar = page.getByRole('search', { name: 'Filter lots' });
  const said = toolbar.getByRole('status');
  await page.getByLabel('Search lots').pressSequentially('H100');
  const rows = await page.getByRole('grid', { name: 'Lots' }).getByRole('row').count();
  const total = (await page.locator('.page-header .muted').innerText()).trim();
  expect(total).toMatch(/^\d+ of \d+ lots?$/u);
  await expect(said).toHaveText(total);
  expect(rows - 1).toBeGreaterThan(0);
  await page.getByLabel('Search lots').fill('NO-SUCH-LOT-ZZZ');
  await expect(said).toHaveText(/^0 of \d+ lots$/u);

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill('R760');
  const options = palette.getByRole('option');
  await expect(options.first()).toBeVisible();
  const n = await options.count();
  await expect(palette.getByRole('status')).toHaveText(`${n} result${n === 1 ? '' : 's'}`);
  await palette.getByRole('combobox').fill('NO-SUCH-THING-ZZZ');
  await expect(palette.getByRole('status')).toHaveText('No results');
});

test('Record pressed twice on an impairment records it once', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill('GPU-H100');
  await page.locator('.grid-row').first().click();
  await page.getByRole('tab', { name: 'Finance' }).click();
  await page.getByRole('button', { name: 'Record impairment…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount (USD)').fill('1000.00');
  await dialog.getByLabel('Note').fill('Water damage, rack 4');
  // A double click, as on a slow machine: the second press must not record it again.
  await dialog.getByRole('button', { name: 'Record' }).dblclick();
  await expect(dialog).toBeHidden();
  const adjustments = page.locator('.card', { has: page.getByRole('heading', { name: 'Adjustments' }) }).getByRole('listitem');
  await expect(adjustments.filter({ hasText: 'Water damage, rack 4' }).first()).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Finance' }).click();
  await expect(adjustments.filter({ hasText: 'Water damage, rack 4' }).first()).toBeVisible();
  await expect(adjustments.filter({ hasText: 'Water damage, rack 4' })).toHaveCount(1);
});

test('New lot: a lot in service received in 2062 (a mistyped year) is refused at the field, and registers once the year is right', async ({ page }) => {
  await openLots(page);
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('R760-2062');
  const modelSelect = create.getByLabel('Hardware model');
  await modelSelect.selectOption((await modelSelect.locator('option', { hasText: 'PowerEdge R760 ' }).first().getAttribute('value')) ?? '');
  await create.getByLabel('Status').selectOption('in-service');
  await create.getByLabel('Quantity').fill('4');
  await create.getByLabel('Unit cost').fill('9000.00');
  await create.getByLabel('Purchase date').fill('2024-01-10');
  await create.getByLabel('Received date').fill('2062-01-20');
  await create.getByLabel('In-service date').fill('2024-02-01');
  await create.getByLabel('Site').selectOption({ index: 1 });
  await create.getByRole('button', { name: 'Register lot' }).click();
  // Otherwise the lot would be left out of every total until 2062, without a word.
  await expect(create.getByLabel('Received date')).toHaveAccessibleDescription(/Received date 2062-01-20 is after today \(\d{4}-\d{2}-\d{2}\), and a lot that is In service has been received: check the year/u);
  await expect(create).toBeVisible();
  await create.getByLabel('Received date').fill('2024-01-20');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'R760-2062' })).toBeVisible();
});

test('Cancel on a form dialog closes it at once when nothing was typed, and asks before throwing typed input away, as Escape does', async ({ page }) => {
  await openLots(page);
  const opener = page.getByRole('button', { name: 'New lot' }).first();
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'New lot' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await opener.click();
  await escapeAsksBeforeDiscarding(page, 'New lot', 'Discard the new lot?', 'Notes', 'Rack B07, second PDU, Ålesund', 'Cancel');
  await expect(opener).toBeFocused();
  await opener.click();
  await expect(dialog.getByLabel('Notes', { exact: true })).toHaveValue('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.goto('/#/models');
  await page.getByRole('button', { name: 'New model' }).first().click();
  await escapeAsksBeforeDiscarding(page, 'New model', 'Discard the new model?', 'Model name', 'PowerEdge R770', 'Cancel');
  await page.goto('/#/sites');
  await page.getByRole('button', { name: 'New site' }).first().click();
  await escapeAsksBeforeDiscarding(page, 'New site', 'Discard the new site?', 'Name', 'Tromsø store room', 'Cancel');
  await page.goto('/#/suppliers');
  await page.getByRole('button', { name: 'New supplier' }).first().click();
  await escapeAsksBeforeDiscarding(page, 'New supplier', 'Discard the new supplier?', 'Name', 'Nordic Parts AB', 'Cancel');
});

test('Cancel in the Edit lot form asks before throwing changes away, as Escape does', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill('GPU-H100');
  await page.locator('.grid-row').first().click();
  const edit = page.getByRole('button', { name: 'Edit', exact: true });
  const form = page.getByRole('form', { name: 'Edit lot' });
  await edit.click();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toBeHidden();
  await edit.click();
  await form.getByLabel('Notes').fill('Rack B07 needs a second PDU');
  await form.getByRole('button', { name: 'Cancel' }).click();
  const ask = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(form.getByLabel('Notes')).toHaveValue('Rack B07 needs a second PDU');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await ask.getByRole('button', { name: 'Discard changes' }).click();
  await expect(form).toBeHidden();
  await expect(edit).toBeFocused();
});

test('the Move dialog asks before Escape or Cancel throws away the target and note given; unchanged, it closes at once', async ({ page }) => {
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill('GPU-H100');
  await page.locator('.grid-row').first().click();
  const code = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  const opener = page.getByRole('button', { name: 'Move…' });
  await opener.click();
  const move = page.getByRole('dialog', { name: `Move ${code}` });
  await page.keyboard.press('Escape');
  await expect(move).toBeHidden();
  await expect(opener).toBeFocused();

  await opener.click();
  const radios = move.getByRole('radio');
  await radios.nth(1).check({ force: true });
  const target = await radios.nth(1).getAttribute('value');
  await move.getByLabel('Note').fill('Ticket 4711, approved by Åsa');
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: `Discard the move of ${code}?` });
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(move.getByLabel('Note')).toHaveValue('Ticket 4711, approved by Åsa');
  await expect(move.locator(`input[type="radio"][value="${target}"]`)).toBeChecked();
  await move.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(move.getByLabel('Note')).toHaveValue('Ticket 4711, approved by Åsa');
  await page.keyboard.press('Escape');
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(move).toBeHidden();
  await opener.click();
  await expect(move.getByLabel('Note')).toHaveValue('');
});

test('a scenario or report field typed wrong is marked at once but said politely, once the typing settles, never as an alert at each keystroke', async ({ page }) => {
  // An alert is read out over everything, each one cutting off the last: "0,1" uses a comma… "0,14" uses a comma…
  const saysPolitely = async (message: string | RegExp) => {
    await expect(page.getByRole('status').filter({ hasText: message })).toHaveCount(1);
    await expect(page.getByRole('alert')).toHaveCount(0);
  };
  await page.goto('/#/own-vs-rent');
  await expect(page.getByTestId('ovr-summary')).toBeVisible();
  const energy = page.getByLabel('Energy (USD/kWh)');
  await energy.pressSequentially('0,14');
  await expect(energy).toHaveAttribute('aria-invalid', 'true');
  await expect(energy).toHaveAccessibleDescription(/^Energy price: "0,14" uses a comma/u);
  await expect(page.getByText('Energy price: "0,14" uses a comma')).toBeVisible();
  await saysPolitely('Energy price: "0,14" uses a comma');
  await energy.fill('');
  await expect(page.getByRole('status').filter({ hasText: 'uses a comma' })).toHaveCount(0);

  await page.goto('/#/forecast');
  await expect(page.getByRole('region', { name: 'Refresh calendar' })).toBeVisible();
  await page.getByLabel('Hold until age (years)').pressSequentially('five');
  await expect(page.getByText('Hold until age: a number of years')).toBeVisible();
  await saysPolitely('Hold until age: a number of years');

  await page.goto('/#/report');
  await page.getByLabel('From').fill('');
  await expect(page.getByText('Choose the start of the range (From).')).toBeVisible();
  await saysPolitely('Choose the start of the range (From).');
  await page.getByLabel('From').fill('2026-01-01');
  const section = page.getByRole('region', { name: 'Net book value at a date' });
  await section.getByLabel('As of').fill('');
  await expect(section.getByText('Choose the date to value the fleet at.')).toBeVisible();
  await saysPolitely('Choose the date to value the fleet at.');
});
