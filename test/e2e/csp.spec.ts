import { expect, test, type Page } from '@playwright/test';

// The production Content-Security-Policy (issue 14): the built page carries it in a meta tag —
// no 'unsafe-inline' for scripts or styles — and walking every view, dialog (the import previews
// included) and print view
// raises no violation (React's style props go through the CSSOM, which the policy does not govern).

async function recordViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/iu.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('every view renders under the production policy without a violation', async ({ page }) => {
  const violations = await recordViolations(page);
  await page.goto('/#/lots');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("style-src 'self';");
  expect(policy).toContain("script-src 'self';");
  expect(policy).not.toContain('unsafe-inline');
  await expect(page.locator('.grid-row').first()).toBeVisible();

  for (const [hash, ready] of [
    ['#/pipeline', 'Pipeline'],
    ['#/report', 'Depreciation'],
    ['#/forecast', 'Forecast'],
    ['#/own-vs-rent', 'Own vs rent'],
    ['#/provenance', 'Provenance'],
    ['#/models', 'Hardware models'],
    ['#/sites', 'Sites'],
    ['#/settings', 'Settings'],
    ['#/conflicts', 'Conflicts'],
  ] as const) {
    await page.goto(`/${hash}`);
    await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(ready);
  }
  // A lot in every tab, a dialog, the palette, and a print view.
  await page.goto('/#/lots');
  await page.getByLabel('Search lots').fill('GPU-H100-2024-01');
  await page.locator('.grid-row').first().click();
  for (const tab of ['Finance', 'Value', 'Units', 'Overview']) {
    await page.getByRole('tab', { name: tab }).click();
  }
  await page.getByRole('button', { name: 'Move…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Provenance record' }).click();
  await expect(page.getByRole('article', { name: 'Provenance record' })).toBeVisible();
  await page.goto('/#/models');
  await page.getByRole('button', { name: 'New model' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  // The import menus and the previews of the other tools' files.
  await page.goto('/#/lots');
  const importFrom = async (item: string, files: { name: string; mimeType: string; buffer: Buffer }[]) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('menu', { name: 'Import' }).getByRole('menuitem', { name: item }).click();
    await (await chooser).setFiles(files);
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  };
  await importFrom('Snipe-IT assets (CSV)…', [{ name: 's.csv', mimeType: 'text/csv', buffer: Buffer.from('Asset Tag,Model,Manufacturer,Serial,Purchased,Cost,Status\nA-1,R750,Dell,SN-CSP1,2024-01-15,9500.00,Deployed\n') }]);
  await importFrom('NetBox device types (YAML files)…', [{ name: 'r.yaml', mimeType: 'application/yaml', buffer: Buffer.from('manufacturer: Dell\nmodel: R7500 CSP\nu_height: 2\n') }]);
  expect(violations).toEqual([]);
});
