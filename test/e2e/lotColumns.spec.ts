import { expect, test, type Locator, type Page } from '@playwright/test';

// Every test gets a fresh browser context: a fresh IndexedDB with the demo fleet, and no stored
// column choice (so the market columns start hidden).

/** "USD 1,234.56", "+USD 1,234.56", "−USD 1,234.56" → minor units (the demo fleet is in USD). */
function minor(text: string): number {
  const t = text.trim();
  expect(t).toMatch(/^[+−]?USD [\d,]+\.\d{2}$/u);
  return (t.startsWith('−') ? -1 : 1) * Number(t.replace(/\D/gu, ''));
}

async function openLots(page: Page) {
  await page.goto('/#/lots');
  await expect(page.locator('.grid-row').first()).toBeVisible();
}

function cell(row: Locator, column: string): Locator {
  return row.locator(`[data-column="${column}"]`);
}

async function setColumn(page: Page, name: string, shown: boolean) {
  const button = page.getByRole('button', { name: 'Columns' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.getByRole('checkbox', { name }).setChecked(shown);
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
}

test('market value and unrealised gain/loss: hidden by default, turned on from the keyboard, equal to the Value tab, kept after a reload', async ({ page }) => {
  await openLots(page);
  const grid = page.getByRole('grid', { name: 'Lots' });
  await expect(grid.getByRole('columnheader', { name: 'Book value' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Market value' })).toHaveCount(0);
  await expect(grid.getByRole('columnheader', { name: 'Unrealised gain/loss' })).toHaveCount(0);

  // Keyboard only: Enter opens the menu, Tab reaches the checkboxes, Space ticks, Escape closes.
  const button = page.getByRole('button', { name: 'Columns' });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const market = page.getByRole('checkbox', { name: 'Market value' });
  const gain = page.getByRole('checkbox', { name: 'Unrealised gain/loss' });
  await expect(market).not.toBeChecked();
  await expect(gain).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(market).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(gain).toBeFocused();
  await page.keyboard.press('Space');
  await expect(market).toBeChecked();
  await expect(gain).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(button).toBeFocused();
  await expect(market).toBeHidden();
  await expect(grid.getByRole('columnheader', { name: 'Market value' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Unrealised gain/loss' })).toBeVisible();

  // A known lot: the first in-service H100 lot at FRA1 (the demo's cluster B, or a part of it).
  await page.getByLabel('Status').selectOption('in-service');
  await page.getByLabel('Search lots').fill('GPU-H100 FRA1');
  const rows = page.locator('.grid-row');
  await expect(rows.first()).toBeVisible();
  const row = rows.first();
  const code = (await row.getAttribute('data-lot-code')) ?? '';
  expect(code).toMatch(/^GPU-H100-/u);
  await expect(cell(row, 'market')).toHaveText(/^USD [\d,]+\.\d{2}$/u);
  const book = minor((await cell(row, 'nbv').textContent()) ?? '');
  const value = minor((await cell(row, 'market').textContent()) ?? '');
  const gainText = (await cell(row, 'gain').textContent()) ?? '';
  expect(value).toBeGreaterThan(0);
  expect(minor(gainText)).toBe(value - book);
  // The sign is written out and coloured.
  if (value > book) {
    expect(gainText.startsWith('+')).toBe(true);
    await expect(cell(row, 'gain')).toHaveClass(/\bgain\b/u);
  } else if (value < book) {
    expect(gainText.startsWith('−')).toBe(true);
    await expect(cell(row, 'gain')).toHaveClass(/\bloss\b/u);
  }
  // The footer adds up the lots shown (a handful here, all rendered).
  const count = await rows.count();
  let marketSum = 0;
  let gainSum = 0;
  for (let i = 0; i < count; i++) {
    marketSum += minor((await cell(rows.nth(i), 'market').textContent()) ?? '');
    gainSum += minor((await cell(rows.nth(i), 'gain').textContent()) ?? '');
  }
  await expect(page.locator('.page-header .muted')).toHaveText(new RegExp(`^${count} of \\d+ lots$`, 'u'));
  expect(minor((await page.getByTestId('total-market').locator('.num').textContent()) ?? '')).toBe(marketSum);
  expect(minor((await page.getByTestId('total-gain').locator('.num').textContent()) ?? '')).toBe(gainSum);

  // Disposed lots are off the books: no market value, not a zero.
  await page.getByLabel('Search lots').fill('');
  await page.getByLabel('Status').selectOption('disposed');
  await expect(rows.first()).toBeVisible();
  const disposed = await rows.count();
  expect(disposed).toBeGreaterThan(0);
  for (let i = 0; i < disposed; i++) {
    await expect(cell(rows.nth(i), 'market')).toHaveText('—');
    await expect(cell(rows.nth(i), 'gain')).toHaveText('—');
  }

  // The same figure as the lot's own Value tab.
  await page.getByLabel('Status').selectOption('in-service');
  await page.getByLabel('Search lots').fill(code);
  await expect(row).toHaveAttribute('data-lot-code', code);
  await row.click();
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
  await page.getByRole('tab', { name: 'Value' }).click();
  expect(minor((await page.getByTestId('market-p50').textContent()) ?? '')).toBe(value);

  // Kept across a restart.
  await page.goto('/#/lots');
  await page.reload();
  await expect(page.locator('.grid-row').first()).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Market value' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Unrealised gain/loss' })).toBeVisible();
  await setColumn(page, 'Market value', false);
  await expect(grid.getByRole('columnheader', { name: 'Market value' })).toHaveCount(0);
  await page.reload();
  await expect(page.locator('.grid-row').first()).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Market value' })).toHaveCount(0);
  await expect(grid.getByRole('columnheader', { name: 'Unrealised gain/loss' })).toBeVisible();
  await expect(page.getByTestId('total-market')).toHaveCount(0);
  await expect(page.getByTestId('total-gain')).toBeVisible();
});

test('sorting by unrealised gain/loss orders by value, lots without one last; hiding the column drops that sort', async ({ page }) => {
  await openLots(page);
  await setColumn(page, 'Unrealised gain/loss', true);
  const grid = page.getByRole('grid', { name: 'Lots' });
  const header = grid.getByRole('columnheader', { name: 'Unrealised gain/loss' });
  const rows = page.locator('.grid-row');

  const gains = async (): Promise<(number | null)[]> => {
    const texts = await rows.locator('[data-column="gain"]').allTextContents();
    return texts.map((t) => (t === '—' ? null : minor(t)));
  };
  const expectOrdered = (values: (number | null)[], dir: 'asc' | 'desc') => {
    const firstNull = values.indexOf(null);
    const present = (firstNull === -1 ? values : values.slice(0, firstNull)) as number[];
    if (firstNull !== -1) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
    expect(present.length).toBeGreaterThan(1);
    for (let i = 1; i < present.length; i++) {
      if (dir === 'asc') expect(present[i]).toBeGreaterThanOrEqual(present[i - 1]!);
      else expect(present[i]).toBeLessThanOrEqual(present[i - 1]!);
    }
  };

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first().locator('[data-column="gain"]')).not.toHaveText('…');
  expectOrdered(await gains(), 'desc');
  const largest = (await gains())[0];
  expect(largest).not.toBeNull();

  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await gains();
  expectOrdered(ascending, 'asc');
  expect(ascending[0]).not.toBe(largest);

  // Lots without a figure (the disposed A100 lot) sort last both ways.
  await page.getByLabel('Search lots').fill('A100');
  await expect(rows.locator('[data-column="gain"]', { hasText: '—' }).first()).toBeVisible();
  const mixed = await gains();
  expect(mixed.some((v) => v !== null)).toBe(true);
  expect(mixed[mixed.length - 1]).toBeNull();
  expectOrdered(mixed, 'asc');
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const mixedDown = await gains();
  expect(mixedDown[mixedDown.length - 1]).toBeNull();
  expectOrdered(mixedDown, 'desc');
  await page.getByLabel('Search lots').fill('');

  await setColumn(page, 'Unrealised gain/loss', false);
  await expect(header).toHaveCount(0);
  await expect(grid.getByRole('columnheader', { name: 'Code' })).toHaveAttribute('aria-sort', 'ascending');
});
