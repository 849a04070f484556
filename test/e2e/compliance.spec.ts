import { expect, test, type Page } from '@playwright/test';
import { printCalls, stubPrint } from './helpers';

// Provenance and trade compliance (issue 13): the team's policy in Settings, origin flags in the
// lots list and header, a transfer refused without a licence and allowed with one, a disposal to
// a buyer abroad. Every test gets a fresh browser context, so a fresh demo fleet.

async function openLot(page: Page, code: string) {
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill(code);
  await page.locator('.grid-row', { hasText: code }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(code);
}

async function setPolicy(page: Page) {
  await page.goto('/#/settings');
  const card = page.getByRole('region', { name: 'Compliance' });
  for (const [label, value] of [
    ['Trusted countries of origin', 'us tw mx nl de kr il cz th'],
    ['Classifications that need a licence to move abroad', '4a090 3A090'],
    ['Countries a transfer to needs no licence', 'NL'],
  ] as const) {
    await card.getByLabel(label).fill(value);
    await card.getByLabel(label).press('Enter');
  }
  await expect(card.getByLabel('Trusted countries of origin')).toHaveValue('US TW MX NL DE KR IL CZ TH');
  await expect(card.getByLabel('Classifications that need a licence to move abroad')).toHaveValue('4A090 3A090');
  await card.getByLabel('Countries a transfer to needs no licence').fill('NL Holland');
  await card.getByLabel('Countries a transfer to needs no licence').press('Enter');
  await expect(card.getByRole('alert').or(card.locator('.field-error')).first()).toContainText('“Holland” is not an ISO 3166 country code.');
  await card.getByLabel('Countries a transfer to needs no licence').fill('NL');
  await card.getByLabel('Countries a transfer to needs no licence').press('Enter');
}

test('origins outside the trusted list are flagged in the lots list, its filter and the lot header', async ({ page }) => {
  await setPolicy(page);
  await page.goto('/#/lots');
  await page.getByLabel('Origin').selectOption('flagged');
  // The demo's R740xd2 storage servers are made in CN, which the policy does not trust.
  const rows = page.locator('.grid-row');
  await expect(rows.first()).toContainText('STO-XD2');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('origin-flag')).toHaveAttribute('title', 'Compliance: origin CN is not among the trusted origins');
  await rows.first().click();
  await expect(page.getByTestId('lot-origin-flag')).toHaveText('Origin flagged: origin CN is not among the trusted origins');
});

test('a transfer abroad of a classification that needs a licence is refused without one and recorded with it', async ({ page }) => {
  await setPolicy(page);
  await openLot(page, 'GPU-H100-2024-02');
  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Spare', { exact: true }).click();
  await dialog.getByLabel('Site (optional)').selectOption({ label: 'FRA1 — Frankfurt data centre' });
  await expect(dialog.getByTestId('move-transfer')).toContainText('A transfer from NL to DE of 4A090.a hardware.');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Moving 4A090.a hardware from NL to DE is a transfer that needs a licence under the team’s policy (4A090 needs one to any country but NL): give the licence reference.');
  await expect(page.locator('.page-header .badge').first()).toHaveText('In service');
  await dialog.getByLabel('Licence reference').fill('BIS D-4711');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.page-header .badge').first()).toHaveText('Spare');
  await expect(page.getByTestId('event-transfer').first()).toHaveText('Transfer NL → DE, 4A090.a: licence BIS D-4711');

  // The Provenance view's register lists it; its holdings and the supplier scorecard come from the same ledger.
  await page.getByRole('link', { name: 'Provenance' }).click();
  await expect(page.getByRole('table', { name: 'Transfers between countries' })).toContainText('GPU-H100-2024-02');
  await expect(page.getByRole('table', { name: 'Transfers between countries' })).toContainText('BIS D-4711');
  await expect(page.getByRole('table', { name: 'Holdings by origin, classification and site country' })).toContainText('4A090.a');
  await expect(page.getByRole('table', { name: 'Supplier scorecard' })).toContainText('Dell Technologies');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export register CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^fleetledger-compliance-register-\d{4}-\d{2}-\d{2}\.csv$/u);
});

test('a transfer the policy allows needs no licence; a disposal records its buyer, and a buyer abroad is a transfer', async ({ page }) => {
  await setPolicy(page);
  // Into NL, which the policy lists as licence-free.
  await openLot(page, 'GPU-H100-2024-01');
  await page.getByRole('button', { name: 'Move…' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByText('Spare', { exact: true }).click();
  await dialog.getByLabel('Site (optional)').selectOption({ label: 'AMS2 — Amsterdam data centre' });
  await expect(dialog.getByTestId('move-transfer')).toContainText('The team’s policy needs no licence for it');
  await dialog.getByRole('button', { name: /Move/u }).last().click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('event-transfer').first()).toHaveText('Transfer DE → NL, 4A090.a: no licence needed under the policy');

  // The sanitised A100s at the store room (NL), sold to a broker in Singapore.
  await openLot(page, 'GPU-A100-2021-01');
  await page.getByRole('button', { name: 'Move…' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('Disposition').selectOption('sold');
  await dialog.getByLabel(/^Proceeds/u).fill('30000.00');
  await dialog.getByLabel('Buyer', { exact: true }).fill('Broker Pte Ltd');
  await dialog.getByLabel('Buyer’s country').fill('SG');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('from NL to SG is a transfer that needs a licence');
  await dialog.getByLabel('Licence reference').fill('BIS D-9000');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.page-header .badge').first()).toHaveText('Disposed');
  await expect(page.getByTestId('event-transfer').first()).toHaveText('Transfer NL → SG (to the buyer), 4A090.a: licence BIS D-9000');
});

test('a lot’s provenance record: origin, purchase, receipt, every move with its transfer and licence, the buyer — and it prints alone', async ({ page }) => {
  await setPolicy(page);
  // A100s at the store room (NL): sell them to a buyer in Singapore under a licence, then print their record.
  await openLot(page, 'GPU-A100-2021-01');
  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Disposition').selectOption('sold');
  await dialog.getByLabel(/^Proceeds/u).fill('30000.00');
  await dialog.getByLabel('Buyer', { exact: true }).fill('Broker Pte Ltd');
  await dialog.getByLabel('Buyer’s country').fill('SG');
  await dialog.getByLabel('Licence reference').fill('BIS D-9000');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Provenance record' }).click();
  const record = page.getByRole('article', { name: 'Provenance record' });
  await expect(record.getByTestId('record-origin')).toHaveText('TW');
  await expect(record).toContainText('4A090.a');
  await expect(record.getByTestId('record-disposal')).toContainText('Sold on');
  await expect(record.getByTestId('record-disposal')).toContainText('to Broker Pte Ltd (SG)');
  const chain = record.getByRole('table', { name: 'Chain of custody' });
  await expect(chain).toContainText('Transfer NL → SG (to the buyer), 4A090.a: licence BIS D-9000');
  await expect(chain).toContainText('Registered');

  await stubPrint(page);
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  await expect.poll(() => printCalls(page)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(record).toBeVisible();
  await expect(page.getByRole('navigation').first()).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Move…' })).toBeHidden();
});

test('changing a lot’s site to another country through Edit is judged as a transfer too', async ({ page }) => {
  await setPolicy(page);
  await openLot(page, 'GPU-H100-2024-02');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const form = page.getByRole('form', { name: 'Edit lot' });
  await form.getByLabel('Site', { exact: true }).selectOption({ label: 'FRA1 — Frankfurt data centre' });
  await expect(form.getByTestId('edit-transfer')).toContainText('a transfer from NL to DE');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toContainText('Moving 4A090.a hardware from NL to DE is a transfer that needs a licence');
  await form.getByLabel(/^Licence reference/u).fill('BIS E-12');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('event-transfer').first()).toHaveText('Transfer NL → DE, 4A090.a: licence BIS E-12');
});

test('a transfer of a model whose classification is not recorded is not said to need no licence: the policy cannot judge it', async ({ page }) => {
  await setPolicy(page);
  await page.goto('/#/models');
  await page.getByRole('row', { name: /PowerEdge XE9680/u }).first().click();
  const edit = page.getByRole('dialog', { name: 'Edit model' });
  await edit.getByLabel('Export classification').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await openLot(page, 'GPU-H100-2024-02');
  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Spare', { exact: true }).click();
  await dialog.getByLabel('Site (optional)').selectOption({ label: 'FRA1 — Frankfurt data centre' });
  await expect(dialog.getByTestId('move-transfer')).toContainText('A transfer from NL to DE. Its model’s export classification is not recorded, so the team’s policy cannot judge whether it needs a licence');
  await expect(dialog.getByTestId('move-transfer')).not.toContainText('needs no licence');
  // Made without a licence, the register does not say none was needed either.
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('link', { name: 'Provenance' }).click();
  const row = page.getByRole('table', { name: 'Transfers between countries' }).getByRole('row', { name: /GPU-H100-2024-02/u });
  await expect(row).toContainText('not judged (classification not recorded)');
  await expect(row).not.toContainText('none needed');
});
