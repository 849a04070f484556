import { expect, test } from '@playwright/test';
import { openLots, receive } from './helpers';

// A move typed with the wrong date (in service on 2026-03-01, typed 2026-01-03) is corrected from
// the lot's history: the move, the lot's in-service date and the history all say the day it happened.
test('the date of a lot’s last move, typed wrong, is corrected from its history', async ({ page }) => {
  await openLots(page);
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill('REDATE-1');
  const modelSelect = create.getByLabel('Hardware model');
  await modelSelect.selectOption((await modelSelect.locator('option').nth(1).getAttribute('value')) ?? '');
  await create.getByLabel('Status').selectOption('received');
  await create.getByLabel('Quantity').fill('4');
  await create.getByLabel('Unit cost').fill('1000.00');
  await create.getByLabel('Purchase date').fill('2025-12-01');
  await create.getByLabel('Received date').fill('2025-12-20');
  await create.getByLabel('Site').selectOption({ index: 1 });
  await create.getByLabel('PO number').fill('PO-REDATE');
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'REDATE-1' })).toBeVisible();

  await page.getByRole('button', { name: '→ In service' }).click();
  const move = page.getByRole('dialog');
  await move.getByLabel('Date', { exact: true }).fill('2026-01-03');
  await move.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(move).toBeHidden();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('In-service date2026-01-03');

  await page.getByRole('button', { name: 'Correct the last move’s date…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Correct the date of the last move' });
  await expect(dialog.getByTestId('correct-move')).toContainText('REDATE-1’s last move, Received → In service, is dated 2026-01-03. Its in-service date');
  // A date after today is refused, saying why, and nothing changes.
  await dialog.getByLabel('The day it happened').fill('2199-03-01');
  await dialog.getByRole('button', { name: 'Correct date' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Not corrected: The corrected date 2199-03-01 is after today');
  await dialog.getByLabel('The day it happened').fill('2026-03-01');
  await dialog.getByLabel('Reason').fill('Day and month typed the wrong way round');
  // Cancel with a date typed asks first, as every form does; keeping it loses nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const question = page.getByRole('dialog', { name: 'Discard the corrected date?' });
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await expect(question).toBeHidden();
  await expect(dialog.getByLabel('The day it happened')).toHaveValue('2026-03-01');
  await dialog.getByRole('button', { name: 'Correct date' }).click();
  await expect(dialog).toBeHidden();

  await expect(details).toContainText('In-service date2026-03-01');
  const history = page.getByRole('list', { name: 'Events' });
  const correction = history.locator('li[data-event-type="edited"]');
  await expect(correction).toHaveCount(1);
  await expect(correction).toContainText('Date of the move to In service corrected from 2026-01-03 to 2026-03-01');
  await expect(correction).toContainText('“Day and month typed the wrong way round”');
  await expect(history.locator('li[data-event-type="transitioned"]')).toContainText('effective 2026-03-01 (first recorded as 2026-01-03, corrected)');

  // A unit's history dates the move as corrected too, and says what the correction did.
  const units = await receive(page, ['S000000REDATE1']);
  await units.getByRole('button', { name: 'Show history of S000000REDATE1' }).click();
  const unitHistory = page.getByRole('region', { name: 'Unit history' }).getByRole('list', { name: 'Unit events' });
  await expect(unitHistory.locator('li[data-event-type="transitioned"]')).toContainText('effective 2026-03-01 (first recorded as 2026-01-03, corrected)');
  await expect(unitHistory.locator('li[data-event-type="edited"]')).toContainText('Date of the move to In service corrected from 2026-01-03 to 2026-03-01');

  // The events alone still give the tables.
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Verify ledger' }).click();
  await expect(page.getByTestId('ledger-check')).toContainText('The ledger is whole');
});
