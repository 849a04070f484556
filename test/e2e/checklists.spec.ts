import { expect, test } from '@playwright/test';

// Every test gets a fresh browser context, so a fresh IndexedDB: the app starts on the demo fleet.

test('a required checklist item edited in Settings blocks a move until ticked, and the ticks land in history', async ({ page }) => {
  await page.goto('/#/settings');

  // Who ticks: the name recorded on every change.
  const name = page.getByLabel('Your name');
  await name.fill('Alice Tech');
  await name.press('Enter');
  await expect(page.getByText('Changes are now recorded as made by Alice Tech')).toBeVisible();

  // Edit the Draining checklist: add an item, see the inline validation, mark it required, save.
  const card = page.getByRole('region', { name: 'Move checklists' });
  await card.getByRole('button', { name: 'Edit the Draining checklist' }).click();
  const form = card.getByRole('form', { name: 'Draining checklist' });
  await expect(form.getByTestId('checklist-item')).toHaveCount(3);
  await form.getByRole('button', { name: 'Add item' }).click();
  // The new item's field has the focus, so the label can be typed straight away.
  await expect(form.getByLabel('Item 4', { exact: true })).toBeFocused();
  await form.getByRole('button', { name: 'Save checklist' }).click();
  await expect(form.getByText('Item 4 needs a label.')).toBeVisible();
  await expect(form.getByText('Not saved: fix the items marked above.')).toBeVisible();
  await form.getByLabel('Item 4', { exact: true }).fill('workloads drained');
  await form.getByRole('button', { name: 'Save checklist' }).click();
  await expect(form.getByText('Item 4 repeats item 1 (“workloads drained”).')).toBeVisible();
  await form.getByLabel('Item 4', { exact: true }).fill('Customer notified');
  await form.getByLabel('Item 4 required').check();
  await form.getByRole('button', { name: 'Save checklist' }).click();
  await expect(form).toBeHidden();
  await expect(card.locator('tr[data-status="draining"]')).toContainText('Workloads drained · Removed from the scheduler · Monitoring silenced · Customer notified (required)');

  // Move an in-service demo lot to Draining.
  await page.goto('/#/lots');
  await page.getByLabel('Status').selectOption('in-service');
  await page.locator('.grid-row').first().click();
  await expect(page.locator('.page-header .badge')).toHaveText('In service');
  const code = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Draining', { exact: true }).click();
  const checklist = dialog.getByTestId('move-checklist');
  await expect(checklist.getByRole('checkbox')).toHaveCount(4);
  await expect(checklist).toContainText('Customer notified (required)');

  // Unticked: refused, naming the item; nothing moves.
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog.getByTestId('move-refusal')).toHaveText('Not moved: Tick the required checklist item before moving to Draining: Customer notified.');

  // Tick by keyboard (Space) and by click, then commit.
  await checklist.getByLabel('Workloads drained').focus();
  await page.keyboard.press('Space');
  await expect(checklist.getByLabel('Workloads drained')).toBeChecked();
  await checklist.getByLabel('Customer notified').check();
  await expect(dialog.getByTestId('move-refusal')).toBeHidden();
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.page-header .badge')).toHaveText('Draining');

  // History shows every item, ticked or not, and who ticked, also after a reload.
  const expected = 'Checklist: ✓ Workloads drained, ✗ Removed from the scheduler, ✗ Monitoring silenced, ✓ Customer notified — by Alice Tech';
  const moved = page.getByRole('list', { name: 'Events' }).locator('li[data-event-type="transitioned"]').first();
  await expect(moved).toContainText('In service → Draining');
  await expect(moved.getByTestId('event-checklist')).toHaveText(expected);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(code);
  await expect(page.getByRole('list', { name: 'Events' }).locator('li[data-event-type="transitioned"]').first().getByTestId('event-checklist')).toHaveText(expected);
});
